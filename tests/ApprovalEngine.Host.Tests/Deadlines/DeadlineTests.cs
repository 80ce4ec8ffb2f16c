using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Deadlines;

/// <summary>Statutory and step deadlines on the working-day calendar, driven with a fake clock over HTTP.</summary>
public abstract class DeadlineContract(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly WorkingDayCalendar Calendar = WorkingDayCalendar.LoadNational();
    private static readonly DateOnly Monday = new(2026, 3, 2);
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Theory]
    [InlineData("2025-09-26", 5, "2025-10-10")] // National Day week, make-up Sunday 2025-09-28 counts
    [InlineData("2025-12-31", 3, "2026-01-06")] // year boundary, make-up Sunday 2026-01-04 counts
    [InlineData("2026-02-12", 5, "2026-02-26")] // Spring Festival
    public async Task Calendar_AddWorkingDays_MatchesHolidayData(string from, int days, string due)
    {
        var result = await _api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/calendar/add-working-days?from={from}&days={days}");

        Assert.Equal(due, result!["due"]!.GetValue<string>());
        Assert.Equal(from, result["from"]!.GetValue<string>());
        var between = await _api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/calendar/working-days-between?from={from}&to={due}");
        Assert.Equal(days, between!["workingDays"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("/api/calendar/add-working-days?from=2025-13-01&days=5", "'from' must be a date")]
    [InlineData("/api/calendar/add-working-days?from=2025-09-26&days=-1", "'days' must be")]
    [InlineData("/api/calendar/add-working-days?days=3", "'from' must be a date")]
    [InlineData("/api/calendar/working-days-between?from=2025-10-10&to=2025-09-26", "'to' must not be before 'from'")]
    public async Task Calendar_BadInput_400WithClearMessage(string url, string message)
    {
        var response = await _api.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deadlines_StatutoryClock_StartsAtAcceptanceWithTheProcessLimit()
    {
        var id = await _permit.StartAsync();
        Assert.DoesNotContain(await Deadlines(id), d => d["kind"]!.GetValue<string>() == "Statutory");

        await _permit.AcceptAsync(id);

        var statutory = (await Deadlines(id)).Single(d => d["kind"]!.GetValue<string>() == "Statutory");
        Assert.Equal(50, statutory["limitWorkingDays"]!.GetValue<int>());
        Assert.Equal(Calendar.AddWorkingDays(Monday, 50).ToString("O"), statutory["dueDate"]!.GetValue<string>());
        Assert.Equal("on-track", statutory["state"]!.GetValue<string>());
        var fire = (await Deadlines(id)).Single(d => d["department"]?.GetValue<string>() == "fire");
        Assert.Equal(Calendar.AddWorkingDays(Monday, 15).ToString("O"), fire["dueDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deadlines_ReviewRunsLate_WarningThenOverdueThenEscalation()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        await _permit.ReviewAsync(id, "planning", "Approved");
        await _permit.ReviewAsync(id, "land", "Approved");
        await _permit.ReviewAsync(id, "environment", "Approved");

        MoveTo(Calendar.AddWorkingDays(Monday, 11));
        await _api.Timers.FireDueAsync();
        Assert.DoesNotContain(await Journal(id), e => e == "DeadlineWarning");

        MoveTo(Calendar.AddWorkingDays(Monday, 12)); // 80 % of 15 working days
        await _api.Timers.FireDueAsync();
        Assert.Single(await Journal(id), e => e == "DeadlineWarning");
        var fire = (await Deadlines(id)).Single(d => d["department"]?.GetValue<string>() == "fire");
        Assert.Equal("warning", fire["state"]!.GetValue<string>());

        MoveTo(Calendar.AddWorkingDays(Monday, 15));
        await _api.Timers.FireDueAsync();
        Assert.DoesNotContain(await Journal(id), e => e == "DeadlineOverdue");

        MoveTo(Calendar.AddWorkingDays(Monday, 15).AddDays(1));
        await _api.Timers.FireDueAsync();
        Assert.Single(await Journal(id), e => e == "DeadlineOverdue");
        var admin = await _permit.Admin();
        var task = (await _permit.TasksAsync(admin, id)).Single()!;
        Assert.True(task["isOverdue"]!.GetValue<bool>());
        var notifications = await admin.GetFromJsonAsync<JsonArray>("/api/notifications");
        Assert.Contains(notifications!, n => n!["recipient"]!.GetValue<string>() == "head:fire" && n["topic"]!.GetValue<string>() == "deadline.overdue");
        Assert.Contains(notifications!, n => n!["recipient"]!.GetValue<string>() == "supervision" && n["topic"]!.GetValue<string>() == "deadline.overdue");
        var headOfFire = await _api.ClientAsync("head-fire", "reviewer", "fire");
        Assert.All((await headOfFire.GetFromJsonAsync<JsonArray>("/api/notifications"))!, n => Assert.EndsWith("fire", n!["recipient"]!.GetValue<string>()));
        Assert.Equal("overdue", (await Deadlines(id)).Single(d => d["department"]?.GetValue<string>() == "fire")["state"]!.GetValue<string>());

        await _api.Timers.FireDueAsync();
        Assert.Single(await Journal(id), e => e == "DeadlineOverdue");
    }

    [Fact]
    public async Task Clock_PauseForExpertReview_PausedWorkingDaysDoNotCount()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var clerk = await _permit.Clerk();
        MoveTo(Calendar.AddWorkingDays(Monday, 3));

        var paused = await clerk.PostAsJsonAsync($"/api/instances/{id}/clock/pause", new { reason = "expert review of the structural design" });
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync($"/api/instances/{id}/clock/pause", new { reason = "again" })).StatusCode);
        var pausedOn = Calendar.AddWorkingDays(Monday, 3);
        MoveTo(Calendar.AddWorkingDays(pausedOn, 7));
        Assert.Equal("paused", Statutory(await Deadlines(id))["state"]!.GetValue<string>());
        (await clerk.PostAsync($"/api/instances/{id}/clock/resume", null)).EnsureSuccessStatusCode();

        var statutory = Statutory(await Deadlines(id));
        Assert.Equal(Calendar.AddWorkingDays(Monday, 57).ToString("O"), statutory["dueDate"]!.GetValue<string>());
        Assert.Equal(3, statutory["workingDaysUsed"]!.GetValue<int>());
        var period = statutory["pausedPeriods"]!.AsArray().Single()!;
        Assert.Equal("expert review of the structural design", period["reason"]!.GetValue<string>());
        Assert.Contains(await Journal(id), e => e == "ClockPaused");
        Assert.Contains(await Journal(id), e => e == "ClockResumed");
    }

    [Fact]
    public async Task Clock_Extension_MovesDueDateAndIsRefusedBeyondTheMaximum()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var admin = await _permit.Admin();

        var extended = await admin.PostAsJsonAsync($"/api/instances/{id}/clock/extend", new { workingDays = 6, reason = "joint handling approved by the head of the bureau" });
        Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        Assert.Equal(Calendar.AddWorkingDays(Monday, 56).ToString("O"), Statutory(await Deadlines(id))["dueDate"]!.GetValue<string>());

        var tooMuch = await admin.PostAsJsonAsync($"/api/instances/{id}/clock/extend", new { workingDays = 5, reason = "more" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("at most 10 working days", await tooMuch.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _permit.Clerk()).PostAsJsonAsync($"/api/instances/{id}/clock/extend", new { workingDays = 1, reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/instances/{id}/clock/extend", new { workingDays = 1 })).StatusCode);
        Assert.Equal(6, Statutory(await Deadlines(id))["extensionWorkingDays"]!.GetValue<int>());
    }

    [Fact]
    public async Task Clock_CorrectionAfterAcceptance_PausesUntilResubmission()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        MoveTo(Calendar.AddWorkingDays(Monday, 2));
        await _permit.ReviewAsync(id, "fire", "NeedsCorrection", "Evacuation routes missing.", ["fire exit plan"]);
        Assert.Equal("paused", Statutory(await Deadlines(id))["state"]!.GetValue<string>());

        MoveTo(Calendar.AddWorkingDays(Monday, 6));
        var clerk = await _permit.Clerk();
        (await _permit.UploadAsync(clerk, id, "fire exit plan")).EnsureSuccessStatusCode();
        (await clerk.PostAsync($"/api/instances/{id}/resubmission", null)).EnsureSuccessStatusCode();

        var statutory = Statutory(await Deadlines(id));
        Assert.Equal("applicant correction", statutory["pausedPeriods"]![0]!["reason"]!.GetValue<string>());
        Assert.Equal(Calendar.AddWorkingDays(Monday, 54).ToString("O"), statutory["dueDate"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timers_HostRestart_DeadlineWarningsNeitherLostNorRepeated()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        await _api.DisposeAsync();

        _api = new ApiFactory(_api.Database, _api.Time).Sibling();
        _permit = new PermitClient(_api);
        MoveTo(Calendar.AddWorkingDays(Monday, 12));
        Assert.Equal(4, await _api.Timers.FireDueAsync());
        await using var another = _api.Sibling();
        Assert.Equal(0, await another.Timers.FireDueAsync());

        Assert.Equal(4, (await Journal(id)).Count(e => e == "DeadlineWarning"));
    }

    [Fact]
    public async Task Timers_OneTimerPerClock_OverdueArmedByTheWarning_AndBothFireAfterAnOutage()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        // The statutory clock and the four reviews' clocks: a warning timer each, no overdue timer yet.
        Assert.Equal(Enumerable.Repeat(DeadlineTimerKinds.Warning, 5), await TimerKinds(id));

        // The sweeper was down from before the reviews' warning (day 12) until after their due date (day 15).
        MoveTo(Calendar.AddWorkingDays(Monday, 15).AddDays(1));
        Assert.Equal(8, await _api.Timers.FireDueAsync());

        var journal = await Journal(id);
        Assert.Equal(4, journal.Count(e => e == "DeadlineWarning"));
        Assert.Equal(4, journal.Count(e => e == "DeadlineOverdue"));
        Assert.True(journal.FindIndex(e => e == "DeadlineWarning") < journal.FindIndex(e => e == "DeadlineOverdue"));
        Assert.Equal([DeadlineTimerKinds.Warning], await TimerKinds(id)); // the statutory clock's, at 40 of its 50 days
        var deadlines = await Deadlines(id);
        Assert.Equal(4, deadlines.Count(d => d["state"]!.GetValue<string>() == "overdue"));
        Assert.Equal("on-track", Statutory(deadlines)["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Timers_ClockScheduledBeforeTimersWereChained_KeepsItsOverdueTimer_AndGoesOverdueOnce()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        // As the host wrote clocks before: the overdue timer beside the warning, from the start.
        using (var scope = _api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
            var service = scope.ServiceProvider.GetRequiredService<DeadlineService>();
            foreach (var deadline in await db.Deadlines.Where(d => d.InstanceId == id && d.CompletedAt == null).ToListAsync())
                db.Timers.Add(new TimerRecord
                {
                    Id = DeadlineService.TimerId(deadline, DeadlineTimerKinds.Overdue), InstanceId = id, Kind = DeadlineTimerKinds.Overdue,
                    DueAt = service.StartOfDay(deadline.DueDate.AddDays(1)), PayloadJson = $$"""{"deadlineId":"{{deadline.Id}}"}""",
                });
            await db.SaveChangesAsync();
        }

        MoveTo(Calendar.AddWorkingDays(Monday, 12));
        Assert.Equal(4, await _api.Timers.FireDueAsync());
        Assert.Equal(5, (await TimerKinds(id)).Count(k => k == DeadlineTimerKinds.Overdue));

        MoveTo(Calendar.AddWorkingDays(Monday, 15).AddDays(1));
        Assert.Equal(4, await _api.Timers.FireDueAsync());
        Assert.Equal(4, (await Journal(id)).Count(e => e == "DeadlineOverdue"));
    }

    private async Task<List<string>> TimerKinds(string id)
    {
        using var scope = _api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        return await db.Timers.Where(t => t.InstanceId == id).OrderBy(t => t.Kind).Select(t => t.Kind).ToListAsync();
    }

    [Fact]
    public async Task Reports_Timeliness_RatesAveragesOverdueAndCsv()
    {
        var onTime = await _permit.StartAsync("JS-1");
        await _permit.AcceptAsync(onTime);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(onTime, d, "Approved");
        var bureau = await _api.ClientAsync("director", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, onTime), "Approved", "OK")).EnsureSuccessStatusCode();
        var late = await _permit.StartAsync("JS-2");
        await _permit.AcceptAsync(late);
        MoveTo(Calendar.AddWorkingDays(Monday, 20));
        var admin = await _permit.Admin();

        var report = await admin.GetFromJsonAsync<JsonObject>("/api/reports/timeliness?from=2026-03-01&to=2026-12-31&definitionId=construction-permit-3550");

        Assert.Equal(1, report!["completed"]!.GetValue<int>());
        Assert.Equal(100.0, report["onTimeRate"]!.GetValue<double>());
        Assert.Equal(100.0, report["completedAheadRate"]!.GetValue<double>());
        Assert.Equal(4, report["averageWorkingDaysPerDepartment"]!.AsArray().Count(a => a!["key"]!.GetValue<string>() is "planning" or "land" or "fire" or "environment"));
        Assert.Equal(4, report["overdue"]!.AsArray().Count(o => o!["instanceId"]!.GetValue<string>() == late));
        // Under the list's cap, every open overdue deadline is listed and counted.
        var openListed = report["overdue"]!.AsArray().Count(o => o!["completedOn"] is null);
        Assert.Equal(openListed, report["openOverdueListed"]!.GetValue<int>());
        Assert.Equal(openListed, report["openOverdue"]!.GetValue<int>());
        var csv = await admin.GetStringAsync("/api/reports/timeliness?from=2026-03-01&to=2026-12-31&format=csv");
        Assert.StartsWith("deadline_id,instance_id", csv);
        Assert.Contains(late, csv);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/reports/timeliness?from=2026-03-01&to=2026-02-01")).StatusCode);

        // A designer weighs the process by its rates, but reads no application (need-to-know): no overdue rows, no CSV.
        using var designer = await _api.ClientAsync("designer-liu", "designer");
        var rates = (await designer.GetFromJsonAsync<JsonObject>("/api/reports/timeliness?from=2026-03-01&to=2026-12-31&definitionId=construction-permit-3550"))!;
        Assert.Equal(report["onTimeRate"]!.GetValue<double>(), rates["onTimeRate"]!.GetValue<double>());
        Assert.Empty(rates["overdue"]!.AsArray());
        Assert.Equal(report["openOverdue"]!.GetValue<int>(), rates["openOverdue"]!.GetValue<int>());
        var refused = await designer.GetAsync("/api/reports/timeliness?from=2026-03-01&to=2026-12-31&format=csv");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain(late, await refused.Content.ReadAsStringAsync());
    }

    private static JsonObject Statutory(List<JsonObject> deadlines) => deadlines.Single(d => d["kind"]!.GetValue<string>() == "Statutory");

    /// <summary>Puts the fake clock at 09:00 China Standard Time of <paramref name="date"/>.</summary>
    private void MoveTo(DateOnly date)
    {
        var target = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        if (target > _api.Time.GetUtcNow()) _api.Time.SetUtcNow(target.ToUniversalTime());
    }

    private async Task<List<JsonObject>> Deadlines(string id) =>
        (await (await _permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!.Select(d => d!.AsObject()).ToList();

    private async Task<List<string>> Journal(string id) =>
        (await _permit.JournalAsync(id)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();
}

public sealed class SqliteDeadlineTests() : DeadlineContract(DatabaseProvider.Sqlite);

public sealed class PostgresDeadlineTests() : DeadlineContract(DatabaseProvider.Postgres);
