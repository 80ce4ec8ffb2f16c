using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Deadlines;

/// <summary>The dashboard's open workload (by department and step, on each task's own clock) and the monthly trend, over HTTP with a fake clock.</summary>
public abstract class DashboardContract(DatabaseProvider provider) : IAsyncLifetime
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

    [Fact]
    public async Task Workload_OneLateApplicationOneNew_CountsByDepartmentStepAndStanding()
    {
        var late = await _permit.StartAsync("DASH-LATE");
        await _permit.AcceptAsync(late);
        await _permit.ReviewAsync(late, "planning", "Approved");
        MoveTo(Calendar.AddWorkingDays(Monday, 16)); // reviews have 15 working days
        var fresh = await _permit.StartAsync("DASH-NEW");
        await _permit.AcceptAsync(fresh);
        var fire = await _permit.Reviewer("fire");
        var claimed = await fire.PostAsync($"/api/tasks/{await _permit.OpenTaskIdAsync(fire, fresh)}/claim", null);
        Assert.True(claimed.IsSuccessStatusCode, await claimed.Content.ReadAsStringAsync());

        var workload = (await (await _permit.Reviewer("land")).GetFromJsonAsync<JsonObject>("/api/dashboard/workload"))!;

        var departments = workload["byDepartment"]!.AsArray().ToDictionary(d => d!["department"]!.GetValue<string>(), d => d!.AsObject());
        Assert.Equal(["environment", "fire", "land", "planning"], departments.Keys.Order().ToArray());
        Assert.Equal((1, 1, 0, 1), Counts(departments["fire"]));
        Assert.Equal((2, 0, 0, 1), Counts(departments["land"]));
        Assert.Equal((1, 0, 0, 0), Counts(departments["planning"]));
        Assert.Equal("消防救援支队", departments["fire"]["departmentName"]!.GetValue<string>());
        Assert.Equal(3, workload["overdue"]!.GetValue<int>());
        Assert.Equal(0, workload["atRisk"]!.GetValue<int>());

        var steps = workload["byStep"]!.AsArray().Select(s => s!.AsObject()).ToList();
        Assert.Equal(4, steps.Count);
        Assert.All(steps, s => Assert.Equal("construction-permit-3550", s["definitionId"]!.GetValue<string>()));
        Assert.All(steps, s => Assert.False(string.IsNullOrWhiteSpace(s["stepName"]!.GetValue<string>())));
        var planning = steps.Single(s => s["open"]!.GetValue<int>() == 1);
        Assert.Equal(0, planning["overdue"]!.GetValue<int>());
        Assert.All(steps.Where(s => s != planning), s => Assert.Equal((2, 1), (s["open"]!.GetValue<int>(), s["overdue"]!.GetValue<int>())));
        Assert.Equal((await _permit.InstanceAsync(late))["name"]!.GetValue<string>(), planning["definitionName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Workload_ReviewsReachTheWarningShare_AtRiskFromThatDayNotTheDayBefore()
    {
        var id = await _permit.StartAsync("DASH-WARN");
        await _permit.AcceptAsync(id); // four reviews of 15 working days: warning from the 12th (80 %)
        var reviewer = await _permit.Reviewer("fire");

        MoveTo(Calendar.AddWorkingDays(Monday, 11));
        var before = (await reviewer.GetFromJsonAsync<JsonObject>("/api/dashboard/workload"))!;
        MoveTo(Calendar.AddWorkingDays(Monday, 12));
        var on = (await reviewer.GetFromJsonAsync<JsonObject>("/api/dashboard/workload"))!;

        Assert.Equal((0, 0), (Int(before, "atRisk"), Int(before, "overdue")));
        Assert.Equal((4, 0), (Int(on, "atRisk"), Int(on, "overdue")));
        Assert.All(on["byDepartment"]!.AsArray(), d => Assert.Equal((1, 0, 1, 0), Counts(d!.AsObject())));
        Assert.All(on["byStep"]!.AsArray(), s => Assert.Equal((1, 1), (Int(s!.AsObject(), "open"), Int(s!.AsObject(), "warning"))));
    }

    [Fact]
    public async Task Trend_DecidedOnTimeAndLate_OneRowPerMonthIncludingEmptyOnes()
    {
        var ahead = await _permit.StartAsync("TREND-AHEAD");
        var late = await _permit.StartAsync("TREND-LATE");
        await _permit.AcceptAsync(ahead);
        await _permit.AcceptAsync(late);
        await ApproveAsync(ahead);
        var lateDay = Calendar.AddWorkingDays(Monday, 52); // the 3550 permit has 50
        MoveTo(lateDay);
        await ApproveAsync(late);
        var admin = await _permit.Admin();

        var months = (await admin.GetFromJsonAsync<JsonArray>("/api/reports/trend?from=2026-01-15&to=2026-06-30"))!.Select(m => m!.AsObject()).ToList();

        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"], months.Select(m => m["month"]!.GetValue<string>()));
        var march = months[2];
        Assert.Equal((1, 1, 1, 0), (Int(march, "completed"), Int(march, "onTime"), Int(march, "ahead"), Int(march, "overdue")));
        var lateMonth = months.Single(m => m["month"]!.GetValue<string>() == $"{lateDay:yyyy-MM}");
        Assert.Equal((1, 0, 0, 1), (Int(lateMonth, "completed"), Int(lateMonth, "onTime"), Int(lateMonth, "ahead"), Int(lateMonth, "overdue")));
        Assert.True(lateMonth["averageWorkingDays"]!.GetValue<double>() > 50);
        Assert.Equal(2, months.Sum(m => Int(m, "completed")));

        var other = (await admin.GetFromJsonAsync<JsonArray>("/api/reports/trend?from=2026-01-01&to=2026-06-30&definitionId=record-filing"))!;
        Assert.All(other, m => Assert.Equal(0, Int(m!.AsObject(), "completed")));
        var lastYear = (await admin.GetFromJsonAsync<JsonArray>("/api/reports/trend"))!;
        Assert.Equal(12, lastYear.Count);
        Assert.Equal($"{lateDay:yyyy-MM}", lastYear[^1]!["month"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("from=2026-06-01&to=2026-01-01", "validation.date-range", "to")]
    [InlineData("from=2000-01-01&to=2026-01-01", "validation.date-range", "from")]
    [InlineData("from=2026-13-01", "validation.date", "from")]
    public async Task Reports_BadRange_400WithCodeAndField(string query, string code, string field)
    {
        foreach (var report in new[] { "trend", "outcomes" })
        {
            var response = await (await _permit.Admin()).GetAsync($"/api/reports/{report}?" + query);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(code, problem["code"]!.GetValue<string>());
            Assert.Equal(field, problem["field"]!.GetValue<string>());
        }
    }

    /// <summary>办结结果: a period's concluded applications per process by how they came out; running ones and other periods are not counted.</summary>
    [Fact]
    public async Task Outcomes_ConcludedInThePeriod_ByProcessAndHowTheyCameOut()
    {
        var granted = await _permit.StartAsync("OUT-GRANTED");
        var refused = await _permit.StartAsync("OUT-REFUSED");
        var turnedAway = await _permit.StartAsync("OUT-NOT-ACCEPTED");
        var withdrawn = await _permit.StartAsync("OUT-WITHDRAWN");
        await _permit.StartAsync("OUT-RUNNING");
        await _permit.AcceptAsync(granted);
        await _permit.AcceptAsync(refused);
        await ApproveAsync(granted);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(refused, d, d == "land" ? "Rejected" : "Approved", d == "land" ? "用地规划许可证与申报范围不符。" : "Conforms.");
        var clerk = await _permit.Clerk();
        (await PermitClient.CompleteAsync(clerk, await _permit.OpenTaskIdAsync(clerk, turnedAway), "NotAccepted", "不属于本机关职权范围。")).EnsureSuccessStatusCode();
        (await clerk.PostAsJsonAsync($"/api/instances/{withdrawn}/cancel", new { reason = "申请人撤回" })).EnsureSuccessStatusCode();
        MoveTo(new DateOnly(2026, 5, 6));
        var later = await _permit.StartAsync("OUT-LATER");
        (await PermitClient.CompleteAsync(clerk, await _permit.OpenTaskIdAsync(clerk, later), "NotAccepted", "不属于本机关职权范围。")).EnsureSuccessStatusCode();
        var admin = await _permit.Admin();

        var march = Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/reports/outcomes?from=2026-03-01&to=2026-04-30"))!)!.AsObject();
        var year = Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/reports/outcomes"))!)!.AsObject();

        Assert.Equal("construction-permit-3550", march["definitionId"]!.GetValue<string>());
        Assert.Equal("建设工程施工许可（3550）", march["definitionName"]!.GetValue<string>());
        Assert.Equal((1, 1, 1, 1, 0, 4), Outcomes(march));
        Assert.Equal((1, 1, 2, 1, 0, 5), Outcomes(year));
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/reports/outcomes?from=2026-03-01&to=2026-04-30&definitionId=record-filing"))!);
        Assert.Empty((await admin.GetFromJsonAsync<JsonArray>("/api/reports/outcomes?from=2026-02-01&to=2026-02-28"))!);
    }

    private static (int Approved, int Denied, int NotAccepted, int Withdrawn, int Ended, int Total) Outcomes(JsonObject p) =>
        (Int(p, "approved"), Int(p, "denied"), Int(p, "notAccepted"), Int(p, "withdrawn"), Int(p, "ended"), Int(p, "total"));

    private async Task ApproveAsync(string id)
    {
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "OK")).EnsureSuccessStatusCode();
    }

    private static (int Open, int Claimed, int Warning, int Overdue) Counts(JsonObject d) =>
        (Int(d, "open"), Int(d, "claimed"), Int(d, "warning"), Int(d, "overdue"));

    private static int Int(JsonObject o, string name) => o[name]!.GetValue<int>();

    private void MoveTo(DateOnly date)
    {
        var target = new DateTimeOffset(date.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8));
        if (target > _api.Time.GetUtcNow()) _api.Time.SetUtcNow(target.ToUniversalTime());
    }
}

public sealed class SqliteDashboardTests() : DashboardContract(DatabaseProvider.Sqlite);

public sealed class PostgresDashboardTests() : DashboardContract(DatabaseProvider.Postgres);
