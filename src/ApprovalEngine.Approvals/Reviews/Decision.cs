using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// The joint decision over all review opinions (Art. 38). Any rejection makes it a written denial listing every
/// department's reasons and the applicant's appeal rights; otherwise the deciding office signs off (or, without
/// sign-off, approval follows directly). The decision is kept in the <c>decision</c> variable for sealing.
/// </summary>
[Activity("Approvals", "Decision", Category = "Approvals", DisplayName = "Joint decision", Kind = ActivityKind.Task,
    Description = "Collects the review opinions into one written decision: approval, or a denial with reasons and appeal rights.",
    Outcomes = [Outcomes.Approved, Outcomes.Denied])]
public sealed class Decision : HumanStep
{
    public const string DecisionVariable = "decision";
    public const string DefaultAppealRights =
        "If you disagree with this decision you may apply for administrative reconsideration within 60 days of receiving it, " +
        "or bring an administrative lawsuit before the people's court within 6 months.";

    [Input(Description = "The office that signs the decision.", DefaultValue = "bureau", Order = 0)]
    public string Department { get; set; } = "bureau";

    [Input(DisplayName = "Require sign-off", Description = "When all reviews approve, a person in the office confirms the decision.", UIHint = "checkbox", DefaultValue = "true", Order = 1)]
    public bool RequireSignOff { get; set; } = true;

    [Input(DisplayName = "Appeal rights", Description = "Stated in every denial.", UIHint = "multiline", DefaultValue = DefaultAppealRights, Order = 2)]
    public string AppealRights { get; set; } = DefaultAppealRights;

    [Input(DisplayName = "Deadline (working days)", DefaultValue = "3", Order = 3)]
    public int DeadlineWorkingDays { get; set; } = 3;

    [Input(DisplayName = "驳回可退回的步骤 (return targets)", Description = "Activity ids of earlier human steps this step may send the application back to (驳回); the applicant is always possible.",
        UIHint = "multiline", Order = 9)]
    public string[] ReturnTargets { get; set; } = [];

    protected override IReadOnlyList<string> ReturnTargetIds => ReturnTargets;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var reviews = context.GetVariable(Review.ReviewsVariable) as JsonObject ?? [];
        var rejections = reviews.Where(r => r.Value?["outcome"]?.GetValue<string>() == Outcomes.Rejected).ToList();
        if (rejections.Count > 0)
        {
            var reasons = rejections.Select(r => $"{r.Key}: {r.Value?["opinion"]?.GetValue<string>()}").ToList();
            return ValueTask.FromResult(Decide(context, Outcomes.Denied, reasons, "system", reviews));
        }
        if (!RequireSignOff) return ValueTask.FromResult(Decide(context, Outcomes.Approved, [], "system", reviews));
        return ValueTask.FromResult(OpenTask(context, TaskKind.Decision, Department, $"Decision: {context.Flowchart.Name}",
            "All reviews are in. Confirm the approval, or deny it stating the reasons.", DeadlineWorkingDays, [],
            [Outcomes.Approved, Outcomes.Denied], new JsonObject { ["reviews"] = reviews.DeepClone() }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        var completion = TaskCompletion.From(stimulus.Payload);
        context.AddEffect(new CloseTask(completion.TaskId, completion.Outcome, completion.Opinion, completion.Materials));
        var reviews = context.GetVariable(Review.ReviewsVariable) as JsonObject ?? [];
        var reasons = completion.Outcome == Outcomes.Denied ? new List<string> { completion.Opinion ?? "" } : [];
        return ValueTask.FromResult(Decide(context, completion.Outcome, reasons, completion.Actor, reviews, completion.Opinion));
    }

    private ActivityResult Decide(ActivityContext context, string outcome, IReadOnlyList<string> reasons, string decidedBy, JsonObject reviews, string? opinion = null)
    {
        var decision = new JsonObject
        {
            ["outcome"] = outcome,
            ["matter"] = context.Flowchart.Name,
            ["decidedBy"] = decidedBy,
            ["decidedAt"] = context.Now,
            ["department"] = Department,
            ["opinion"] = opinion,
            ["opinions"] = reviews.DeepClone(),
            ["reasons"] = new JsonArray(reasons.Select(r => (JsonNode)r).ToArray()),
            ["appealRights"] = outcome == Outcomes.Denied ? AppealRights : null,
        };
        context.SetVariable(DecisionVariable, decision);
        context.AddEffect(new Deadlines.StopStatutoryClock(outcome));
        return ActivityResult.Complete(outcome);
    }
}
