using System.Globalization;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Certificates;

/// <summary>Public verification of an electronic certificate: its seal, and whether it is in force today.</summary>
public static class CertificateVerifier
{
    /// <summary>
    /// Verifies the seal (see <see cref="SealVerifier.VerifyAgainstRegistry"/>), then that the certificate's own
    /// validity dates include today.
    /// </summary>
    /// <param name="cert">The certificate as presented.</param>
    /// <param name="lookupSeal">Finds a registered seal by id, null if unknown.</param>
    /// <param name="now">Current time, in the issuing authority's offset (e.g. UTC+8): its calendar date is "today".</param>
    /// <returns>Valid, or the first failing check: <see cref="VerificationCodes.NotSealed"/>, the seal codes, then
    /// <see cref="VerificationCodes.OutsideValidity"/>.</returns>
    public static VerificationResult Verify(ElectronicCertificate cert, Func<string, SealInfo?> lookupSeal, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cert);
        ArgumentNullException.ThrowIfNull(lookupSeal);
        if (cert.Seal is null)
            return VerificationResult.Fail(VerificationCodes.NotSealed, $"Certificate {cert.Number} carries no seal.");

        var seal = SealVerifier.VerifyAgainstRegistry(cert.Seal, cert.CanonicalContent(), lookupSeal);
        if (!seal.Valid)
            return seal;

        // A seal that was good when applied stays good; the certificate's own term is a separate question.
        var today = DateOnly.FromDateTime(now.DateTime);
        if (today < cert.ValidFrom || today > cert.ValidUntil)
            return VerificationResult.Fail(VerificationCodes.OutsideValidity,
                $"Certificate {cert.Number} is valid from {Format(cert.ValidFrom)} to {Format(cert.ValidUntil)}; today is {Format(today)}.");
        return VerificationResult.Ok;
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
