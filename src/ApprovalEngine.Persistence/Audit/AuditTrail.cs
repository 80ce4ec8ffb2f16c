using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Audit;

/// <summary>Who is acting in the current request (the host fills it from the signed-in user).</summary>
public interface IActorAccessor
{
    Actor Current { get; }
}

public sealed class SystemActorAccessor : IActorAccessor
{
    public Actor Current => Actor.System;
}

public sealed record AuditVerification(bool Ok, long? FirstBrokenSequence, long Records, string? Problem);

/// <summary>
/// Appends hash-chained audit records in the caller's transaction (they commit or roll back with the change they
/// describe) and verifies chains. The hash is SHA-256 over the RFC 8785 canonical JSON of the record's fields.
/// </summary>
public sealed class AuditTrail(TimeProvider time, IActorAccessor actors)
{
    public const string SystemChain = "system";
    private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>A system-level action (definitions, seals) by the current user.</summary>
    public Task AppendSystemAsync(ApprovalDbContext db, string action, string target, JsonObject summary, CancellationToken ct = default) =>
        AppendAsync(db, SystemChain, actors.Current, action, target, null, summary, time.GetUtcNow(), ct);

    /// <param name="newChain">The chain starts in this transaction (an application's own chain, with the application being
    /// inserted): its head can only be among the tracked rows (a child started and cancelled in one stimulus), so the
    /// database is not asked, which saves a start one round trip.</param>
    public async Task AppendAsync(ApprovalDbContext db, string chain, Actor actor, string action, string target, string? instanceId,
        JsonObject summary, DateTimeOffset now, CancellationToken ct = default, bool newChain = false)
    {
        // Find looks in the tracked rows by key first (no change-detection pass), then reads the row.
        var head = newChain ? db.Set<AuditHeadRecord>().Local.FindEntry(chain)?.Entity : await db.Set<AuditHeadRecord>().FindAsync([chain], ct);
        if (head is null)
        {
            head = new AuditHeadRecord { Chain = chain, Sequence = 0, Hash = Genesis, Month = Partitions.Months.Of(now) };
            db.Add(head);
        }
        var record = new AuditRecord
        {
            Chain = chain, Sequence = head.Sequence + 1, Timestamp = Truncate(now), Actor = actor.Name, Roles = string.Join(",", actor.Roles),
            Department = actor.Department, Action = action, Target = target, InstanceId = instanceId,
            Summary = summary.ToJsonString(), PreviousHash = head.Hash, Hash = "", Month = head.Month,
        };
        record.Hash = HashOf(record);
        db.Add(record);
        head.Sequence = record.Sequence;
        head.Hash = record.Hash;
        head.Revision++;
    }

    /// <summary>Recomputes the chain; reports the first record whose content, link or position does not hold.</summary>
    public static async Task<AuditVerification> VerifyAsync(ApprovalDbContext db, string chain, CancellationToken ct = default)
    {
        var expectedPrevious = Genesis;
        long expectedSequence = 1, count = 0;
        await foreach (var record in db.Set<AuditRecord>().AsNoTracking().Where(r => r.Chain == chain).OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            if (record.Sequence != expectedSequence)
                return new AuditVerification(false, expectedSequence, count, $"record {expectedSequence} is missing");
            if (record.PreviousHash != expectedPrevious)
                return new AuditVerification(false, record.Sequence, count, "the link to the previous record is broken");
            if (HashOf(record) != record.Hash)
                return new AuditVerification(false, record.Sequence, count, "the record's content was changed");
            expectedPrevious = record.Hash;
            expectedSequence++;
        }
        var head = await db.Set<AuditHeadRecord>().AsNoTracking().SingleOrDefaultAsync(h => h.Chain == chain, ct);
        if (head is not null && (head.Sequence != expectedSequence - 1 || head.Hash != expectedPrevious))
            return new AuditVerification(false, expectedSequence, count, $"records after {expectedSequence - 1} were removed");
        return new AuditVerification(true, null, count, null);
    }

    public static string HashOf(AuditRecord r)
    {
        var content = new JsonObject
        {
            ["chain"] = r.Chain, ["sequence"] = r.Sequence, ["timestamp"] = r.Timestamp.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["actor"] = r.Actor, ["roles"] = r.Roles, ["department"] = r.Department, ["action"] = r.Action, ["target"] = r.Target,
            ["instanceId"] = r.InstanceId, ["summary"] = r.Summary, ["previousHash"] = r.PreviousHash,
        };
        return Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.Serialize(content)));
    }

    // Stored times must hash the same after a round trip through either database (PostgreSQL keeps microseconds).
    private static DateTimeOffset Truncate(DateTimeOffset t) => new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}

/// <summary>Writes one audit record per applied stimulus into the instance's chain, inside the stimulus transaction.</summary>
public sealed class AuditObserver(AuditTrail audit) : IStimulusObserver
{
    public Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        var first = result.Journal.FirstOrDefault();
        if (first is null) return Task.CompletedTask;
        var action = Action(first, result);
        var summary = new JsonObject
        {
            ["before"] = context.PreviousStatus?.ToString(),
            ["after"] = context.Instance.Status.ToString(),
            ["events"] = new JsonArray(result.Journal.Select(j => (JsonNode)$"{j.EventName}{(j.ActivityId is null ? "" : ":" + j.ActivityId)}{(j.Outcome is null ? "" : "=" + j.Outcome)}").ToArray()),
        };
        var resumedPayload = result.Journal.FirstOrDefault(j => j.EventName == "Resumed")?.Payload;
        if (resumedPayload?["outcome"] is { } outcome) summary["outcome"] = outcome.DeepClone();
        if (resumedPayload?["opinion"] is { } opinion) summary["opinion"] = opinion.DeepClone();
        var target = first.ActivityId is null ? $"instance:{context.Instance.Id}" : $"instance:{context.Instance.Id}/{first.ActivityId}";
        // A new application's id (a fresh UUIDv7) has no chain yet.
        var started = context.Db.Entry(context.Instance).State == EntityState.Added;
        return audit.AppendAsync(context.Db, context.Instance.Id, context.Actor, action, target, context.Instance.Id, summary, context.Now, ct, newChain: started);
    }

    private static string Action(JournalEntry first, ExecutionResult result) => first.EventName switch
    {
        "WorkflowStarted" => "instance.started",
        "WorkflowCancelled" => "instance.cancelled",
        "Resumed" when first.Payload?["taskId"] is not null => "task.completed",
        "Resumed" when result.Journal.Any(j => j.EventName == "Resumed" && j.ActivityType is "Elsa.Delay" or "Elsa.Timer") => "timer.fired",
        "Resumed" => "instance.resumed",
        var name => string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "." : "") + char.ToLowerInvariant(c) : c.ToString())),
    };
}
