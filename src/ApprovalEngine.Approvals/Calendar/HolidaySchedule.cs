using System.Globalization;
using System.Text.Json;

namespace ApprovalEngine.Approvals.Calendar;

/// <summary>One decided day of an official schedule: a public holiday (off) or a make-up working day (调休上班).</summary>
public sealed record HolidayDay(DateOnly Date, string Name, bool IsOffDay);

/// <summary>A year's official schedule (the State Council notice), as loaded by an administrator.</summary>
public sealed record HolidaySchedule(int Year, IReadOnlyList<HolidayDay> Days)
{
    public int OffDays => Days.Count(d => d.IsOffDay);
    public int WorkDays => Days.Count(d => !d.IsOffDay);
}

/// <summary>What is wrong with an uploaded schedule: a stable <paramref name="Code"/>, the offending field and date.</summary>
public sealed record HolidayProblem(string Code, string Field, string Message, string? Date = null);

/// <summary>
/// Reads a year's schedule from holiday-cn JSON (<c>{"year":2027,"days":[{"name","date","isOffDay"}]}</c>) or from an
/// iCalendar file with all-day events, and validates it: every date belongs to the year (or the week either side of it),
/// no date twice, every day explicitly off or work, the file whole (an iCalendar file cut off is refused) and the year's
/// notice whole (all seven festivals, at least the statutory days off). Nothing is half-accepted: any problem rejects the
/// whole file.
/// </summary>
public static class HolidayScheduleParser
{
    /// <summary>
    /// A year's notice may start its New Year holiday in the last days of the year before (2023's began on
    /// 2022-12-31), so dates up to a week outside the year still belong to its schedule.
    /// </summary>
    public const int BoundaryDays = 7;

    public static (HolidaySchedule? Schedule, List<HolidayProblem> Problems) ParseHolidayCn(string json, int year)
    {
        var problems = new List<HolidayProblem>();
        JsonElement root;
        try { root = JsonDocument.Parse(json).RootElement; }
        catch (JsonException e) { return (null, [new("json-invalid", "body", $"The body is not valid JSON: {e.Message}")]); }
        if (root.ValueKind != JsonValueKind.Object) return (null, [new("json-invalid", "body", "The body must be a JSON object with 'year' and 'days'.")]);

        if (!root.TryGetProperty("year", out var fileYear) || fileYear.ValueKind != JsonValueKind.Number || !fileYear.TryGetInt32(out var y))
            problems.Add(new("year-missing", "year", "'year' must be the schedule's year as a number."));
        else if (y != year)
            problems.Add(new("year-mismatch", "year", $"The file is for {y}, but it is being loaded as {year}."));
        if (!root.TryGetProperty("days", out var days) || days.ValueKind != JsonValueKind.Array)
            return (null, [.. problems, new("days-missing", "days", "'days' must be a list of {name, date, isOffDay}.")]);

        var parsed = new List<(HolidayDay Day, string Field)>();
        var i = 0;
        foreach (var day in days.EnumerateArray())
        {
            var field = $"days[{i++}]";
            if (day.ValueKind != JsonValueKind.Object) { problems.Add(new("day-invalid", field, "Each day must be an object {name, date, isOffDay}.")); continue; }
            var dateText = day.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (!DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problems.Add(new("date-invalid", $"{field}.date", $"'date' must be a date as yyyy-MM-dd (got '{dateText}').", dateText));
                continue;
            }
            var name = day.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()?.Trim() : null;
            if (string.IsNullOrEmpty(name)) problems.Add(new("name-missing", $"{field}.name", $"{date:yyyy-MM-dd} has no 'name' (e.g. 春节).", Iso(date)));
            if (!day.TryGetProperty("isOffDay", out var off) || off.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add(new("flag-missing", $"{field}.isOffDay", $"{date:yyyy-MM-dd} must say 'isOffDay': true (holiday) or false (make-up working day).", Iso(date)));
                continue;
            }
            parsed.Add((new HolidayDay(date, name ?? "", off.GetBoolean()), field));
        }
        return Finish(year, parsed, problems);
    }

