using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Digests;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// The exact bytes a seal signs. Kept in one place because changing any of it invalidates every stored signature.
/// </summary>
/// <remarks>
/// Signed message = RFC 8785 canonical JSON (UTF-8) of
/// <c>{"algorithm":A,"contentHash":H,"sealId":S,"signedAt":T}</c> where A is the algorithm name
/// ("ECDSA-P256-SHA256" / "SM2-with-SM3"), H the lowercase hex SHA-256 (ECDSA) or SM3 (SM2) of the canonical
/// content bytes, S the seal id, and T the signing time as <c>yyyy-MM-ddTHH:mm:ssZ</c> (UTC, whole seconds).
/// The message is then signed by the profile: ECDSA-P256 over SHA-256(message); SM2 over
/// SM3(Z_A || message) with user ID "1234567812345678" (GB/T 32918.2 / GM/T 0009).
/// The algorithm is inside the message so a signature can never be replayed under the other profile.
/// </remarks>
internal static class SealEnvelope
{
    public static string ContentHashHex(SealProfile profile, ReadOnlySpan<byte> content) =>
        Convert.ToHexStringLower(ContentHash(profile, content));

    private static byte[] ContentHash(SealProfile profile, ReadOnlySpan<byte> content)
    {
        switch (profile)
        {
            case SealProfile.EcdsaP256:
                return SHA256.HashData(content);
            case SealProfile.Sm2:
                var sm3 = new SM3Digest();
                sm3.BlockUpdate(content);
                var hash = new byte[sm3.GetDigestSize()];
                sm3.DoFinal(hash);
                return hash;
            default:
                throw SealProfiles.Unknown(profile);
        }
    }

    public static byte[] Message(SealProfile profile, string contentHashHex, string sealId, DateTimeOffset signedAt) =>
        CanonicalJson.Serialize(new JsonObject
        {
            ["algorithm"] = profile.AlgorithmName(),
            ["contentHash"] = contentHashHex,
            ["sealId"] = sealId,
            ["signedAt"] = FormatTime(signedAt),
        });

    /// <summary>UTC, truncated to whole seconds: databases keep different sub-second precision, and a stored
    /// signing time must read back exactly as signed.</summary>
    public static DateTimeOffset NormalizeTime(DateTimeOffset time)
    {
        var utc = time.UtcTicks;
        return new DateTimeOffset(utc - utc % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    public static bool IsNormalized(DateTimeOffset time) => time.UtcTicks % TimeSpan.TicksPerSecond == 0;

    public static string FormatTime(DateTimeOffset time) =>
        NormalizeTime(time).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
