using System.Diagnostics.Metrics;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ApprovalEngine.Persistence.Partitions;

/// <summary>Months as the partition key: yyyymm of a UTC time (202612 = December 2026).</summary>
public static class Months
{
    public static int Of(DateTimeOffset t)
    {
        var utc = t.UtcDateTime;
        return utc.Year * 100 + utc.Month;
    }

    public static int Next(int month) => month % 100 == 12 ? month + 89 : month + 1;
}

public sealed class PartitionOptions
{
    public const string SectionName = "Partitions";
    /// <summary>Months after the current one whose partitions exist ahead of time (PostgreSQL).</summary>
    public int MonthsAhead { get; set; } = 3;
}

public sealed record PartitionState(int DefaultRows, IReadOnlyList<string> Created, IReadOnlyList<string> Problems);

/// <summary>
/// On PostgreSQL the journal and the audit records are partitioned by month (journal: the application's filing month;
/// audit: the chain's start month; see the PartitionedJournalAndAudit migration). A row whose month has no partition
/// lands in the table's DEFAULT partition, and once it is there PostgreSQL refuses to create that month's partition;
/// so partitions are made months ahead (at start-up and on every background run) and a non-empty DEFAULT is reported
/// (health check and gauge). SQLite has no partitions: everything here is a no-op there.
/// </summary>
public sealed class MonthlyPartitions
{
    public static readonly string[] Tables = ["journal", "audit"];
    private volatile int _defaultRows = -1;

    public MonthlyPartitions(IMeterFactory meters)
    {
        var meter = meters.Create(EngineTelemetry.Name);
        meter.CreateObservableGauge("approvalengine.partitions.default_rows", () => _defaultRows < 0 ? [] : new[] { new Measurement<int>(_defaultRows) }, "{row}",
            "Rows in the DEFAULT partitions of journal and audit (PostgreSQL); above 0 means a month's partition was missing: alarm.");
    }

    /// <summary>Rows last seen in the DEFAULT partitions (-1: not looked yet or not PostgreSQL).</summary>
    public int LastDefaultRows => _defaultRows;

    public static string PartitionName(string table, int month) => $"{table}_p{month}";

    /// <summary>Creates the partitions of the current month and <paramref name="monthsAhead"/> following months where missing, then counts the DEFAULT rows.</summary>
    public async Task<PartitionState> EnsureAsync(ApprovalDbContext db, DateTimeOffset now, int monthsAhead, ILogger? log = null, CancellationToken ct = default)
    {
        if (db is not PostgresApprovalDbContext) return new PartitionState(0, [], []);
        var created = new List<string>();
        var problems = new List<string>();
        var existing = (await db.Database.SqlQueryRaw<string>(
            "SELECT c.relname AS \"Value\" FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname IN ('journal', 'audit')")
            .ToListAsync(ct)).ToHashSet();
        var month = Months.Of(now);
        for (var n = 0; n <= monthsAhead; n++, month = Months.Next(month))
            foreach (var table in Tables)
            {
                var name = PartitionName(table, month);
                if (existing.Contains(name)) continue;
                try
                {
                    // Names and bounds are integers we computed; nothing here comes from a caller.
                    var sql = $"CREATE TABLE IF NOT EXISTS \"{name}\" PARTITION OF \"{table}\" FOR VALUES FROM ({month}) TO ({Months.Next(month)})";
                    await db.Database.ExecuteSqlRawAsync(sql, ct);
                    created.Add(name);
                }
                catch (PostgresException e)
                {
                    // 23514: rows of that month are already in DEFAULT; 42P07/23505: another replica made it just now.
                    if (e.SqlState is "42P07" or "23505") continue;
                    problems.Add($"{name}: {e.MessageText}");
                    log?.LogError("Partition {Partition} could not be created: {Problem}", name, e.MessageText);
                }
            }
        var rows = await DefaultRowsAsync(db, ct);
        if (rows > 0) log?.LogError("{Rows} rows are in the DEFAULT partitions of journal/audit: create their months' partitions (see README, Monthly partitions)", rows);
        if (created.Count > 0) log?.LogInformation("Created partitions {Partitions}", string.Join(", ", created));
        return new PartitionState(rows, created, problems);
    }

    /// <summary>Rows in journal_default and audit_default (0 on SQLite); remembered for the gauge.</summary>
    public async Task<int> DefaultRowsAsync(ApprovalDbContext db, CancellationToken ct = default)
    {
        if (db is not PostgresApprovalDbContext) return 0;
        // Bounded: the alarm needs "some", not an exact count of a runaway partition.
        var rows = await db.Database.SqlQueryRaw<int>(
            "SELECT ((SELECT count(*) FROM (SELECT 1 FROM journal_default LIMIT 1000) j) + (SELECT count(*) FROM (SELECT 1 FROM audit_default LIMIT 1000) a))::int AS \"Value\"")
            .SingleAsync(ct);
        _defaultRows = rows;
        return rows;
    }
}
