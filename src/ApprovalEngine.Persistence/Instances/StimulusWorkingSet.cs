using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// Reads, in the round trip that locks an instance (PostgreSQL; on SQLite beside it, see WorkflowRuntime.WithInstanceAsync),
/// what a stimulus of it reads next: its open and claimed tasks, its running deadlines with their warning and overdue
/// timers, and its audit chain's head. They are tracked as if queried, so the task and deadline bookkeeping and the audit
/// trail find them in memory. A stimulus that starts from a task (its completion) names the task instead of the instance:
/// the application is found from it, and the task itself, in whatever state, and whether signers were added to it (加签)
/// come back in the same round trip.
/// </summary>
/// <remarks>
/// Each statement costs this host about 0.4 ms of CPU and PostgreSQL as much again (docs/performance.md, "What an approval costs"); a
/// review used to send these five reads as five statements after the lock. On PostgreSQL the function
/// stimulus_working_set (migration StimulusWorkingSetFunction) takes the lock and returns each row as JSON; on SQLite one
/// SELECT built from the EF model does the same with json_object. Either is materialized here column by column through
/// the EF model, so a column added to a table is carried without touching this code.
/// </remarks>
internal static class StimulusWorkingSet
{
    /// <summary>The row stimulus_working_set returns (no row: the instance does not exist), its columns in this order.</summary>
    private sealed record Row(string Instance, string? Tasks, string? Deadlines, string? Timers, string? AuditHead, string? Task, bool TaskHasSigners);

    /// <summary>The locked instance; with a stimulus started from a task, that task (tracked) and whether signers were added to it.</summary>
    public sealed record Locked(InstanceRecord Instance, TaskRecord? Task, bool TaskHasSigners);

    /// <param name="instanceId">The instance to lock, or null to lock the instance of <paramref name="taskId"/>.</param>
    /// <returns>Null when the instance (or the task) does not exist.</returns>
    public static async Task<Locked?> LockAndTrackAsync(ApprovalDbContext db, string? instanceId, string lockTimeout, CancellationToken ct, string? taskId = null)
    {
        var row = await ReadAsync(db, db.Database.IsSqlite() ? [instanceId, taskId] : [instanceId, lockTimeout, taskId], ct);
        if (row is null) return null;
        var instance = Track<InstanceRecord>(db, row.Instance);
        TrackAll<TaskRecord>(db, row.Tasks);
        TrackAll<DeadlineRecord>(db, row.Deadlines);
        TrackAll<TimerRecord>(db, row.Timers);
        if (row.AuditHead is not null) Track<AuditHeadRecord>(db, row.AuditHead);
        db.WorkingSetTracked = instance.Id;
        // An open task came with the open tasks and is tracked already; a closed one is tracked too (nothing will change it).
        var task = row.Task is null ? null : db.Tasks.Local.FindEntry(taskId!)?.Entity ?? Track<TaskRecord>(db, row.Task);
        return new Locked(instance, task, row.TaskHasSigners);
    }

    private const string PostgresQuery = "SELECT * FROM stimulus_working_set({0}, {1}, {2})";

    /// <summary>
    /// Runs the working set's statement as a command of EF's own pipeline (its interceptors, diagnostics and connection
    /// handling), not as a LINQ query: EF builds a raw SQL query's statement anew on every execution, never from its cache
    /// (FromSql and SqlQuery alike), and each stimulus paid that, the query's parameter extraction and its cache look-up.
    /// Its parameters are all text (ids, the lock timeout), any of them may be null. A command is built per call: EF's
    /// command keeps one reader for all its executions and cannot be shared between concurrent stimuli.
    /// </summary>
    private static async Task<Row?> ReadAsync(ApprovalDbContext db, string?[] arguments, CancellationToken ct)
    {
        var names = ParameterNames[..arguments.Length];
        var sqlText = db.GetService<ISqlGenerationHelper>();
        var text = db.GetService<IRelationalTypeMappingSource>().FindMapping(typeof(string))!;
        var builder = db.GetService<IRelationalCommandBuilderFactory>().Create()
            .Append(Statements.GetOrAdd(db.Model, model => string.Format(System.Globalization.CultureInfo.InvariantCulture,
                db.Database.IsSqlite() ? SqliteQuery(model) : PostgresQuery, names.Select(sqlText.GenerateParameterNamePlaceholder).ToArray<object>())));
        var values = new Dictionary<string, object?>(arguments.Length);
        for (var i = 0; i < arguments.Length; i++)
        {
            builder.AddParameter(names[i], sqlText.GenerateParameterName(names[i]), text, nullable: true);
            values[names[i]] = arguments[i];
        }
        await using var reader = await builder.Build().ExecuteReaderAsync(new RelationalCommandParameterObject(
            db.GetService<IRelationalConnection>(), values, null, db, db.GetService<IRelationalCommandDiagnosticsLogger>(), CommandSource.FromSqlQuery), ct);
        var rows = reader.DbDataReader;
        if (!await rows.ReadAsync(ct)) return null;
        string? Text(int column) => rows.IsDBNull(column) ? null : rows.GetString(column);
        // SQLite returns EXISTS as the integers 0 and 1.
        var row = new Row(rows.GetString(0), Text(1), Text(2), Text(3), Text(4), Text(5), Convert.ToBoolean(rows.GetValue(6)));
        if (await rows.ReadAsync(ct)) throw new InvalidOperationException("The stimulus working set returned more than one row.");
        return row;
    }

