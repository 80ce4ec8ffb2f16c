using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Storage;

public enum DefinitionState { Draft, Published, Superseded, Retracted }

/// <summary>One version of a workflow definition; <see cref="ModelJson"/> is the Elsa model exactly as designed.</summary>
public sealed class DefinitionVersionRecord
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public int Version { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DefinitionState State { get; set; }
    public bool IsLatest { get; set; }
    public required string ModelJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public int Revision { get; set; }

    public bool IsPublished => State == DefinitionState.Published;
}

/// <summary>A running or ended workflow instance; <see cref="Revision"/> is the optimistic-concurrency token.</summary>
public sealed class InstanceRecord
{
    public required string Id { get; set; }
    public required string DefinitionId { get; set; }
    public required string DefinitionVersionId { get; set; }
    public int DefinitionVersion { get; set; }
    public required string Name { get; set; }
    public string? CorrelationId { get; set; }
    public WorkflowStatus Status { get; set; }
    public required string StateJson { get; set; }
    public string? Fault { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? CreatedBy { get; set; }
    /// <summary>The applicant's name from the start input, kept as a column so worklists and audit can search it.</summary>
    public string? Applicant { get; set; }
    /// <summary>The project's name from the start input (input.project or input.projectName).</summary>
    public string? ProjectName { get; set; }
    /// <summary>The fixed-asset investment project code (GB/T 40058) from the start input (input.projectCode), for reports and the supervision feed.</summary>
    public string? ProjectCode { get; set; }
    /// <summary>The applicant subject that owns an online application (resident ID or credit code); null for counter applications.</summary>
    public string? OwnerSubjectId { get; set; }
    /// <summary><c>person</c> or <c>organisation</c>.</summary>
    public string? OwnerSubjectKind { get; set; }
    public string? OwnerSubjectName { get; set; }
    /// <summary>SHA-256 (hex) of the public progress query code given at acceptance; the code itself is never stored.</summary>
    public string? QueryCodeHash { get; set; }
    public int JournalCount { get; set; }
    public int Revision { get; set; }
    /// <summary>How it came out (approved | denied | notAccepted | withdrawn | terminated | revoked | ended; null while unsettled): see <see cref="Instances.ApplicationOutcomes"/>.</summary>
    public string? Outcome { get; set; }
    /// <summary>When the archiver moved this finished application's journal out of the hot tables (see Archiving.Archiver).</summary>
    public DateTimeOffset? ArchivedAt { get; set; }
    /// <summary>The filing month (yyyymm, UTC) of <see cref="CreatedAt"/>: the PostgreSQL journal partition of every line of this application.</summary>
    public int Month { get; set; }
}

/// <summary>A pending bookmark, projected from the instance state so it can be found without loading the instance.</summary>
public sealed class BookmarkRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string ActivityId { get; set; }
    public required string ActivityType { get; set; }
    public required string Name { get; set; }
    public string? PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
}

/// <summary>
/// A durable timer. Hosts claim due rows with a lease (<see cref="LockedUntil"/>), so with several replicas
/// each timer is handled by one of them; a crashed host's lease simply expires.
/// </summary>
public sealed class TimerRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    /// <summary>What firing means: <see cref="TimerKinds.Bookmark"/> resumes a bookmark; other kinds have their own handlers.</summary>
    public required string Kind { get; set; }
    public string? BookmarkId { get; set; }
    public string? PayloadJson { get; set; }
    public DateTimeOffset DueAt { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
    public int Attempts { get; set; }
}

public static class TimerKinds
{
    public const string Bookmark = "Bookmark";
}

/// <summary>One journal line of an instance, numbered per instance.</summary>
public sealed class JournalRecord
{
    public long Id { get; set; }
    public required string InstanceId { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public required string EventName { get; set; }
    public string? Outcome { get; set; }
    public string? Message { get; set; }
    public string? PayloadJson { get; set; }
    public string? Actor { get; set; }
    public string? Department { get; set; }
    /// <summary>The application's filing month (<see cref="InstanceRecord.Month"/>); PostgreSQL partitions the journal by it.</summary>
    public int Month { get; set; }
}
