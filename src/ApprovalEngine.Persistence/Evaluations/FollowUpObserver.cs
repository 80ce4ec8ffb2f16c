using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Complaints;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.Evaluations;

/// <summary>
/// Keeps evaluations and complaints in step with their follow-up cases, inside the case's stimulus transaction: links the
/// case when it starts, copies the rectification, callback and reply when their tasks close, and the closing time; a
/// complaint follows its reply task when that is transferred to another department.
/// </summary>
public sealed class FollowUpObserver(Notifications.ApplicantNotifier notifier, Organisation.OrganisationDirectory organisation) : IStimulusObserver
{

    public async Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        var instance = context.Instance;
        if (instance.DefinitionId is not (CareWorkflows.Rectification or CareWorkflows.ComplaintReply)) return;
        var db = context.Db;
        if (instance.DefinitionId == CareWorkflows.Rectification)
        {
            var id = result.State.Input["evaluationId"]?.GetValue<string>();
            if (id is null || await db.Set<EvaluationRecord>().FindAsync([id], ct) is not { } evaluation) return;
            evaluation.RectificationInstanceId ??= instance.Id;
            foreach (var (close, activityId) in Closed(result))
            {
                if (activityId == CareWorkflows.RectifyStep) { evaluation.RectificationResult = close.Opinion; evaluation.RectifiedAt = context.Now; }
                if (activityId == CareWorkflows.CallbackStep) { evaluation.CallbackNote = close.Opinion; evaluation.CalledBackAt = context.Now; }
            }
            if (instance.FinishedAt is not null) evaluation.ClosedAt ??= context.Now;
            return;
        }
        var number = result.State.Input["complaintNumber"]?.GetValue<string>();
        if (number is null) return;
        var complaint = db.Set<ComplaintRecord>().Local.FirstOrDefault(c => c.Number == number)
                        ?? await db.Set<ComplaintRecord>().SingleOrDefaultAsync(c => c.Number == number, ct);
        if (complaint is null) return;
        complaint.ReplyInstanceId ??= instance.Id;
        // 转办: a reply task moved to another department (to the department, or to one of its staff) takes the complaint
        // with it in the same stimulus: that department now sees it, answers it and is counted for it; the due date stays.
        if (db.Tasks.Local.FirstOrDefault(t => t.InstanceId == instance.Id && t.ActivityId == CareWorkflows.ReplyStep
                                                  && t.Status is Tasks.TaskStatus.Open or Tasks.TaskStatus.Claimed) is { } reply
            && reply.Department != complaint.Department)
        {
            complaint.Department = reply.Department;
            // The complainant is told who answers now (the task's revision tells one transfer from the next).
            var name = organisation.Current.Departments.TryGetValue(reply.Department, out var d) ? d.Name : reply.Department;
            notifier.Enqueue(db, instance.Id, Notifications.ApplicantContact.FromInput(result.State.Input), $"{instance.Id}:complaint-transferred:{reply.Revision}",
                Notifications.ApplicantMessages.ComplaintTransferred(number, name), context.Now);
        }
        foreach (var (close, activityId) in Closed(result).Where(c => c.ActivityId == CareWorkflows.ReplyStep))
        {
            var task = await db.Tasks.FindAsync([close.TaskId], ct);
            complaint.Reply = close.Opinion;
            complaint.RepliedBy = context.Actor.Name;
            complaint.RepliedAt = context.Now;
            complaint.RepliedWithinLimit = task?.DueDate is not { } due || context.Now.ChinaDate() <= due;
        }
    }

    private static IEnumerable<(CloseTask Close, string ActivityId)> Closed(ExecutionResult result) =>
        result.Effects.Where(e => e.Effect is CloseTask).Select(e => ((CloseTask)e.Effect, e.ActivityId));
}
