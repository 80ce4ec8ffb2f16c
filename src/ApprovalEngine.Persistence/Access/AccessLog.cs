using System.Collections.Concurrent;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Access;

/// <summary>
/// That a staff member read part of an application: one row per actor, application, part and minute (later reads
/// in the same minute are not repeated). Kept apart from the hash-chained audit trail on purpose: reads are far more
/// frequent than changes and must not queue behind an instance's chain head.
/// </summary>
public sealed class AccessRecord
{
    public long Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Actor { get; set; }
    public required string Roles { get; set; }
    public string? Department { get; set; }
    /// <summary>Which part was read: details, journal, deadlines, materials, material:{id}, correction-notices, sealed-documents, task:{id}, elsa:...</summary>
    public required string What { get; set; }
    /// <summary>The minute of the first such read (UTC, seconds cut off).</summary>
    public DateTimeOffset Minute { get; set; }
    public DateTimeOffset ReadAt { get; set; }
}

/// <summary>Records reads of applications, deduplicated per actor, application, part and minute.</summary>
public sealed class AccessLog(ApprovalDbContext db, TimeProvider time, AccessLogMemory memory)
{
    public async Task RecordAsync(Actor actor, string instanceId, string what, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var minute = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        if (!memory.FirstInMinute(actor.Name, instanceId, what, minute)) return;
        var record = new AccessRecord
        {
            InstanceId = instanceId, Actor = actor.Name, Roles = string.Join(",", actor.Roles), Department = actor.Department,
            What = what.Length > 128 ? what[..128] : what, Minute = minute,
            ReadAt = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
        };
        db.Add(record);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException e) when (Storage.WriteRetry.IsDuplicateKey(e))
        {
            // Another replica (or request) recorded the same read this minute: that record stands.
        }
        catch
        {
            memory.Forget(actor.Name, instanceId, what);
            throw;
        }
        finally { db.Entry(record).State = EntityState.Detached; }
    }
}

/// <summary>Per host: the reads already recorded this minute, so repeated reads cost no write at all.</summary>
public sealed class AccessLogMemory
{
    private readonly ConcurrentDictionary<(string, string, string), byte> _seen = new();
    private long _minute;

    public bool FirstInMinute(string actor, string instanceId, string what, DateTimeOffset minute)
    {
        var ticks = minute.UtcTicks;
        if (Interlocked.Exchange(ref _minute, ticks) != ticks) _seen.Clear();
        return _seen.TryAdd((actor, instanceId, what), 0);
    }

    public void Forget(string actor, string instanceId, string what) => _seen.TryRemove((actor, instanceId, what), out _);
}
