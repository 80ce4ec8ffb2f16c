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
    Outcomes = [Outcomes.Approved, Outcomes.Rejected, Outcomes.NeedsCorrection], OutcomeLabels = ["通过", "不通过", "需补正"])]
public sealed class Review : HumanStep
{
    public const string ReviewsVariable = "reviews";

    [Input(DisplayName = "审查部门", Description = "审查部门，如规划局、自然资源局、消防救援支队、生态环境局。", Required = true, Order = 0)]
    public string Department { get; set; } = "";

    [Input(DisplayName = "审查要点", Description = "审查人员必须核查的内容。", UIHint = "multiline", Order = 1)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "审查时限（工作日）", Description = "本环节的办理时限（工作日）。", DefaultValue = "5", Order = 2)]
    public int DeadlineWorkingDays { get; set; } = 5;

    [Input(DisplayName = "审查材料", Description = "本部门需要查看的材料（逐项输入，按回车添加）。", UIHint = "multitext", Order = 3)]
    public string[] RequiredMaterials { get; set; } = [];

    [Input(DisplayName = "驳回可退回的步骤", Description = "本环节可驳回到的前序人工环节（活动 ID）；驳回给申请人补正始终可以。",
        UIHint = "multitext", Order = 9)]
    public string[] ReturnTargets { get; set; } = [];

    [Input(DisplayName = "审查方式", Description = ReviewModes.ModeDescription, DefaultValue = ReviewModes.Single, Order = 4,
        Options = [ReviewModes.OptionSingle, ReviewModes.OptionAll, ReviewModes.OptionAny, ReviewModes.OptionSequential, ReviewModes.OptionVote])]
    public string ReviewMode { get; set; } = ReviewModes.Single;

    [Input(DisplayName = "签署人", Description = "会签、或签、依次审批、票签的签署人（在组织机构的人员中勾选）；依次审批按清单顺序（按部门，同部门由承办到批准）。", UIHint = "checklist", Order = 5)]
    public string[] Signers { get; set; } = [];

    [Input(DisplayName = "票签通过比例", Description = "票签：同意票所占比例达到此值即通过，大于 0 且不超过 1（0.5 为半数，0.67 约为三分之二）。", DefaultValue = "0.5", Order = 6)]
    public double PassRatio { get; set; } = 0.5;

    [Input(DisplayName = "部门内审批链", Description = "单人审查时部门内按岗位逐级审批，如 handler、checker、approver（承办 → 审核 → 批准，逐级输入，按回车添加）；最后一级同意后部门意见生效，任何一级不同意即结束。",
        UIHint = "multitext", Order = 7)]
    public string[] PositionChain { get; set; } = [];

    protected override IReadOnlyList<string> ReturnTargetIds => ReturnTargets;

    private SignOffPolicy Policy => SignOffPolicy.Create(ReviewMode, Signers, PassRatio, PositionChain);

    // The step's own name (规划审查, 消防审查, ...) titles the task and its deadline: reports average per step by it.
    private TaskTemplate Template(ActivityContext context) => new(TaskKind.Review, Department, $"{context.Node.DisplayName}：{context.Flowchart.Name}", Instructions,
        DeadlineWorkingDays, RequiredMaterials, [Outcomes.Approved, Outcomes.Rejected, Outcomes.NeedsCorrection]);

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(Open(context));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        if (bookmark.Name == ResubmissionBookmark)
        {
            ResolveCorrection(context, bookmark);
            return ValueTask.FromResult(Open(context));
        }
        var completion = TaskCompletion.From(stimulus.Payload);
        var policy = Policy;
        var (next, verdict) = Vote(context, policy, Template(context), completion, Outcomes.Approved, Outcomes.Rejected);
        if (next is not null) return ValueTask.FromResult(next);
        var reviews = context.GetVariable(ReviewsVariable) as JsonObject ?? [];
        reviews[Department] = new JsonObject
        {
            ["outcome"] = verdict!.Outcome, ["opinion"] = verdict.Opinion, ["reviewer"] = verdict.Actor,
            ["at"] = context.Now, ["round"] = context.ActivityState["round"]?.DeepClone(),
            ["mode"] = policy.Mode == ReviewModes.Single && policy.Chain.Count == 0 ? null : policy.Mode,
            ["votes"] = verdict.Votes.Count > 1 ? new JsonArray(verdict.Votes.Select(v => (JsonNode)v.ToJson()).ToArray()) : null,
        };
        context.SetVariable(ReviewsVariable, reviews.DeepClone());
        return ValueTask.FromResult(Conclude(context, verdict.Outcome, verdict.Opinion, verdict.Materials, Outcomes.NeedsCorrection, Department,
            () => ActivityResult.Complete(verdict.Outcome)));
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (WorkingDaysProblem(inputs, "deadlineWorkingDays", 1, MaxDeadlineWorkingDays, "审查时限") is { } deadline) yield return deadline;
        foreach (var problem in ConstantPolicy(inputs)?.Problems() ?? []) yield return problem;
    }

    private ActivityResult Open(ActivityContext context) => OpenRound(context, Policy, Template(context));
}
