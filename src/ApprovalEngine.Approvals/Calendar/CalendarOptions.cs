namespace ApprovalEngine.Approvals.Calendar;

/// <summary>
/// Configuration for <see cref="WorkingDayCalendar"/>, typically bound from the <c>Calendar</c> configuration section.
/// </summary>
public sealed class CalendarOptions
{
    /// <summary>The configuration section name the host is expected to bind.</summary>
    public const string SectionName = "Calendar";

    /// <summary>
    /// Local deviations from the national calendar, keyed by jurisdiction code (e.g. a province's administrative code).
    /// Codes are matched case-insensitively because configuration keys are.
    /// </summary>
    public Dictionary<string, JurisdictionOverride> Jurisdictions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Days on which a jurisdiction deviates from the national calendar. Applied on top of it, so these win over both the
/// national holiday data and the weekend rule.
/// </summary>
public sealed record JurisdictionOverride
{
    /// <summary>Dates that are not working days in this jurisdiction (e.g. a regional festival).</summary>
    public List<DateOnly> ExtraOffDays { get; init; } = [];

    /// <summary>Dates that are working days in this jurisdiction even if nationally off (e.g. a local make-up Saturday).</summary>
    public List<DateOnly> ExtraWorkDays { get; init; } = [];
}
