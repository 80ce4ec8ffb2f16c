using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Approvals.Sealing;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.Supervision;

/// <summary>Push the result to one supervising department; delivered by the outbox, acknowledged within a deadline.</summary>
public sealed record SupervisionPush(string PushId, string Department, JsonObject Result, int AckDeadlineWorkingDays);

/// <summary>
/// The "double push": after approval the result goes to the supervising departments (who then supervise the
/// licensee), each push acknowledged within its own working-day deadline and open to supervision feedback.
/// </summary>
[Activity("Approvals", "PushToSupervision", Category = "审批", DisplayName = "双推送 (PushToSupervision)",
    Description = "把审批结果推送给行业主管和监管部门（签名推送，失败重试），并跟踪其签收。")]
public sealed class PushToSupervision : Workflows.Activities.Activity
{
    [Input(DisplayName = "监管部门", Description = "接收审批结果的部门（在组织机构中勾选）。", UIHint = "checklist", Required = true, Order = 0)]
    public string[] Departments { get; set; } = [];

    [Input(DisplayName = "签收时限（工作日）", DefaultValue = "2", Order = 1)]
    public int AckDeadlineWorkingDays { get; set; } = 2;

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Departments.Length == 0) return ValueTask.FromResult(ActivityResult.Fault("Name at least one supervising department."));
        // From an expression the limit is known only now: out of range, an incident rather than a calendar error in the stimulus.
        if (AckDeadlineWorkingDays is < 1 or > 60)
            return ValueTask.FromResult(ActivityResult.Fault($"The acknowledgement deadline of {AckDeadlineWorkingDays} working days is outside 1 to 60."));
        var result = new JsonObject
        {
            ["instanceId"] = context.InstanceId,
            ["matter"] = context.Flowchart.Name,
            ["applicant"] = context.Input["applicant"]?.DeepClone(),
            ["decision"] = context.GetVariable(Decision.DecisionVariable)?["outcome"]?.DeepClone(),
            ["decidedAt"] = context.GetVariable(Decision.DecisionVariable)?["decidedAt"]?.DeepClone(),
            ["certificate"] = context.GetVariable(IssueCertificate.CertificateVariable)?.DeepClone(),
        };
        foreach (var department in Departments.Distinct())
            context.AddEffect(new SupervisionPush(ActivityContext.NewId(), department, result.DeepClone().AsObject(), AckDeadlineWorkingDays));
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (Reviews.HumanStep.WorkingDaysProblem(inputs, "ackDeadlineWorkingDays", 1, 60, "签收时限") is { } deadline) yield return deadline;
    }
}
