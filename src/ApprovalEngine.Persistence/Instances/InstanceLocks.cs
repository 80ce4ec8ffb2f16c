using ApprovalEngine.Persistence.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// Several instances locked at once, as one stimulus locks its own (a batch of timer firings, a holiday schedule that
/// moves many applications' deadlines): their rows on PostgreSQL, the database write lock on SQLite.
/// </summary>
internal static class InstanceLocks
{
    /// <summary>
    /// Locks the instances (in a transaction begun by <see cref="BeginAsync"/> or BeginTransactionAsync) in id order (two lockers of overlapping sets queue
    /// instead of deadlocking), waiting at most <paramref name="timeout"/>, and reads them tracked.
    /// </summary>
    public static async Task<Dictionary<string, InstanceRecord>> LockAsync(ApprovalDbContext db, string[] ids, TimeSpan timeout, CancellationToken ct)
    {
        if (ids.Length == 0) return [];
        List<InstanceRecord> rows;
        // SQLite: the transaction's BEGIN IMMEDIATE holds the single write lock already (BeginAsync).
        if (db.Database.IsSqlite()) rows = await db.Instances.Where(i => ids.Contains(i.Id)).ToListAsync(ct);
        else
        {
            // The lock timeout set in the locking read itself (see WorkflowRuntime.LockAsync).
            rows = await db.Instances.FromSqlInterpolated(
                $"SELECT i.* FROM instances i WHERE i.id = ANY({ids}) AND set_config('lock_timeout', {Setting((long)timeout.TotalMilliseconds)}, true) IS NOT NULL ORDER BY i.id FOR UPDATE")
                .ToListAsync(ct);
        }
        return rows.ToDictionary(i => i.Id);
    }

    /// <summary>
    /// Begins a stimulus transaction. SQLite takes its write lock at BEGIN (Microsoft.Data.Sqlite begins IMMEDIATE), where
    /// the busy wait is the connection's default timeout, in whole seconds: it is bounded by <paramref name="timeout"/>
    /// (rounded up) instead of the 30 s default, and a wait past it throws SQLite's busy error (see WorkflowRuntime.IsLockTimeout).
    /// </summary>
    public static async Task<IDbContextTransaction> BeginAsync(ApprovalDbContext db, TimeSpan timeout, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not SqliteConnection sqlite) return await db.Database.BeginTransactionAsync(ct);
        var usual = sqlite.DefaultTimeout;
        sqlite.DefaultTimeout = (int)Math.Ceiling(Math.Max(1, timeout.TotalMilliseconds) / 1000);
        // SQLite's own busy wait follows DefaultTimeout (set when the connection opens, see SqliteBusyWait; here if it is open already).
        SqliteBusyWait.Apply(sqlite);
        try { return await db.Database.BeginTransactionAsync(ct); }
        finally
        {
            sqlite.DefaultTimeout = usual;
            SqliteBusyWait.Apply(sqlite);
        }
    }

    /// <summary>A lock_timeout value for set_config.</summary>
    public static string Setting(long waitMs) => $"{Math.Max(1, waitMs)}ms";
}
