using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// 告知承诺制 (国办发〔2020〕42号) verification after the approval: for an application accepted on commitment and approved, the
/// verifying department checks within a deadline that the commitment was true. A false commitment (CommitmentFalse, with the
/// findings) revokes the approval and the licence issued on it. Any other application passes straight through (NotRequired).
/// Place it after the certificate is issued, so the revocation finds the licence.
/// </summary>
[Activity("Approvals", "CommitmentVerification", Category = "审批", DisplayName = "承诺核查 (CommitmentVerification)", Kind = ActivityKind.Task,
    Description = "告知承诺制：准予许可后在时限内核查申请人承诺是否属实；承诺不实的撤销许可决定及证照。",
    Outcomes = [Outcomes.Verified, Outcomes.CommitmentFalse, NotRequired])]
public sealed class CommitmentVerification : HumanStep
{
    public const string NotRequired = "NotRequired";
    public const string VerificationVariable = "commitmentVerification";

    [Input(DisplayName = "核查部门", Description = "负责核查承诺的部门代码。", DefaultValue = "bureau", Order = 0)]
    public string Department { get; set; } = "bureau";

    [Input(DisplayName = "核查时限（工作日）", Description = "准予许可后核查承诺的工作日数。", DefaultValue = "20", Order = 1)]
    public int DeadlineWorkingDays { get; set; } = 20;

    [Input(DisplayName = "核查要点", Description = "给核查人员的说明。", UIHint = "multiline", Order = 2)]
    public string? Instructions { get; set; }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (WorkingDaysProblem(inputs, "deadlineWorkingDays", 1, 250, "核查时限") is { } deadline) yield return deadline;
    }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var mode = context.GetVariable(AcceptanceModes.Variable);
        var approved = context.GetVariable(Decision.DecisionVariable)?["outcome"]?.GetValue<string>() == Outcomes.Approved;
        if (mode?["mode"]?.GetValue<string>() != AcceptanceModes.Commitment || !approved)
            return ValueTask.FromResult(ActivityResult.Complete(NotRequired));
        var result = OpenTask(context, TaskKind.Review, Department, $"承诺核查：{context.Flowchart.Name}",
            Instructions ?? "告知承诺制：核查申请人承诺替代的证明材料是否属实。属实选 Verified；不实选 CommitmentFalse 并写明核查发现，将撤销许可决定及证照。",
            DeadlineWorkingDays, [], [Outcomes.Verified, Outcomes.CommitmentFalse],
            new JsonObject { ["commitment"] = mode.DeepClone(), ["verification"] = true });
        if (result is ActivityResult.Suspended { Payload: { } payload })
            context.AddEffect(new CommitmentVerificationOpened(payload["taskId"]!.GetValue<string>(), Department, DeadlineWorkingDays));
        return ValueTask.FromResult(result);
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        var completion = TaskCompletion.From(stimulus.Payload);
        context.AddEffect(new CloseTask(completion.TaskId, completion.Outcome, completion.Opinion, completion.Materials));
        context.SetVariable(VerificationVariable, new JsonObject
        {
            ["outcome"] = completion.Outcome, ["findings"] = completion.Opinion, ["by"] = completion.Actor, ["at"] = context.Now,
        });
        if (completion.Outcome == Outcomes.CommitmentFalse)
        {
            if (context.GetVariable(Decision.DecisionVariable) is JsonObject decision)
            {
                decision["revoked"] = new JsonObject { ["reason"] = completion.Opinion, ["at"] = context.Now, ["by"] = completion.Actor };
                context.SetVariable(Decision.DecisionVariable, decision.DeepClone());
            }
            context.AddEffect(new CommitmentFoundFalse(completion.TaskId, completion.Opinion ?? ""));
            context.Log("ApprovalRevokedForFalseCommitment", $"承诺核查不实，撤销许可决定及证照：{completion.Opinion}",
                new JsonObject { ["taskId"] = completion.TaskId, ["findings"] = completion.Opinion });
        }
        else context.Log("CommitmentVerified", "承诺核查属实", new JsonObject { ["taskId"] = completion.TaskId });
        return ValueTask.FromResult(ActivityResult.Complete(completion.Outcome));
    }
}
