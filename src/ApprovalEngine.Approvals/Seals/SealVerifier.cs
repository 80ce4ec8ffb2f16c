using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// Verifies seals. Needs no secret: anyone holding the public key can check a signature.
/// </summary>
/// <remarks>
/// The signed message is the UTF-8 RFC 8785 canonical JSON
/// <c>{"algorithm":"&lt;A&gt;","contentHash":"&lt;H&gt;","sealId":"&lt;S&gt;","signedAt":"&lt;yyyy-MM-ddTHH:mm:ssZ&gt;"}</c>
/// with A = "ECDSA-P256-SHA256" or "SM2-with-SM3", H = lowercase hex SHA-256 (ECDSA) or SM3 (SM2) of the canonical
/// content. ECDSA signs SHA-256(message); SM2 signs SM3(Z_A || message) with user ID
/// <see cref="SealProfiles.Sm2UserId"/>. Signatures are DER <c>SEQUENCE { r INTEGER, s INTEGER }</c>, base64.
/// </remarks>
public static class SealVerifier
{
    /// <summary>
    /// True when <paramref name="signature"/> is a signature of <paramref name="canonicalContent"/> by the key
    /// <paramref name="publicKeyBase64"/> under <paramref name="profile"/>. Any altered field, content byte or
    /// signature byte gives false; this method does not throw for bad signatures.
    /// </summary>
    /// <exception cref="ArgumentException">The public key is not a base64 SubjectPublicKeyInfo of the profile's
    /// curve (a registry error, not a bad signature).</exception>
    public static bool Verify(string publicKeyBase64, SealProfile profile, SealSignature signature, ReadOnlySpan<byte> canonicalContent)
    {
        ArgumentNullException.ThrowIfNull(publicKeyBase64);
        ArgumentNullException.ThrowIfNull(signature);
        // The key is loaded first so a broken registry entry always surfaces, whatever the signature looks like.
        var publicKey = DecodePublicKey(publicKeyBase64);
        using var ecdsa = profile == SealProfile.EcdsaP256 ? LoadEcdsa(publicKey) : null;
        var sm2 = profile == SealProfile.Sm2 ? LoadSm2(publicKey) : null;
        if (ecdsa is null && sm2 is null)
            throw SealProfiles.Unknown(profile);

        if (signature.Profile != profile || signature.Algorithm != profile.AlgorithmName())
            return false;
        // Sign truncates to whole seconds, so a finer time was not what got signed.
        if (!SealEnvelope.IsNormalized(signature.SignedAt) || string.IsNullOrEmpty(signature.SealId))
            return false;
        var contentHash = SealEnvelope.ContentHashHex(profile, canonicalContent);
        if (!string.Equals(contentHash, signature.ContentHash, StringComparison.Ordinal))
            return false;
        if (!TryDecodeBase64(signature.Signature, out var signatureBytes))
            return false;

        var message = SealEnvelope.Message(profile, contentHash, signature.SealId, signature.SignedAt);
        return ecdsa is not null ? VerifyEcdsa(ecdsa, message, signatureBytes) : VerifySm2(sm2!, message, signatureBytes);
    }

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="canonicalContent"/> against the seal registry:
    /// the seal must exist, match the profile, have signed exactly this content, and have been valid and not
    /// revoked at the signing time. A revocation after the signing time does not invalidate the signature.
    /// </summary>
    /// <returns>Valid, or the first failing check as <see cref="VerificationCodes.UnknownSeal"/>,
    /// <see cref="VerificationCodes.ProfileMismatch"/>, <see cref="VerificationCodes.ContentChanged"/>,
    /// <see cref="VerificationCodes.SealRevoked"/>, <see cref="VerificationCodes.SealNotYetValid"/> or
    /// <see cref="VerificationCodes.SealExpired"/>.</returns>
    /// <exception cref="ArgumentException">The registered public key is malformed.</exception>
    public static VerificationResult VerifyAgainstRegistry(
        SealSignature signature, ReadOnlySpan<byte> canonicalContent, Func<string, SealInfo?> lookupSeal)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(lookupSeal);

        var seal = string.IsNullOrEmpty(signature.SealId) ? null : lookupSeal(signature.SealId);
        if (seal is null || seal.Id != signature.SealId)
            return VerificationResult.Fail(VerificationCodes.UnknownSeal, $"No seal '{signature.SealId}' is registered.");
        if (signature.Profile != seal.Profile || signature.Algorithm != seal.Profile.AlgorithmName())
            return VerificationResult.Fail(VerificationCodes.ProfileMismatch,
                $"The signature is {signature.Profile.ToApiName()}/{signature.Algorithm} but seal '{seal.Id}' is {seal.Profile.ToApiName()}.");
        if (!Verify(seal.PublicKey, seal.Profile, signature, canonicalContent))
            return VerificationResult.Fail(VerificationCodes.ContentChanged,
                "The content or its seal was changed after sealing: the signature does not match.");

