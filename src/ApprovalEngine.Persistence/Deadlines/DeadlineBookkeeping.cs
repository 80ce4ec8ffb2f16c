using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Deadlines;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Persistence.Deadlines;

/// <summary>
/// Keeps deadlines in step with the workflow, inside each stimulus transaction: the statutory clock starts at
/// acceptance and stops at the decision; each task with a limit gets a step deadline; an applicant correction
/// pauses the statutory clock until the resubmission; an ended instance closes whatever is still running.
/// </summary>
public sealed class DeadlineBookkeeping(DeadlineService deadlines, Definitions.DefinitionStore definitions) : IWorkflowEffectHandler, IStimulusObserver
{
    public bool CanHandle(object effect) => effect is StartStatutoryClock or StopStatutoryClock;

    public async Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct)
    {
        var (db, instance) = (context.Db, context.Instance);
        var statutory = await RunningStatutoryAsync(context, ct);
        switch (effect.Effect)
        {
            case StartStatutoryClock when statutory is null:
                var (limit, maxExtension) = await StatutoryLimitsAsync(instance, ct);
                deadlines.Start(db, instance.Id, instance.DefinitionId, DeadlineKind.Statutory, "statutory decision period", limit, maxExtension, context.Now);
                break;
            case StopStatutoryClock stop when statutory is not null:
                await deadlines.CompleteAsync(db, statutory, context.Now, stop.Outcome);
                break;
        }
    }

    public async Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        var (db, instance, now) = (context.Db, context.Instance, context.Now);
        var ended = result.State.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled or WorkflowStatus.Faulted;
        var stepsEnd = ended || result.RemovedBookmarks.Any(b => b.Name == HumanStep.TaskBookmark) || TaskEffectHandler.OpenedAndDropped(result).Count > 0;
        // The instance's running deadlines, read once when a step or the instance ends (a closed task's step deadline
        // is among them): one query where a review used to need two.
        // Acknowledgement deadlines belong to the supervision side, delivery deadlines to the certificate: both outlive the instance.
        var running = !stepsEnd ? null
            : context.RunningDeadlinesTracked ? db.Deadlines.Local.Where(d => d.InstanceId == instance.Id && d.CompletedAt == null && d.Kind != DeadlineKind.Acknowledgement && d.Kind != DeadlineKind.Delivery).ToList()
            : await db.Deadlines.Where(d => d.InstanceId == instance.Id && d.CompletedAt == null && d.Kind != DeadlineKind.Acknowledgement && d.Kind != DeadlineKind.Delivery).ToListAsync(ct);
        foreach (var effect in result.Effects.Select(e => e.Effect))
        {
            switch (effect)
            {
                case OpenTask open when open.DeadlineWorkingDays is > 0:
                    var deadline = deadlines.Start(db, instance.Id, instance.DefinitionId, DeadlineKind.Step, open.Title, open.DeadlineWorkingDays.Value,
                        maxExtension: open.DeadlineWorkingDays.Value, now, open.TaskId, null, open.Department);
                    var task = db.Tasks.Local.Single(t => t.Id == open.TaskId);
                    deadline.ActivityId = task.ActivityId;
                    task.DueDate = deadline.DueDate;
                    break;
                case CloseTask close:
                    var step = running is not null
                        ? running.FirstOrDefault(d => d.TaskId == close.TaskId && d.CompletedAt == null)
                        : await db.Deadlines.SingleOrDefaultAsync(d => d.TaskId == close.TaskId && d.CompletedAt == null, ct);
                    if (step is not null) await deadlines.CompleteAsync(db, step, now, close.Outcome);
                    break;
                case CorrectionNotice when await RunningStatutoryAsync(context, ct) is { IsPaused: false } statutory:
                    await deadlines.PauseAsync(db, statutory, "applicant correction", now);
                    break;
                case CorrectionResolved when await RunningStatutoryAsync(context, ct) is { IsPaused: true } statutory:
                    await deadlines.ResumeAsync(db, statutory, now);
                    break;
            }
        }

        // Steps whose task was cancelled, and everything once the instance has ended, stop counting.
        if (running is null) return;
        running.AddRange(db.Deadlines.Local.Where(d => d.InstanceId == instance.Id && d.CompletedAt == null && d.Kind != DeadlineKind.Acknowledgement && d.Kind != DeadlineKind.Delivery && !running.Contains(d)));
        foreach (var d in running.Where(d => d.CompletedAt is null))
        {
            var cancelledTask = d.TaskId is not null && db.Tasks.Local.Any(t => t.Id == d.TaskId && t.Status == TaskStatus.Cancelled);
            if (ended || cancelledTask)
                await deadlines.CompleteAsync(db, d, now, ended ? result.State.Status.ToString() : "Cancelled");
        }
    }

    private static async Task<DeadlineRecord?> RunningStatutoryAsync(StimulusContext context, CancellationToken ct)
    {
        var id = context.Instance.Id;
        return context.RunningDeadlinesTracked
            ? context.Db.Deadlines.Local.SingleOrDefault(d => d.InstanceId == id && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null)
            : await context.Db.Deadlines.SingleOrDefaultAsync(d => d.InstanceId == id && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null, ct);
    }

    /// <summary>Configuration first; else the process's own "statutoryLimitWorkingDays" custom property; else Art. 42's 20 + 10.</summary>
    private async Task<(int Limit, int MaxExtension)> StatutoryLimitsAsync(InstanceRecord instance, CancellationToken ct)
    {
        // The stimulus has the instance's version cached already: no read, and its model is parsed once per version.
        var declared = await definitions.StatutoryLimitsAsync(instance.DefinitionVersionId, ct);
        return (deadlines.Options.StatutoryLimitFor(instance.DefinitionId, declared.Limit), deadlines.Options.MaxExtensionFor(instance.DefinitionId, declared.MaxExtension));
    }
}
