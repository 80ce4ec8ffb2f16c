using ApprovalEngine.Approvals.Seals;

namespace ApprovalEngine.Persistence.Seals;

/// <summary>An electronic seal of a department (or a bureau seal standing for several). Keys rotate; the seal stays.</summary>
public sealed class SealRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public required string Department { get; set; }
    /// <summary>JSON array of every department this seal may seal for (its own first).</summary>
    public required string DepartmentsJson { get; set; }
    public SealProfile Profile { get; set; }
    public required string CurrentKeyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevocationReason { get; set; }
    public int Revision { get; set; }
}

/// <summary>One key pair of a seal. The private key is encrypted PKCS#8 under the configured master secret and never leaves the host.</summary>
public sealed class SealKeyRecord
{
    public required string Id { get; set; }
    public required string SealId { get; set; }
    public int Version { get; set; }
    public required string PublicKey { get; set; }
    public required string ProtectedPrivateKey { get; set; }
    public DateTimeOffset ValidFrom { get; set; }
    /// <summary>Set when the key is rotated out: signatures made before stay valid.</summary>
    public DateTimeOffset? ValidUntil { get; set; }
}

/// <summary>A sealed document of an instance (the joint decision); the signature covers its canonical JSON.</summary>
public sealed class SealedDocumentRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Kind { get; set; }
    public required string ContentJson { get; set; }
    public required string SignatureJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An issued electronic certificate, stored as the exact sealed document.</summary>
public sealed class CertificateRecord
{
    public required string Number { get; set; }
    public required string InstanceId { get; set; }
    public required string Holder { get; set; }
    /// <summary>
    /// The holder's identity number: unified social credit code (GB 32100) or resident ID (GB 11643), check character valid;
    /// null when the application named none. Kept with the record, not in the sealed content, which is public by its number.
    /// </summary>
    public string? HolderId { get; set; }
    public DateTimeOffset IssuedAt { get; set; }
    public required string DocumentJson { get; set; }
    /// <summary>When the licence stopped being in force by an act of the authority (revoked, or replaced by a new licence).</summary>
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }
    public string? RevocationReason { get; set; }
    /// <summary>A stable code of why (see <c>LicenceReasonCodes</c>), for verifiers and reports.</summary>
    public string? RevocationCode { get; set; }
    /// <summary>The number of the licence that replaced this one; set together with <see cref="RevokedAt"/>.</summary>
    public string? ReplacedBy { get; set; }
    /// <summary>The number of the licence this one replaced.</summary>
    public string? Replaces { get; set; }
    public int Revision { get; set; }
}
