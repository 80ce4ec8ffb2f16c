using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// The joint decision over all review opinions (Art. 38). Any rejection makes it a written denial listing every
/// department's reasons and the applicant's appeal rights, made at once or, with <see cref="SignDenials"/>, signed by the
/// deciding office; otherwise the deciding office signs off (or, without sign-off, approval follows directly). The decision is kept in the <c>decision</c> variable for sealing.
/// </summary>
[Activity("Approvals", "Decision", Category = "审批", DisplayName = "联合审批决定 (Decision)", Kind = ActivityKind.Task,
    Description = "汇总各部门审查意见，作出一份书面决定：准予许可，或不予许可（说明理由并告知救济权利）。",
    Outcomes = [Outcomes.Approved, Outcomes.Denied], OutcomeLabels = ["准予许可", "不予许可"])]
public sealed class Decision : HumanStep
{
    public const string DecisionVariable = "decision";
    public const string DefaultAppealRights =
        "If you disagree with this decision you may apply for administrative reconsideration within 60 days of receiving it, " +
        "or bring an administrative lawsuit before the people's court within 6 months.";

    [Input(DisplayName = "决定部门", Description = "签发决定的部门。", DefaultValue = "bureau", Order = 0)]
    public string Department { get; set; } = "bureau";

    [Input(DisplayName = "需要签批", Description = "各部门审查均通过时，由决定部门人员签批确认。", UIHint = "checkbox", DefaultValue = "true", Order = 1)]
    public bool RequireSignOff { get; set; } = true;

    /// <summary>
    /// Off: a department's refusal makes the written denial at once (decidedBy system). On: the deciding office signs it, as
    /// it signs a grant (by the same sign-off mode), and may only refuse or return it: a department's refusal within its own
    /// competence binds the joint decision, but the decision is the bureau's act.
    /// </summary>
    [Input(DisplayName = "不予许可须签批", Description = "部门审查不通过时，不自动作出不予许可决定，而由决定部门人员签发（只能签发不予许可，或按“驳回可退回的步骤”退回）。",
        UIHint = "checkbox", DefaultValue = "false", Order = 1)]
    public bool SignDenials { get; set; }

    [Input(DisplayName = "救济权利告知", Description = "每份不予许可决定中载明的复议、诉讼权利。", UIHint = "multiline", DefaultValue = DefaultAppealRights, Order = 2)]
    public string AppealRights { get; set; } = DefaultAppealRights;

    [Input(DisplayName = "办理时限（工作日）", Description = "作出决定的工作日数。", DefaultValue = "3", Order = 3)]
    public int DeadlineWorkingDays { get; set; } = 3;

    [Input(DisplayName = "驳回可退回的步骤", Description = "本环节可驳回到的前序人工环节（活动 ID）；驳回给申请人补正始终可以。",
        UIHint = "multitext", Order = 9)]
    public string[] ReturnTargets { get; set; } = [];

    [Input(DisplayName = "签批方式", Description = "各部门审查均通过时的签批方式。" + ReviewModes.ModeDescription, DefaultValue = ReviewModes.Single, Order = 4,
        Options = [ReviewModes.OptionSingle, ReviewModes.OptionAll, ReviewModes.OptionAny, ReviewModes.OptionSequential, ReviewModes.OptionVote])]
    public string ReviewMode { get; set; } = ReviewModes.Single;

    [Input(DisplayName = "签署人", Description = "会签、或签、依次审批、票签的签批领导（在组织机构的人员中勾选）；依次审批按清单顺序（按部门，同部门由承办到批准）。", UIHint = "checklist", Order = 5)]
    public string[] Signers { get; set; } = [];

    [Input(DisplayName = "票签通过比例", Description = "票签：同意票所占比例达到此值即通过（0.5 为半数）。", DefaultValue = "0.5", Order = 6)]
    public double PassRatio { get; set; } = 0.5;

    [Input(DisplayName = "签批审批链", Description = "单人签批时按岗位逐级审批，如 checker、approver（审核 → 批准，逐级输入，按回车添加）。", UIHint = "multitext", Order = 7)]
    public string[] PositionChain { get; set; } = [];

    protected override IReadOnlyList<string> ReturnTargetIds => ReturnTargets;

    private SignOffPolicy Policy => SignOffPolicy.Create(ReviewMode, Signers, PassRatio, PositionChain);

