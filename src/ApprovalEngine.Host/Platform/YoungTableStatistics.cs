using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Platform;

/// <summary>
/// PostgreSQL: ANALYZEs a table that has changed by at least its own size (and by 1,000 rows) since its statistics were
/// taken. The host forces generic plans, which PostgreSQL makes once from the statistics of the day and makes again only
/// when the table is analyzed; autovacuum first analyzes a new table at about 50 rows and then waits for its next round (a
/// minute by default). On a new database, or after a bulk import, plans made from a 50-row table read whole tables for a
/// lookup by key (the journal's foreign-key check scanned `instances`, a clerk's look-up `tasks`: the benchmark measured
/// a third less throughput in that minute, docs/performance.md). A grown-up table never qualifies (autovacuum analyzes it
/// after a tenth of its rows change), so this acts in a database's first minutes and after imports only.
/// </summary>
public sealed class YoungTableStatistics(IServiceScopeFactory scopes, DatabaseOptions options, ILogger<YoungTableStatistics> logger) : BackgroundService
{
    /// <summary>Fewer changed rows than this never prompt an ANALYZE: small tables are cheap to read whatever the plan.</summary>
    public const int MinimumChangedRows = 1000;

    // reltuples is -1 for a table never analyzed: GREATEST then asks for the floor alone.
    private static readonly string GrownTables = $"""
        SELECT s.relname AS "Value" FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
        WHERE s.schemaname = current_schema() AND s.n_mod_since_analyze >= GREATEST({MinimumChangedRows}, c.reltuples)
        ORDER BY s.relname
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.StatisticsCheckSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try { await AnalyzeGrownTablesAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Statistics are an optimisation: a database that refuses (a role that owns no table) must not stop the host.
                logger.LogWarning(e, "Could not refresh the statistics of grown tables");
            }
        }
    }

    /// <returns>The tables analyzed (none when every table's statistics are current).</returns>
    public async Task<IReadOnlyList<string>> AnalyzeGrownTablesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var grown = await db.Database.SqlQueryRaw<string>(GrownTables).ToListAsync(ct);
        foreach (var table in grown)
        {
            // A name from the catalog, quoted as an identifier (identifiers cannot be parameters).
            var statement = "ANALYZE \"" + table.Replace("\"", "\"\"") + "\"";
            await db.Database.ExecuteSqlRawAsync(statement, ct);
        }
        if (grown.Count > 0) logger.LogInformation("Analyzed {Tables}: each had changed by at least its size since its statistics were taken", string.Join(", ", grown));
        return grown;
    }
}
