using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Supervision;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Supervision;

/// <summary>Stores pushes (and their webhook deliveries and acknowledgement deadlines) in the stimulus transaction.</summary>
public sealed class SupervisionEffectHandler(DeadlineService deadlines, Definitions.DefinitionStore definitions) : IWorkflowEffectHandler
{
    public bool CanHandle(object effect) => effect is SupervisionPush;

    public async Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct)
    {
        var push = (SupervisionPush)effect.Effect;
        var body = new JsonObject { ["pushId"] = push.PushId, ["department"] = push.Department, ["result"] = push.Result.DeepClone(), ["pushedAt"] = context.Now };
        // The national codes supervisors match records by: file number, item implementation code (GB/T 39554.1), investment project code (GB/T 40058).
        body["codes"] = new JsonObject
        {
            ["fileNumber"] = context.Instance.CorrelationId,
            ["implementationCode"] = await definitions.ImplementationCodeAsync(context.Instance.DefinitionVersionId, ct),
            ["projectCode"] = context.Instance.ProjectCode,
        };
        context.Db.Add(new SupervisionPushRecord
        {
            Id = push.PushId, InstanceId = context.Instance.Id, Department = push.Department, PayloadJson = body.ToJsonString(),
            CreatedAt = context.Now, FeedbackJson = "[]",
        });
        context.Db.Outbox.Add(new OutboxRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), Channel = OutboxChannels.Webhook, Recipient = push.Department, Topic = "supervision.push",
            InstanceId = context.Instance.Id, PayloadJson = body.ToJsonString(), IdempotencyKey = push.PushId, CreatedAt = context.Now, NextAttemptAt = context.Now,
        });
        deadlines.Start(context.Db, context.Instance.Id, context.Instance.DefinitionId, DeadlineKind.Acknowledgement,
            $"supervision acknowledgement ({push.Department})", push.AckDeadlineWorkingDays, push.AckDeadlineWorkingDays, context.Now,
            taskId: push.PushId, activityId: effect.ActivityId, department: push.Department);
    }
}

/// <summary>The supervision side: acknowledging a push (stops its clock) and feeding back findings.</summary>
public sealed class SupervisionService(ApprovalDbContext db, WorkflowRuntime runtime, DeadlineService deadlines, Organisation.OrganisationDirectory organisation, TimeProvider time)
{
    public async Task<SupervisionPushRecord> AcknowledgeAsync(string pushId, Actor actor, CancellationToken ct)
    {
        var push = await FindForAsync(pushId, actor, ct);
        if (push.AcknowledgedAt is not null) throw new ConflictException($"Push '{pushId}' was already acknowledged by {push.AcknowledgedBy}.", ErrorCodes.PushAcknowledged);
        await runtime.RecordAsync(push.InstanceId, actor, async tracked =>
        {
            var current = await tracked.Set<SupervisionPushRecord>().SingleAsync(p => p.Id == pushId, ct);
            if (current.AcknowledgedAt is not null) throw new ConflictException($"Push '{pushId}' was already acknowledged.", ErrorCodes.PushAcknowledged);
            var now = time.GetUtcNow();
            current.AcknowledgedAt = now;
            current.AcknowledgedBy = actor.Name;
            current.Revision++;
            if (await tracked.Deadlines.SingleOrDefaultAsync(d => d.TaskId == pushId && d.CompletedAt == null, ct) is { } deadline)
                await deadlines.CompleteAsync(tracked, deadline, now, "Acknowledged");
            return new JournalEntry(now, null, null, "SupervisionAcknowledged", Message: push.Department, Actor: actor.Name,
                Payload: new JsonObject { ["pushId"] = pushId, ["department"] = push.Department });
        }, ct);
        return await db.Set<SupervisionPushRecord>().AsNoTracking().SingleAsync(p => p.Id == pushId, ct);
    }

