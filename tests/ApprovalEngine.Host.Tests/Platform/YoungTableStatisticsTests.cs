using ApprovalEngine.Host.Platform;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>
/// PostgreSQL: a table that grew by its own size since its statistics is analyzed (generic plans made from a 50-row
/// table's statistics read whole tables until then); one that changed little is left to autovacuum.
/// </summary>
public sealed class YoungTableStatisticsTests
{
    [Fact]
    public async Task GrownTable_IsAnalyzed_TheRestAreNot()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        using var scope = api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        // Autovacuum must not take the analysis first (its threshold is 50 rows and a tenth of the table).
        await db.Database.ExecuteSqlRawAsync("ALTER TABLE live_events SET (autovacuum_enabled = false)");
        await db.Database.ExecuteSqlRawAsync("ANALYZE live_events");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO live_events (audience, data_json, kind) SELECT 'test', '{{}}', 'test' FROM generate_series(1, 1500)");

        // The statistics counters reach pg_stat_user_tables about a second after the inserting transaction.
        async Task<long> ChangedSinceAnalyze() => await db.Database
            .SqlQueryRaw<long>("SELECT n_mod_since_analyze AS \"Value\" FROM pg_stat_user_tables WHERE relname = 'live_events'").SingleAsync();
        for (var i = 0; i < 100 && await ChangedSinceAnalyze() < 1500; i++) await Task.Delay(100);
        Assert.True(await ChangedSinceAnalyze() >= 1500);

        var statistics = api.Services.GetRequiredService<YoungTableStatistics>();
        var analyzed = await statistics.AnalyzeGrownTablesAsync(CancellationToken.None);

        Assert.Contains("live_events", analyzed);
        Assert.DoesNotContain("seals", analyzed); // a handful of rows: never worth it
        Assert.Equal(0, await ChangedSinceAnalyze());
        // Analyzed now, the table is as large as what changed: nothing to do until it doubles again.
        Assert.DoesNotContain("live_events", await statistics.AnalyzeGrownTablesAsync(CancellationToken.None));
    }
}
