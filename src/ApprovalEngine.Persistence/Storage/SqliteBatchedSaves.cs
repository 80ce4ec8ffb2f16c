using Microsoft.EntityFrameworkCore.Update;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// SaveChanges on SQLite sends its inserts, updates and deletes as batches (one command of many statements, as on
/// PostgreSQL) instead of EF's SQLite default of one command per row. SQLite runs in the process, so a batch saves no
/// network round trip, but each command still costs EF and Microsoft.Data.Sqlite a command, its parameters, a reader and
/// its diagnostics events, and a stimulus holds SQLite's single write lock while its save runs. EF's own batch class
/// reads each statement's RETURNING result in turn (ids of inserted journal rows, the "RETURNING 1" that proves an update
/// or delete found its row), exactly as a batch of one does.
/// </summary>
public sealed class SqliteBatchedSaves(ModificationCommandBatchFactoryDependencies dependencies) : IModificationCommandBatchFactory
{
    /// <summary>SQLite's default limit is 32,766 parameters per statement text; rows of up to ~40 columns stay far below it.</summary>
    private const int MaxStatements = 100;

    public ModificationCommandBatch Create() => new Batch(dependencies);

    private sealed class Batch(ModificationCommandBatchFactoryDependencies dependencies) : AffectedCountModificationCommandBatch(dependencies, MaxStatements);
}
