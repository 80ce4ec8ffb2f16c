using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Intake;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Tests;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalEngine.Host.Tests.Calendar;

/// <summary>
/// Holiday data for a new year, loaded by an administrator. December 2026: 2027 has no official data, so deadlines
/// running into it count weekends only until the (test) 2027 schedule — 元旦 1-3 Jan, 春节 6-14 Feb with make-up
/// Saturdays 30 Jan and 20 Feb — is loaded and applied.
/// </summary>
public abstract class HolidayDataContract(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly string Json2027 = File.ReadAllText(ApiFactory.RepositoryPath("tests/ApprovalEngine.Host.Tests/Calendar/holiday-cn-2027.json"));
    private static readonly string Ics2027 = File.ReadAllText(ApiFactory.RepositoryPath("tests/ApprovalEngine.Host.Tests/Calendar/holiday-cn-2027.ics"));
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        // Monday 2026-12-28 09:00 China Standard Time.
        _api = new ApiFactory(await TestDatabases.CreateAsync(provider), new FakeTimeProvider(new DateTimeOffset(2026, 12, 28, 1, 0, 0, TimeSpan.Zero)));
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task NewYear_UploadPreviewApply_DeadlineAcrossSpringFestivalMoves_OnEveryReplica()
    {
        var admin = await _permit.Admin();
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id); // statutory 50 and review 15 working days from 2026-12-28
        Assert.Equal("2027-03-08", Statutory(await Deadlines(id))["dueDate"]!.GetValue<string>()); // weekends only

        var coverage = await admin.GetFromJsonAsync<JsonObject>("/api/calendar/coverage");
        Assert.Equal([2027], coverage!["missingYears"]!.AsArray().Select(y => y!.GetValue<int>()));
        Assert.Equal(5, coverage["affectedOpenDeadlines"]!.GetValue<int>());
        var health = await _api.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // degraded, not down: the load balancer keeps the replica
        var ready = await health.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Degraded", ready!["status"]!.GetValue<string>());
        Assert.Contains("2027", ready["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "holiday-calendar")!["description"]!.GetValue<string>());

        var upload = await admin.PostAsync("/api/calendar/years/2027", new StringContent(Json2027, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var version = (await upload.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(1, version["version"]!.GetValue<int>());
        Assert.Equal(33, version["offDays"]!.GetValue<int>());
        Assert.Equal(8, version["workDays"]!.GetValue<int>());
        Assert.False(version["current"]!.GetValue<bool>());

        var preview = (await admin.GetFromJsonAsync<JsonObject>("/api/calendar/years/2027/versions/1/preview"))!;
        var statutoryMove = preview["moves"]!.AsArray().Single(m => m!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.Equal("2027-03-08", statutoryMove["oldDueDate"]!.GetValue<string>());
        Assert.Equal("2027-03-12", statutoryMove["newDueDate"]!.GetValue<string>()); // 元旦 and 春节 off, the two make-up Saturdays count
        // Which application, in words the admin reads: its file number and matter, the deadline in Chinese.
        var instance = (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!;
        Assert.Equal(instance["correlationId"]!.GetValue<string>(), statutoryMove["fileNumber"]!.GetValue<string>());
        Assert.Equal(instance["name"]!.GetValue<string>(), statutoryMove["matter"]!.GetValue<string>());
        Assert.Equal("法定办结期限", statutoryMove["description"]!.GetValue<string>());
        Assert.Contains(preview["moves"]!.AsArray(), m => m!["department"]?.GetValue<string>() == "fire" && m["oldDueDate"]!.GetValue<string>() == "2027-01-18"
                                                           && m["newDueDate"]!.GetValue<string>() == "2027-01-19");
        Assert.Equal(5, preview["movedDeadlines"]!.GetValue<int>());
        Assert.Equal("2027-03-08", Statutory(await Deadlines(id))["dueDate"]!.GetValue<string>()); // a preview changes nothing
        Assert.Equal("2027-02-08", await AddWorkingDays(_api, "2027-02-05", 1));

        var applied = await admin.PostAsync("/api/calendar/years/2027/versions/1/apply", null);
        Assert.Equal(HttpStatusCode.OK, applied.StatusCode);
        Assert.Equal(5, (await applied.Content.ReadFromJsonAsync<JsonObject>())!["movedDeadlines"]!.GetValue<int>());

        Assert.Equal("2027-03-12", Statutory(await Deadlines(id))["dueDate"]!.GetValue<string>());
        // The application's own journal says what moved: one line for its five deadlines, numbered after its last line.
        var journal = await _permit.JournalAsync(id);
        var moved = Assert.Single(journal, j => j!["eventName"]!.GetValue<string>() == "DeadlinesMoved")!;
        Assert.Equal("calendar:2027/v1", moved["outcome"]!.GetValue<string>());
        Assert.Contains("2027-03-08 → 2027-03-12", moved["message"]!.GetValue<string>());
        Assert.Equal(journal.Count, moved["sequence"]!.GetValue<int>());
        Assert.Equal(journal.Count, journal.Select(j => j!["sequence"]!.GetValue<int>()).Distinct().Count());
        Assert.Equal("2027-02-15", await AddWorkingDays(_api, "2027-02-05", 1)); // 春节 6-14 Feb
        coverage = await admin.GetFromJsonAsync<JsonObject>("/api/calendar/coverage");
        Assert.Empty(coverage!["missingYears"]!.AsArray());
        Assert.Equal(2027, coverage["lastKnownYear"]!.GetValue<int>());
        Assert.Equal("Healthy", (await _api.CreateClient().GetFromJsonAsync<JsonObject>("/health/ready"))!["status"]!.GetValue<string>());
        var audit = await admin.GetFromJsonAsync<JsonNode>("/api/audit?action=calendar.year.applied&format=json");
        Assert.Contains("calendar:2027/v1", audit!.ToJsonString());
        Assert.True((await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!["ok"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/calendar/years/2027/versions/1/apply", null)).StatusCode);

        // Another replica on the same database counts with the applied data too.
        await using var replica = _api.Sibling();
        Assert.Equal("2027-02-15", await AddWorkingDays(replica, "2027-02-05", 1));
    }

    [Fact]
    public async Task NewYear_Apply_DeferredSupplyDeadlineOnNewYearsDay_MovesOneWorkingDay_WithItsLapseTimer_PreviewEqualsApply()
    {
        var admin = await _permit.Admin();
        await AcceptanceModeContract.DeployAsync(admin, AcceptanceModeContract.Process("holiday-deferred", "terminate", supplyDays: 4));
        var clerk = await _permit.Clerk();
        var started = await clerk.PostAsJsonAsync("/api/instances",
            new { definitionId = "holiday-deferred", correlationId = "JS-RQ-HOLIDAY", input = new { applicant = "苏州容缺科技有限公司" } });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var accepted = await clerk.PostAsJsonAsync($"/api/tasks/{await _permit.OpenTaskIdAsync(clerk, id)}/complete",
            new { outcome = "Accepted", acceptance = AcceptanceModeContract.Deferred(AcceptanceModeContract.PowerOfAttorney) });
        Assert.True(accepted.IsSuccessStatusCode, await accepted.Content.ReadAsStringAsync());
        // 4 working days from Monday 2026-12-28, weekends only: Friday 1 January 2027, which the 2027 schedule makes 元旦.
        Assert.Equal("2027-01-01", (await Mode(id))["supplyDueDate"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/calendar/years/2027", new StringContent(Json2027, Encoding.UTF8, "application/json"))).StatusCode);

        var preview = (await admin.GetFromJsonAsync<JsonObject>("/api/calendar/years/2027/versions/1/preview"))!;
        var supply = preview["moves"]!.AsArray().Single(m => m!["instanceId"]!.GetValue<string>() == id && m["kind"]!.GetValue<string>() == "Supply")!;
        Assert.Equal(("2027-01-01", "2027-01-04", "容缺材料补齐期限"),
            (supply["oldDueDate"]!.GetValue<string>(), supply["newDueDate"]!.GetValue<string>(), supply["label"]!.GetValue<string>()));
        Assert.Equal("2027-01-01", (await Mode(id))["supplyDueDate"]!.GetValue<string>()); // a preview changes nothing

        var applied = (await (await admin.PostAsync("/api/calendar/years/2027/versions/1/apply", null)).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(preview["moves"]!.ToJsonString(), applied["moves"]!.ToJsonString());
        Assert.Equal("2027-01-04", (await Mode(id))["supplyDueDate"]!.GetValue<string>());
        var moved = Assert.Single(await _permit.JournalAsync(id), j => j!["eventName"]!.GetValue<string>() == "DeadlinesMoved")!;
        Assert.Contains("容缺材料补齐期限 2027-01-01 → 2027-01-04", moved["message"]!.GetValue<string>());
        Assert.Contains(moved["payload"]!["moves"]!.AsArray(), m => m!["kind"]!.GetValue<string>() == "Supply" && m["to"]!.GetValue<string>() == "2027-01-04");
        var applyRecord = (await admin.GetFromJsonAsync<JsonArray>("/api/audit?action=calendar.year.applied&format=json"))!.Last()!["summary"]!;
        var auditMoves = (applyRecord is JsonValue text ? JsonNode.Parse(text.GetValue<string>())! : applyRecord)["moves"]!.AsArray();
        Assert.Contains(auditMoves, m => m!["kind"]!.GetValue<string>() == "Supply" && m["instanceId"]!.GetValue<string>() == id && m["to"]!.GetValue<string>() == "2027-01-04");
        Assert.True((await admin.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!["ok"]!.GetValue<bool>());

        // The lapse timer moved with it: nothing on the old instant (2 January), the case ends on the day after the new date.
        await FireAtNineAsync(new DateOnly(2027, 1, 2));
        Assert.Equal("pending", (await Mode(id))["supplyStatus"]!.GetValue<string>());
        await FireAtNineAsync(new DateOnly(2027, 1, 4));
        Assert.Equal("pending", (await Mode(id))["supplyStatus"]!.GetValue<string>());
        await FireAtNineAsync(new DateOnly(2027, 1, 5));
        Assert.Equal("lapsed", (await Mode(id))["supplyStatus"]!.GetValue<string>());
        Assert.Equal("Cancelled", (await _permit.InstanceAsync(id))["status"]!.GetValue<string>());
    }

    private async Task FireAtNineAsync(DateOnly day)
    {
        _api.Time.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)).ToUniversalTime());
        await _api.Timers.FireDueAsync();
    }

    private async Task<JsonObject> Mode(string id) => (await (await _permit.Clerk()).GetFromJsonAsync<JsonObject>($"/api/instances/{id}/acceptance-mode"))!;

    [Fact]
    public async Task Upload_InvalidSchedule_400NamingEveryFieldAndDate_AndNothingStored()
    {
        var admin = await _permit.Admin();
        var bad = """
            {"year": 2027, "days": [
              {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
              {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
              {"name": "春节", "date": "2028-02-07", "isOffDay": true},
              {"name": "春节", "date": "2027-02-08"},
              {"name": "春节", "date": "2027-02-30", "isOffDay": true}
            ]}
            """;
        var response = await admin.PostAsync("/api/calendar/years/2027", new StringContent(bad, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("calendar.holiday-data-invalid", problem["code"]!.GetValue<string>());
        var problems = problem["problems"]!.AsArray().Select(p => (Code: p!["code"]!.GetValue<string>(), Field: p["field"]!.GetValue<string>(), Date: p["date"]?.GetValue<string>())).ToList();
        Assert.Contains(("date-duplicate", "days[1]", "2027-01-01"), problems);
        Assert.Contains(("date-outside-year", "days[2]", "2028-02-07"), problems);
        Assert.Contains(("flag-missing", "days[3].isOffDay", "2027-02-08"), problems);
        Assert.Contains(problems, p => p.Code == "date-invalid" && p.Field == "days[4].date");

        var empty = await admin.PostAsync("/api/calendar/years/2027", new StringContent("""{"year":2027,"papers":[],"days":[]}""", Encoding.UTF8, "application/json"));
        Assert.Equal("days-empty", (await empty.Content.ReadFromJsonAsync<JsonObject>())!["problems"]![0]!["code"]!.GetValue<string>());
        var wrongYear = await admin.PostAsync("/api/calendar/years/2028", new StringContent(Json2027, Encoding.UTF8, "application/json"));
        Assert.Contains("year-mismatch", await wrongYear.Content.ReadAsStringAsync());
        var noFlag = Ics2027.Replace("SUMMARY:春节假期", "SUMMARY:春节");
        var ics = await admin.PostAsync("/api/calendar/years/2027", new StringContent(noFlag, Encoding.UTF8, "text/calendar"));
        Assert.Equal(HttpStatusCode.BadRequest, ics.StatusCode);
        Assert.Contains("\"field\":\"VEVENT[2].SUMMARY\"", await ics.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await admin.PostAsync("/api/calendar/years/2027", new StringContent(Json2027, Encoding.UTF8, "text/plain"))).StatusCode);
        var clerk = await _permit.Clerk();
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsync("/api/calendar/years/2027", new StringContent(Json2027, Encoding.UTF8, "application/json"))).StatusCode);

        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>("/api/calendar/years"))!["versions"]!.AsArray());
    }

    [Fact]
    public async Task Upload_PartOfASchedule_400_AWholeOneFromNotepadOrInParallel_Stored()
    {
        var admin = await _permit.Admin();
        async Task<List<string>> Problems(HttpContent content)
        {
            var response = await admin.PostAsync("/api/calendar/years/2027", content);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("calendar.holiday-data-invalid", problem["code"]!.GetValue<string>());
            return problem["problems"]!.AsArray().Select(p => p!["code"]!.GetValue<string>()).ToList();
        }
        // A download cut off inside its last event (the make-up working day of 9 October would be lost), or after it.
        var cut = Ics2027[..Ics2027.LastIndexOf("END:VEVENT", StringComparison.Ordinal)];
        Assert.Contains("ics-truncated", await Problems(new StringContent(cut, Encoding.UTF8, "text/calendar")));
        Assert.Contains("ics-truncated", await Problems(new StringContent(Ics2027.Replace("END:VCALENDAR", ""), Encoding.UTF8, "text/calendar")));
        // A moment, not a day: 23:00 UTC on 1 January is 2 January in Beijing.
        var timed = Ics2027.Replace("DTSTART;VALUE=DATE:20270101", "DTSTART:20270101T230000Z");
        Assert.Contains("date-invalid", await Problems(new StringContent(timed, Encoding.UTF8, "text/calendar")));
        // One day is not a year's notice: it would end the "year without data" warning and count May Day as working days.
        Assert.Equal(["schedule-incomplete", "schedule-incomplete"], await Problems(new StringContent(
            """{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""", Encoding.UTF8, "application/json")));
        byte[] gbk = [.. "BEGIN:VCALENDAR\n"u8, 0xD4, 0xAA, 0xB5, 0xA9]; // 元旦 in GBK
        var notUtf8 = new ByteArrayContent(gbk);
        notUtf8.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/calendar");
        Assert.Equal(["encoding-invalid"], await Problems(notUtf8));
        Assert.Empty((await admin.GetFromJsonAsync<JsonObject>("/api/calendar/years"))!["versions"]!.AsArray());

        // Windows Notepad's UTF-8 starts with a byte order mark; the file is the same schedule.
        var withBom = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Json2027)]);
        withBom.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsync("/api/calendar/years/2027", withBom)).StatusCode);
        // Five admins at once: five versions, none lost to another's number.
        var uploads = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => admin.PostAsync("/api/calendar/years/2027", new StringContent(Ics2027, Encoding.UTF8, "text/calendar"))));
        Assert.All(uploads, u => Assert.Equal(HttpStatusCode.Created, u.StatusCode));
        var versions = (await admin.GetFromJsonAsync<JsonObject>("/api/calendar/years"))!["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()).Order();
        Assert.Equal([1, 2, 3, 4, 5, 6], versions);
    }

    [Fact]
    public async Task OpenApi_DescribesTheUploadsBodyAndItsProblems()
    {
        var document = (await _api.CreateClient().GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var upload = document["paths"]!["/api/calendar/years/{year}"]!["post"]!;
        Assert.NotNull(upload["requestBody"]!["content"]!["application/json"]);
        Assert.NotNull(upload["requestBody"]!["content"]!["text/calendar"]);
        foreach (var status in new[] { "400", "413", "415" }) Assert.NotNull(upload["responses"]![status]);
        Assert.NotNull(document["paths"]!["/api/calendar/years/{year}/versions/{version}/apply"]!["post"]!["responses"]!["409"]);
    }

    [Fact]
    public async Task Upload_ICalendar_SameDaysAsJson_VersionedPerYear()
    {
        var admin = await _permit.Admin();
        var fromJson = await admin.PostAsync("/api/calendar/years/2027", new StringContent(Json2027, Encoding.UTF8, "application/json"));
        var fromIcs = await admin.PostAsync("/api/calendar/years/2027", new StringContent(Ics2027, Encoding.UTF8, "text/calendar"));

        Assert.Equal(HttpStatusCode.Created, fromIcs.StatusCode);
        var ics = (await fromIcs.Content.ReadFromJsonAsync<JsonObject>())!;
        var json = (await fromJson.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(2, ics["version"]!.GetValue<int>());
        Assert.Equal("icalendar", ics["format"]!.GetValue<string>());
        Assert.Equal(json["offDays"]!.GetValue<int>(), ics["offDays"]!.GetValue<int>());
        Assert.Equal(json["workDays"]!.GetValue<int>(), ics["workDays"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/calendar/years/2027/versions/2/apply", null)).StatusCode);
        Assert.Equal("2027-02-15", await AddWorkingDays(_api, "2027-02-05", 1));
        var years = (await admin.GetFromJsonAsync<JsonObject>("/api/calendar/years"))!;
        Assert.Equal("2027:v2", years["inForce"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/calendar/years/2027/versions/9/preview")).StatusCode);
    }

    private static JsonObject Statutory(List<JsonObject> deadlines) => deadlines.Single(d => d["kind"]!.GetValue<string>() == "Statutory");

    private static async Task<string> AddWorkingDays(ApiFactory api, string from, int days) =>
        (await api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/calendar/add-working-days?from={from}&days={days}"))!["due"]!.GetValue<string>();

    private async Task<List<JsonObject>> Deadlines(string id) =>
        (await (await _permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!.Select(d => d!.AsObject()).ToList();
}

public sealed class SqliteHolidayDataTests() : HolidayDataContract(DatabaseProvider.Sqlite);

public sealed class PostgresHolidayDataTests() : HolidayDataContract(DatabaseProvider.Postgres);