    /// <summary>
    /// iCalendar: each VEVENT is an all-day range (DTSTART;VALUE=DATE, DTEND exclusive) whose SUMMARY says whether it
    /// is a holiday (…假期, …休) or a make-up working day (上班…, …补班), as holiday-cn's .ics files do; an
    /// <c>X-APPROVALENGINE-OFFDAY:TRUE|FALSE</c> property decides explicitly instead.
    /// </summary>
    public static (HolidaySchedule? Schedule, List<HolidayProblem> Problems) ParseICalendar(string text, int year)
    {
        var lines = Unfold(text);
        if (!lines.Any(l => l.Equals("BEGIN:VCALENDAR", StringComparison.OrdinalIgnoreCase)))
            return (null, [new("ics-invalid", "body", "The body is not an iCalendar file (no BEGIN:VCALENDAR).")]);
        var problems = new List<HolidayProblem>();
        var parsed = new List<(HolidayDay Day, string Field)>();
        Dictionary<string, string>? ev = null;
        var index = 0;
        foreach (var line in lines)
        {
            if (line.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase)) { ev = new(StringComparer.OrdinalIgnoreCase); continue; }
            if (line.Equals("END:VEVENT", StringComparison.OrdinalIgnoreCase) && ev is not null)
            {
                ReadEvent(ev, $"VEVENT[{index++}]", parsed, problems);
                ev = null;
                continue;
            }
            if (ev is null) continue;
            var colon = line.IndexOf(':');
            if (colon <= 0) continue;
            var name = line[..colon].Split(';')[0];
            ev[name] = line[(colon + 1)..].Trim();
        }
        // A download cut off mid-file would otherwise lose its last days without a word (a make-up working day, say).
        if (ev is not null)
            problems.Add(new("ics-truncated", $"VEVENT[{index}]", "The file ends inside an event (no END:VEVENT): it was cut off; load the whole file."));
        else if (!lines[^1].Equals("END:VCALENDAR", StringComparison.OrdinalIgnoreCase))
            problems.Add(new("ics-truncated", "body", "The file does not end with END:VCALENDAR: it was cut off; load the whole file."));
        if (index == 0) problems.Add(new("days-empty", "VEVENT", $"The file has no events; the {year} schedule lists at least New Year's Day."));
        return Finish(year, parsed, problems);
    }

    private static void ReadEvent(Dictionary<string, string> ev, string field, List<(HolidayDay, string)> parsed, List<HolidayProblem> problems)
    {
        if (!ev.TryGetValue("DTSTART", out var startText) || !TryIcsDate(startText, out var start))
        {
            problems.Add(new("date-invalid", $"{field}.DTSTART", $"DTSTART must be an all-day date (DTSTART;VALUE=DATE:yyyyMMdd), got '{startText}'.", startText));
            return;
        }
        var end = start.AddDays(1);
        if (ev.TryGetValue("DTEND", out var endText) && (!TryIcsDate(endText, out end) || end <= start))
        {
            problems.Add(new("date-invalid", $"{field}.DTEND", $"DTEND must be an all-day date after DTSTART, got '{endText}'.", Iso(start)));
            return;
        }
        var summary = ev.GetValueOrDefault("SUMMARY", "").Trim();
        bool? off = ev.TryGetValue("X-APPROVALENGINE-OFFDAY", out var flag)
            ? flag.Equals("TRUE", StringComparison.OrdinalIgnoreCase) ? true : flag.Equals("FALSE", StringComparison.OrdinalIgnoreCase) ? false : null
            : summary.StartsWith("上班", StringComparison.Ordinal) || summary.Contains("补班", StringComparison.Ordinal) ? false
            : summary.EndsWith("假期", StringComparison.Ordinal) || summary.EndsWith("休", StringComparison.Ordinal) || summary.Contains("放假", StringComparison.Ordinal) ? true
            : null;
        if (off is null)
        {
            problems.Add(new("flag-missing", $"{field}.SUMMARY",
                $"'{summary}' on {start:yyyy-MM-dd} says neither holiday (…假期) nor make-up working day (上班…); add X-APPROVALENGINE-OFFDAY:TRUE or FALSE.", Iso(start)));
            return;
        }
        if (end.DayNumber - start.DayNumber > 31)
        {
            problems.Add(new("date-invalid", $"{field}.DTEND", $"An event of {end.DayNumber - start.DayNumber} days is not a holiday period.", Iso(start)));
            return;
        }
        var name = summary.Replace("假期", "").Replace("上班", "").Trim('(', ')', '（', '）', ' ');
        for (var day = start; day < end; day = day.AddDays(1)) parsed.Add((new HolidayDay(day, name, off.Value), field));
    }

    private static (HolidaySchedule?, List<HolidayProblem>) Finish(int year, List<(HolidayDay Day, string Field)> parsed, List<HolidayProblem> problems)
    {
        var first = new DateOnly(year, 1, 1).AddDays(-BoundaryDays);
        var last = new DateOnly(year, 12, 31).AddDays(BoundaryDays);
        var seen = new HashSet<DateOnly>();
        foreach (var (day, field) in parsed)
        {
            if (day.Date < first || day.Date > last)
                problems.Add(new("date-outside-year", field, $"{day.Date:yyyy-MM-dd} is not in {year}.", Iso(day.Date)));
            else if (!seen.Add(day.Date))
                problems.Add(new("date-duplicate", field, $"{day.Date:yyyy-MM-dd} is listed more than once.", Iso(day.Date)));
        }
        if (parsed.Count == 0 && problems.Count == 0)
            problems.Add(new("days-empty", "days", $"The schedule lists no days; {year}'s notice is probably not published yet."));
        else if (problems.Count == 0) problems.AddRange(Incomplete(year, parsed.Select(p => p.Day).ToList()));
        if (problems.Count > 0) return (null, problems);
        return (new HolidaySchedule(year, parsed.Select(p => p.Day).OrderBy(d => d.Date).ToList()), problems);
    }

    // All-day dates only: a date-time (20270101T230000Z) is a moment whose day depends on the time zone (it is 2 January
    // in Beijing), and no official schedule is published that way.
    /// <summary>The seven festivals every year's notice names (全国年节及纪念日放假办法, art. 2), as their names appear in it.</summary>
    public static readonly IReadOnlyList<string> Festivals = ["元旦", "春节", "清明", "劳动", "端午", "中秋", "国庆"];

    /// <summary>Days off the law gives each year: 11 until 2024, 13 from 2025 (国务院令第795号).</summary>
    public static int StatutoryDaysOff(int year) => year >= 2025 ? 13 : 11;

    /// <summary>
    /// A schedule that is not a whole year's notice: a festival missing, or fewer days off than the law gives. Loaded, it
    /// would stop the "year without data" warning while deadlines count through the missing holidays as working days.
    /// </summary>
    private static IEnumerable<HolidayProblem> Incomplete(int year, List<HolidayDay> days)
    {
        var off = days.Where(d => d.IsOffDay && d.Date.Year == year).ToList();
        var missing = Festivals.Where(f => !off.Any(d => d.Name.Contains(f, StringComparison.Ordinal))).ToList();
        if (missing.Count > 0)
            yield return new("schedule-incomplete", "days",
                $"The schedule names no day off for {string.Join("、", missing)}; a year's notice covers all seven festivals. Load the whole notice.");
        if (off.Count < StatutoryDaysOff(year))
            yield return new("schedule-incomplete", "days",
                $"The schedule has {off.Count} day(s) off in {year}; the law gives at least {StatutoryDaysOff(year)}. Load the whole notice.");
    }

    private static bool TryIcsDate(string text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    // RFC 5545 3.1: a line starting with a space or tab continues the previous one.
    private static List<string> Unfold(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t') && lines.Count > 0) lines[^1] += raw[1..];
            else if (raw.Length > 0) lines.Add(raw);
        }
        return lines;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
