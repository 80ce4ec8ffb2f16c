using System.Collections.Concurrent;

namespace ApprovalEngine.Approvals.Calendar;

/// <summary>
/// PRC working-day calendar for statutory deadlines: Monday-Friday are working days, except official public holidays,
/// plus the official make-up working days (调休) that fall on weekends. Instances are immutable and thread-safe.
/// </summary>
/// <remarks>
/// All counting is exclusive of the start date: the first day that can count is the day after <c>from</c>, as PRC
/// statutory periods begin running the day after the triggering event.
/// Dates in years without official holiday data (outside <see cref="KnownYears"/>) follow the weekends-only rule; the
/// first time each such year is touched, the <c>onWarning</c> callback given at load time is invoked once.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private readonly Family _family;
    // Every explicitly decided date (national data, then overrides on top), kept so WithOverrides can compose.
    private readonly Dictionary<int, bool> _explicitDays;
    // Precomputed window of whole years covering every explicit date. Outside it only the weekend rule applies,
    // which has a closed form, so no query is ever O(days).
    private readonly int _tableStart;
    private readonly int _tableEnd;
    // _prefix[i] = number of working days among window days [0, i); makes any count a subtraction.
    private readonly int[] _prefix;
    // Cumulative working days from DayNumber 0 up to the day before the window, and the offset that continues the
    // cumulative count past the window using the weekday formula.
    private readonly long _beforeWindow;
    private readonly long _afterWindowOffset;

    private WorkingDayCalendar(Family family, Dictionary<int, bool> explicitDays)
    {
        _family = family;
        _explicitDays = explicitDays;

        var firstYear = family.KnownYears.First;
        var lastYear = family.KnownYears.Last;
        foreach (var dayNumber in explicitDays.Keys)
        {
            var year = DateOnly.FromDayNumber(dayNumber).Year;
            firstYear = Math.Min(firstYear, year);
            lastYear = Math.Max(lastYear, year);
        }
        _tableStart = new DateOnly(firstYear, 1, 1).DayNumber;
        _tableEnd = new DateOnly(lastYear, 12, 31).DayNumber;

        _prefix = new int[_tableEnd - _tableStart + 2];
        for (var day = _tableStart; day <= _tableEnd; day++)
        {
            var working = explicitDays.TryGetValue(day, out var decided) ? decided : IsWeekday(day);
            _prefix[day - _tableStart + 1] = _prefix[day - _tableStart] + (working ? 1 : 0);
        }
        _beforeWindow = WeekdaysThrough(_tableStart - 1);
        _afterWindowOffset = _beforeWindow + _prefix[^1] - WeekdaysThrough(_tableEnd);
    }

    /// <summary>First and last year (inclusive) for which official national holiday data is embedded.</summary>
    public (int First, int Last) KnownYears => _family.KnownYears;

    /// <summary>Loads the national calendar from the embedded holiday data, without jurisdiction overrides.</summary>
    /// <param name="onWarning">
    /// Receives a message the first time each year outside <see cref="KnownYears"/> is used (and for unknown jurisdiction
    /// codes). Hosts typically pass <c>msg => logger.LogWarning("{Message}", msg)</c>. It is called synchronously on the
    /// calculating thread, so it should be cheap and must not throw.
    /// </param>
    public static WorkingDayCalendar LoadNational(Action<string>? onWarning = null) =>
        Load(new CalendarOptions(), onWarning);

    /// <summary>
    /// Loads the national calendar and prepares every configured jurisdiction, so that configuration errors surface at
    /// startup rather than in the middle of a deadline calculation.
    /// </summary>
    /// <param name="options">Jurisdiction overrides, usually bound from configuration.</param>
    /// <param name="onWarning">See <see cref="LoadNational"/>.</param>
    /// <exception cref="ArgumentException">A jurisdiction lists the same date as both extra off day and extra work day.</exception>
    public static WorkingDayCalendar Load(CalendarOptions options, Action<string>? onWarning = null) => Load(options, [], onWarning);

    /// <summary>
    /// As <see cref="Load(CalendarOptions, Action{string})"/>, with official schedules loaded at run time (years the
    /// embedded data lacks, or corrections of it): each replaces the embedded days of its year, and years that
    /// continue the known range extend <see cref="KnownYears"/>.
    /// </summary>
    public static WorkingDayCalendar Load(CalendarOptions options, IEnumerable<HolidaySchedule> loaded, Action<string>? onWarning = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = HolidayData.National;
        var schedules = loaded.ToDictionary(s => s.Year);
        var (first, last) = (data.Years[0], data.Years[^1]);
        while (schedules.ContainsKey(last + 1)) last++;
        while (schedules.ContainsKey(first - 1)) first--;
        var family = new Family((first, last), onWarning);

        var explicitDays = new Dictionary<int, bool>(data.OffDays.Length + data.WorkDays.Length);
        foreach (var day in data.OffDays.Where(d => !schedules.ContainsKey(d.Year)))
            explicitDays[day.DayNumber] = false;
        foreach (var day in data.WorkDays.Where(d => !schedules.ContainsKey(d.Year)))
            explicitDays[day.DayNumber] = true;
        foreach (var day in schedules.Values.OrderBy(s => s.Year).SelectMany(s => s.Days))
            explicitDays[day.Date.DayNumber] = !day.IsOffDay;

        var national = new WorkingDayCalendar(family, explicitDays);
        family.National = national;
        foreach (var (code, jurisdiction) in options.Jurisdictions ?? [])
        {
            if (jurisdiction is null)
                continue;
            if (!family.Jurisdictions.TryAdd(code, national.WithOverrides(jurisdiction, code)))
                throw new ArgumentException($"Jurisdiction '{code}' is configured more than once (codes are case-insensitive).", nameof(options));
        }
        return national;
    }

    /// <summary>
    /// Returns the calendar for a jurisdiction: the national calendar with that jurisdiction's configured overrides.
    /// Null or blank codes mean national; an unconfigured code also falls back to national (reported once via the
    /// warning callback, since it usually means a typo in configuration or data).
    /// </summary>
    public WorkingDayCalendar ForJurisdiction(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
            return _family.National;
        if (_family.Jurisdictions.TryGetValue(code, out var calendar))
            return calendar;
        _family.ReportUnknownJurisdiction(code);
        return _family.National;
    }

    /// <summary>
    /// Returns a new calendar with <paramref name="overrides"/> applied on top of this one (overrides win over holiday
    /// data and weekends). The result shares this calendar's warning state and jurisdiction lookup.
    /// </summary>
    /// <exception cref="ArgumentException">The same date is listed as both extra off day and extra work day.</exception>
    public WorkingDayCalendar WithOverrides(JurisdictionOverride overrides) => WithOverrides(overrides, null);

    private WorkingDayCalendar WithOverrides(JurisdictionOverride overrides, string? code)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        // Configuration binding can leave lists null; treat that as "no extra days" rather than failing later.
        var off = overrides.ExtraOffDays ?? [];
        var work = overrides.ExtraWorkDays ?? [];
        var clashes = off.Intersect(work).ToArray();
        if (clashes.Length > 0)
        {
            var where = code is null ? "Override" : $"Jurisdiction '{code}'";
            throw new ArgumentException($"{where} lists {clashes[0]:yyyy-MM-dd} as both extra off day and extra work day.", nameof(overrides));
        }

        var explicitDays = new Dictionary<int, bool>(_explicitDays);
        foreach (var day in off)
            explicitDays[day.DayNumber] = false;
        foreach (var day in work)
            explicitDays[day.DayNumber] = true;
        return new WorkingDayCalendar(_family, explicitDays);
    }

    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    public bool IsWorkingDay(DateOnly date)
    {
        WarnIfUnknown(date.Year, date.Year);
        var day = date.DayNumber;
        if (day < _tableStart || day > _tableEnd)
            return IsWeekday(day);
        var i = day - _tableStart;
        return _prefix[i + 1] != _prefix[i];
    }

    /// <summary>
    /// Returns the <paramref name="days"/>-th working day after <paramref name="from"/>; <paramref name="from"/> itself
    /// never counts. Zero days returns <paramref name="from"/> unchanged, even if it is not a working day.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="days"/> is negative (deadlines never run backwards), or the result would pass <see cref="DateOnly.MaxValue"/>.
    /// </exception>
    public DateOnly AddWorkingDays(DateOnly from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        if (days == 0)
            return from;

        // The answer is the first day whose cumulative working-day count reaches the target.
        var target = CumulativeThrough(from.DayNumber) + days;
        long result;
        if (target <= _beforeWindow)
        {
            result = FirstDayWithWeekdayCount(target);
        }
        else if (target - _beforeWindow <= _prefix[^1])
        {
            result = _tableStart + LowerBound(_prefix, (int)(target - _beforeWindow)) - 1;
        }
        else
        {
            result = FirstDayWithWeekdayCount(target - _afterWindowOffset);
        }

        if (result > DateOnly.MaxValue.DayNumber)
            throw new ArgumentOutOfRangeException(nameof(days), days, $"Adding {days} working days to {from:yyyy-MM-dd} passes the last representable date.");
        var due = DateOnly.FromDayNumber((int)result);
        WarnIfUnknown(from.AddDays(1).Year, due.Year);
        return due;
    }

    /// <summary>
    /// Counts working days <c>d</c> with <paramref name="from"/> &lt; d &lt;= <paramref name="to"/>, i.e. how many
    /// working days have elapsed by <paramref name="to"/> for a period that started on <paramref name="from"/>.
    /// Consistent with <see cref="AddWorkingDays"/>: <c>WorkingDaysBetween(f, AddWorkingDays(f, n)) == n</c>.
    /// </summary>
    /// <remarks>
    /// Returns 0 when <paramref name="to"/> is on or before <paramref name="from"/>: the result is never negative, so
    /// callers that must reject reversed ranges (e.g. a decision dated before its application) validate that themselves.
    /// </remarks>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        if (to <= from)
            return 0;
        WarnIfUnknown(from.AddDays(1).Year, to.Year);
        // Bounded by the number of weekdays in DateOnly's range (~2.6 million), so it always fits.
        return (int)(CumulativeThrough(to.DayNumber) - CumulativeThrough(from.DayNumber));
    }

    // Working days in [DayNumber 0, day]; piecewise: weekday formula, precomputed window, weekday formula again.
    private long CumulativeThrough(int day)
    {
        if (day < _tableStart)
            return WeekdaysThrough(day);
        if (day <= _tableEnd)
            return _beforeWindow + _prefix[day - _tableStart + 1];
        return _afterWindowOffset + WeekdaysThrough(day);
    }

    private void WarnIfUnknown(int fromYear, int toYear)
    {
        var (first, last) = _family.KnownYears;
        if (fromYear >= first && toYear <= last)
            return;
        if (fromYear < first)
            _family.Warnings.Report(fromYear, Math.Min(toYear, first - 1), first, last);
        if (toYear > last)
            _family.Warnings.Report(Math.Max(fromYear, last + 1), toYear, first, last);
    }

    // DayNumber 0 (0001-01-01) is a Monday, so weekday arithmetic needs no DayOfWeek lookups.
    private static bool IsWeekday(int day) => day % 7 < 5;

    // Mon-Fri days in [0, day]; 0 for day = -1.
    private static long WeekdaysThrough(long day)
    {
        var count = day + 1;
        return 5 * (count / 7) + Math.Min(count % 7, 5);
    }

    // Smallest day with WeekdaysThrough(day) >= count, for count >= 1.
    private static long FirstDayWithWeekdayCount(long count) => 7 * ((count - 1) / 5) + (count - 1) % 5;

    // Smallest index i with values[i] >= value; values is non-decreasing and values[^1] >= value.
    private static int LowerBound(int[] values, int value)
    {
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (values[mid] < value)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo;
    }

    /// <summary>State shared by a national calendar and every calendar derived from it.</summary>
    private sealed class Family((int First, int Last) knownYears, Action<string>? onWarning)
    {
        private readonly Action<string>? _onWarning = onWarning;
        private readonly ConcurrentDictionary<string, byte> _reportedCodes = new(StringComparer.OrdinalIgnoreCase);

        public (int First, int Last) KnownYears { get; } = knownYears;
        public UnknownYearWarnings Warnings { get; } = new(onWarning);
        public WorkingDayCalendar National { get; set; } = null!;
        public Dictionary<string, WorkingDayCalendar> Jurisdictions { get; } = new(StringComparer.OrdinalIgnoreCase);

        public void ReportUnknownJurisdiction(string code)
        {
            if (_onWarning is not null && _reportedCodes.TryAdd(code, 0))
                _onWarning($"No calendar overrides configured for jurisdiction '{code}'; using the national calendar.");
        }
    }
}
