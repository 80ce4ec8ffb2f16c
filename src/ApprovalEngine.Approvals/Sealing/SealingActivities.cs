using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Approvals.Sealing;

/// <summary>Seal the written decision (canonical JSON incl. every opinion) with the department's seal.</summary>
public sealed record SealDecision(string Department, JsonObject Decision);

/// <summary>Issue and seal an electronic certificate.</summary>
public sealed record IssueCertificateRequest(
    string Number, string Holder, string Matter, string Scope, DateOnly ValidFrom, DateOnly ValidUntil, string IssuingAuthority, string Department);

/// <summary>
/// Applies the department's electronic seal to the joint decision ("one seal manages approval": a bureau seal
/// may stand for several departments). The signature is stored with the instance; verification needs no login.
/// </summary>
[Activity("Approvals", "Seal", Category = "审批", DisplayName = "加盖电子印章 (Seal)",
    Description = "用部门电子印章（SM2/SM3 或 ECDSA P-256）签署书面决定，审查结果可公开验证。")]
public sealed class Seal : Workflows.Activities.Activity
{
    [Input(DisplayName = "用印部门", Description = "使用哪个部门的印章（“一枚印章管审批”：审批局印章可代表多个部门）。", DefaultValue = "bureau")]
    public string Department { get; set; } = "bureau";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.GetVariable(Decision.DecisionVariable) is not JsonObject decision)
            return ValueTask.FromResult(ActivityResult.Fault("There is no decision to seal: place the Seal after a Joint decision."));
        var document = decision.DeepClone().AsObject();
        document["instanceId"] = context.InstanceId;
        context.AddEffect(new SealDecision(Department, document));
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

/// <summary>Issues the electronic certificate of an approved application, sealed with the bureau seal.</summary>
[Activity("Approvals", "IssueCertificate", Category = "审批", DisplayName = "核发电子证照 (IssueCertificate)",
    Description = "核发加盖电子印章的电子证照（编号、持证人、许可事项、范围、有效期），附公开核验链接。")]
public sealed class IssueCertificate : Workflows.Activities.Activity
{
    public const string CertificateVariable = "certificate";

    [Input(DisplayName = "持证人", Description = "持证人；留空为申请的 applicant（申请人）。", Order = 0)]
    public string? Holder { get; set; }

    [Input(DisplayName = "许可事项", Description = "准予许可的事项；留空为流程名称。", Order = 1)]
    public string? Matter { get; set; }

    [Input(DisplayName = "许可范围", Description = "证照准予的内容。", UIHint = "multiline", Order = 2)]
    public string? Scope { get; set; }

    [Input(DisplayName = "有效期（年）", Description = "1 至 50 年。", DefaultValue = "3", Order = 3)]
    public int ValidityYears { get; set; } = 3;

    [Input(DisplayName = "发证机关", DefaultValue = "行政审批局", Order = 4)]
    public string IssuingAuthority { get; set; } = "行政审批局";

    [Input(DisplayName = "用印部门", Description = "签署证照的印章所属部门。", DefaultValue = "bureau", Order = 5)]
    public string Department { get; set; } = "bureau";

    [Input(DisplayName = "证照编号前缀", DefaultValue = "AE", Order = 6)]
    public string NumberPrefix { get; set; } = "AE";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.GetVariable(Decision.DecisionVariable)?["outcome"]?.GetValue<string>() is { } outcome && outcome != Outcomes.Approved)
            return ValueTask.FromResult(ActivityResult.Fault($"A certificate cannot be issued for a decision that is {outcome}."));
        var holder = string.IsNullOrWhiteSpace(Holder) ? context.Input["applicant"]?.ToString() : Holder;
        if (string.IsNullOrWhiteSpace(holder))
            return ValueTask.FromResult(ActivityResult.Fault("The certificate has no holder: set 'holder' or start the application with an 'applicant' input."));
        if (ValidityYears is < 1 or > 50) return ValueTask.FromResult(ActivityResult.Fault("'validityYears' must be between 1 and 50."));

        var today = context.Now.ChinaDate();
        // Date plus the instance id's tail, 48 of its random bits (a UUIDv7's last 12 hex digits): short enough to type from
        // paper. Two applications of one day share a number with a chance of about n²/2⁴⁹ among n certificates; with the 8 digits
        // (32 bits) used before, a benchmark's few thousand permits a day hit one, a decision refused for that whole day.
        var number = $"{NumberPrefix}{today:yyyyMMdd}{context.InstanceId[^12..].ToUpperInvariant()}";
        var request = new IssueCertificateRequest(number, holder, string.IsNullOrWhiteSpace(Matter) ? context.Flowchart.Name : Matter,
            Scope ?? "", today, today.AddYears(ValidityYears).AddDays(-1), IssuingAuthority, Department);
        context.SetVariable(CertificateVariable, new JsonObject
        {
            ["number"] = number, ["holder"] = request.Holder, ["matter"] = request.Matter, ["scope"] = request.Scope,
            ["validFrom"] = request.ValidFrom.ToString("O"), ["validUntil"] = request.ValidUntil.ToString("O"), ["issuingAuthority"] = IssuingAuthority,
        });
        context.AddEffect(request);
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}
