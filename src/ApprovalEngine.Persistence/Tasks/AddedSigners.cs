using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Organisation;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Persistence.Tasks;

/// <summary>
/// 加签 at run time: people added to a review or decision task before the owner (前加签: the owner answers once they have;
/// their opinions inform the owner's), after the owner (后加签: they answer once the owner has signed) or in parallel
/// (并加签). The owner's approval waits (held on the task) while signers after or in parallel are still to answer, and
/// the workflow moves with the last of them; a rejection by one of them turns the step's answer into a rejection with
/// their reasons. Every answer, hold and release is one stimulus of the application.
/// </summary>
public sealed class AddedSigners(ApprovalDbContext db, WorkflowRuntime runtime, OrganisationDirectory organisation, TimeProvider time)
{
    public const string Before = "before", After = "after", Parallel = "parallel";
    public static readonly IReadOnlySet<string> Modes = new HashSet<string> { Before, After, Parallel };

    public static string Label(string? mode) => mode switch { Before => "前加签", After => "后加签", _ => "并加签" };

    public static bool Pending(TaskRecord t) => t.Status is TaskStatus.Open or TaskStatus.Claimed;

    /// <summary>The owner answers a task that has added signers: refused while signers before them are pending; an approval is held while others are.</summary>
    public async Task<TaskRecord> CompleteOwnerAsync(TaskRecord task, TaskCompletion completion, Actor actor, CancellationToken ct)
    {
        await runtime.DecideAsync(task.InstanceId, actor, async tracked =>
        {
            var owner = await tracked.Tasks.SingleAsync(t => t.Id == task.Id, ct);
            EnsurePending(owner);
            if (owner.HeldOutcome is not null)
                throw new ConflictException($"The owner has already signed ({owner.HeldOutcome}); the added signers are still to answer.", ErrorCodes.TaskSignersPending);
            var signers = await tracked.Tasks.Where(t => t.ParentTaskId == task.Id).ToListAsync(ct);
            if (signers.Any(s => s.SignMode == Before && Pending(s)))
                throw new ConflictException("Signers added before you have not answered yet; wait for them or remove them (减签).", ErrorCodes.TaskSignersPending);
            if (completion.Outcome == Outcomes.Approved && signers.Any(s => s.SignMode != Before && Pending(s)))
            {
                owner.HeldOutcome = completion.Outcome;
                owner.HeldOpinion = completion.Opinion;
                owner.HeldBy = actor.Name;
                owner.Revision++;
                return new WorkflowRuntime.Decided(new JournalEntry(time.GetUtcNow(), task.ActivityId, null, "TaskDecisionHeld", completion.Outcome,
                    $"{Name(actor.Name)} 已签署意见，待加签人员签署", new JsonObject { ["taskId"] = task.Id, ["outcome"] = completion.Outcome, ["opinion"] = completion.Opinion },
                    actor.Name));
            }
            return Release(owner, signers, completion, null);
        }, ct);
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id, ct);
    }

    /// <summary>An added signer answers; the last one after or in parallel releases the owner's held approval.</summary>
    public async Task<TaskRecord> AnswerAsync(TaskRecord task, string outcome, string? opinion, Actor actor, CancellationToken ct)
    {
        await runtime.DecideAsync(task.InstanceId, actor, async tracked =>
        {
            var signer = await tracked.Tasks.SingleAsync(t => t.Id == task.Id, ct);
            EnsurePending(signer);
            var owner = await tracked.Tasks.SingleAsync(t => t.Id == signer.ParentTaskId, ct);
            if (signer.SignMode == After && owner.HeldOutcome is null)
                throw new ConflictException("A signer added after the owner answers once the owner has signed.", ErrorCodes.TaskSignerWaiting);
            signer.Status = TaskStatus.Completed;
            signer.CompletedBy = actor.Name;
            signer.CompletedAt = time.GetUtcNow();
            signer.Outcome = outcome;
            signer.Opinion = opinion;
            signer.Revision++;
            var entry = new JournalEntry(time.GetUtcNow(), task.ActivityId, null, "AddedSignerAnswered", outcome,
                $"{Label(signer.SignMode)}：{Name(actor.Name)} {(outcome == Outcomes.Approved ? "同意" : "不同意")}" + (string.IsNullOrEmpty(opinion) ? "" : $"：{opinion}"),
                new JsonObject { ["taskId"] = owner.Id, ["signerTaskId"] = signer.Id, ["mode"] = signer.SignMode, ["outcome"] = outcome, ["opinion"] = opinion }, actor.Name);
            return await ReleaseIfDueAsync(tracked, owner, entry, ct);
        }, ct);
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id, ct);
    }

    /// <summary>减签: a pending added signer is removed; if they were the last one awaited, the owner's held approval goes on.</summary>
    public async Task<TaskRecord> RemoveAsync(TaskRecord owner, string signerTaskId, string? reason, Actor actor, CancellationToken ct)
    {
        await runtime.DecideAsync(owner.InstanceId, actor, async tracked =>
        {
            var signer = await tracked.Tasks.SingleOrDefaultAsync(t => t.Id == signerTaskId && t.ParentTaskId == owner.Id, ct)
                         ?? throw new NotFoundException($"Task '{signerTaskId}' is not a signer added to this task.", ErrorCodes.TaskNotFound, "signerTaskId");
            EnsurePending(signer);
            var current = await tracked.Tasks.SingleAsync(t => t.Id == owner.Id, ct);
            EnsurePending(current);
            signer.Status = TaskStatus.Cancelled;
            signer.Revision++;
            var entry = new JournalEntry(time.GetUtcNow(), owner.ActivityId, null, "TaskSignerRemoved", null,
                $"减签：{Name(signer.ClaimedBy ?? signer.Department)}" + (reason is null ? "" : $"：{reason}"),
                new JsonObject { ["taskId"] = owner.Id, ["signerTaskId"] = signer.Id, ["signer"] = signer.ClaimedBy, ["mode"] = signer.SignMode, ["reason"] = reason }, actor.Name);
            return await ReleaseIfDueAsync(tracked, current, entry, ct);
        }, ct);
        return await db.Tasks.AsNoTracking().SingleAsync(t => t.Id == signerTaskId, ct);
    }

    private async Task<WorkflowRuntime.Decided> ReleaseIfDueAsync(ApprovalDbContext tracked, TaskRecord owner, JournalEntry entry, CancellationToken ct)
    {
        // Signers of this task as tracked now (identity resolution keeps the change just made to one of them).
        var signers = await tracked.Tasks.Where(t => t.ParentTaskId == owner.Id).ToListAsync(ct);
        if (owner.HeldOutcome is null || !Pending(owner) || signers.Any(s => s.SignMode != Before && Pending(s))) return new WorkflowRuntime.Decided(entry);
        var held = new TaskCompletion(owner.Id, owner.HeldOutcome, owner.HeldOpinion, [], owner.HeldBy!, owner.Department, null);
        return Release(owner, signers, held, entry);
    }

    /// <summary>Moves the workflow with the owner's answer, turned into a rejection if a signer after or in parallel rejected.</summary>
    private static WorkflowRuntime.Decided Release(TaskRecord owner, IReadOnlyList<TaskRecord> signers, TaskCompletion completion, JournalEntry? entry)
    {
        var rejections = signers.Where(s => s.SignMode != Before && s.Status == TaskStatus.Completed && s.Outcome == Outcomes.Rejected).ToList();
        if (completion.Outcome == Outcomes.Approved && rejections.Count > 0)
        {
            var reject = owner.Kind == TaskKind.Decision ? Outcomes.Denied : Outcomes.Rejected;
            var reasons = string.Join("；", rejections.Select(r => $"{r.CompletedBy}：{r.Opinion}"));
            completion = completion with { Outcome = reject, Opinion = string.IsNullOrEmpty(completion.Opinion) ? $"加签意见：{reasons}" : $"{completion.Opinion}；加签意见：{reasons}" };
        }
        var by = completion.Actor;
        return new WorkflowRuntime.Decided(entry, owner.BookmarkId, completion.ToJson(), tracked =>
        {
            // The owner decided; the signer whose answer released it is recorded on the journal line, not as the completer.
            if (tracked.Tasks.Local.SingleOrDefault(t => t.Id == owner.Id) is { Status: TaskStatus.Completed } done) done.CompletedBy = by;
            return Task.CompletedTask;
        });
    }

    private string Name(string id) => organisation.Current.Staff.GetValueOrDefault(id)?.Name ?? organisation.Current.Departments.GetValueOrDefault(id)?.Name ?? id;

    private static void EnsurePending(TaskRecord task)
    {
        if (!Pending(task))
            throw new ConflictException($"Task '{task.Id}' is already {task.Status.ToString().ToLowerInvariant()}.",
                task.Status == TaskStatus.Completed ? ErrorCodes.TaskCompleted : ErrorCodes.TaskCancelled);
    }
}
