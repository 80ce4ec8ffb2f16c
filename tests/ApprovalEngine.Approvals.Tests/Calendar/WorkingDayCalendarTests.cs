using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Approvals.Tests.Calendar;

public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar National = WorkingDayCalendar.LoadNational();

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    // Each vector was counted by hand from holidays-cn.json; the comments are that count.
    [Theory]
    // National Day 2025: 09-27 Sat off, 09-28 Sun make-up (1), 09-29 (2), 09-30 (3), 10-01..10-08 off, 10-09 (4), 10-10 (5).
    [InlineData("2025-09-26", 1, "2025-09-28")]
    [InlineData("2025-09-26", 5, "2025-10-10")]
    // ...10-11 Sat is the second make-up day (6), 10-12 Sun off, 10-13 Mon (7).
    [InlineData("2025-09-26", 6, "2025-10-11")]
    [InlineData("2025-09-26", 7, "2025-10-13")]
    // New Year 2026: 01-01..01-03 off, 01-04 Sun make-up (1), 01-05 (2), 01-06 (3).
    [InlineData("2025-12-31", 1, "2026-01-04")]
    [InlineData("2025-12-31", 3, "2026-01-06")]
    // Spring Festival 2026: 02-13 Fri (1), 02-14 Sat make-up (2), 02-15..02-23 off, 02-24 (3), 02-25 (4), 02-26 (5),
    // 02-27 (6), 02-28 Sat make-up (7), 03-01 Sun off, 03-02 (8).
    [InlineData("2026-02-12", 2, "2026-02-14")]
    [InlineData("2026-02-12", 3, "2026-02-24")]
    [InlineData("2026-02-12", 5, "2026-02-26")]
    [InlineData("2026-02-12", 8, "2026-03-02")]
    // Starting inside the holiday: 02-16 is off, first working day after it is 02-24.
    [InlineData("2026-02-16", 1, "2026-02-24")]
    // 2023 New Year: 2022-12-31 (listed in 2023's file) Sat off, 01-01 Sun off, 01-02 Mon off, 01-03 Tue (1).
    [InlineData("2022-12-30", 1, "2023-01-03")]
    public void AddWorkingDays_HandCountedVectors_MatchData(string from, int days, string expected)
    {
        Assert.Equal(D(expected), National.AddWorkingDays(D(from), days));
    }

    [Theory]
    [InlineData("2025-09-26", "2025-10-10", 5)]
    [InlineData("2025-09-26", "2025-10-12", 6)]
    [InlineData("2025-09-30", "2025-10-08", 0)]
    [InlineData("2025-12-31", "2026-01-06", 3)]
    [InlineData("2026-02-12", "2026-03-02", 8)]
    public void WorkingDaysBetween_HandCountedVectors_MatchData(string from, string to, int expected)
    {
        Assert.Equal(expected, National.WorkingDaysBetween(D(from), D(to)));
    }

    [Theory]
    [InlineData("2025-09-28")] // Sunday before National Day 2025
    [InlineData("2025-10-11")] // Saturday after National Day 2025
    [InlineData("2026-01-04")] // Sunday after New Year 2026
    [InlineData("2026-02-14")] // Saturday before Spring Festival 2026
    [InlineData("2026-02-28")] // Saturday after Spring Festival 2026
    public void IsWorkingDay_MakeUpWeekend_ReturnsTrue(string date)
    {
        Assert.True(National.IsWorkingDay(D(date)));
    }

    [Theory]
    [InlineData("2025-10-01")] // National Day, Wednesday
    [InlineData("2025-10-08")] // National Day/Mid-Autumn, Wednesday
    [InlineData("2026-01-02")] // New Year, Friday
    [InlineData("2026-02-16")] // Spring Festival, Monday
    [InlineData("2026-02-23")] // Spring Festival, Monday
    [InlineData("2020-01-31")] // 2020 Spring Festival extension (second State Council notice), Friday
    public void IsWorkingDay_HolidayOnWeekday_ReturnsFalse(string date)
    {
        Assert.False(National.IsWorkingDay(D(date)));
    }

    [Theory]
    [InlineData("2026-03-03", true)]  // ordinary Tuesday
    [InlineData("2026-03-07", false)] // ordinary Saturday
    [InlineData("2026-03-08", false)] // ordinary Sunday
    public void IsWorkingDay_UnlistedDate_FollowsWeekRule(string date, bool expected)
    {
        Assert.Equal(expected, National.IsWorkingDay(D(date)));
    }

    [Fact]
    public void WorkingDaysBetween_AddWorkingDaysResult_ReturnsSameCount()
    {
        int[] counts = [0, 1, 2, 3, 5, 7, 10, 15, 20, 30, 60, 90, 180, 250, 400];
        for (var from = new DateOnly(2019, 12, 1); from <= new DateOnly(2027, 12, 31); from = from.AddDays(3))
        {
            foreach (var n in counts)
            {
                var due = National.AddWorkingDays(from, n);
                Assert.Equal(n, National.WorkingDaysBetween(from, due));
                if (n > 0)
                {
                    // The due date is the *first* day reaching n: a working day, with only n-1 before it.
                    Assert.True(National.IsWorkingDay(due), $"{from} + {n} = {due} is not a working day");
                    Assert.Equal(n - 1, National.WorkingDaysBetween(from, due.AddDays(-1)));
                }
            }
        }
    }

    [Fact]
    public void IsWorkingDay_EveryDay2019To2028_MatchesNaiveReading()
    {
        var naive = new NaiveCalendar();
        for (var d = new DateOnly(2019, 1, 1); d <= new DateOnly(2028, 12, 31); d = d.AddDays(1))
            Assert.True(naive.IsWorkingDay(d) == National.IsWorkingDay(d), $"{d:yyyy-MM-dd}");
    }

    [Fact]
    public void AddWorkingDaysAndBetween_ManyStartDates_MatchNaiveLoop()
    {
        var naive = new NaiveCalendar();
        int[] counts = [1, 4, 10, 22, 45, 130, 365, 700];
        for (var from = new DateOnly(2018, 6, 1); from <= new DateOnly(2028, 6, 30); from = from.AddDays(11))
        {
            foreach (var n in counts)
            {
                var due = National.AddWorkingDays(from, n);
                Assert.True(naive.AddWorkingDays(from, n) == due, $"{from:yyyy-MM-dd} + {n}");
            }
            var to = from.AddDays(500);
            Assert.True(naive.WorkingDaysBetween(from, to) == National.WorkingDaysBetween(from, to), $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}");
        }
    }

    [Theory]
    [InlineData("2026-03-10", "2026-03-10")]
    [InlineData("2026-03-10", "2026-03-01")]
    public void WorkingDaysBetween_ToNotAfterFrom_ReturnsZero(string from, string to)
    {
        Assert.Equal(0, National.WorkingDaysBetween(D(from), D(to)));
    }

    [Fact]
    public void AddWorkingDays_NegativeDays_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => National.AddWorkingDays(D("2026-03-10"), -1));
    }

    [Fact]
    public void AddWorkingDays_ZeroDays_ReturnsStartEvenOnHoliday()
    {
        Assert.Equal(D("2025-10-01"), National.AddWorkingDays(D("2025-10-01"), 0));
    }

    [Fact]
    public void AddWorkingDays_PastLastRepresentableDate_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => National.AddWorkingDays(DateOnly.MaxValue.AddDays(-10), 20));
        Assert.Throws<ArgumentOutOfRangeException>(() => National.AddWorkingDays(D("2026-03-10"), int.MaxValue));
    }

    [Fact]
    public void WorkingDaysBetween_WholeDateOnlyRange_IsConsistentWithAdd()
    {
        var calendar = WorkingDayCalendar.LoadNational();
        var all = calendar.WorkingDaysBetween(DateOnly.MinValue, DateOnly.MaxValue);
        Assert.InRange(all, 2_500_000, 2_700_000);
        Assert.Equal(DateOnly.MinValue.AddDays(1), calendar.AddWorkingDays(DateOnly.MinValue, 1)); // 0001-01-01 is a Monday
        Assert.Equal(all, calendar.WorkingDaysBetween(DateOnly.MinValue, calendar.AddWorkingDays(DateOnly.MinValue, all)));
    }

    [Fact]
    public void KnownYears_EmbeddedData_Covers2020To2026()
    {
        // The 2027 source file exists but is empty (notice not yet published), so 2027 must not count as known.
        Assert.Equal((2020, 2026), National.KnownYears);
    }

    [Fact]
    public void IsWorkingDay_OutsideKnownYears_UsesWeekendsAndWarnsOncePerYear()
    {
        var warnings = new List<string>();
        var calendar = WorkingDayCalendar.LoadNational(warnings.Add);

        Assert.True(calendar.IsWorkingDay(D("2027-01-01"))); // really New Year's Day, but no data yet: Friday => working
        Assert.False(calendar.IsWorkingDay(D("2027-01-02"))); // Saturday
        Assert.True(calendar.IsWorkingDay(D("2019-10-01")));  // National Day 2019, before the data: Tuesday => working
        Assert.Equal(D("2027-01-01"), calendar.AddWorkingDays(D("2026-12-31"), 1));
        Assert.Equal(D("2027-01-05"), calendar.AddWorkingDays(D("2026-12-31"), 3));

        Assert.Collection(warnings,
            w => Assert.Contains("2027", w),
            w => Assert.Contains("2019", w));
    }

    [Fact]
    public void WorkingDaysBetween_SpanningSeveralUnknownYears_WarnsOnceForTheSpan()
    {
        var warnings = new List<string>();
        var calendar = WorkingDayCalendar.LoadNational(warnings.Add);

        calendar.WorkingDaysBetween(D("2026-06-01"), D("2029-06-01"));
        calendar.WorkingDaysBetween(D("2026-06-01"), D("2030-06-01"));
        calendar.IsWorkingDay(D("2028-03-01"));

        Assert.Collection(warnings,
            w => Assert.Contains("2027-2029", w),
            w => Assert.Contains("2030", w));
    }

    [Fact]
    public void Calculations_WithinKnownYears_DoNotWarn()
    {
        var warnings = new List<string>();
        var calendar = WorkingDayCalendar.LoadNational(warnings.Add);

        calendar.AddWorkingDays(D("2020-01-01"), 1000);
        calendar.WorkingDaysBetween(D("2020-01-01"), D("2026-12-31"));
        calendar.IsWorkingDay(D("2026-12-31"));

        Assert.Empty(warnings);
    }

    private static WorkingDayCalendar LoadWith(string code, JurisdictionOverride jurisdiction, Action<string>? onWarning = null) =>
        WorkingDayCalendar.Load(new CalendarOptions { Jurisdictions = { [code] = jurisdiction } }, onWarning);

    [Fact]
    public void ForJurisdiction_ExtraOffDay_ShiftsDueDate()
    {
        var national = LoadWith("440000", new JurisdictionOverride { ExtraOffDays = [D("2025-10-09")] });
        var local = national.ForJurisdiction("440000");

        // 09-28 (1), 09-29 (2), 09-30 (3), 10-09 now off, 10-10 (4), 10-11 Sat national make-up day (5).
        Assert.Equal(D("2025-10-11"), local.AddWorkingDays(D("2025-09-26"), 5));
        Assert.Equal(D("2025-10-10"), national.AddWorkingDays(D("2025-09-26"), 5));
        Assert.False(local.IsWorkingDay(D("2025-10-09")));
        Assert.True(national.IsWorkingDay(D("2025-10-09")));
    }

    [Fact]
    public void ForJurisdiction_ExtraWorkDay_CountsAsWorkingDay()
    {
        var local = LoadWith("310000", new JurisdictionOverride { ExtraWorkDays = [D("2025-10-08")] }).ForJurisdiction("310000");

        Assert.True(local.IsWorkingDay(D("2025-10-08")));
        Assert.Equal(D("2025-10-08"), local.AddWorkingDays(D("2025-09-26"), 4));
    }

    [Fact]
    public void ForJurisdiction_CodeInDifferentCase_FindsOverrides()
    {
        var local = LoadWith("gd", new JurisdictionOverride { ExtraOffDays = [D("2026-03-03")] }).ForJurisdiction("GD");

        Assert.False(local.IsWorkingDay(D("2026-03-03")));
    }

    [Fact]
    public void ForJurisdiction_NullOrUnknownCode_ReturnsNationalAndWarnsOncePerUnknownCode()
    {
        var warnings = new List<string>();
        var national = LoadWith("440000", new JurisdictionOverride { ExtraOffDays = [D("2025-10-09")] }, warnings.Add);

        Assert.Same(national, national.ForJurisdiction(null));
        Assert.Same(national, national.ForJurisdiction(" "));
        Assert.Same(national, national.ForJurisdiction("999999"));
        Assert.Same(national, national.ForJurisdiction("999999"));
        // Asking a jurisdiction calendar for another jurisdiction resolves against national, not on top of itself.
        Assert.Same(national, national.ForJurisdiction("440000").ForJurisdiction(null));

        Assert.Single(warnings, w => w.Contains("999999"));
    }

    [Fact]
    public void Load_SameDateOffAndWork_ThrowsArgumentException()
    {
        var conflicting = new JurisdictionOverride { ExtraOffDays = [D("2026-03-03")], ExtraWorkDays = [D("2026-03-03")] };

        var ex = Assert.Throws<ArgumentException>(() => LoadWith("440000", conflicting));
        Assert.Contains("440000", ex.Message);
    }

    [Fact]
    public void WithOverrides_DateOutsideKnownYears_IsHonouredAndMatchesNaive()
    {
        // Overrides beyond the data widen the precomputed window; counts across it must stay exact.
        var extraOff = new[] { D("2030-05-06"), D("2019-12-30") };
        var extraWork = new[] { D("2030-05-11") };
        var local = National.WithOverrides(new JurisdictionOverride { ExtraOffDays = [.. extraOff], ExtraWorkDays = [.. extraWork] });
        var naive = new NaiveCalendar(extraOff, extraWork);

        Assert.False(local.IsWorkingDay(D("2030-05-06")));
        Assert.True(local.IsWorkingDay(D("2030-05-11")));
        for (var from = new DateOnly(2018, 1, 5); from <= new DateOnly(2031, 12, 31); from = from.AddDays(29))
        {
            Assert.Equal(naive.AddWorkingDays(from, 300), local.AddWorkingDays(from, 300));
            Assert.Equal(naive.WorkingDaysBetween(from, from.AddDays(900)), local.WorkingDaysBetween(from, from.AddDays(900)));
        }
    }
}
