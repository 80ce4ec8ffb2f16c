namespace ApprovalEngine.Persistence.Supervision;

/// <summary>One push of an approval result to a supervising department, with its acknowledgement and feedback.</summary>
public sealed class SupervisionPushRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string Department { get; set; }
    public required string PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    /// <summary>JSON list of {findings, by, at}.</summary>
    public required string FeedbackJson { get; set; }
    public int Revision { get; set; }
}
