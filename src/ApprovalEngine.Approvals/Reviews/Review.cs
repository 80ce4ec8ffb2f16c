using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// A department's review. Its opinion is recorded in the <c>reviews</c> variable (one entry per department) for the
/// joint decision. NeedsCorrection, unless the designer routes it, sends the applicant one notice and, after the
/// resubmission, opens a new review round for this department only.
/// </summary>
[Activity("Approvals", "Review", Category = "Approvals", DisplayName = "Department review", Kind = ActivityKind.Task,
    Description = "A department reviews the application and approves, rejects or asks for correction.",
    Outcomes = [Outcomes.Approved, Outcomes.Rejected, Outcomes.NeedsCorrection])]
public sealed class Review : HumanStep
{
    public const string ReviewsVariable = "reviews";

    [Input(Description = "The reviewing department's code, e.g. planning, land, fire, environment.", Required = true, Order = 0)]
    public string Department { get; set; } = "";

    [Input(Description = "What the reviewer must check.", UIHint = "multiline", Order = 1)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "Deadline (working days)", Description = "The step's own limit in working days.", DefaultValue = "5", Order = 2)]
    public int DeadlineWorkingDays { get; set; } = 5;

    [Input(Description = "Materials this department needs to see.", UIHint = "multiline", Order = 3)]
    public string[] RequiredMaterials { get; set; } = [];

    [Input(DisplayName = "驳回可退回的步骤 (return targets)", Description = "Activity ids of earlier human steps this step may send the application back to (驳回); the applicant is always possible.",
        UIHint = "multiline", Order = 9)]
    public string[] ReturnTargets { get; set; } = [];

    protected override IReadOnlyList<string> ReturnTargetIds => ReturnTargets;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(Open(context));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        if (bookmark.Name == ResubmissionBookmark)
        {
            ResolveCorrection(context, bookmark);
            return ValueTask.FromResult(Open(context));
        }
        var completion = TaskCompletion.From(stimulus.Payload);
        var reviews = context.GetVariable(ReviewsVariable) as JsonObject ?? [];
        reviews[Department] = new JsonObject
        {
            ["outcome"] = completion.Outcome, ["opinion"] = completion.Opinion, ["reviewer"] = completion.Actor,
            ["at"] = context.Now, ["round"] = context.ActivityState["round"]?.DeepClone(),
        };
        context.SetVariable(ReviewsVariable, reviews.DeepClone());
        return ValueTask.FromResult(CloseTask(context, completion, Outcomes.NeedsCorrection, Department, () => ActivityResult.Complete(completion.Outcome)));
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (inputs["deadlineWorkingDays"] is { ExpressionType: "Literal" } d && int.TryParse(d.Value?.ToString(), out var days) && days is < 1 or > 365)
            yield return "The deadline must be between 1 and 365 working days.";
    }

    private ActivityResult Open(ActivityContext context) =>
        OpenTask(context, TaskKind.Review, Department, $"Review ({Department}): {context.Flowchart.Name}", Instructions, DeadlineWorkingDays,
            RequiredMaterials, [Outcomes.Approved, Outcomes.Rejected, Outcomes.NeedsCorrection]);
}
