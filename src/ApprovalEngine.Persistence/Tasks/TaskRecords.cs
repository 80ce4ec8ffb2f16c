using ApprovalEngine.Approvals.Reviews;

namespace ApprovalEngine.Persistence.Tasks;

public enum TaskStatus { Open, Claimed, Completed, Cancelled }

/// <summary>A human task in a department inbox, bound to the bookmark that completing it resumes.</summary>
public sealed class TaskRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string BookmarkId { get; set; }
    public required string ActivityId { get; set; }
    public TaskKind Kind { get; set; }
    public required string Department { get; set; }
    public required string Title { get; set; }
    public string? Instructions { get; set; }
    public required string DefinitionId { get; set; }
    public string? CorrelationId { get; set; }
    public int Round { get; set; }
    public int? DeadlineWorkingDays { get; set; }
    public required string OutcomesJson { get; set; }
    public required string RequiredMaterialsJson { get; set; }
    public string? ContextJson { get; set; }
    public TaskStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public string? Outcome { get; set; }
    public string? Opinion { get; set; }
    public string? MaterialsJson { get; set; }
    /// <summary>The step's due date on the working-day calendar (null when the step has no limit).</summary>
    public DateOnly? DueDate { get; set; }
    /// <summary>Set by escalation when the step's deadline passed; visible to the department head and supervision.</summary>
    public bool IsOverdue { get; set; }
    public int Revision { get; set; }

    /// <summary>When a substitute holds the task: the person it was routed to, who is on leave (both names are recorded).</summary>
    public string? AssignedFor { get; set; }
    /// <summary>委派: the owner who delegated; the delegate's answer comes back to them to confirm.</summary>
    public string? DelegatedBy { get; set; }
    public string? DelegateOutcome { get; set; }
    public string? DelegateOpinion { get; set; }
    /// <summary>加签: the task a signer was added to, and how (before, after, parallel).</summary>
    public string? ParentTaskId { get; set; }
    public string? SignMode { get; set; }
    /// <summary>The owner's decision waiting for signers added after or in parallel; it moves the workflow when they are done.</summary>
    public string? HeldOutcome { get; set; }
    public string? HeldOpinion { get; set; }
    public string? HeldBy { get; set; }
    /// <summary>催办 is limited per day: the China Standard Time day of the last urge and how many that day.</summary>
    public DateOnly? LastUrgedOn { get; set; }
    public int UrgesToday { get; set; }
}

/// <summary>抄送: a read-only copy of a task for a person or a department, with its read receipt.</summary>
public sealed class TaskCopyRecord
{
    public required string Id { get; set; }
    public required string TaskId { get; set; }
    public required string InstanceId { get; set; }
    /// <summary>A staff id, or a department code when <see cref="ToDepartment"/>.</summary>
    public required string Recipient { get; set; }
    public bool ToDepartment { get; set; }
    public required string SentBy { get; set; }
    public DateTimeOffset SentAt { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public string? ReadBy { get; set; }
}

/// <summary>A correction notice: everything missing, in one list; resolved by the applicant's complete resubmission.</summary>
public sealed class CorrectionNoticeRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string BookmarkId { get; set; }
    public required string RequestedBy { get; set; }
    public required string MissingJson { get; set; }
    public string? Opinion { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
}

/// <summary>A supplied material (file), kept with its SHA-256 so what was reviewed can be proven later.</summary>
public sealed class MaterialRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    /// <summary>Which required material this is, e.g. "site plan".</summary>
    public required string Name { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required byte[] Content { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}