        // The signing time is the signer's claim; it is trusted here because only the key holder can make it, and a
        // revocation for key compromise should be dated back to the suspected compromise.
        var signedAt = signature.SignedAt;
        if (seal.RevokedAt is { } revokedAt && revokedAt <= signedAt)
            return VerificationResult.Fail(VerificationCodes.SealRevoked,
                $"Seal '{seal.Id}' was revoked at {SealEnvelope.FormatTime(revokedAt)}, before this was sealed at {SealEnvelope.FormatTime(signedAt)}"
                + (string.IsNullOrWhiteSpace(seal.RevocationReason) ? "." : $": {seal.RevocationReason}"));
        // Signing times are kept to the whole second (SealEnvelope.NormalizeTime); a key made earlier in the same
        // second as the signature must not read as "not yet valid", so its start is compared at that precision.
        if (signedAt < SealEnvelope.NormalizeTime(seal.ValidFrom))
            return VerificationResult.Fail(VerificationCodes.SealNotYetValid,
                $"Seal '{seal.Id}' is valid from {SealEnvelope.FormatTime(seal.ValidFrom)}, after the signing time {SealEnvelope.FormatTime(signedAt)}.");
        if (seal.ValidUntil is { } validUntil && signedAt > validUntil)
            return VerificationResult.Fail(VerificationCodes.SealExpired,
                $"Seal '{seal.Id}' expired at {SealEnvelope.FormatTime(validUntil)}, before the signing time {SealEnvelope.FormatTime(signedAt)}.");
        return VerificationResult.Ok;
    }

    internal static bool IsP256(ECDsa ecdsa)
    {
        var curve = ecdsa.ExportParameters(includePrivateParameters: false).Curve;
        return curve.IsNamed && curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value;
    }

    private static byte[] DecodePublicKey(string publicKeyBase64) =>
        TryDecodeBase64(publicKeyBase64, out var bytes)
            ? bytes
            : throw new ArgumentException("The seal public key is not valid base64.", nameof(publicKeyBase64));

    private static ECDsa LoadEcdsa(byte[] publicKey)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(publicKey, out var read);
            if (read != publicKey.Length)
                throw new ArgumentException("The seal public key has trailing bytes after its SubjectPublicKeyInfo.", nameof(publicKey));
            if (!IsP256(ecdsa))
                throw new ArgumentException("The seal public key is not on curve P-256.", nameof(publicKey));
            return ecdsa;
        }
        catch (Exception ex)
        {
            ecdsa.Dispose();
            if (ex is ArgumentException)
                throw;
            throw new ArgumentException("The seal public key is not an EC SubjectPublicKeyInfo.", nameof(publicKey), ex);
        }
    }

    private static ECPublicKeyParameters LoadSm2(byte[] publicKey)
    {
        ECPublicKeyParameters? key;
        try
        {
            key = PublicKeyFactory.CreateKey(publicKey) as ECPublicKeyParameters;
        }
        catch (Exception ex)
        {
            throw new ArgumentException("The seal public key is not an EC SubjectPublicKeyInfo.", nameof(publicKey), ex);
        }
        if (key is null || !GMObjectIdentifiers.sm2p256v1.Equals(key.PublicKeyParamSet))
            throw new ArgumentException("The seal public key is not on curve sm2p256v1.", nameof(publicKey));
        return key;
    }

    private static bool VerifyEcdsa(ECDsa key, byte[] message, byte[] signature)
    {
        try
        {
            return key.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false; // malformed DER
        }
    }

    private static bool VerifySm2(ECPublicKeyParameters key, byte[] message, byte[] signature)
    {
        var signer = new SM2Signer(StandardDsaEncoding.Instance, new SM3Digest());
        signer.Init(false, new ParametersWithID(key, SealProfiles.Sm2UserIdBytes()));
        signer.BlockUpdate(message);
        try
        {
            return signer.VerifySignature(signature);
        }
        catch (Exception)
        {
            return false; // BouncyCastle throws on some malformed DER instead of returning false
        }
    }

    private static bool TryDecodeBase64(string? text, out byte[] bytes)
    {
        bytes = [];
        if (text is null)
            return false;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
            return false;
        bytes = buffer[..written];
        return true;
    }
}
