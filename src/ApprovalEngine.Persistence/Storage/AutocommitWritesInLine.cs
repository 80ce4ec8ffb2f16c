using System.Data.Common;
using System.Runtime.CompilerServices;
using ApprovalEngine.Persistence.Instances;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// A SQLite statement that writes outside a transaction (a bulk ExecuteUpdate or ExecuteDelete: the outbox's and the timer
/// sweeper's claims, their outcomes) takes the host's line for the write lock for as long as it runs, like a write
/// transaction (<see cref="WriterLine"/>): waiting in SQLite's polling busy wait instead, it would rarely find the lock free
/// between the turns of a busy line.
/// </summary>
public sealed class AutocommitWritesInLine : DbCommandInterceptor
{
    // The line a running statement holds; left when it has run, failed or been cancelled.
    private static readonly ConditionalWeakTable<DbCommand, SemaphoreSlim> Holding = new();

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Entered(command, result);

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) => EnteredAsync(command, result, cancellationToken);

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Entered(command, result);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) => EnteredAsync(command, result, cancellationToken);

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Entered(command, result);

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) => EnteredAsync(command, result, cancellationToken);

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result) => Left(command, result);

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Left(command, result));

    // A reader's statement has written by the time it is returned (SQLite steps to the first row).
    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result) => Left(command, result);

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Left(command, result));

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result) => Left(command, result);

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default) => ValueTask.FromResult(Left(command, result));

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Left(command, 0);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Left(command, 0);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Left(command, 0);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Left(command, 0);
        return Task.CompletedTask;
    }

    /// <summary>The line a statement must take: it writes (anything but a SELECT) and no transaction holds the line for it.</summary>
    private static (SemaphoreSlim Line, TimeSpan Timeout)? LineFor(DbCommand command) =>
        command is { Transaction: null, Connection: SqliteConnection connection } && !ReadsBeforeTheWriteLock.OnlyReads(command)
            ? (WriterLine.For(connection), TimeSpan.FromSeconds(connection.DefaultTimeout))
            : null;

    /// <summary>Takes the line for a statement that must (<see cref="LineFor"/>), waiting at most the connection's default timeout.</summary>
    private static T Entered<T>(DbCommand command, T result)
    {
        if (LineFor(command) is not { } turn) return result;
        if (!turn.Line.Wait(turn.Timeout)) throw WriterLine.Busy();
        Holding.AddOrUpdate(command, turn.Line);
        return result;
    }

    private static async ValueTask<T> EnteredAsync<T>(DbCommand command, T result, CancellationToken ct)
    {
        if (LineFor(command) is not { } turn) return result;
        if (!await turn.Line.WaitAsync(turn.Timeout, ct)) throw WriterLine.Busy();
        Holding.AddOrUpdate(command, turn.Line);
        return result;
    }

    private static T Left<T>(DbCommand command, T result)
    {
        if (Holding.TryGetValue(command, out var line) && Holding.Remove(command)) line.Release();
        return result;
    }
}
