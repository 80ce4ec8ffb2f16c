using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Certificates;

/// <summary>Applies a seal to an electronic certificate.</summary>
public static class CertificateSealer
{
    /// <summary>
    /// Returns <paramref name="certificate"/> with <see cref="ElectronicCertificate.Seal"/> set to a signature over
    /// its <see cref="ElectronicCertificate.CanonicalContent"/> (any existing seal is replaced, not countersigned).
    /// </summary>
    public static ElectronicCertificate Seal(
        SealKeyProtector protector, SealKeyMaterial key, ElectronicCertificate certificate, string sealId, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(certificate);
        var signature = protector.Sign(key, certificate.CanonicalContent(), signingTime, sealId);
        return certificate with { Seal = signature };
    }
}
