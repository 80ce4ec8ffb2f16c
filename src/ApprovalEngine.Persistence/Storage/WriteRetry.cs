using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// One write that two people may make at once (two designers saving one draft, two admins uploading one year's holidays):
/// both read the same latest row or the same next audit sequence, and the second commit meets a unique key or a changed
/// revision. Both are legitimate, so the loser runs again on what the winner wrote instead of answering 500 or 409.
/// </summary>
public static class WriteRetry
{
    public const int Attempts = 5;

    /// <summary>
    /// Runs <paramref name="write"/> (which saves its changes and appends to the system audit chain) in a write transaction
    /// and commits it, again on a conflict.
    /// Inside a caller's transaction it runs once: the caller owns the retry.
    /// </summary>
    public static async Task<T> RunAsync<T>(ApprovalDbContext db, Func<CancellationToken, Task<T>> write, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null) return await write(ct);
        for (var attempt = 1; ; attempt++)
        {
            await using var tx = await Instances.InstanceLocks.BeginWriteAsync(db, ct);
            try
            {
                // These writes append to the system audit chain: on PostgreSQL they take its head first, so they queue
                // there instead of all reading the same head and all but one failing (eight saves at once outran five
                // attempts). SQLite's write line already serialises them. Before the chain's first record there is no row
                // to lock and the retry covers the race.
                await LockSystemChainAsync(db, ct);
                var result = await write(ct);
                await tx.CommitAsync(ct);
                return result;
            }
            catch (DbUpdateException e) when (attempt < Attempts && IsConflict(e))
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>
    /// Takes the system audit chain's head for the caller's transaction (PostgreSQL; SQLite's write line already serialises
    /// writers). Every write that appends to the system chain and also changes definition rows takes it first, so two of
    /// them never hold one each of the other's rows.
    /// </summary>
    public static async Task LockSystemChainAsync(ApprovalDbContext db, CancellationToken ct)
    {
        if (db.SupportsSkipLocked)
            await db.Database.ExecuteSqlRawAsync("SELECT 1 FROM audit_heads WHERE chain = {0} FOR UPDATE", [Audit.AuditTrail.SystemChain], ct);
    }

    public static bool IsConflict(DbUpdateException e) => e is DbUpdateConcurrencyException || IsDuplicateKey(e);

    /// <summary>A unique key met a row another writer committed first (PostgreSQL 23505, SQLite constraint 19).</summary>
    public static bool IsDuplicateKey(DbUpdateException e) =>
        e.InnerException is Npgsql.PostgresException { SqlState: "23505" } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 };
}
