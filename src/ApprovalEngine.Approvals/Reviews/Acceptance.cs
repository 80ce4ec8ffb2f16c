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
    Outcomes = [Outcomes.Accepted, Outcomes.NotAccepted, Outcomes.CorrectionRequested, AcceptanceModes.AcceptedOnCommitment], OutcomeLabels = ["受理", "不予受理", "要求补正", "告知承诺受理"])]
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

    [Input(DisplayName = "可容缺材料", Description = "容缺受理：申请人签署承诺书后可以后补的次要材料（逐项输入，按回车添加）；留空则不允许容缺受理。",
        UIHint = "multitext", Order = 4)]
    public string[] DeferrableMaterials { get; set; } = [];

    [Input(DisplayName = "容缺补齐时限（工作日）", Description = "容缺材料自受理之日起的补齐期限，不超过法定办理时限。", DefaultValue = "5", Order = 5)]
    public int DeferredSupplyWorkingDays { get; set; } = 5;

    [Input(DisplayName = "逾期未补齐处理", Description = "容缺材料逾期未补齐时：终止办理，或中止办理（暂停计时，补齐后继续）。",
        DefaultValue = AcceptanceModes.LapseTerminate, Options = [AcceptanceModes.OptionTerminate, AcceptanceModes.OptionSuspend], Order = 6)]
    public string DeferredLapseAction { get; set; } = AcceptanceModes.LapseTerminate;

    [Input(DisplayName = "适用告知承诺制", Description = "国办发〔2020〕42号：申请人书面承诺可替代下列证明材料；准予许可后由“承诺核查”环节核查。",
        UIHint = "checkbox", DefaultValue = "false", Order = 7)]
    public bool AllowCommitment { get; set; }

    [Input(DisplayName = "承诺替代的证明材料", Description = "告知承诺制下由书面承诺替代的证明材料（逐项输入，按回车添加）。", UIHint = "multitext", Order = 8)]
    public string[] CommitmentMaterials { get; set; } = [];

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (WorkingDaysProblem(inputs, "deadlineWorkingDays", 1, MaxDeadlineWorkingDays, "受理时限") is { } deadline) yield return deadline;
        if (WorkingDaysProblem(inputs, "deferredSupplyWorkingDays", 1, 60, "容缺补齐时限") is { } supply) yield return supply;
        if (Constant<string>(inputs, "deferredLapseAction") is { } lapse && lapse is not (AcceptanceModes.LapseTerminate or AcceptanceModes.LapseSuspend))
            yield return $"deferredLapseAction (逾期未补齐处理) must be '{AcceptanceModes.LapseTerminate}' or '{AcceptanceModes.LapseSuspend}', not '{lapse}'.";
        if (Constant<bool?>(inputs, "allowCommitment") == true && Constant<string[]>(inputs, "commitmentMaterials") is null or { Length: 0 })
            yield return "allowCommitment (告知承诺制) needs the proofs the commitment replaces in commitmentMaterials.";
    }

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
                if (AcceptInMode(context, completion) is { } port) return ActivityResult.Complete(port);
            }
            if (completion.Outcome == Outcomes.NotAccepted)
                context.SetVariable("notAccepted", new JsonObject { ["reason"] = completion.Opinion, ["competentAgency"] = completion.CompetentAgency });
            return ActivityResult.Complete(completion.Outcome);
        }));
    }

    /// <summary>
    /// 容缺受理 or 告知承诺 (the host has checked the request against <see cref="ModeContext"/> and the credit list): the mode goes
    /// into the <c>acceptanceMode</c> variable and, as an effect, onto the application's record. Null for a standard acceptance.
    /// </summary>
    private string? AcceptInMode(ActivityContext context, TaskCompletion completion)
    {
        var mode = completion.Acceptance?["mode"]?.GetValue<string>();
        if (mode is null or AcceptanceModes.Standard) return null;
        var materials = completion.Acceptance!["materials"] is JsonArray list ? list.Select(m => m!.GetValue<string>()).ToList() : new List<string>();
        var signedBy = completion.Acceptance["commitment"]?["signedBy"]?.GetValue<string>() ?? "";
        var text = completion.Acceptance["commitment"]?["text"]?.GetValue<string>();
        context.SetVariable(AcceptanceModes.Variable, new JsonObject
        {
            ["mode"] = mode, ["materials"] = new JsonArray(materials.Select(m => (JsonNode)m).ToArray()),
            ["status"] = mode == AcceptanceModes.Deferred ? AcceptanceModes.SupplyPending : null,
            ["lapseAction"] = mode == AcceptanceModes.Deferred ? DeferredLapseAction : null,
            ["commitment"] = new JsonObject { ["signedBy"] = signedBy, ["text"] = text, ["at"] = context.Now },
        });
        context.AddEffect(new AcceptanceModeChosen(mode, materials, signedBy, text, DeferredSupplyWorkingDays, DeferredLapseAction));
        context.Log(mode == AcceptanceModes.Deferred ? "AcceptedWithDeferredMaterials" : "AcceptedOnCommitment",
            mode == AcceptanceModes.Deferred
                ? $"容缺受理：申请人 {signedBy} 签署承诺书，后补材料：{string.Join("、", materials)}"
                : $"告知承诺制受理：申请人 {signedBy} 书面承诺替代：{string.Join("、", materials)}",
            new JsonObject { ["mode"] = mode, ["materials"] = new JsonArray(materials.Select(m => (JsonNode)m).ToArray()), ["signedBy"] = signedBy });
        return mode == AcceptanceModes.Commitment && context.IsConnected(AcceptanceModes.AcceptedOnCommitment)
            ? AcceptanceModes.AcceptedOnCommitment : Outcomes.Accepted;
    }

    /// <summary>What the window may choose on this step, carried by the task (null when the process allows neither mode).</summary>
    private JsonObject? ModeContext()
    {
        if (DeferrableMaterials.Length == 0 && !AllowCommitment) return null;
        var context = new JsonObject();
        if (DeferrableMaterials.Length > 0)
        {
            context["deferrableMaterials"] = new JsonArray(DeferrableMaterials.Select(m => (JsonNode)m).ToArray());
            context["deferredSupplyWorkingDays"] = DeferredSupplyWorkingDays;
            context["deferredLapseAction"] = DeferredLapseAction;
        }
        if (AllowCommitment)
        {
            context["allowCommitment"] = true;
            context["commitmentMaterials"] = new JsonArray(CommitmentMaterials.Select(m => (JsonNode)m).ToArray());
        }
        return context;
    }

    private ActivityResult Open(ActivityContext context) =>
        OpenTask(context, TaskKind.Acceptance, Department, $"受理：{context.Flowchart.Name}", Instructions, DeadlineWorkingDays,
            RequiredMaterials, [Outcomes.Accepted, Outcomes.NotAccepted, Outcomes.CorrectionRequested], ModeContext());
}
