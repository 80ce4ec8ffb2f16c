using System.Text.Json.Nodes;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// Seals a written decision (any JSON object, opinions included) and verifies it later.
/// What is sealed is the RFC 8785 canonical JSON of the whole object, so member order and whitespace in storage
/// do not matter, but every name and value does. Keep the <see cref="SealSignature"/> beside the decision, not
/// inside it: a seal inside the object would be part of its own content.
/// </summary>
public static class DecisionSeal
{
    /// <summary>Signs the canonical JSON of <paramref name="decision"/> with seal <paramref name="sealId"/>.</summary>
    /// <exception cref="ArgumentException">The decision has no canonical JSON form (see <see cref="CanonicalJson"/>).</exception>
    public static SealSignature Seal(
        SealKeyProtector protector, SealKeyMaterial key, JsonObject decision, string sealId, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(decision);
        return protector.Sign(key, CanonicalJson.Serialize(decision), signingTime, sealId);
    }

    /// <summary>Checks that <paramref name="seal"/> was made over exactly <paramref name="decision"/> by a seal that
    /// was registered, valid and unrevoked at the signing time (see <see cref="SealVerifier.VerifyAgainstRegistry"/>).</summary>
    public static VerificationResult Verify(JsonObject decision, SealSignature seal, Func<string, SealInfo?> lookupSeal)
    {
        ArgumentNullException.ThrowIfNull(decision);
        byte[] content;
        try
        {
            content = CanonicalJson.Serialize(decision);
        }
        catch (ArgumentException ex)
        {
            // Nothing with no canonical form can ever have been sealed.
            return VerificationResult.Fail(VerificationCodes.ContentChanged, ex.Message);
        }
        return SealVerifier.VerifyAgainstRegistry(seal, content, lookupSeal);
    }
}
