using System.Text.Json;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Calendar;

/// <summary>
/// The working-day calendar in force: the embedded national data plus the current holiday versions stored in the
/// database. Every replica refreshes it from the database (at start, after applying, and every
/// Calendar:RefreshInterval), so all replicas count with the same data.
/// </summary>
public sealed class CalendarSource(CalendarOptions options, Action<string>? onWarning = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private volatile Snapshot _current = new(WorkingDayCalendar.Load(options, [], onWarning), "");

    private sealed record Snapshot(WorkingDayCalendar Calendar, string Stamp);

    public WorkingDayCalendar Current => _current.Calendar;

    /// <summary>Which versions are in force, e.g. "2027:v1"; empty when only the embedded data is.</summary>
    public string Stamp => _current.Stamp;

    /// <summary>Rebuilds the calendar when the current versions in the database changed; true when it did.</summary>
    public async Task<bool> RefreshAsync(ApprovalDbContext db, CancellationToken ct = default)
    {
        var current = await db.HolidayYears.AsNoTracking().Where(h => h.IsCurrent).OrderBy(h => h.Year).ToListAsync(ct);
        var stamp = string.Join(",", current.Select(h => $"{h.Year}:v{h.Version}"));
        if (stamp == _current.Stamp) return false;
        _current = new Snapshot(Build(current.Select(Schedule)), stamp);
        return true;
    }

    /// <summary>The calendar as it would be with <paramref name="candidate"/> current (for previews and applying).</summary>
    public async Task<WorkingDayCalendar> WithAsync(ApprovalDbContext db, HolidayYearRecord candidate, CancellationToken ct = default)
    {
        var others = await db.HolidayYears.AsNoTracking().Where(h => h.IsCurrent && h.Year != candidate.Year).ToListAsync(ct);
        return Build(others.Append(candidate).Select(Schedule));
    }

    public WorkingDayCalendar Build(IEnumerable<HolidaySchedule> schedules) => WorkingDayCalendar.Load(options, schedules, onWarning);

    public static HolidaySchedule Schedule(HolidayYearRecord record) =>
        new(record.Year, JsonSerializer.Deserialize<List<HolidayDay>>(record.DaysJson, Json)!);

    public static string DaysJson(HolidaySchedule schedule) => JsonSerializer.Serialize(schedule.Days, Json);
}
