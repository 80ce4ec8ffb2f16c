namespace ApprovalEngine.Persistence.Deadlines;

/// <summary>Statutory: the application's decision period. Step: one task's limit. Acknowledgement: a supervising department's receipt of a push. Delivery: the certificate in the holder's hands (Art. 44).</summary>
public enum DeadlineKind { Statutory, Step, Acknowledgement, Delivery }

/// <summary>
/// A deadline in working days: the application's statutory clock or one step's own limit. Pauses and
/// extensions are kept as facts; the due date is derived from them on the calendar (and cached in <see cref="DueDate"/>
/// for queries and reports).
/// </summary>
public sealed class DeadlineRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    public required string DefinitionId { get; set; }
    public DeadlineKind Kind { get; set; }
    public required string Label { get; set; }
    public string? TaskId { get; set; }
    public string? ActivityId { get; set; }
    public string? Department { get; set; }
    public DateOnly StartDate { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public int LimitWorkingDays { get; set; }
    public int ExtensionWorkingDays { get; set; }
    public int MaxExtensionWorkingDays { get; set; }
    /// <summary>JSON list of {from, to, reason}; the open pause has no "to".</summary>
    public required string PausesJson { get; set; }
    public required string ExtensionsJson { get; set; }
    public DateOnly DueDate { get; set; }
    /// <summary>
    /// The day the warning share of the limit is reached, cached with <see cref="DueDate"/> so the dashboard counts
    /// standings in SQL. Null on rows written before it existed (those are evaluated in memory).
    /// </summary>
    public DateOnly? WarningDate { get; set; }
    public bool IsPaused { get; set; }
    public DateTimeOffset? WarnedAt { get; set; }
    public DateTimeOffset? OverdueAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateOnly? CompletedOn { get; set; }
    public int? WorkingDaysUsed { get; set; }
    public string? Outcome { get; set; }
    public int Revision { get; set; }
}