    private TaskTemplate Template(ActivityContext context, JsonObject reviews) => new(TaskKind.Decision, Department, $"审批决定：{context.Flowchart.Name}",
        // Stored with the task and shown on its card as written, like the step's title: in the product's language.
        "各部门审查意见已齐，请作出准予许可的决定；不予许可的，应当说明理由。", DeadlineWorkingDays, [],
        [Outcomes.Approved, Outcomes.Denied], new JsonObject { ["reviews"] = reviews.DeepClone() });

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (WorkingDaysProblem(inputs, "deadlineWorkingDays", 1, MaxDeadlineWorkingDays, "决定时限") is { } deadline) yield return deadline;
        foreach (var problem in ConstantPolicy(inputs)?.Problems() ?? []) yield return problem;
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // 容缺受理: no decision while materials accepted as deferred are outstanding; the window's confirmation that they
        // arrived resumes this bookmark (and a lapse ends or suspends the case instead).
        if (AcceptanceModes.DecisionMustWait(context.GetVariable(AcceptanceModes.Variable)))
        {
            var missing = context.GetVariable(AcceptanceModes.Variable)!["materials"]?.DeepClone();
            context.Log("DecisionAwaitsDeferredMaterials", "容缺材料尚未补齐，审批决定待补齐后作出", new JsonObject { ["materials"] = missing });
            return ValueTask.FromResult(ActivityResult.Suspend(AcceptanceModes.DeferredMaterialsBookmark, new JsonObject { ["materials"] = missing?.DeepClone() }));
        }
        var reviews = context.GetVariable(Review.ReviewsVariable) as JsonObject ?? [];
        var refusals = DepartmentRefusals(reviews);
        if (refusals.Count > 0)
            return ValueTask.FromResult(SignDenials
                ? OpenRound(context, Policy, DenialTemplate(context, reviews, refusals))
                : Decide(context, Outcomes.Denied, refusals, "system", reviews));
        if (!RequireSignOff) return ValueTask.FromResult(Decide(context, Outcomes.Approved, [], "system", reviews));
        return ValueTask.FromResult(OpenRound(context, Policy, Template(context, reviews)));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        if (bookmark.Name == AcceptanceModes.DeferredMaterialsBookmark) return ExecuteAsync(context);
        var completion = TaskCompletion.From(stimulus.Payload);
        var reviews = context.GetVariable(Review.ReviewsVariable) as JsonObject ?? [];
        // The reviews do not change while the decision waits: refusals now are the refusals the round was opened on.
        var refusals = SignDenials ? DepartmentRefusals(reviews) : [];
        var template = refusals.Count > 0 ? DenialTemplate(context, reviews, refusals) : Template(context, reviews);
        // Signing a denial, 不予许可 is each signer's yes: an approval chain (审核 → 批准) or a countersign goes through every
        // signer as it does for a grant, instead of ending at the first signer's "no".
        var (next, verdict) = refusals.Count > 0
            ? Vote(context, Policy, template, completion, approve: Outcomes.Denied, reject: Outcomes.Approved)
            : Vote(context, Policy, template, completion, Outcomes.Approved, Outcomes.Denied);
        if (next is not null) return ValueTask.FromResult(next);
        // A signed denial states the departments' reasons, and the signer's own when they add one.
        var reasons = verdict!.Outcome != Outcomes.Denied ? []
            : refusals.Count > 0 ? [.. refusals, .. string.IsNullOrWhiteSpace(verdict.Opinion) ? Array.Empty<string>() : [verdict.Opinion]]
            : new List<string> { verdict.Opinion ?? "" };
        return ValueTask.FromResult(Decide(context, verdict.Outcome, reasons, verdict.Actor, reviews, verdict.Opinion));
    }

    /// <summary>Each refusing department's reasons, "fire: 消防车道宽度不足" (documents print the department's name).</summary>
    private static List<string> DepartmentRefusals(JsonObject reviews) =>
        reviews.Where(r => r.Value?["outcome"]?.GetValue<string>() == Outcomes.Rejected)
            .Select(r => $"{r.Key}: {r.Value?["opinion"]?.GetValue<string>()}").ToList();

    /// <summary>The signed denial's task: the only answer is 不予许可 (or a return the step allows), the reasons in view.</summary>
    private TaskTemplate DenialTemplate(ActivityContext context, JsonObject reviews, List<string> refusals) => new(TaskKind.Decision, Department,
        $"不予许可决定：{context.Flowchart.Name}",
        "部门审查不通过，请签发不予许可决定，写明理由（各部门理由将一并载明）；对部门意见有异议的，可退回重新审查。", DeadlineWorkingDays, [],
        [Outcomes.Denied], new JsonObject { ["reviews"] = reviews.DeepClone(), ["refusals"] = new JsonArray(refusals.Select(r => (JsonNode)r).ToArray()) });

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
