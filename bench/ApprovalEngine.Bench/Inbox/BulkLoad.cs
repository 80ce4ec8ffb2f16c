using Npgsql;
using NpgsqlTypes;

namespace ApprovalEngine.Bench.Inbox;

/// <summary>
/// Fills a migrated PostgreSQL database with a year or two of history, straight into the host's tables by binary COPY:
/// applications (one per five tasks), tasks over 20 departments (most completed long ago, the open ones recent; each of
/// a random application) and hash-chained-looking audit rows.
/// Secondary indexes are dropped during the load and re-created from their own definitions, which is how a bulk
/// import is done and leaves exactly the schema the migrations made.
/// </summary>
public sealed class BulkLoad(string connectionString, DateTimeOffset now, int seed = 8)
{
    public static readonly string[] Departments =
    [
        "planning", "land", "fire", "environment", "bureau", "window", "market-supervision", "housing-construction",
        "real-estate-registry", "tax", "social-security", "public-security", "transport", "water", "health", "education",
        "culture", "agriculture", "civil-affairs", "emergency",
    ];

    /// <summary>Auditable people: reviewers and clerks of every department, plus the timer.</summary>
    public static readonly string[] Actors = Departments.SelectMany(d => Enumerable.Range(1, 10).Select(i => $"{d}-officer-{i:00}")).Append("system:timer").ToArray();

    private readonly Random _random = new(seed);

    /// <summary>Tasks per application: a window acceptance, reviews and a decision, in a few departments each.</summary>
    public const int TasksPerApplication = 5;

    public static string ApplicationId(int k) => $"app-{k:0000000}";

