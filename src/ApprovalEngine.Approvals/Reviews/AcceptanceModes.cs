using System.Text.Json.Nodes;

namespace ApprovalEngine.Approvals.Reviews;

/// <summary>
/// How the window accepted an application. <c>standard</c> (the default, unchanged); <c>deferred</c> 容缺受理: minor materials
/// the process declares deferrable are supplied later under the applicant's signed commitment, review starts at once and
/// the decision waits for them; <c>commitment</c> 告知承诺制 (国办发〔2020〕42号): the applicant's written commitment replaces
/// the proofs the process lists, the decision follows on the fast path and a verification (核查) follows the approval.
/// </summary>
public static class AcceptanceModes
{
    public const string Standard = "standard", Deferred = "deferred", Commitment = "commitment";
    public static readonly IReadOnlyList<string> All = [Standard, Deferred, Commitment];

    /// <summary>What happens when deferred materials are not supplied by their deadline.</summary>
    public const string LapseTerminate = "terminate", LapseSuspend = "suspend";
    public const string OptionTerminate = "terminate|终止办理", OptionSuspend = "suspend|中止办理（暂停计时，补齐后继续）";

    /// <summary>Supply of deferred materials: waiting, supplied, or past its deadline (suspended or terminated).</summary>
    public const string SupplyPending = "pending", SupplySupplied = "supplied", SupplyLapsed = "lapsed";

    /// <summary>The variable the Acceptance step writes and the Decision step reads: <c>{mode, materials, status, commitment}</c>.</summary>
    public const string Variable = "acceptanceMode";

    /// <summary>The Decision step waits on this bookmark while deferred materials are outstanding.</summary>
    public const string DeferredMaterialsBookmark = "DeferredMaterials";

    /// <summary>The acceptance port taken under 告知承诺 when the designer connected it (the fast path to the decision).</summary>
    public const string AcceptedOnCommitment = "AcceptedOnCommitment";

    /// <summary>True while the decision has to wait: deferred materials that are neither supplied nor (after a lapse) ended.</summary>
    public static bool DecisionMustWait(JsonNode? variable) =>
        variable?["mode"]?.GetValue<string>() == Deferred && variable["status"]?.GetValue<string>() != SupplySupplied;

    public static string Label(string mode) => mode switch { Deferred => "容缺受理", Commitment => "告知承诺制", _ => "一般受理" };
}

/// <summary>
/// The window accepted in a mode other than standard: the host records the mode with the application (the commitment, the
/// deferred materials and their supply deadline, or the proofs the commitment replaces) in the acceptance's transaction.
/// </summary>
public sealed record AcceptanceModeChosen(
    string Mode, IReadOnlyList<string> Materials, string CommitmentSignedBy, string? CommitmentText, int SupplyWorkingDays, string LapseAction);

/// <summary>告知承诺: the verification task after the approval is open (its department and due date go onto the application's record).</summary>
public sealed record CommitmentVerificationOpened(string TaskId, string Department, int WorkingDays);

/// <summary>
/// 告知承诺: the verification found the commitment false. The host revokes the approval and the licence issued on it, records a
/// bad credit mark for the applicant, and keeps the finding with the application, all in the verification's transaction.
/// </summary>
public sealed record CommitmentFoundFalse(string TaskId, string Findings);
