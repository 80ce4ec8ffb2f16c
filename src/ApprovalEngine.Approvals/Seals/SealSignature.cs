namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// A seal applied to some canonical content: who sealed (<see cref="SealId"/>), when, with what, over which content
/// hash, and the signature itself. Public data: it travels with the certificate or decision it seals.
/// </summary>
/// <param name="SealId">Registry id of the seal whose key signed.</param>
/// <param name="Profile">Signature scheme of that seal.</param>
/// <param name="Algorithm">"ECDSA-P256-SHA256" or "SM2-with-SM3" (see <see cref="SealProfiles.AlgorithmName"/>); signed too.</param>
/// <param name="ContentHash">Lowercase hex SHA-256 (ECDSA) or SM3 (SM2) of the canonical content.</param>
/// <param name="SignedAt">Signing time, UTC, whole seconds (finer precision is not part of what is signed).</param>
/// <param name="Signature">Base64 of the DER <c>SEQUENCE { r INTEGER, s INTEGER }</c> over the signed envelope
/// (see <see cref="SealVerifier"/> for the byte layout).</param>
public sealed record SealSignature(
    string SealId,
    SealProfile Profile,
    string Algorithm,
    string ContentHash,
    DateTimeOffset SignedAt,
    string Signature);
