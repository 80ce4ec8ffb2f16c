using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// Shared mechanics of the human steps: open a task on a bookmark, close it on completion, and the correction
/// loop (one notice listing everything, wait for the applicant's complete resubmission, then a new round for the
/// same department only) when the designer did not wire the correction port to a path of their own.
/// </summary>
public abstract class HumanStep : Workflows.Activities.Activity
{
    public const string TaskBookmark = "Task";
    public const string ResubmissionBookmark = "Resubmission";

    /// <summary>Activity ids of earlier human steps this step may return the application to (驳回).</summary>
    protected virtual IReadOnlyList<string> ReturnTargetIds => [];

    protected ActivityResult OpenTask(ActivityContext context, TaskKind kind, string department, string title, string? instructions,
        int? deadlineWorkingDays, IReadOnlyList<string> requiredMaterials, IReadOnlyList<string> outcomes, JsonObject? taskContext = null)
    {
        if (ReturnTargetIds.Count > 0)
        {
            // 驳回: the steps the designer allows this one to send the application back to travel with the task.
            taskContext = taskContext?.DeepClone().AsObject() ?? [];
            taskContext["returnTargets"] = new JsonArray(ReturnTargetIds.Select(t => (JsonNode)t).ToArray());
        }
        var round = (context.ActivityState["round"]?.GetValue<int>() ?? 0) + 1;
        context.ActivityState["round"] = round;
        var taskId = ActivityContext.NewId();
        var bookmarkId = ActivityContext.NewId();
        context.AddEffect(new OpenTask(taskId, bookmarkId, kind, department, title, instructions, deadlineWorkingDays, requiredMaterials, outcomes, round, taskContext));
        return ActivityResult.Suspend(TaskBookmark, new JsonObject { ["taskId"] = taskId, ["department"] = department, ["kind"] = kind.ToString() }, bookmarkId: bookmarkId);
    }

    /// <summary>Closes the task and, for a correction the workflow does not route itself, starts the correction loop.</summary>
    protected ActivityResult CloseTask(ActivityContext context, TaskCompletion completion, string correctionOutcome, string requestedBy, Func<ActivityResult> otherwise)
    {
        context.AddEffect(new CloseTask(completion.TaskId, completion.Outcome, completion.Opinion, completion.Materials));
        if (completion.Outcome != correctionOutcome || context.IsConnected(correctionOutcome)) return otherwise();

        var noticeId = ActivityContext.NewId();
        var bookmarkId = ActivityContext.NewId();
        var missing = completion.Materials.Count > 0 ? completion.Materials : [completion.Opinion ?? "see opinion"];
        context.AddEffect(new CorrectionNotice(noticeId, bookmarkId, requestedBy, missing, completion.Opinion));
        return ActivityResult.Suspend(ResubmissionBookmark,
            new JsonObject { ["noticeId"] = noticeId, ["requestedBy"] = requestedBy, ["missing"] = new JsonArray(missing.Select(m => (JsonNode)m).ToArray()) },
            bookmarkId: bookmarkId);
    }

    protected static void ResolveCorrection(ActivityContext context, Bookmark bookmark) =>
        context.AddEffect(new CorrectionResolved(bookmark.Payload?["noticeId"]?.GetValue<string>() ?? ""));
}
