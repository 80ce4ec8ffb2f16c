using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

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
[Activity("Approvals", "Seal", Category = "Approvals", DisplayName = "Seal decision",
    Description = "Signs the written decision with the department's electronic seal (SM2/SM3 or ECDSA P-256).")]
public sealed class Seal : Workflows.Activities.Activity
{
    [Input(Description = "Whose seal: the department code (a bureau seal may stand for several departments).", DefaultValue = "bureau")]
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
[Activity("Approvals", "IssueCertificate", Category = "Approvals", DisplayName = "Issue certificate",
    Description = "Issues a sealed electronic certificate (number, holder, matter, scope, validity) with a public verification link.")]
public sealed class IssueCertificate : Workflows.Activities.Activity
{
    public const string CertificateVariable = "certificate";

    [Input(Description = "The certificate holder; empty means the application's 'applicant' input.", Order = 0)]
    public string? Holder { get; set; }

    [Input(Description = "The approved matter; empty means the process name.", Order = 1)]
    public string? Matter { get; set; }

    [Input(Description = "What the certificate permits.", UIHint = "multiline", Order = 2)]
    public string? Scope { get; set; }

    [Input(DisplayName = "Validity (years)", DefaultValue = "3", Order = 3)]
    public int ValidityYears { get; set; } = 3;

    [Input(DisplayName = "Issuing authority", DefaultValue = "Administrative Approval Bureau", Order = 4)]
    public string IssuingAuthority { get; set; } = "Administrative Approval Bureau";

    [Input(Description = "Whose seal signs the certificate.", DefaultValue = "bureau", Order = 5)]
    public string Department { get; set; } = "bureau";

    [Input(DisplayName = "Number prefix", DefaultValue = "AE", Order = 6)]
    public string NumberPrefix { get; set; } = "AE";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.GetVariable(Decision.DecisionVariable)?["outcome"]?.GetValue<string>() is { } outcome && outcome != Outcomes.Approved)
            return ValueTask.FromResult(ActivityResult.Fault($"A certificate cannot be issued for a decision that is {outcome}."));
        var holder = string.IsNullOrWhiteSpace(Holder) ? context.Input["applicant"]?.ToString() : Holder;
        if (string.IsNullOrWhiteSpace(holder))
            return ValueTask.FromResult(ActivityResult.Fault("The certificate has no holder: set 'holder' or start the application with an 'applicant' input."));
        if (ValidityYears is < 1 or > 50) return ValueTask.FromResult(ActivityResult.Fault("'validityYears' must be between 1 and 50."));

        var today = DateOnly.FromDateTime(context.Now.ToOffset(TimeSpan.FromHours(8)).DateTime);
        // Date plus the instance id's tail: unique per application, short enough to type from paper.
        var number = $"{NumberPrefix}{today:yyyyMMdd}{context.InstanceId[^8..].ToUpperInvariant()}";
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
