namespace ApprovalEngine.Persistence.Complaints;

public static class ComplaintKinds
{
    public const string Complaint = "complaint", Suggestion = "suggestion";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Complaint, Suggestion };
}

/// <summary>A complaint or suggestion, answered by the responsible department on the working-day clock.</summary>
public sealed class ComplaintRecord
{
    public required string Id { get; set; }
    /// <summary>What the complainant quotes: TS + filing date + a short tail, e.g. TS20250926A1B2C3D4.</summary>
    public required string Number { get; set; }
    public required string Kind { get; set; }
    /// <summary>The application it is about; null for a general complaint.</summary>
    public string? InstanceId { get; set; }
    public required string Department { get; set; }
    public required string Content { get; set; }
    public string? Name { get; set; }
    public required string Phone { get; set; }
    /// <summary>The signed-in applicant's subject (their complaints are listed to them); null when filed anonymously.</summary>
    public string? SubjectId { get; set; }
    public required string FiledBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>The reply case (a workflow instance whose task carries the deadline).</summary>
    public string? ReplyInstanceId { get; set; }
    public string? Reply { get; set; }
    public string? RepliedBy { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
    public bool? RepliedWithinLimit { get; set; }
    /// <summary>The complainant's rating of the reply (1-5, as evaluations).</summary>
    public int? Rating { get; set; }
    public string? RatingComment { get; set; }
    public DateTimeOffset? RatedAt { get; set; }
}
