using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// A department's review. Its opinion is recorded in the <c>reviews</c> variable (one entry per department) for the
/// joint decision. NeedsCorrection, unless the designer routes it, sends the applicant one notice and, after the
/// resubmission, opens a new review round for this department only.
/// </summary>
[Activity("Approvals", "Review", Category = "审批", DisplayName = "部门审查 (Review)", Kind = ActivityKind.Task,
    Description = "部门审查申请：通过、不通过，或要求申请人补正（只重审本部门）。",
    Outcomes = [Outcomes.Approved, Outcomes.Rejected, Outcomes.NeedsCorrection])]
public sealed class Review : HumanStep
{
    public const string ReviewsVariable = "reviews";

    [Input(DisplayName = "审查部门", Description = "审查部门，如规划局、自然资源局、消防救援支队、生态环境局。", Required = true, Order = 0)]
    public string Department { get; set; } = "";

    [Input(DisplayName = "审查要点", Description = "审查人员必须核查的内容。", UIHint = "multiline", Order = 1)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "审查时限（工作日）", Description = "本环节的办理时限（工作日）。", DefaultValue = "5", Order = 2)]
    public int DeadlineWorkingDays { get; set; } = 5;

    [Input(DisplayName = "审查材料", Description = "本部门需要查看的材料（每行一项）。", UIHint = "multiline", Order = 3)]
    public string[] RequiredMaterials { get; set; } = [];

    [Input(DisplayName = "驳回可退回的步骤", Description = "本环节可驳回到的前序人工环节（活动 ID）；驳回给申请人补正始终可以。",
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
        OpenTask(context, TaskKind.Review, Department, $"审查：{context.Flowchart.Name}", Instructions, DeadlineWorkingDays,
            RequiredMaterials, [Outcomes.Approved, Outcomes.Rejected, Outcomes.NeedsCorrection]);
}
