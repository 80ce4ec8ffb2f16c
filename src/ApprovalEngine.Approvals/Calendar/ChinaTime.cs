namespace ApprovalEngine.Approvals.Calendar;

/// <summary>
/// China Standard Time: UTC+8 all year (no daylight saving). Statutory days, file numbers, certificate dates and the
/// "per day" limits are counted on China's calendar, while the database keeps UTC: this is the one place that says so.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The same instant on China's clock (for formatting a date or a number).</summary>
    public static DateTimeOffset InChina(this DateTimeOffset instant) => instant.ToOffset(Offset);

    /// <summary>The day it is in China at <paramref name="instant"/>.</summary>
    public static DateOnly ChinaDate(this DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>
    /// The UTC instants bounding China days <paramref name="first"/> to <paramref name="last"/> inclusive, as [from, to):
    /// PostgreSQL takes timestamptz parameters in UTC only.
    /// </summary>
    public static (DateTimeOffset From, DateTimeOffset To) UtcBounds(DateOnly first, DateOnly last) =>
        (StartUtc(first), StartUtc(last.AddDays(1)));

    private static DateTimeOffset StartUtc(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();
}