    public async Task<SupervisionPushRecord> FeedbackAsync(string pushId, string? findings, Actor actor, CancellationToken ct)
    {
        var text = findings?.Trim();
        if (string.IsNullOrEmpty(text)) throw new BadRequestException("'findings' is required.", ErrorCodes.ValidationField, "findings");
        if (text.Length > 8000) throw new BadRequestException("'findings' must be at most 8000 characters.", ErrorCodes.ValidationField, "findings");
        var push = await FindForAsync(pushId, actor, ct);
        await runtime.RecordAsync(push.InstanceId, actor, async tracked =>
        {
            var current = await tracked.Set<SupervisionPushRecord>().SingleAsync(p => p.Id == pushId, ct);
            var now = time.GetUtcNow();
            var feedback = JsonNode.Parse(current.FeedbackJson)!.AsArray();
            feedback.Add(new JsonObject { ["findings"] = text, ["by"] = actor.Name, ["at"] = now });
            current.FeedbackJson = feedback.ToJsonString();
            current.Revision++;
            return new JournalEntry(now, null, null, "SupervisionFeedback", Message: text, Actor: actor.Name,
                Payload: new JsonObject { ["pushId"] = pushId, ["department"] = push.Department });
        }, ct);
        return await db.Set<SupervisionPushRecord>().AsNoTracking().SingleAsync(p => p.Id == pushId, ct);
    }

    public static readonly IReadOnlyList<string> Statuses = ["pending", "acknowledged"];

    /// <summary>
    /// Pushes in the order a supervising department works them: <c>pending</c> (not yet acknowledged) oldest first, since the
    /// acknowledgement clock runs from the push; <c>acknowledged</c> latest acknowledgement first; otherwise all, newest first.
    /// To <paramref name="department"/> if given, only to <paramref name="visibleTo"/> if given; <paramref name="term"/> is part of
    /// the application's file number.
    /// </summary>
    public IQueryable<SupervisionPushRecord> Query(string? department, IReadOnlyList<string>? visibleTo, string? instanceId, string? status, string? term)
    {
        if (status is not null && !Statuses.Contains(status))
            throw new BadRequestException("'status' must be pending or acknowledged (or absent for all).", ErrorCodes.ValidationField, "status");
        if (term is { Length: > 128 }) throw new BadRequestException("'q' must be at most 128 characters.", ErrorCodes.ValidationField, "q");
        var query = db.Set<SupervisionPushRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(department)) query = query.Where(p => p.Department == department);
        if (visibleTo is not null)
        {
            var mine = visibleTo.ToArray();
            query = query.Where(p => mine.Contains(p.Department));
        }
        if (!string.IsNullOrEmpty(instanceId)) query = query.Where(p => p.InstanceId == instanceId);
        if (!string.IsNullOrEmpty(term))
            query = query.Where(p => db.Instances.Any(i => i.Id == p.InstanceId && i.CorrelationId != null && i.CorrelationId.Contains(term)));
        return status switch
        {
            "pending" => query.Where(p => p.AcknowledgedAt == null).OrderBy(p => p.CreatedAt).ThenBy(p => p.Id),
            "acknowledged" => query.Where(p => p.AcknowledgedAt != null).OrderByDescending(p => p.AcknowledgedAt).ThenByDescending(p => p.Id),
            _ => query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id),
        };
    }

    private async Task<SupervisionPushRecord> FindForAsync(string pushId, Actor actor, CancellationToken ct)
    {
        var push = await db.Set<SupervisionPushRecord>().AsNoTracking().SingleOrDefaultAsync(p => p.Id == pushId, ct)
                   ?? throw new NotFoundException($"Push '{pushId}' does not exist.", ErrorCodes.PushNotFound);
        if (!actor.Roles.Contains("admin") && !organisation.WorkingDepartments(actor, time.GetUtcNow()).Contains(push.Department, StringComparer.OrdinalIgnoreCase))
            throw new ForbiddenException($"This push is addressed to the {push.Department} department.", ErrorCodes.PushForbidden);
        return push;
    }
}
