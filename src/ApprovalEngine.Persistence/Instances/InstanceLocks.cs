using System.Collections.Concurrent;
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
    /// <remarks>
    /// On SQLite this host's writers also queue for the write lock in process, first come first served (<see cref="WriterLine"/>):
    /// SQLite's own busy wait polls, sleeping 1, 2, 5 … 100 ms between tries, so under load the lock sat free while the
    /// stimuli waiting for it slept. Every write of this host takes the line (a writer that polled instead would rarely find
    /// the lock free between turns: the outbox fell behind); only another process still meets the busy wait.
    /// </remarks>
    public static async Task<IDbContextTransaction> BeginAsync(ApprovalDbContext db, TimeSpan timeout, CancellationToken ct)
    {
        if (db.Database.GetDbConnection() is not SqliteConnection sqlite) return await db.Database.BeginTransactionAsync(ct);
        var started = Environment.TickCount64;
        var line = WriterLine.For(sqlite);
        if (!await line.WaitAsync(timeout, ct)) throw WriterLine.Busy();
        var usual = sqlite.DefaultTimeout;
        try
        {
            var left = Math.Max(1, timeout.TotalMilliseconds - (Environment.TickCount64 - started));
            sqlite.DefaultTimeout = (int)Math.Ceiling(left / 1000);
            // SQLite's own busy wait follows DefaultTimeout (set when the connection opens, see SqliteBusyWait; here if it is open already).
            SqliteBusyWait.Apply(sqlite);
            return new WriterLine.Turn(await db.Database.BeginTransactionAsync(ct), line);
        }
        catch
        {
            line.Release();
            throw;
        }
        finally
        {
            sqlite.DefaultTimeout = usual;
            SqliteBusyWait.Apply(sqlite);
        }
    }

    /// <summary>
    /// Begins a transaction that writes outside a stimulus (a holiday schedule, a publication, an audit checkpoint, a save):
    /// on SQLite in the same line for the write lock as the stimuli, for as long as the connection's default timeout.
    /// </summary>
    public static Task<IDbContextTransaction> BeginWriteAsync(ApprovalDbContext db, CancellationToken ct) =>
        BeginAsync(db, db.Database.GetDbConnection() is SqliteConnection sqlite ? TimeSpan.FromSeconds(sqlite.DefaultTimeout) : TimeSpan.Zero, ct);

    /// <summary>A lock_timeout value for set_config.</summary>
    public static string Setting(long waitMs) => $"{Math.Max(1, waitMs)}ms";
}

/// <summary>
/// The in-process line for one SQLite database's write lock: one writer at a time, the others waiting their turn. A write
/// transaction takes it when it begins (<see cref="InstanceLocks.BeginAsync"/>) and leaves it when it is disposed, committed
/// or not; a write statement outside a transaction takes it for that statement (<see cref="Storage.AutocommitWritesInLine"/>).
/// </summary>
internal static class WriterLine
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Lines = new();

    public static SemaphoreSlim For(SqliteConnection connection) => Lines.GetOrAdd(connection.ConnectionString, _ => new SemaphoreSlim(1, 1));

    /// <summary>What a writer that waited its whole timeout in line gets: SQLite's own busy error, as from its busy wait.</summary>
    public static SqliteException Busy() => new("database is locked (waited in line for the write lock)", 5);

    /// <summary>A transaction holding the line; disposing it (after commit or rollback, or instead of either) lets the next in.</summary>
    public sealed class Turn(IDbContextTransaction transaction, SemaphoreSlim line) : IDbContextTransaction
    {
        private int _released;

        public Guid TransactionId => transaction.TransactionId;
        public bool SupportsSavepoints => transaction.SupportsSavepoints;
        public void Commit() => transaction.Commit();
        public Task CommitAsync(CancellationToken cancellationToken = default) => transaction.CommitAsync(cancellationToken);
        public void Rollback() => transaction.Rollback();
        public Task RollbackAsync(CancellationToken cancellationToken = default) => transaction.RollbackAsync(cancellationToken);

        public void Dispose()
        {
            try { transaction.Dispose(); }
            finally { Release(); }
        }

        public async ValueTask DisposeAsync()
        {
            try { await transaction.DisposeAsync(); }
            finally { Release(); }
        }

        private void Release()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) line.Release();
        }
    }
}
