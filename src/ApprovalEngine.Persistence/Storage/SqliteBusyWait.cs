using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// Lets SQLite itself wait for a busy database (its busy handler retries after 1, 2, 5, 10 ... 100 ms) for as long as
/// the connection's DefaultTimeout. Without it Microsoft.Data.Sqlite retries a busy statement every 150 ms
/// (Thread.Sleep(150)): a stimulus whose BEGIN IMMEDIATE met another writer lost 150 ms even when that writer was done
/// after one, which is what queued concurrent stimuli on SQLite in steps of 150 ms.
/// </summary>
public sealed class SqliteBusyWait : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    /// <summary>Sets the busy wait of an open SQLite connection to its DefaultTimeout (whole seconds); others are left alone.</summary>
    public static void Apply(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle } sqlite)
            SQLitePCL.raw.sqlite3_busy_timeout(handle, (int)Math.Min(int.MaxValue, sqlite.DefaultTimeout * 1000L));
    }
}
