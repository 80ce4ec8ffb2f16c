using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// PostgreSQL: locks an instance and reads, in the same round trip, what a stimulus of it reads next: its open and claimed
/// tasks, its running deadlines with their warning and overdue timers, and its audit chain's head. They are tracked as if
/// queried, so the task and deadline bookkeeping and the audit trail find them in memory.
/// </summary>
/// <remarks>
/// Each statement costs this host about 0.4 ms of CPU and PostgreSQL as much again (README, "What an approval costs"); a
/// review used to send these five reads as five statements after the lock. The function stimulus_working_set (migration
/// StimulusWorkingSetFunction) returns each row as JSON, materialized here column by column through the EF model, so a
/// column added to a table is carried without touching this code.
/// </remarks>
internal static class StimulusWorkingSet
{
    /// <summary>The row stimulus_working_set returns (no row: the instance does not exist).</summary>
    private sealed class Row
    {
        public string Instance { get; set; } = "";
        public string? Tasks { get; set; }
        public string? Deadlines { get; set; }
        public string? Timers { get; set; }
        public string? AuditHead { get; set; }
    }

    public static async Task<InstanceRecord?> LockAndTrackAsync(ApprovalDbContext db, string instanceId, string lockTimeout, CancellationToken ct)
    {
        var row = (await db.Database.SqlQuery<Row>($"SELECT * FROM stimulus_working_set({instanceId}, {lockTimeout})").ToListAsync(ct)).SingleOrDefault();
        if (row is null) return null;
        var instance = Track<InstanceRecord>(db, row.Instance);
        TrackAll<TaskRecord>(db, row.Tasks);
        TrackAll<DeadlineRecord>(db, row.Deadlines);
        TrackAll<TimerRecord>(db, row.Timers);
        if (row.AuditHead is not null) Track<AuditHeadRecord>(db, row.AuditHead);
        db.WorkingSetTracked = instanceId;
        return instance;
    }

    private static void TrackAll<T>(ApprovalDbContext db, string? json) where T : class
    {
        if (json is null) return; // json_agg of no rows is NULL
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

    /// <summary>One column of an entity as PostgreSQL's row_to_json names and formats it.</summary>
    private sealed record Column(string Name, Type StoredType, ValueConverter? Converter, PropertyInfo Property);

    private static readonly ConcurrentDictionary<IEntityType, Column[]> Columns = new();

    private static T Materialize<T>(ApprovalDbContext db, JsonElement row) where T : class
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity.");
        // RuntimeHelpers, not new T(): the records have required members, which a query's materializer sets without a constructor check either.
        var entity = (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
        foreach (var column in Columns.GetOrAdd(type, ColumnsOf))
        {
            if (!row.TryGetProperty(column.Name, out var value))
                throw new InvalidOperationException($"stimulus_working_set returned {typeof(T).Name} without its column {column.Name}.");
            if (value.ValueKind == JsonValueKind.Null) continue;
            var stored = value.Deserialize(column.StoredType);
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
