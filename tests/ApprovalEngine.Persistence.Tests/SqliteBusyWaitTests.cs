using ApprovalEngine.Persistence.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// A busy SQLite database is waited for by SQLite's own busy handler (steps of 1 to 100 ms), not by
/// Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms per attempt: every connection the store opens carries a busy
/// timeout equal to its DefaultTimeout. (The stimulus bound on that wait: TimerBatchContract's lock-timeout test.)
/// </summary>
public sealed class SqliteBusyWaitTests : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(DatabaseProvider.Sqlite);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task EveryOpenedConnection_HasSqlitesBusyWait_OfItsDefaultTimeout()
    {
        var (busyTimeout, defaultTimeout) = await _store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApprovalDbContext>();
            await db.Database.OpenConnectionAsync();
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA busy_timeout";
            return (Convert.ToInt64(await pragma.ExecuteScalarAsync()), connection.DefaultTimeout);
        });

        Assert.Equal(30, defaultTimeout);
        Assert.Equal(defaultTimeout * 1000L, busyTimeout);
    }
}
