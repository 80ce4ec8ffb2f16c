using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Archiving;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Partitions;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApprovalEngine.Host.Tests.Archiving;

/// <summary>One PostgreSQL host (the fake clock starts in March 2026) shared by the partition tests.</summary>
public sealed class PartitionHost : IAsyncLifetime
{
    public ApiFactory Api { get; private set; } = null!;
    /// <summary>The month of the fake clock when the host started (tests move the clock on).</summary>
    public int StartMonth { get; private set; }

    public async Task InitializeAsync()
    {
        Api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        StartMonth = Months.Of(Api.Time.GetUtcNow());
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

/// <summary>
/// PostgreSQL partitions journal and audit by month (journal: the application's filing month; audit: the chain's start
/// month): rows land in their month's partition and stay there as the application goes on in later months, a wrong
/// month cannot sneak in a duplicate sequence, one application's journal read touches one partition, the coming months'
/// partitions are made ahead, and rows in a DEFAULT partition show on /health/ready and as a gauge.
/// </summary>
public sealed class PostgresPartitionTests(PartitionHost host) : IClassFixture<PartitionHost>
{
    private ApiFactory Api => host.Api;

    private async Task<string> FileAsync(HttpClient clerk, string correlationId)
    {
        var started = await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task ResumeAsync(HttpClient clerk, string id)
    {
        var view = await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        var bookmark = view!["currentActivities"]![0]!["bookmarkId"]!.GetValue<string>();
        (await clerk.PostAsJsonAsync($"/api/instances/{id}/bookmarks/{bookmark}/resume", new { payload = new { complete = true } })).EnsureSuccessStatusCode();
    }

    /// <summary>The partitions (table names) holding <paramref name="table"/>'s rows where <paramref name="column"/> = <paramref name="value"/>.</summary>
    private async Task<List<string>> PartitionsOfAsync(string table, string column, string value)
    {
        await using var connection = new NpgsqlConnection(Api.Database.ConnectionString);
        await connection.OpenAsync();
        // Table and column names are literals of this class.
        await using var command = new NpgsqlCommand($"SELECT DISTINCT tableoid::regclass::text FROM {table} WHERE {column} = @v ORDER BY 1", connection);
        command.Parameters.AddWithValue("v", value);
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        return names;
    }

    private async Task<T> WithDbAsync<T>(Func<ApprovalDbContext, Task<T>> work)
    {
        using var scope = Api.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>());
    }

    [Fact]
    public async Task RowsLandInTheFilingMonthsPartition_StayThereInLaterMonths_AndEveryChainVerifies()
    {
        var clerk = await Api.ClientAsync("clerk-wang", "clerk");
        var filedEarlier = await FileAsync(clerk, "PART-1");
        var month = Months.Of(Api.Time.GetUtcNow());
        Api.Time.Advance(TimeSpan.FromDays(62)); // two months on: still within the months made ahead at start-up
        var later = Months.Of(Api.Time.GetUtcNow());
        Assert.NotEqual(month, later);
        var filedLater = await FileAsync(clerk, "PART-2");
        await ResumeAsync(clerk, filedEarlier); // a step two months after filing
        await ResumeAsync(clerk, filedLater);

        Assert.Equal([$"journal_p{month}"], await PartitionsOfAsync("journal", "instance_id", filedEarlier));
        Assert.Equal([$"audit_p{month}"], await PartitionsOfAsync("audit", "chain", filedEarlier));
        Assert.Equal([$"journal_p{later}"], await PartitionsOfAsync("journal", "instance_id", filedLater));
        Assert.Equal([$"audit_p{later}"], await PartitionsOfAsync("audit", "chain", filedLater));
        Assert.Single(await PartitionsOfAsync("audit", "chain", AuditTrail.SystemChain)); // the system chain stays where it began
        Assert.Equal(2, await WithDbAsync(db => db.Set<AuditRecord>().CountAsync(r => r.Chain == filedEarlier)));
        // Every chain, whichever partitions hold the chains, verifies through the API.
        var auditor = await Api.ClientAsync("auditor-zhao", "auditor");
        var verification = (await auditor.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!;
        Assert.True(verification["ok"]!.GetValue<bool>(), verification.ToJsonString());
        var journal = (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{filedEarlier}/journal"))!;
        Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j!["sequence"]!.GetValue<int>()));
    }

    [Fact]
    public async Task AWrongMonth_CannotAdmitADuplicateSequence()
    {
        var clerk = await Api.ClientAsync("clerk-wang", "clerk");
        var id = await FileAsync(clerk, "PART-3");
        var (month, chainMonth) = await WithDbAsync(async db => (
            await db.Instances.Where(i => i.Id == id).Select(i => i.Month).SingleAsync(),
            await db.Set<AuditHeadRecord>().Where(h => h.Chain == id).Select(h => h.Month).SingleAsync()));
        var other = Months.Next(month); // a partition that exists and holds no line of this application

        // Without the foreign key this line (sequence 1 again, in another month's partition) was accepted.
        var journal = await Assert.ThrowsAsync<PostgresException>(() => WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO journal (instance_id, sequence, timestamp, event_name, month) VALUES ({id}, 1, now(), 'Forged', {other})")));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, journal.SqlState);
        var audit = await Assert.ThrowsAsync<PostgresException>(() => WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO audit (chain, sequence, timestamp, actor, roles, action, target, summary, previous_hash, hash, month) VALUES ({id}, 1, now(), 'x', 'x', 'x', 'x', {"{}"}, 'x', 'x', {Months.Next(chainMonth)})""")));
        Assert.Equal(PostgresErrorCodes.ForeignKeyViolation, audit.SqlState);
        // In the right month the uniqueness itself refuses it.
        var duplicate = await Assert.ThrowsAsync<PostgresException>(() => WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO journal (instance_id, sequence, timestamp, event_name, month) VALUES ({id}, 1, now(), 'Forged', {month})")));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, duplicate.SqlState);
    }

    [Fact]
    public async Task OneApplicationsJournalRead_TouchesOnePartition()
    {
        var clerk = await Api.ClientAsync("clerk-wang", "clerk");
        var id = await FileAsync(clerk, "PART-4");
        var month = await WithDbAsync(db => db.Instances.Where(i => i.Id == id).Select(i => i.Month).SingleAsync());
        var sql = await WithDbAsync(db => Task.FromResult(Archiver.Journal(db, id, month).OrderBy(j => j.Sequence).ToQueryString()));

        // The query exactly as the journal endpoint sends it, its parameters bound (as EF binds them).
        await using var connection = new NpgsqlConnection(Api.Database.ConnectionString);
        await connection.OpenAsync();
        var body = string.Join("\n", sql.Split('\n').Where(l => !l.StartsWith("--")));
        await using var command = new NpgsqlCommand("EXPLAIN " + body, connection);
        command.Parameters.AddWithValue("p0", id);
        command.Parameters.AddWithValue("p1", month);
        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(0));

        var partitions = await WithDbAsync(db => db.Database.SqlQueryRaw<string>(
            "SELECT c.relname AS \"Value\" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'journal'").ToListAsync());
        Assert.True(partitions.Count >= 5, string.Join(", ", partitions)); // this month, three ahead, DEFAULT
        var touched = partitions.Where(p => plan.Any(line => line.Contains($" {p} ") || line.Contains($" {p}_"))).ToList();
        Assert.True(touched.SequenceEqual([$"journal_p{month}"]), string.Join("\n", plan));
    }

    [Fact]
    public async Task TheComingMonthsPartitions_AreMadeAhead()
    {
        var partitions = Api.Services.GetRequiredService<MonthlyPartitions>();
        var start = host.StartMonth;
        var existing = await WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT relname AS \"Value\" FROM pg_class WHERE relname LIKE 'journal_p%' OR relname LIKE 'audit_p%'").ToListAsync());
        for (int m = start, n = 0; n <= 3; n++, m = Months.Next(m))
        {
            Assert.Contains($"journal_p{m}", existing);
            Assert.Contains($"audit_p{m}", existing);
        }

        // The archiver's periodic run in October 2027 makes October 2027 to January 2028 (a year boundary) where missing.
        var state = await WithDbAsync(db => partitions.EnsureAsync(db, new DateTimeOffset(2027, 10, 15, 0, 0, 0, TimeSpan.Zero), 3));
        Assert.Equal(["journal_p202710", "audit_p202710", "journal_p202711", "audit_p202711", "journal_p202712", "audit_p202712", "journal_p202801", "audit_p202801"],
            state.Created);
        Assert.Empty(state.Problems);
        Assert.Empty((await WithDbAsync(db => partitions.EnsureAsync(db, new DateTimeOffset(2027, 10, 15, 0, 0, 0, TimeSpan.Zero), 3))).Created);
    }

    [Fact]
    public async Task RowsInTheDefaultPartition_AreReportedDegradedAndAsAGauge_AndBlockTheirMonthsPartition()
    {
        var partitions = Api.Services.GetRequiredService<MonthlyPartitions>();
        var anonymous = Api.CreateClient();
        Assert.Equal("Healthy", Check(await anonymous.GetFromJsonAsync<JsonObject>("/health/ready"))["status"]!.GetValue<string>());
        const string chain = "partition-test";
        const int farMonth = 209901; // no partition: the rows go to audit_default
        await WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"INSERT INTO audit_heads (chain, sequence, hash, revision, month) VALUES ({chain}, 1, 'x', 1, {farMonth})"));
        try
        {
            await WithDbAsync(db => db.Database.ExecuteSqlAsync(
                $"""INSERT INTO audit (chain, sequence, timestamp, actor, roles, action, target, summary, previous_hash, hash, month) VALUES ({chain}, 1, now(), 'x', 'x', 'x', 'x', {"{}"}, 'x', 'x', {farMonth})"""));
            Assert.Equal(["audit_default"], await PartitionsOfAsync("audit", "chain", chain));

            var health = await anonymous.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded, not down
            var check = Check((await health.Content.ReadFromJsonAsync<JsonObject>())!);
            Assert.Equal("Degraded", check["status"]!.GetValue<string>());
            Assert.Contains("DEFAULT", check["description"]!.GetValue<string>());
            Assert.Contains(Gauge(), v => v > 0);
            // PostgreSQL now refuses that month's partition: the maintenance says so instead of failing the host.
            var state = await WithDbAsync(db => partitions.EnsureAsync(db, new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), 1));
            Assert.Contains(state.Problems, p => p.StartsWith($"audit_p{farMonth}"));
            Assert.Equal(1, state.DefaultRows);
        }
        finally
        {
            await WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM audit WHERE chain = {chain}"));
            await WithDbAsync(db => db.Database.ExecuteSqlAsync($"DELETE FROM audit_heads WHERE chain = {chain}"));
        }
        Assert.Equal("Healthy", Check(await anonymous.GetFromJsonAsync<JsonObject>("/health/ready"))["status"]!.GetValue<string>());
    }

    private static JsonObject Check(JsonObject? ready) =>
        ready!["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "partitions")!.AsObject();

    /// <summary>What the approvalengine.partitions.default_rows gauge reports now (one value per host in this process).</summary>
    private static List<int> Gauge() => Observability.Gauges.Read("approvalengine.partitions.default_rows").Select(m => (int)m.Value).ToList();
}

/// <summary>
/// The migration moves existing rows: each journal line into its application's filing month, each audit record into its
/// chain's start month (UTC), ids kept and the id sequence carried past the archived lines; the chains still verify and
/// go on.
/// </summary>
public sealed class PostgresPartitionConversionTests
{
    [Fact]
    public async Task Migration_MovesExistingRowsIntoTheirMonths_AndChainsStillVerifyAndGoOn()
    {
        var connectionString = await Persistence.Tests.PostgresServer.CreateDatabaseAsync();
        await using var db = new PostgresApprovalDbContext(new DbContextOptionsBuilder<PostgresApprovalDbContext>().UseNpgsql(connectionString).Options);
        await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db).MigrateAsync("20261202104821_ArchiveTables");
        var january = new DateTimeOffset(2026, 1, 31, 23, 30, 0, TimeSpan.Zero); // already February in Beijing: months are UTC
        var february = new DateTimeOffset(2026, 2, 10, 9, 0, 0, TimeSpan.Zero);
        foreach (var (id, filed) in new[] { ("conv-1", january), ("conv-2", february) })
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO instances (id, definition_id, definition_version_id, definition_version, name, status, state_json, created_at, updated_at, journal_count, revision)
                VALUES ({id}, 'record-filing', 'v', 1, 'n', 'Running', {"{}"}, {filed}, {filed}, 3, 0)
                """);
        foreach (var (id, sequence) in new[] { ("conv-1", 1), ("conv-1", 2), ("conv-2", 1), ("conv-2", 2), ("conv-2", 3) })
            await db.Database.ExecuteSqlAsync($"INSERT INTO journal (instance_id, sequence, timestamp, event_name) VALUES ({id}, {sequence}, {february}, 'Line')");
        await db.Database.ExecuteSqlAsync($"INSERT INTO archive_journal (id, instance_id, sequence, timestamp, event_name) VALUES (1000, 'conv-1', 3, {february}, 'Archived')");
        var previous = new string('0', 64);
        foreach (var (sequence, at) in new[] { (1L, january), (2L, february) })
        {
            var record = new AuditRecord
            {
                Chain = "conv-1", Sequence = sequence, Timestamp = at, Actor = "clerk-wang", Roles = "clerk", Action = "instance.started",
                Target = "instance:conv-1", InstanceId = "conv-1", Summary = "{}", PreviousHash = previous, Hash = "",
            };
            record.Hash = AuditTrail.HashOf(record);
            previous = record.Hash;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO audit (chain, sequence, timestamp, actor, roles, action, target, instance_id, summary, previous_hash, hash)
                VALUES ({record.Chain}, {record.Sequence}, {record.Timestamp}, {record.Actor}, {record.Roles}, {record.Action}, {record.Target},
                        {record.InstanceId}, {record.Summary}, {record.PreviousHash}, {record.Hash})
                """);
        }
        await db.Database.ExecuteSqlAsync($"INSERT INTO audit_heads (chain, sequence, hash, revision) VALUES ('conv-1', 2, {previous}, 2)");

        await db.Database.MigrateAsync();

        Assert.Equal(new[] { ("conv-1", 202601), ("conv-2", 202602) },
            (await db.Instances.OrderBy(i => i.Id).Select(i => new { i.Id, i.Month }).ToListAsync()).Select(i => (i.Id, i.Month)));
        Assert.Equal(new[] { "journal_p202601:conv-1:2", "journal_p202602:conv-2:3" }, await db.Database.SqlQueryRaw<string>(
            "SELECT tableoid::regclass::text || ':' || instance_id || ':' || count(*) AS \"Value\" FROM journal GROUP BY tableoid, instance_id ORDER BY 1").ToListAsync());
        Assert.Equal(["audit_p202601"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT tableoid::regclass::text AS \"Value\" FROM audit").ToListAsync());
        Assert.Equal(202601, await db.Set<ArchivedJournalRecord>().Select(j => j.Month).SingleAsync());
        Assert.Equal(202601, await db.Set<AuditHeadRecord>().Select(h => h.Month).SingleAsync());
        Assert.True((await AuditTrail.VerifyAsync(db, "conv-1")).Ok);

        // The chain and the journal go on in the converted tables: the audit record joins its chain's month, the new
        // line's id comes after the archived line's (ids stay unique across journal and archive_journal).
        var instance = await db.Instances.SingleAsync(i => i.Id == "conv-1");
        Persistence.Instances.InstanceJournal.Append(db, instance, new Workflows.Execution.JournalEntry(february, null, null, "Later"), Persistence.Instances.Actor.System);
        var trail = new AuditTrail(TimeProvider.System, new SystemActorAccessor());
        await trail.AppendAsync(db, "conv-1", Persistence.Instances.Actor.System, "instance.resumed", "instance:conv-1", "conv-1", new JsonObject(), february.AddMonths(3));
        await db.SaveChangesAsync();
        Assert.True(await db.Journal.Where(j => j.InstanceId == "conv-1" && j.Sequence == 4).Select(j => j.Id).SingleAsync() > 1000);
        var verification = await AuditTrail.VerifyAsync(db, "conv-1");
        Assert.True(verification.Ok, verification.Problem);
        Assert.Equal(3, verification.Records);
        Assert.Equal(["audit_p202601"], await db.Database.SqlQueryRaw<string>("SELECT DISTINCT tableoid::regclass::text AS \"Value\" FROM audit").ToListAsync());
    }
}