    public async Task LoadAsync(int tasks, int auditRows)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var indexes = await SecondaryIndexesAsync(connection);
        foreach (var (name, _) in indexes) await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        var applications = Math.Max(1, tasks / TasksPerApplication);
        await CopyApplicationsAsync(connection, applications);
        await CopyTasksAsync(connection, tasks, applications);
        await AuditPartitionsAsync(connection);
        await CopyAuditAsync(connection, auditRows);
        // pg_indexes shows an index of a partitioned table as "ON ONLY", which would index the parent alone.
        foreach (var (_, definition) in indexes) await ExecuteAsync(connection, definition.Replace(" ON ONLY ", " ON ", StringComparison.Ordinal));
        // Autovacuum would do this in production; without it the planner has no statistics and index-only scans no visibility map.
        await ExecuteAsync(connection, "VACUUM ANALYZE instances");
        await ExecuteAsync(connection, "VACUUM ANALYZE tasks");
        await ExecuteAsync(connection, "VACUUM ANALYZE audit");
    }

    /// <summary>
    /// Points the applications at the 3550 version the host published at start-up (the load runs before it): a worklist card
    /// finds its step in that version, and an unknown version is a database look-up per card, which no real data has.
    /// </summary>
    public async Task AdoptPublishedVersionAsync()
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, $"""
            UPDATE instances SET definition_version_id = (SELECT id FROM definition_versions WHERE definition_id = 'construction-permit-3550'
                AND published_at IS NOT NULL ORDER BY version DESC LIMIT 1) WHERE definition_version_id = '{LoadedVersion}'
            """);
        await ExecuteAsync(connection, "VACUUM ANALYZE instances");
    }

    private const string LoadedVersion = "bench-3550-v1";

    private static async Task<List<(string Name, string Definition)>> SecondaryIndexesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('tasks', 'audit') AND indexname NOT LIKE 'PK_%'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var list = new List<(string, string)>();
        while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    /// <summary>Two years of applications, one every few minutes, most finished; their indexes stay (a few hundred thousand rows).</summary>
    private async Task CopyApplicationsAsync(NpgsqlConnection connection, int count)
    {
        string[] applicants = ["南京建工集团有限公司", "苏州工业园区建设公司", "无锡微电子股份公司", "南通船舶制造有限公司", "常州新能源科技有限公司"];
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY instances (id, definition_id, definition_version_id, definition_version, name, correlation_id, status, state_json,
                            created_at, updated_at, finished_at, created_by, journal_count, revision, applicant, project_name, month)
            FROM STDIN (FORMAT BINARY)
            """);
        for (var k = 0; k < count; k++)
        {
            var created = now - TimeSpan.FromMinutes(_random.NextDouble() * 730 * 24 * 60);
            var finished = created < now - TimeSpan.FromDays(30) ? created + TimeSpan.FromDays(_random.Next(5, 40)) : (DateTimeOffset?)null;
            await writer.StartRowAsync();
            await writer.WriteAsync(ApplicationId(k), NpgsqlDbType.Varchar);
            await writer.WriteAsync("construction-permit-3550", NpgsqlDbType.Varchar);
            await writer.WriteAsync(LoadedVersion, NpgsqlDbType.Varchar);
            await writer.WriteAsync(1, NpgsqlDbType.Integer);
            await writer.WriteAsync("建设工程施工许可（3550）", NpgsqlDbType.Varchar);
            await writer.WriteAsync($"JS-APP-{k:0000000}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(finished is null ? "Suspended" : "Finished", NpgsqlDbType.Varchar);
            await writer.WriteAsync("{}", NpgsqlDbType.Text);
            await writer.WriteAsync(created.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync((finished ?? created).UtcDateTime, NpgsqlDbType.TimestampTz);
            if (finished is { } f) await writer.WriteAsync(f.UtcDateTime, NpgsqlDbType.TimestampTz);
            else await writer.WriteNullAsync();
            await writer.WriteAsync($"window-officer-{_random.Next(1, 11):00}", NpgsqlDbType.Text);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(0, NpgsqlDbType.Integer);
            await writer.WriteAsync(applicants[_random.Next(applicants.Length)], NpgsqlDbType.Varchar);
            await writer.WriteAsync($"{k % 97 + 1}号厂房", NpgsqlDbType.Varchar);
            await writer.WriteAsync(MonthOf(created), NpgsqlDbType.Integer);
        }
        await writer.CompleteAsync();
    }

    private async Task CopyTasksAsync(NpgsqlConnection connection, int count, int applications)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY tasks (id, instance_id, bookmark_id, activity_id, kind, department, title, instructions, definition_id, correlation_id,
                        round, deadline_working_days, outcomes_json, required_materials_json, context_json, status, created_at,
                        claimed_by, claimed_at, completed_by, completed_at, outcome, opinion, materials_json, due_date, is_overdue, revision)
            FROM STDIN (FORMAT BINARY)
            """);
        for (var i = 0; i < count; i++)
        {
            var department = Departments[_random.Next(Departments.Length)];
            // Most of a year's tasks are done; what is open or claimed arrived in the last weeks.
            var roll = _random.NextDouble();
            var status = roll < 0.85 ? "Completed" : roll < 0.93 ? "Open" : roll < 0.97 ? "Claimed" : "Cancelled";
            var recent = status is "Open" or "Claimed";
            var created = now - TimeSpan.FromMinutes(_random.NextDouble() * (recent ? 30 : 730) * 24 * 60);
            var kind = department == "window" ? "Acceptance" : department == "bureau" ? "Decision" : "Review";
            var officer = $"{department}-officer-{_random.Next(1, 11):00}";
            var done = status == "Completed" ? created + TimeSpan.FromHours(_random.Next(1, 24 * 20)) : (DateTimeOffset?)null;

            await writer.StartRowAsync();
            await writer.WriteAsync(Guid.NewGuid().ToString("N"), NpgsqlDbType.Varchar);
            await writer.WriteAsync(ApplicationId(_random.Next(applications)), NpgsqlDbType.Varchar);
            await writer.WriteAsync(Guid.NewGuid().ToString("N"), NpgsqlDbType.Varchar);
            await writer.WriteAsync($"review-{department}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(kind, NpgsqlDbType.Varchar);
            await writer.WriteAsync(department, NpgsqlDbType.Varchar);
            await writer.WriteAsync($"{department} review", NpgsqlDbType.Varchar);
            await writer.WriteAsync("Check the materials against the regulations.", NpgsqlDbType.Text);
            await writer.WriteAsync("construction-permit-3550", NpgsqlDbType.Varchar);
            await writer.WriteAsync($"JS-2026-{i:0000000}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(1, NpgsqlDbType.Integer);
            await writer.WriteAsync(15, NpgsqlDbType.Integer);
            await writer.WriteAsync("""["Approved","Rejected","NeedsCorrection"]""", NpgsqlDbType.Text);
            await writer.WriteAsync("""["site plan"]""", NpgsqlDbType.Text);
            await writer.WriteNullAsync();
            await writer.WriteAsync(status, NpgsqlDbType.Varchar);
            await writer.WriteAsync(created.UtcDateTime, NpgsqlDbType.TimestampTz);
            if (status == "Claimed")
            {
                await writer.WriteAsync(officer, NpgsqlDbType.Varchar);
                await writer.WriteAsync(created.UtcDateTime.AddHours(1), NpgsqlDbType.TimestampTz);
            }
            else
            {
                await writer.WriteNullAsync();
                await writer.WriteNullAsync();
            }
            if (done is { } d)
            {
                await writer.WriteAsync(officer, NpgsqlDbType.Varchar);
                await writer.WriteAsync(d.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync("Approved", NpgsqlDbType.Varchar);
                await writer.WriteAsync("Conforms.", NpgsqlDbType.Text);
                await writer.WriteAsync("[]", NpgsqlDbType.Text);
            }
            else
                for (var n = 0; n < 5; n++) await writer.WriteNullAsync();
            await writer.WriteAsync(DateOnly.FromDateTime(created.UtcDateTime.AddDays(21)), NpgsqlDbType.Date);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(status == "Completed" ? 1 : 0, NpgsqlDbType.Integer);
        }
        await writer.CompleteAsync();
    }

    private static int MonthOf(DateTimeOffset t) => t.UtcDateTime.Year * 100 + t.UtcDateTime.Month;

    /// <summary>The audit table is partitioned by its chains' start month: a partition for every month the history covers.</summary>
    private async Task AuditPartitionsAsync(NpgsqlConnection connection)
    {
        for (var m = now.AddMonths(-14); m <= now.AddMonths(1); m = m.AddMonths(1))
        {
            var month = MonthOf(m);
            var next = MonthOf(m.AddMonths(1));
            await ExecuteAsync(connection, $"CREATE TABLE IF NOT EXISTS \"audit_p{month}\" PARTITION OF audit FOR VALUES FROM ({month}) TO ({next})");
        }
    }

    private async Task CopyAuditAsync(NpgsqlConnection connection, int count)
    {
        // Each record carries its chain's start month, which must match the chain's head (a deferred foreign key,
        // checked when this transaction commits).
        await using var transaction = await connection.BeginTransactionAsync();
        var heads = new List<(string Chain, long Sequence, string Hash, int Month)>();
        const int perChain = 8; // start, acceptance, four reviews, decision, a timer: one instance's chain
        string[] actions = ["instance.started", "task.completed", "task.completed", "task.completed", "task.completed", "task.completed", "task.completed", "timer.fired"];
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY audit (chain, sequence, timestamp, actor, roles, department, action, target, instance_id, summary, previous_hash, hash, month)
            FROM STDIN (FORMAT BINARY)
            """);
        var previous = new string('0', 64);
        string chain = "";
        var at = now;
        var chainMonth = 0;
        for (var i = 0; i < count; i++)
        {
            var sequence = i % perChain;
            if (sequence == 0)
            {
                chain = Guid.NewGuid().ToString("N");
                previous = new string('0', 64);
                // Chains start up to a year ago and run for up to three weeks, ending before now.
                at = now - TimeSpan.FromDays(21) - TimeSpan.FromMinutes(_random.NextDouble() * 365 * 24 * 60);
                chainMonth = MonthOf(at);
            }
            else at += TimeSpan.FromMinutes(_random.Next(5, 3 * 24 * 60));
            var actor = sequence == perChain - 1 ? "system:timer" : Actors[_random.Next(Actors.Length - 1)];
            var hash = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());

            await writer.StartRowAsync();
            await writer.WriteAsync(chain, NpgsqlDbType.Varchar);
            await writer.WriteAsync((long)sequence + 1, NpgsqlDbType.Bigint);
            await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(actor, NpgsqlDbType.Varchar);
            await writer.WriteAsync(actor == "system:timer" ? "system" : "reviewer", NpgsqlDbType.Varchar);
            if (actor == "system:timer") await writer.WriteNullAsync();
            else await writer.WriteAsync(actor[..actor.IndexOf("-officer", StringComparison.Ordinal)], NpgsqlDbType.Varchar);
            await writer.WriteAsync(actions[sequence], NpgsqlDbType.Varchar);
            await writer.WriteAsync($"instance:{chain}/step-{sequence}", NpgsqlDbType.Varchar);
            await writer.WriteAsync(chain, NpgsqlDbType.Varchar);
            await writer.WriteAsync("""{"before":"Suspended","after":"Suspended","events":["Resumed"]}""", NpgsqlDbType.Text);
            await writer.WriteAsync(previous, NpgsqlDbType.Varchar);
            await writer.WriteAsync(hash, NpgsqlDbType.Varchar);
            await writer.WriteAsync(chainMonth, NpgsqlDbType.Integer);
            previous = hash;
            if (sequence == perChain - 1 || i == count - 1) heads.Add((chain, sequence + 1, hash, chainMonth));
        }
        await writer.CompleteAsync();
        await writer.DisposeAsync();

        await using (var headWriter = await connection.BeginBinaryImportAsync("COPY audit_heads (chain, sequence, hash, revision, month) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var (headChain, headSequence, headHash, headMonth) in heads)
            {
                await headWriter.StartRowAsync();
                await headWriter.WriteAsync(headChain, NpgsqlDbType.Varchar);
                await headWriter.WriteAsync(headSequence, NpgsqlDbType.Bigint);
                await headWriter.WriteAsync(headHash, NpgsqlDbType.Varchar);
                await headWriter.WriteAsync(0, NpgsqlDbType.Integer);
                await headWriter.WriteAsync(headMonth, NpgsqlDbType.Integer);
            }
            await headWriter.CompleteAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 900 };
        await command.ExecuteNonQueryAsync();
    }
}
