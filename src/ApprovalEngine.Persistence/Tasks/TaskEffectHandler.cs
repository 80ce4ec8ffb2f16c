using System.Text.Json;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.Tasks;

/// <summary>Stores what the human-step activities ask for, inside the stimulus transaction.</summary>
public sealed class TaskEffectHandler(Organisation.OrganisationDirectory organisation) : IWorkflowEffectHandler, IStimulusObserver
{

    public bool CanHandle(object effect) => effect is OpenTask or CloseTask or CorrectionNotice or CorrectionResolved;

    public async Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct)
    {
        var db = context.Db;
        switch (effect.Effect)
        {
            case OpenTask open:
                var added = db.Tasks.Add(new TaskRecord
                {
                    Id = open.TaskId, InstanceId = context.Instance.Id, BookmarkId = open.BookmarkId, ActivityId = effect.ActivityId,
                    Kind = open.Kind, Department = open.Department, Title = open.Title, Instructions = open.Instructions,
                    DefinitionId = context.Instance.DefinitionId, CorrelationId = context.Instance.CorrelationId, Round = open.Round,
                    DeadlineWorkingDays = open.DeadlineWorkingDays, OutcomesJson = JsonSerializer.Serialize(open.Outcomes),
                    RequiredMaterialsJson = JsonSerializer.Serialize(open.RequiredMaterials), ContextJson = open.Context?.ToJsonString(),
                    Status = TaskStatus.Open, CreatedAt = context.Now,
                }).Entity;
                if (open.Assignee is { } signer) Assign(added, signer, context.Now);
                break;
            case CloseTask close:
                await TrackOpenTasksAsync(context, ct);
                // An open task is tracked now; a closed one is read to say why it cannot be closed again.
                var task = await db.Tasks.FindAsync([close.TaskId], ct)
                           ?? throw new InvalidOperationException($"Task {close.TaskId} closed by the workflow does not exist.");
                if (task.Status is TaskStatus.Completed or TaskStatus.Cancelled)
                    throw new ConflictException($"Task '{task.Id}' is already {task.Status.ToString().ToLowerInvariant()}.",
                        task.Status == TaskStatus.Completed ? ErrorCodes.TaskCompleted : ErrorCodes.TaskCancelled);
                task.Status = TaskStatus.Completed;
                task.CompletedBy = context.Actor.Name;
                task.CompletedAt = context.Now;
                task.Outcome = close.Outcome;
                task.Opinion = close.Opinion;
                task.MaterialsJson = JsonSerializer.Serialize(close.Materials);
                task.Revision++;
                break;
            case CorrectionNotice notice:
                db.CorrectionNotices.Add(new CorrectionNoticeRecord
                {
                    Id = notice.NoticeId, InstanceId = context.Instance.Id, BookmarkId = notice.BookmarkId, RequestedBy = notice.RequestedBy,
                    MissingJson = JsonSerializer.Serialize(notice.Missing), Opinion = notice.Opinion, CreatedAt = context.Now,
                });
                break;
            case CorrectionResolved resolved:
                var record = await db.CorrectionNotices.SingleOrDefaultAsync(n => n.Id == resolved.NoticeId, ct);
                if (record is not null) record.ResolvedAt = context.Now;
                break;
        }
    }

    /// <summary>
    /// A named signer holds their task at once, or their substitute while they are on leave (both names kept). A signer the
    /// directory does not know as active leaves the task in the department's inbox, so the work is never stranded.
    /// </summary>
    private void Assign(TaskRecord task, string signer, DateTimeOffset now)
    {
        var snapshot = organisation.Current;
        if (!snapshot.Staff.TryGetValue(signer, out var staff) || !staff.Active) return;
        var acting = snapshot.ActingFor(staff.Id, now.ChinaDate());
        task.Status = TaskStatus.Claimed;
        task.ClaimedBy = acting;
        task.ClaimedAt = now;
        task.AssignedFor = acting == staff.Id ? null : staff.Id;
    }

    /// <summary>
    /// Tasks whose bookmark vanished without being completed (cancelled instance, WaitAny race lost) are cancelled, and so are
    /// tasks opened in this very stimulus whose step was dropped in it too (see <see cref="OpenedAndDropped"/>).
    /// </summary>
    public async Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        // Only human steps' task bookmarks have tasks; timers and events need no lookup.
        var ids = result.RemovedBookmarks.Where(b => b.Name == HumanStep.TaskBookmark).Select(b => b.Id).ToList();
        var dropped = OpenedAndDropped(result);
        if (ids.Count == 0 && dropped.Count == 0) return;
        List<TaskRecord> orphans = [];
        if (ids.Count > 0)
        {
            await TrackOpenTasksAsync(context, ct);
            // Tasks opened in this stimulus count only for a child workflow cancelled in the transaction that started it.
            var startedNow = context.Db.Entry(context.Instance).State == EntityState.Added;
            orphans.AddRange(context.Db.Tasks.Local.Where(t => t.InstanceId == context.Instance.Id && ids.Contains(t.BookmarkId)
                                                               && t.Status is TaskStatus.Open or TaskStatus.Claimed && (startedNow || context.Db.Entry(t).State != EntityState.Added)));
        }
        orphans.AddRange(context.Db.Tasks.Local.Where(t => dropped.Contains(t.Id) && t.Status is TaskStatus.Open or TaskStatus.Claimed));
        foreach (var task in orphans.Distinct())
        {
            task.Status = TaskStatus.Cancelled;
            task.Revision++;
        }
    }

    /// <summary>
    /// Loads the instance's open and claimed tasks once per stimulus, tracked: closing the step and looking for orphaned tasks
    /// then read them from memory (one statement where each read its own), through the instance's index: by bookmark and
    /// status alone PostgreSQL read every open task of every instance, 50 ms per completed step at 100,000 open tasks
    /// (StimulusScaleTests). Rows already tracked keep what this stimulus changed on them.
    /// </summary>
    private static async Task TrackOpenTasksAsync(StimulusContext context, CancellationToken ct)
    {
        if (context.OpenTasksTracked || context.Db.Entry(context.Instance).State == EntityState.Added) return;
        var id = context.Instance.Id;
        await context.Db.Tasks.Where(t => t.InstanceId == id && (t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed)).LoadAsync(ct);
        context.OpenTasksTracked = true;
    }

    /// <summary>
    /// Tasks opened in this stimulus whose step was dropped in it too (a WaitAny join, a fault or a Break in another branch):
    /// the bookmark was created and removed before it reached storage, so it is in neither the added nor the removed list.
    /// </summary>
    public static IReadOnlySet<string> OpenedAndDropped(ExecutionResult result) =>
        result.Effects.Select(e => e.Effect).OfType<OpenTask>()
            .Where(open => result.State.Bookmarks.All(b => b.Id != open.BookmarkId)).Select(open => open.TaskId).ToHashSet();
}
