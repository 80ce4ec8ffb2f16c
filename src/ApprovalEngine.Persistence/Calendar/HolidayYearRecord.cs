namespace ApprovalEngine.Persistence.Calendar;

/// <summary>
/// One uploaded version of a year's official holiday schedule. Versions are kept forever (what the calendar said
/// when a deadline was computed is evidence); at most one version per year is current, and only current versions
/// are used by the working-day calendar.
/// </summary>
public sealed class HolidayYearRecord
{
    public required string Id { get; set; }
    public int Year { get; set; }
    public int Version { get; set; }
    /// <summary>holiday-cn or icalendar.</summary>
    public required string Format { get; set; }
    /// <summary>The validated days as JSON [{date, name, isOffDay}] (the parsed form, not the upload).</summary>
    public required string DaysJson { get; set; }
    /// <summary>SHA-256 of the uploaded file, so the applied data can be matched to the published notice.</summary>
    public required string Sha256 { get; set; }
    public int OffDays { get; set; }
    public int WorkDays { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public bool IsCurrent { get; set; }
    public string? AppliedBy { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public int Revision { get; set; }
}
