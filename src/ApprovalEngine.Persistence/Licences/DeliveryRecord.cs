namespace ApprovalEngine.Persistence.Licences;

/// <summary>
/// How a certificate reached its holder (Administrative License Law Art. 44: within 10 working days of the decision):
/// collected at the window, or sent by express. One per certificate; a replacement licence has its own.
/// </summary>
public sealed class DeliveryRecord
{
    public required string CertificateNumber { get; set; }
    public required string InstanceId { get; set; }
    /// <summary><c>window</c> or <c>express</c>.</summary>
    public required string Method { get; set; }
    public string? Recipient { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? Courier { get; set; }
    public string? TrackingNumber { get; set; }
    public DateOnly? PostedOn { get; set; }
    /// <summary>The day the holder had it in hand (collected at the window, or the express was delivered); stops the Art. 44 clock.</summary>
    public DateOnly? DeliveredOn { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
    public int Revision { get; set; }
}

