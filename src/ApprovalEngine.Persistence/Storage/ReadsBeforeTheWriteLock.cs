using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// Guards a SQLite stimulus's first attempt, which reads and runs before it takes the write lock (WorkflowRuntime): while
/// <see cref="ApprovalDbContext.ReadingBeforeWriteLock"/> is set, a statement that is not a SELECT, or a transaction begun,
/// would write outside the stimulus's transaction, so it is refused with <see cref="WriteNeedsTheLock"/> and the stimulus
/// runs again the usual way, under the lock from its first statement. Statements of other contexts are not touched.
/// </summary>
public sealed class ReadsBeforeTheWriteLock : DbCommandInterceptor, IDbTransactionInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Check(command, eventData.Context, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Check(command, eventData.Context, result));

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Check(command, eventData.Context, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Check(command, eventData.Context, result));

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Check(command, eventData.Context, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Check(command, eventData.Context, result));

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result)
    {
        Refuse(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        Refuse(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private static T Check<T>(DbCommand command, Microsoft.EntityFrameworkCore.DbContext? context, T result)
    {
        if (!OnlyReads(command)) Refuse(context);
        return result;
    }

    /// <summary>Only a plain SELECT reads for sure (a WITH may end in a DELETE, a PRAGMA may write): anything else is a write.</summary>
    internal static bool OnlyReads(DbCommand command) => command.CommandText.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase);

    private static void Refuse(Microsoft.EntityFrameworkCore.DbContext? context)
    {
        if (context is not ApprovalDbContext { ReadingBeforeWriteLock: true } db) return;
        db.WriteRefusedBeforeLock = true;
        throw new WriteNeedsTheLock();
    }
}

/// <summary>A SQLite stimulus tried to write before it held the write lock; it runs again under the lock.</summary>
public sealed class WriteNeedsTheLock() : Exception("This stimulus writes before its commit; it runs again under the database's write lock.");
