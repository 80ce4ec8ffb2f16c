namespace ApprovalEngine.Approvals.Seals;

/// <summary>Outcome of verifying a sealed certificate or decision. <see cref="Code"/> is machine-readable
/// (see <see cref="VerificationCodes"/>), <see cref="Reason"/> is for people; both are null when valid.</summary>
public sealed record VerificationResult(bool Valid, string? Reason, string? Code)
{
    /// <summary>The single valid result.</summary>
    public static VerificationResult Ok { get; } = new(true, null, null);

    /// <summary>An invalid result with its code and human-readable reason.</summary>
    public static VerificationResult Fail(string code, string reason) => new(false, reason, code);
}

/// <summary>The <see cref="VerificationResult.Code"/> values. They are API strings: never rename.</summary>
public static class VerificationCodes
{
    /// <summary>The content is not what was signed (hash or signature mismatch).</summary>
    public const string ContentChanged = "content-changed";

    /// <summary>No seal with that id is registered.</summary>
    public const string UnknownSeal = "unknown-seal";

    /// <summary>The seal was revoked at or before the signing time.</summary>
    public const string SealRevoked = "seal-revoked";

    /// <summary>The signing time is before the seal's validity window.</summary>
    public const string SealNotYetValid = "seal-not-yet-valid";

    /// <summary>The signing time is after the seal's validity window.</summary>
    public const string SealExpired = "seal-expired";

    /// <summary>The certificate's own validity dates do not include today.</summary>
    public const string OutsideValidity = "outside-validity";

    /// <summary>The signature's profile or algorithm does not match the registered seal.</summary>
    public const string ProfileMismatch = "profile-mismatch";

    /// <summary>A PDF's attached sealed document is not the document printed in that PDF.</summary>
    public const string AttachmentMismatch = "attachment-mismatch";

    /// <summary>The certificate carries no seal at all.</summary>
    public const string NotSealed = "not-sealed";

    /// <summary>The issuing authority revoked the licence (its library record says when, why and a reason code).</summary>
    public const string LicenceRevoked = "licence-revoked";

    /// <summary>The licence was replaced by a new one (换发); the verdict names the replacement.</summary>
    public const string LicenceReplaced = "licence-replaced";
}
