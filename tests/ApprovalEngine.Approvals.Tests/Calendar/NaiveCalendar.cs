using System.Text.Json;

namespace ApprovalEngine.Approvals.Tests.Calendar;

/// <summary>
/// Day-by-day reference implementation read straight from the data file, so the optimised prefix-sum/closed-form
/// arithmetic in the real calendar is checked against something too simple to be wrong.
/// </summary>
internal sealed class NaiveCalendar
{
    private readonly Dictionary<DateOnly, bool> _explicit = [];

    public NaiveCalendar(IEnumerable<DateOnly>? extraOff = null, IEnumerable<DateOnly>? extraWork = null)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "holidays-cn.json")));
        foreach (var e in doc.RootElement.GetProperty("offDays").EnumerateArray())
            _explicit[DateOnly.Parse(e.GetString()!)] = false;
        foreach (var e in doc.RootElement.GetProperty("workDays").EnumerateArray())
            _explicit[DateOnly.Parse(e.GetString()!)] = true;
        foreach (var d in extraOff ?? [])
            _explicit[d] = false;
        foreach (var d in extraWork ?? [])
            _explicit[d] = true;
    }

    public bool IsWorkingDay(DateOnly d) =>
        _explicit.TryGetValue(d, out var working) ? working : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        var d = from;
        while (days > 0)
        {
            d = d.AddDays(1);
            if (IsWorkingDay(d))
                days--;
        }
        return d;
    }

    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
                count++;
        }
        return count;
    }
}
