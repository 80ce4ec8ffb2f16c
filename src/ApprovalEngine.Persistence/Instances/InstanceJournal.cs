using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// Appends a line to an application's journal inside the stimulus that changes it. One place numbers the lines
/// (<see cref="InstanceRecord.JournalCount"/>, which the instance's lock serialises) and says whose they are.
/// </summary>
/// <remarks>
/// On SQLite the save writes all of a stimulus's new lines in one statement of its own (<see cref="TakeAdded"/>,
/// <see cref="InsertAsync"/>): EF Core sends each added row there as a command of its own, six or seven lines per stimulus,
/// building its SQL and a parameter per column every time. On PostgreSQL EF's batch already sends them in the save's single
/// round trip, and a statement of their own would add one while the instance's lock is held (measured: no faster).
/// Nothing reads a line back in the stimulus that wrote it, or its id.
/// </remarks>
public static class InstanceJournal
{
    public static JournalRecord Append(ApprovalDbContext db, InstanceRecord instance, JournalEntry entry, Actor actor)
    {
        var line = new JournalRecord
        {
            InstanceId = instance.Id, Sequence = ++instance.JournalCount, Timestamp = entry.Timestamp,
            ActivityId = entry.ActivityId, ActivityType = entry.ActivityType, EventName = entry.EventName, Outcome = entry.Outcome,
            Message = entry.Message, PayloadJson = entry.Payload?.ToJsonString(), Actor = entry.Actor ?? actor.Name, Department = actor.Department,
            Month = instance.Month,
        };
        db.Journal.Add(line);
        return line;
    }

    /// <summary>On SQLite, the journal lines added since the last save, no longer tracked: the caller writes them (<see cref="InsertAsync"/>).</summary>
    internal static List<JournalRecord> TakeAdded(ApprovalDbContext db)
    {
        if (!db.Database.IsSqlite()) return [];
        var added = db.EntriesWithoutDetection<JournalRecord>().Where(e => e.State == EntityState.Added).ToList();
        foreach (var entry in added) entry.State = EntityState.Detached;
        return added.ConvertAll(e => e.Entity);
    }

    /// <summary>
    /// Writes the lines on SQLite, in the context's transaction: one INSERT with a row of values per line (per
    /// <see cref="RowsPerStatement"/>), its parameters made by EF's own type mappings (its value converters included, so a
    /// timestamp is stored as EF stores it). Through EF, so that its interceptors, diagnostics and command timeout apply.
    /// </summary>
    // The statement is made of the model's column names and parameter names only: every value is a parameter.
#pragma warning disable EF1003
    internal static async Task InsertAsync(ApprovalDbContext db, List<JournalRecord> lines, CancellationToken ct)
    {
        var columns = Columns.GetOrAdd(db.Model, ColumnsOf);
        var insert = $"INSERT INTO journal ({string.Join(", ", columns.Select(c => c.Name))}) VALUES ";
        // EF's type mappings make parameters for a command; this one only serves as their factory.
        await using var factory = db.Database.GetDbConnection().CreateCommand();
        foreach (var chunk in lines.Chunk(RowsPerStatement))
        {
            var sql = new StringBuilder(insert);
            var parameters = new List<object>(chunk.Length * columns.Length);
            for (var row = 0; row < chunk.Length; row++)
            {
                sql.Append(row == 0 ? "(" : ", (");
                for (var i = 0; i < columns.Length; i++)
                {
                    var name = $"@c{i}_{row}";
                    sql.Append(i == 0 ? name : $", {name}");
                    parameters.Add(columns[i].Mapping.CreateParameter(factory, name, columns[i].Property.GetValue(chunk[row]), columns[i].Nullable));
                }
                sql.Append(')');
            }
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
        }
    }
#pragma warning restore EF1003

    /// <summary>SQLite allows 32,766 parameters in a statement; a year's holiday data can move thousands of applications at once.</summary>
    private const int RowsPerStatement = 500;

    /// <summary>A column the journal's INSERT writes (every mapped one but the generated id), as EF maps it.</summary>
    private sealed record Column(string Name, PropertyInfo Property, RelationalTypeMapping Mapping, bool Nullable);

    private static readonly ConcurrentDictionary<IModel, Column[]> Columns = new();

    private static Column[] ColumnsOf(IModel model)
    {
        var type = model.FindEntityType(typeof(JournalRecord))!;
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return type.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)
            .Select(p => new Column(p.GetColumnName(table)!, p.PropertyInfo!, (RelationalTypeMapping)p.GetTypeMapping(), p.IsNullable))
            .ToArray();
    }
}
