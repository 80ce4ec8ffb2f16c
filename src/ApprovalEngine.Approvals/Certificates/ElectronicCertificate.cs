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
/// <param name="Replaces">The number of the licence this one replaces (换发), sealed with it; null for a first issue.</param>
/// <param name="ImplementationCode">The item implementation code (GB/T 39554.1) of the process that issued it, if it has one.</param>
/// <param name="ProjectCode">The fixed-asset investment project code (GB/T 40058) of the licensed project, if any.</param>
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
    SealSignature? Seal = null,
    string? Replaces = null,
    string? ImplementationCode = null,
    string? ProjectCode = null)
{
    /// <summary>
    /// The bytes that are sealed: RFC 8785 canonical JSON of every field except <see cref="Seal"/>, with
    /// camelCase names, dates as <c>yyyy-MM-dd</c> and <see cref="IssuedAt"/> as <c>yyyy-MM-ddTHH:mm:ssZ</c> (UTC).
    /// Built by hand rather than with serializer options so a later options change can't alter sealed bytes.
    /// </summary>
    public byte[] CanonicalContent()
    {
        var content = new JsonObject
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
        };
        // Optional members appear only when set, so every licence sealed before they existed keeps its exact bytes.
        if (Replaces is not null) content["replaces"] = Replaces;
        if (ImplementationCode is not null) content["implementationCode"] = ImplementationCode;
        if (ProjectCode is not null) content["projectCode"] = ProjectCode;
        return CanonicalJson.Serialize(content);
    }
}