    private static readonly string[] ParameterNames = ["p0", "p1", "p2"];

    /// <summary>The provider's statement with its parameters' placeholders, by model (a provider's model is its own).</summary>
    private static readonly ConcurrentDictionary<IModel, string> Statements = new();

    /// <summary>SQLite's counterpart of stimulus_working_set, without a lock (the write lock is the transaction's, if any): the same rows, the same filters.</summary>
    private static string SqliteQuery(IModel model)
    {
        string Object<T>(string alias)
        {
            var type = model.FindEntityType(typeof(T))!;
            var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
            return "json_object(" + string.Join(", ", type.GetProperties().Select(p => $"'{p.GetColumnName(table)}', {alias}.\"{p.GetColumnName(table)}\"")) + ")";
        }
        return $"""
            SELECT {Object<InstanceRecord>("i")} AS "Instance",
                (SELECT json_group_array({Object<TaskRecord>("t")}) FROM tasks t WHERE t.instance_id = i.id AND t.status IN ('Open', 'Claimed')) AS "Tasks",
                (SELECT json_group_array({Object<DeadlineRecord>("d")}) FROM deadlines d WHERE d.instance_id = i.id AND d.completed_at IS NULL) AS "Deadlines",
                (SELECT json_group_array({Object<TimerRecord>("x")}) FROM timers x WHERE x.instance_id = i.id AND x.kind IN ('{DeadlineTimerKinds.Warning}', '{DeadlineTimerKinds.Overdue}')) AS "Timers",
                (SELECT {Object<AuditHeadRecord>("h")} FROM audit_heads h WHERE h.chain = i.id) AS "AuditHead",
                (SELECT {Object<TaskRecord>("k")} FROM tasks k WHERE k.id = {"{1}"}) AS "Task",
                EXISTS (SELECT 1 FROM tasks s WHERE s.parent_task_id = {"{1}"}) AS "TaskHasSigners"
            FROM instances i WHERE i.id = coalesce({"{0}"}, (SELECT k.instance_id FROM tasks k WHERE k.id = {"{1}"}))
            """;
    }

    private static void TrackAll<T>(ApprovalDbContext db, string? json) where T : class
    {
        if (json is null) return; // PostgreSQL's json_agg of no rows is NULL (SQLite's json_group_array is [])
        using var rows = JsonDocument.Parse(json);
        foreach (var row in rows.RootElement.EnumerateArray()) db.Attach(Materialize<T>(db, row));
    }

    private static T Track<T>(ApprovalDbContext db, string json) where T : class
    {
        using var row = JsonDocument.Parse(json);
        var entity = Materialize<T>(db, row.RootElement);
        db.Attach(entity);
        return entity;
    }

    /// <summary>One column of an entity as the JSON names it (PostgreSQL's row_to_json, SQLite's json_object), with its stored type and converter.</summary>
    private sealed record Column(string Name, Type StoredType, ValueConverter? Converter, PropertyInfo Property);

    private static readonly ConcurrentDictionary<IEntityType, Column[]> Columns = new();

    private static T Materialize<T>(ApprovalDbContext db, JsonElement row) where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        // Through the constructor, as EF's own materializer does (field initializers run); required members are a compile-time rule.
        var entity = Activator.CreateInstance<T>();
        foreach (var column in Columns.GetOrAdd(type, ColumnsOf))
        {
            if (!row.TryGetProperty(column.Name, out var value))
                throw new InvalidOperationException($"The stimulus working set returned {typeof(T).Name} without its column {column.Name}.");
            if (value.ValueKind == JsonValueKind.Null) continue;
            // SQLite keeps booleans as the integers 0 and 1.
            var stored = value.ValueKind == JsonValueKind.Number && Nullable.GetUnderlyingType(column.StoredType) is var underlying && (underlying ?? column.StoredType) == typeof(bool)
                ? value.GetInt64() != 0
                : value.Deserialize(column.StoredType);
            var clr = column.Converter is null ? stored : column.Converter.ConvertFromProvider(stored);
            // Npgsql reads timestamptz as UTC; JSON carries the session's offset.
            column.Property.SetValue(entity, clr is DateTimeOffset t ? t.ToUniversalTime() : clr);
        }
        return entity;
    }

    private static Column[] ColumnsOf(IEntityType type)
    {
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return type.GetProperties().Select(p =>
        {
            var converter = p.GetTypeMapping().Converter;
            return new Column(p.GetColumnName(table) ?? throw new InvalidOperationException($"{type.DisplayName()}.{p.Name} has no column."),
                converter?.ProviderClrType ?? p.ClrType, converter,
                p.PropertyInfo ?? throw new InvalidOperationException($"{type.DisplayName()}.{p.Name} is not a CLR property."));
        }).ToArray();
    }
}
