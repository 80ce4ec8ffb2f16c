using System.Globalization;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Approvals.Certificates;

/// <summary>
/// An electronic licence/certificate as issued. <see cref="Seal"/> is null until it is sealed
/// (<see cref="CertificateSealer"/>); everything else is the sealed content.
/// </summary>
/// <param name="Number">Certificate number.</param>
/// <param name="Holder">Licensee (enterprise or person).</param>
/// <param name="Matter">The licensed matter (e.g. construction permit).</param>
/// <param name="Scope">What the licence covers.</param>
/// <param name="ValidFrom">First day of validity (inclusive, issuing authority's local date).</param>
/// <param name="ValidUntil">Last day of validity (inclusive).</param>
/// <param name="IssuingAuthority">Name of the issuing authority.</param>
/// <param name="IssuedAt">Issuance time; sealed at whole-second precision.</param>
/// <param name="VerificationUrl">Where anyone can verify the certificate.</param>
/// <param name="Seal">The seal over the other fields.</param>
public sealed record ElectronicCertificate(
    string Number,
    string Holder,
    string Matter,
    string Scope,
    DateOnly ValidFrom,
    DateOnly ValidUntil,
    string IssuingAuthority,
    DateTimeOffset IssuedAt,
    string VerificationUrl,
    SealSignature? Seal = null)
{
    /// <summary>
    /// The bytes that are sealed: RFC 8785 canonical JSON of every field except <see cref="Seal"/>, with
    /// camelCase names, dates as <c>yyyy-MM-dd</c> and <see cref="IssuedAt"/> as <c>yyyy-MM-ddTHH:mm:ssZ</c> (UTC).
    /// Built by hand rather than with serializer options so a later options change can't alter sealed bytes.
    /// </summary>
    public byte[] CanonicalContent() => CanonicalJson.Serialize(new JsonObject
    {
        ["number"] = Number,
        ["holder"] = Holder,
        ["matter"] = Matter,
        ["scope"] = Scope,
        ["validFrom"] = ValidFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["validUntil"] = ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["issuingAuthority"] = IssuingAuthority,
        ["issuedAt"] = SealEnvelope.FormatTime(IssuedAt),
        ["verificationUrl"] = VerificationUrl,
    });
}
