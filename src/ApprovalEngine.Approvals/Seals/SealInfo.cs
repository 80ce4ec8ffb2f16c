namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// A seal as the registry knows it: the public half needed to verify, and the facts that decide whether a
/// signature made at a given time counts (validity window and revocation).
/// </summary>
/// <param name="Id">Registry id, the same as <see cref="SealSignature.SealId"/>.</param>
/// <param name="Departments">Departments that own the seal (the bureau's "one seal" may serve several).</param>
/// <param name="Profile">Signature scheme.</param>
/// <param name="PublicKey">Base64 DER SubjectPublicKeyInfo.</param>
/// <param name="ValidFrom">First instant a signature may carry (inclusive).</param>
/// <param name="ValidUntil">Last instant a signature may carry (inclusive); null for open-ended.</param>
/// <param name="RevokedAt">When the seal was revoked; signatures made at or after this instant do not count.</param>
/// <param name="RevocationReason">Why it was revoked, shown to the verifier.</param>
public sealed record SealInfo(
    string Id,
    IReadOnlyList<string> Departments,
    SealProfile Profile,
    string PublicKey,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil = null,
    DateTimeOffset? RevokedAt = null,
    string? RevocationReason = null);
