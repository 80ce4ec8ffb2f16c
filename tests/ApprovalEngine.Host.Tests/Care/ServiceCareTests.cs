using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalEngine.Host.Tests.Care;

/// <summary>好差评 and complaints over HTTP: follow-up tasks on the working-day clock, callbacks, replies, reports, the sealed feed.</summary>
public abstract class ServiceCareContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        // Friday 2025-09-26 10:00 China Standard Time: before the National Day holiday and its make-up working Sunday 09-28.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 9, 26, 2, 0, 0, TimeSpan.Zero));
        _api = new ApiFactory(await Persistence.Tests.TestDatabases.CreateAsync(provider), time);
        _ = _api.Server;
        _permit = new PermitClient(_api);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Complaint_FiledFriday20250926_ReplyDue20251010_RepliedNotifiedAndRated()
    {
        var anyone = _api.CreateClient();
        await AssertProblem(await anyone.PostAsJsonAsync("/api/complaints", new { content = "窗口排队太久", phone = "12345" }), "phone");
        await AssertProblem(await anyone.PostAsJsonAsync("/api/complaints", new { content = " ", phone = "13800001111" }), "content");
        await AssertProblem(await anyone.PostAsJsonAsync("/api/complaints", new { kind = "praise", content = "好", phone = "13800001111" }), "kind");
        Assert.Equal(0, await CountAsync(db => db.Set<Persistence.Complaints.ComplaintRecord>().CountAsync()));

        var filed = await anyone.PostAsJsonAsync("/api/complaints", new { kind = "complaint", content = "窗口排队太久，取号后等了两个小时。", phone = "13800001111", name = "王女士" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var complaint = (await filed.Content.ReadFromJsonAsync<JsonObject>())!;
        var number = complaint["number"]!.GetValue<string>();
        Assert.StartsWith("TS20250926", number);
        Assert.Equal("2025-10-10", complaint["dueDate"]!.GetValue<string>()); // 09-28 (make-up Sunday), 09-29, 09-30, 10-09, 10-10
        Assert.Equal("window", complaint["department"]!.GetValue<string>());

        // The service office (window department) answers from its worklist like any other department.
        var office = await _api.ClientAsync("window-head", "reviewer", "window");
        var card = Assert.Single(await Worklist(office, $"view=department&q={number}"))!;
        Assert.Equal(complaint["taskId"]!.GetValue<string>(), card["id"]!.GetValue<string>());
        Assert.Equal("2025-10-10", card["dueDate"]!.GetValue<string>());
        Assert.Equal(["Replied"], card["allowedOutcomes"]!.AsArray().Select(o => o!.GetValue<string>()));

        var early = await anyone.PostAsJsonAsync($"/api/complaints/{number}/rating", new { phone = "13800001111", rating = 5 });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await PermitClient.CompleteAsync(office, card["id"]!.GetValue<string>(), "Replied", opinion: null)).StatusCode);
        _api.Time.Advance(TimeSpan.FromDays(6)); // Thursday 10-02, in the holiday: still within the limit
        (await PermitClient.CompleteAsync(office, card["id"]!.GetValue<string>(), "Replied", "已增开两个综合窗口，高峰期等候不超过30分钟。")).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/complaints/{number}?phone=13800009999")).StatusCode);
        var answered = (await anyone.GetFromJsonAsync<JsonObject>($"/api/complaints/{number}?phone=13800001111"))!;
        Assert.Equal("已增开两个综合窗口，高峰期等候不超过30分钟。", answered["reply"]!.GetValue<string>());
        Assert.True(answered["repliedWithinLimit"]!.GetValue<bool>());
        Assert.Null(answered["phone"]);
        var sms = await CountAsync(db => db.Outbox.CountAsync(o => o.Topic == "applicant.complaint-replied" && o.Channel == "sms" && o.Recipient == "13800001111"));
        Assert.Equal(1, sms);

        await AssertProblem(await anyone.PostAsJsonAsync($"/api/complaints/{number}/rating", new { phone = "13800001111", rating = 9 }), "rating");
        var rated = await anyone.PostAsJsonAsync($"/api/complaints/{number}/rating", new { phone = "13800001111", rating = 4, comment = "答复及时" });
        Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await anyone.PostAsJsonAsync($"/api/complaints/{number}/rating", new { phone = "13800001111", rating = 1 })).StatusCode);

        var report = (await (await _permit.Admin()).GetFromJsonAsync<JsonArray>("/api/reports/complaints?from=2025-09-01&to=2025-09-30"))!;
        var row = Assert.Single(report)!;
        Assert.Equal(1, row["repliedWithinLimit"]!.GetValue<int>());
        Assert.Equal(1.0, row["withinLimitRate"]!.GetValue<double>());
    }

    [Fact]
    public async Task Complaint_TransferredToAnotherDepartment_GoesWithItsReplyTask_SeenAnsweredAndCountedThere_DueDateKept()
    {
        var anyone = _api.CreateClient();
        var filed = (await (await anyone.PostAsJsonAsync("/api/complaints", new { content = "办事大厅的消防通道被杂物堵塞。", phone = "13800002222" }))
            .Content.ReadFromJsonAsync<JsonObject>())!;
        var number = filed["number"]!.GetValue<string>();
        var taskId = filed["taskId"]!.GetValue<string>();
        Assert.Equal("window", filed["department"]!.GetValue<string>());
        var window = await _api.ClientAsync("window-head", "reviewer", "window");
        var fire = await _permit.Reviewer("fire");
        Assert.DoesNotContain(await Complaints(fire), c => c!["number"]!.GetValue<string>() == number);

        // Bad input changes nothing: an unknown department is named, and the complaint stays with the window.
        await AssertProblem(await window.PostAsJsonAsync($"/api/tasks/{taskId}/transfer", new { toDepartment = "nowhere" }), "toDepartment");
        Assert.Contains(await Complaints(window), c => c!["number"]!.GetValue<string>() == number);

        var moved = await window.PostAsJsonAsync($"/api/tasks/{taskId}/transfer", new { toDepartment = "fire", reason = "属消防安全，由消防部门答复" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var there = Assert.Single(await Complaints(fire), c => c!["number"]!.GetValue<string>() == number)!;
        Assert.Equal("fire", there["department"]!.GetValue<string>());
        Assert.Equal("2025-10-10", there["dueDate"]!.GetValue<string>()); // the complainant's limit does not start again
        Assert.DoesNotContain(await Complaints(window), c => c!["number"]!.GetValue<string>() == number);
        Assert.Equal("fire", (await anyone.GetFromJsonAsync<JsonObject>($"/api/complaints/{number}?phone=13800002222"))!["department"]!.GetValue<string>());
        using (var scope = _api.Services.CreateScope())
        {
            var notices = await scope.ServiceProvider.GetRequiredService<ApprovalDbContext>().Outbox
                .Where(o => o.Topic == "applicant.complaint-transferred" && o.Channel == "sms" && o.Recipient == "13800002222").Select(o => o.PayloadJson).ToListAsync();
            Assert.Contains("已转交消防救援支队办理", JsonNode.Parse(Assert.Single(notices))!["text"]!.GetValue<string>());
        }

        var card = Assert.Single(await Worklist(fire, $"view=department&q={number}"))!;
        (await PermitClient.CompleteAsync(fire, card["id"]!.GetValue<string>(), "Replied", "已清理通道并加装警示标识。")).EnsureSuccessStatusCode();
        var answered = (await anyone.GetFromJsonAsync<JsonObject>($"/api/complaints/{number}?phone=13800002222"))!;
        Assert.Equal("已清理通道并加装警示标识。", answered["reply"]!.GetValue<string>());

        // Counted where it was answered; the reply case's journal keeps where it came from and why.
        var report = (await (await _permit.Admin()).GetFromJsonAsync<JsonArray>("/api/reports/complaints?from=2025-09-01&to=2025-09-30"))!;
        var row = Assert.Single(report)!;
        Assert.Equal("fire", row["department"]!.GetValue<string>());
        Assert.Equal(1, row["replied"]!.GetValue<int>());
        var complaint = await CountAsync(async db => (await db.Set<Persistence.Complaints.ComplaintRecord>().SingleAsync(c => c.Number == number)).Department == "fire" ? 1 : 0);
        Assert.Equal(1, complaint);
        var transferred = await CountAsync(db => db.Journal.CountAsync(j => j.EventName == "TaskTransferred" && j.PayloadJson!.Contains("\"toDepartment\":\"fire\"")
                                                                            && j.PayloadJson.Contains("\"fromDepartment\":\"window\"")));
        Assert.Equal(1, transferred);
    }

    [Fact]
    public async Task StaffList_ByPage_UnansweredOldestFirst_AnsweredLatestFirst_SearchByNumber_BadQuery400()
    {
        var anyone = _api.CreateClient();
        var numbers = new List<string>();
        foreach (var content in new[] { "第一条：窗口空调不制冷。", "第二条：自助机经常死机。", "第三条：停车位太少。" })
        {
            numbers.Add((await (await anyone.PostAsJsonAsync("/api/complaints", new { content, phone = "13800003333" })).Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<string>());
            _api.Time.Advance(TimeSpan.FromMinutes(5));
        }
        var office = await _api.ClientAsync("window-head", "reviewer", "window");
        var middle = Assert.Single(await Complaints(office, $"?q={numbers[1]}"))!;
        (await PermitClient.CompleteAsync(office, middle["taskId"]!.GetValue<string>(), "Replied", "已联系厂家维修。")).EnsureSuccessStatusCode();

        string[] Numbers(JsonArray items) => items.Select(c => c!["number"]!.GetValue<string>()).ToArray();
        Assert.Equal([numbers[0], numbers[2]], Numbers(await Complaints(office, "?status=open")));
        Assert.Equal([numbers[1]], Numbers(await Complaints(office, "?status=replied")));
        Assert.Equal([numbers[2], numbers[1], numbers[0]], Numbers(await Complaints(office)));
        var page = (await office.GetFromJsonAsync<JsonObject>("/api/complaints?pageSize=2&page=1"))!;
        Assert.Equal(3, page["totalCount"]!.GetValue<int>());
        Assert.Equal([numbers[0]], Numbers(page["items"]!.AsArray()));
        Assert.Equal([numbers[1]], Numbers(await Complaints(office, "?q=自助机")));
        // Another department sees none of the window's.
        Assert.Empty(await Complaints(await _permit.Reviewer("fire")));

        await AssertProblem(await office.GetAsync("/api/complaints?status=overdue"), "status");
        await AssertProblem(await office.GetAsync("/api/complaints?pageSize=0"), "pageSize");
        await AssertProblem(await office.GetAsync($"/api/complaints?q={new string('x', 129)}"), "q");
    }

    [Fact]
    public async Task Complaint_NamingAnApplication_OnlyByItsApplicant_OneAnswerForAnyoneElse()
    {
        var anyone = _api.CreateClient();
        // Only the applicant, signed in, names an application: anyone else gets one answer for a real file number and a made-up
        // one (it told them which department handled any application), and so does staff.
        var real = await _permit.StartAsync("JS-2025-0901");
        var answers = new List<string>();
        foreach (var (client, named) in new[] { (anyone, real), (anyone, "JS-NO-SUCH"), (await _permit.Reviewer("fire"), real) })
        {
            var response = await client.PostAsJsonAsync("/api/complaints", new { content = "办得太慢", phone = "13800001111", instanceId = named });
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("instanceId", problem["field"]!.GetValue<string>());
            answers.Add(problem["detail"]!.GetValue<string>());
        }
        Assert.Single(answers.Distinct());
        Assert.Equal(0, await CountAsync(db => db.Set<Persistence.Complaints.ComplaintRecord>().CountAsync()));
    }

    [Fact]
    public async Task BadReview_AtWindow_OpensRectificationTaskDue5WorkingDays_ClosesOnlyAfterCallback()
    {
        await _permit.RegisterBureauSealAsync();
        var id = await _permit.StartAsync("JS-2025-0926");
        var clerk = await _permit.Clerk();
        await AssertProblem(await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = id, level = 7 }), "level");
        await AssertProblem(await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = "JS-NOPE", level = 2, comment = "太慢" }), "instanceId");
        await AssertProblem(await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = id, level = 2, comment = "太慢", evaluatorPhone = "abc" }), "evaluatorPhone");
        // 差评须说明原因: a bad level without a reason (or with blanks only) is refused under the comment; a good one needs none.
        foreach (var level in new[] { 1, 2 })
        {
            var bare = await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = id, level, comment = "  " });
            await AssertProblem(bare, "comment");
        }
        var noReason = await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = id, level = 1 });
        Assert.Equal("evaluation.reason-required", (await noReason.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync(db => db.Set<Persistence.Evaluations.EvaluationRecord>().CountAsync()));
        // Another window's clerk may not rate it in its name (it took the window's one rating and could start a rectification).
        var elsewhere = await _api.ClientAsync("clerk-north", "clerk", "window-north");
        var refused = await elsewhere.PostAsJsonAsync("/api/evaluations", new { instanceId = id, level = 1, comment = "路过" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ErrorCodes.ApplicationAccessDenied, (await refused.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync(db => db.Set<Persistence.Evaluations.EvaluationRecord>().CountAsync()));

        var rated = await clerk.PostAsJsonAsync("/api/evaluations",
            new { instanceId = "JS-2025-0926", level = 2, comment = "材料要求没有一次说清楚。", evaluatorName = "李先生", evaluatorPhone = "13900002222" });
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        var evaluation = (await rated.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(evaluation["bad"]!.GetValue<bool>());
        Assert.True(evaluation["realName"]!.GetValue<bool>());
        Assert.Equal("2025-10-10", evaluation["rectificationDueDate"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Conflict, (await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = id, level = 5 })).StatusCode);

        var office = await _api.ClientAsync("window-head", "reviewer", "window");
        var rectify = Assert.Single(await Worklist(office, "view=department&q=ZG-JS-2025-0926"))!;
        Assert.Equal(evaluation["rectificationTaskId"]!.GetValue<string>(), rectify["id"]!.GetValue<string>());
        Assert.Equal("2025-10-10", rectify["dueDate"]!.GetValue<string>());
        (await PermitClient.CompleteAsync(office, rectify["id"]!.GetValue<string>(), "Rectified", "已制作一次性告知清单并在窗口公示。")).EnsureSuccessStatusCode();

        var afterRectify = Assert.Single((await office.GetFromJsonAsync<JsonObject>($"/api/evaluations?instanceId={id}"))!["items"]!.AsArray())!;
        Assert.Equal("已制作一次性告知清单并在窗口公示。", afterRectify["rectificationResult"]!.GetValue<string>());
        Assert.Null(afterRectify["closedAt"]); // a real-name bad review waits for its callback
        string[] Open(JsonObject page) => page["items"]!.AsArray().Select(e => e!["instanceId"]!.GetValue<string>()).ToArray();
        Assert.Equal([id], Open((await office.GetFromJsonAsync<JsonObject>("/api/evaluations?bad=true&status=open"))!));
        Assert.Empty(Open((await office.GetFromJsonAsync<JsonObject>("/api/evaluations?bad=true&status=closed"))!));
        await AssertProblem(await office.GetAsync("/api/evaluations?status=pending"), "status");
        var callback = Assert.Single(await Worklist(office, "view=department&q=ZG-JS-2025-0926"))!;
        Assert.Equal(["CalledBack"], callback["allowedOutcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        (await PermitClient.CompleteAsync(office, callback["id"]!.GetValue<string>(), "CalledBack", "电话回访李先生，对整改结果表示满意。")).EnsureSuccessStatusCode();
        var closed = Assert.Single((await office.GetFromJsonAsync<JsonObject>($"/api/evaluations?instanceId={id}"))!["items"]!.AsArray())!;
        Assert.NotNull(closed["closedAt"]);
        Assert.NotNull(closed["calledBackAt"]);
        Assert.Empty(Open((await office.GetFromJsonAsync<JsonObject>("/api/evaluations?bad=true&status=open"))!));
        var done = (await office.GetFromJsonAsync<JsonObject>("/api/evaluations?bad=true&status=closed&pageSize=1"))!;
        Assert.Equal([id], Open(done));
        Assert.Equal(1, done["totalCount"]!.GetValue<int>());

        var good = await _permit.StartAsync("JS-2025-0927");
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync("/api/evaluations", new { instanceId = good, level = 5 })).StatusCode);
        Assert.Contains(await _permit.JournalAsync(good), j => j!["eventName"]!.GetValue<string>() == "ServiceEvaluated");

        var admin = await _permit.Admin();
        var byDepartment = Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/reports/evaluations?from=2025-09-01&to=2025-09-30&by=department"))!)!;
        Assert.Equal(2, byDepartment["total"]!.GetValue<int>());
        Assert.Equal(1, byDepartment["bad"]!.GetValue<int>());
        Assert.Equal(0.5, byDepartment["satisfactionRate"]!.GetValue<double>());
        Assert.Equal(1, byDepartment["rectified"]!.GetValue<int>());
        Assert.Equal("2025-09", Assert.Single((await admin.GetFromJsonAsync<JsonArray>("/api/reports/evaluations?from=2025-09-01&to=2025-09-30&by=month"))!)!["key"]!.GetValue<string>());
        await AssertProblem(await admin.GetAsync("/api/reports/evaluations?from=2025-09-01&to=2025-09-30&by=weather"), "by");

        var auditor = await _api.ClientAsync("auditor-zhao", "auditor");
        var signed = (await auditor.GetFromJsonAsync<JsonObject>("/api/evaluations/feed?from=2025-09-01&to=2025-09-30"))!;
        var feed = signed["feed"]!.AsObject();
        Assert.Equal(["JS-2025-0926", "JS-2025-0927"], feed["evaluations"]!.AsArray().Select(e => e!["fileNumber"]!.GetValue<string>()));
        Assert.DoesNotContain("13900002222", feed.ToJsonString());
        var signature = signed["seal"].Deserialize<SealSignature>(SealService.Json)!;
        Assert.False(string.IsNullOrEmpty(signature.SealId));
        using var scope = _api.Services.CreateScope();
        var lookup = await scope.ServiceProvider.GetRequiredService<SealService>().LookupAsync(default);
        Assert.True(DecisionSeal.Verify(feed, signature, lookup).Valid);
        feed["evaluations"]![0]!["level"] = 5;
        Assert.False(DecisionSeal.Verify(feed, signature, lookup).Valid);
    }

    private static async Task<JsonArray> Complaints(HttpClient staff, string query = "") =>
        (await staff.GetFromJsonAsync<JsonObject>($"/api/complaints{query}"))!["items"]!.AsArray();

    private static async Task<JsonArray> Worklist(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/tasks?{query}"))!["items"]!.AsArray();

    private async Task<int> CountAsync(Func<ApprovalDbContext, Task<int>> count)
    {
        using var scope = _api.Services.CreateScope();
        return await count(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>());
    }

    private static async Task AssertProblem(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }
}

public sealed class SqliteServiceCareTests() : ServiceCareContract(DatabaseProvider.Sqlite);

public sealed class PostgresServiceCareTests() : ServiceCareContract(DatabaseProvider.Postgres);
