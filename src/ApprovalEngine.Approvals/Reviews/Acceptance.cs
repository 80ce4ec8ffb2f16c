using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// One-window intake (Administrative License Law Art. 32). The clerk accepts, refuses (naming the reason and the
/// competent agency) or requests correction with one notice listing every missing material; the applicant's
/// complete resubmission opens a new intake round. The statutory clock starts on acceptance.
/// </summary>
[Activity("Approvals", "Acceptance", Category = "审批", DisplayName = "一窗受理 (Acceptance)", Kind = ActivityKind.Task,
    Description = "综合受理窗口审查申请材料：受理、不予受理（说明理由并告知有权机关），或一次性告知补正。",
    Outcomes = [Outcomes.Accepted, Outcomes.NotAccepted, Outcomes.CorrectionRequested], OutcomeLabels = ["受理", "不予受理", "要求补正"])]
public sealed class Acceptance : HumanStep
{
    public const string AcceptedAtVariable = "acceptedAt";

    [Input(DisplayName = "受理窗口", Description = "受理窗口的部门代码。", DefaultValue = "window", Order = 0)]
    public string Department { get; set; } = "window";

    [Input(DisplayName = "申请材料", Description = "申请必须提交的材料（逐项输入，按回车添加）。", UIHint = "multitext", Order = 1)]
    public string[] RequiredMaterials { get; set; } = [];

    [Input(DisplayName = "办理说明", Description = "给窗口工作人员的审查要点。", UIHint = "multiline", Order = 2)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "办理时限（工作日）", Description = "窗口作出受理决定的工作日数。", DefaultValue = "5", Order = 3)]
    public int DeadlineWorkingDays { get; set; } = 5;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(Open(context));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        if (bookmark.Name == ResubmissionBookmark)
        {
            ResolveCorrection(context, bookmark);
            return ValueTask.FromResult(Open(context));
        }
        var completion = TaskCompletion.From(stimulus.Payload);
        return ValueTask.FromResult(CloseTask(context, completion, Outcomes.CorrectionRequested, Department, () =>
        {
            if (completion.Outcome == Outcomes.Accepted)
            {
                context.SetVariable(AcceptedAtVariable, JsonValue.Create(context.Now));
                context.AddEffect(new Deadlines.StartStatutoryClock());
            }
            if (completion.Outcome == Outcomes.NotAccepted)
                context.SetVariable("notAccepted", new JsonObject { ["reason"] = completion.Opinion, ["competentAgency"] = completion.CompetentAgency });
            return ActivityResult.Complete(completion.Outcome);
        }));
    }

    private ActivityResult Open(ActivityContext context) =>
        OpenTask(context, TaskKind.Acceptance, Department, $"受理：{context.Flowchart.Name}", Instructions, DeadlineWorkingDays,
            RequiredMaterials, [Outcomes.Accepted, Outcomes.NotAccepted, Outcomes.CorrectionRequested]);
}
