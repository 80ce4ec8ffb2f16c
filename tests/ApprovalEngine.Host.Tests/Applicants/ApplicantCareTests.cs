using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Applicants;

/// <summary>The applicant's own 好差评 and complaints over HTTP (the applicant channel's shared hosts, SQLite and PostgreSQL).</summary>
public abstract partial class ApplicantChannelContract
{
    [Fact]
    public async Task OnlineEvaluation_OwnEndedApplicationOnly_OncePerChannel_BadReviewRectifiedAndCalledBack()
    {
        var person = await Applicants.Person(_api);
        var (id, fileNumber) = await ApplyAsync(person, Fields("好差评测试厂房"));
        Task<HttpResponseMessage> Evaluate(HttpClient client, object body) => client.PostAsJsonAsync("/api/applicant/evaluations", body);

        var early = await Evaluate(person, new { instanceId = id, level = 5 });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("evaluation.not-ended", (await Problem(early))["code"]!.GetValue<string>());

        await PermitDriver.AcceptAsync(id);
        foreach (var department in PermitClient.Departments) await PermitDriver.ReviewAsync(id, department, "Approved");
        await PermitDriver.ReviewAsync(id, "bureau", "Approved", "同意。");
        Assert.Equal("Finished", (await PermitDriver.InstanceAsync(id))["status"]!.GetValue<string>());

        // Another subject's application answers like an unknown one; bad input names its field; nothing is stored.
        Assert.Equal(HttpStatusCode.NotFound, (await Evaluate(await Applicants.OtherCompany(_api), new { instanceId = id, level = 5 })).StatusCode);
        foreach (var (body, field) in new (object, string)[]
                 {
                     (new { instanceId = id, level = 0 }, "level"), (new { instanceId = id }, "level"), (new { level = 3 }, "instanceId"),
                     (new { instanceId = id, level = 3, comment = new string('长', 1001) }, "comment"),
                 })
        {
            var bad = await Evaluate(person, body);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(field, (await Problem(bad))["field"]!.GetValue<string>());
        }
        Assert.Empty(await ItemsAsync(person, $"/api/applicant/evaluations?instanceId={id}"));

        // 不满意 online: real name (the signed-in subject), reachable at the application's contact phone (shown to staff only).
        var rated = await Evaluate(person, new { instanceId = id, level = 2, comment = "补正要求说明不够清楚。" });
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);
        var evaluation = (await rated.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(evaluation["bad"]!.GetValue<bool>());
        Assert.True(evaluation["realName"]!.GetValue<bool>());
        Assert.Equal("online", evaluation["channel"]!.GetValue<string>());
        Assert.Null(evaluation["evaluatorPhone"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", evaluation["rectificationDueDate"]!.GetValue<string>());
        var again = await Evaluate(person, new { instanceId = id, level = 5 });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("evaluation.exists", (await Problem(again))["code"]!.GetValue<string>());

        var admin = await PermitDriver.Admin();
        var staffView = Assert.Single((await admin.GetFromJsonAsync<JsonObject>($"/api/evaluations?instanceId={id}"))!["items"]!.AsArray())!;
        Assert.Equal("张三", staffView["evaluatorName"]!.GetValue<string>());
        Assert.Equal("13912345678", staffView["evaluatorPhone"]!.GetValue<string>());
        Assert.Equal(fileNumber, staffView["fileNumber"]!.GetValue<string>());

        // The responsible department rectifies, then calls the applicant back (real name); the applicant sees the result.
        var office = await _api.ClientAsync("care-head", "reviewer", staffView["department"]!.GetValue<string>());
        var caseId = evaluation["rectificationInstanceId"]!.GetValue<string>();
        var rectify = await PermitDriver.OpenTaskIdAsync(office, caseId);
        Assert.Equal(evaluation["rectificationTaskId"]!.GetValue<string>(), rectify);
        (await PermitClient.CompleteAsync(office, rectify, "Rectified", "已在受理环节增加一次性告知清单。")).EnsureSuccessStatusCode();
        (await PermitClient.CompleteAsync(office, await PermitDriver.OpenTaskIdAsync(office, caseId), "CalledBack", "已电话回访。")).EnsureSuccessStatusCode();
        var mine = Assert.Single(await ItemsAsync(person, $"/api/applicant/evaluations?instanceId={id}"))!;
        Assert.Equal(id, mine["instanceId"]!.GetValue<string>());
        // Another applicant's application answers with none of its ratings, not a 404 that tells it exists.
        Assert.Empty(await ItemsAsync(await Applicants.OtherCompany(_api), $"/api/applicant/evaluations?instanceId={id}"));
        Assert.Equal("已在受理环节增加一次性告知清单。", mine["rectificationResult"]!.GetValue<string>());
        Assert.NotNull(mine["closedAt"]);

        // The window tablet is another channel: one more rating there is allowed.
        Assert.Equal(HttpStatusCode.Created, (await (await PermitDriver.Clerk()).PostAsJsonAsync("/api/evaluations", new { instanceId = fileNumber, level = 5 })).StatusCode);
    }

    [Fact]
    public async Task Complaints_OfTheSignedInApplicant_AreTheirsOnly_ReadWithoutPhone_NamedDepartment()
    {
        var person = await Applicants.Person(_api);
        var (id, _) = await ApplyAsync(person, Fields("投诉测试厂房"));
        var other = await Applicants.OtherCompany(_api);
        var foreign = await other.PostAsJsonAsync("/api/complaints", new { content = "别人的办件", phone = "13800001111", instanceId = id });
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal("instanceId", (await Problem(foreign))["field"]!.GetValue<string>());

        var filed = await person.PostAsJsonAsync("/api/complaints", new { kind = "suggestion", content = "建议增加夜间预约。", phone = "13912345678", instanceId = id });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var complaint = (await filed.Content.ReadFromJsonAsync<JsonObject>())!;
        var number = complaint["number"]!.GetValue<string>();
        Assert.Equal("window", complaint["department"]!.GetValue<string>());
        Assert.NotEqual("window", complaint["departmentName"]!.GetValue<string>());

        Assert.Contains(await ItemsAsync(person, "/api/applicant/complaints?pageSize=500"), c => c!["number"]!.GetValue<string>() == number);
        Assert.DoesNotContain(await ItemsAsync(other, "/api/applicant/complaints?pageSize=500"), c => c!["number"]!.GetValue<string>() == number);
        Assert.Equal(HttpStatusCode.OK, (await person.GetAsync($"/api/complaints/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/complaints/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.CreateClient().GetAsync("/api/applicant/complaints")).StatusCode);
    }

    [Fact]
    public async Task MyComplaintsAndRatings_ByPage_NewestFirst_WithTheTotal()
    {
        // An enterprise of its own, so the counts are this test's; its complaints filed through the service (the HTTP
        // filing limit is per client and the other tests of this host file too).
        var first17 = "91320594MA1" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var subject = "0123456789ABCDEFGHJKLMNPQRTUWXY".Select(c => first17 + c).First(Approvals.Licences.IdentityNumbers.IsValidUnifiedSocialCreditCode);
        var agent = await Applicants.ClientAsync(_api, "care-paging-agent", subject, "organisation", "投诉分页测试有限公司");
        var numbers = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            using var scope = _api.Services.CreateScope();
            var complaints = scope.ServiceProvider.GetRequiredService<Persistence.Complaints.ComplaintService>();
            var filed = await complaints.FileAsync(new Persistence.Complaints.ComplaintRequest("suggestion", $"第{i}条建议", "13912345678", "王五", null, null),
                subject, new Persistence.Instances.Actor("care-paging-agent", ["applicant"]), CancellationToken.None);
            numbers.Add(filed.Number);
            _api.Time.Advance(TimeSpan.FromMinutes(1));
        }

        static List<string> Numbers(JsonObject page) => page["items"]!.AsArray().Select(c => c!["number"]!.GetValue<string>()).ToList();
        var page0 = (await agent.GetFromJsonAsync<JsonObject>("/api/applicant/complaints?pageSize=2"))!;
        Assert.Equal([numbers[2], numbers[1]], Numbers(page0));
        Assert.Equal(3, page0["totalCount"]!.GetValue<int>());
        Assert.Equal([numbers[0]], Numbers((await agent.GetFromJsonAsync<JsonObject>("/api/applicant/complaints?pageSize=2&page=1"))!));
        Assert.Equal(0, (await agent.GetFromJsonAsync<JsonObject>("/api/applicant/evaluations"))!["totalCount"]!.GetValue<int>());

        foreach (var path in new[] { "/api/applicant/complaints", "/api/applicant/evaluations" })
        foreach (var (query, field) in new[] { ("pageSize=0", "pageSize"), ("pageSize=501", "pageSize"), ("page=-1", "page") })
        {
            var bad = await agent.GetAsync($"{path}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(field, (await Problem(bad))["field"]!.GetValue<string>());
        }
    }

    private static async Task<JsonArray> ItemsAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<JsonObject>(path))!["items"]!.AsArray();
}

/// <summary>The anonymous complaint endpoints' limits: filing per client; reading and rating per client and per complaint number.</summary>
public abstract class ComplaintRateLimitContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string>
    {
        ["Complaints:RateLimits:FilePerClientPerMinute"] = "2", ["Complaints:RateLimits:LookupPerClientPerMinute"] = "5",
        ["Complaints:RateLimits:LookupPerNumberPerMinute"] = "3",
    });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task FilingAndLookups_OverTheLimits_Are429WithRetryAfter_AndStoreNothing()
    {
        var anyone = _api.CreateClient();
        Task<HttpResponseMessage> File(int n) => anyone.PostAsJsonAsync("/api/complaints", new { content = $"第{n}条投诉", phone = "13800001111" });
        var first = (await (await File(1)).Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<string>();
        var second = (await (await File(2)).Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<string>();
        var third = await File(3);
        await AssertTooManyAsync(third);
        Assert.Equal(2, (await (await new PermitClient(_api).Admin()).GetFromJsonAsync<JsonObject>("/api/complaints"))!["totalCount"]!.GetValue<int>());

        // Guessing the phone of one complaint: the number's budget runs out even for the right phone afterwards.
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await anyone.GetAsync($"/api/complaints/{first}?phone=1390000000{i}")).StatusCode);
        await AssertTooManyAsync(await anyone.GetAsync($"/api/complaints/{first}?phone=13800001111"));
        Assert.Equal(HttpStatusCode.OK, (await anyone.GetAsync($"/api/complaints/{second}?phone=13800001111")).StatusCode);
        // The client's own budget (5 a minute) is spent now, for every number and for rating.
        await AssertTooManyAsync(await anyone.PostAsJsonAsync($"/api/complaints/{second}/rating", new { phone = "13800001111", rating = 5 }));
    }

    private static async Task AssertTooManyAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("request.too-many", problem["code"]!.GetValue<string>());
        Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem["type"]?.GetValue<string>()); // RFC 7807: a problem names its type
    }
}

public sealed class SqliteComplaintRateLimitTests() : ComplaintRateLimitContract(DatabaseProvider.Sqlite);

public sealed class PostgresComplaintRateLimitTests() : ComplaintRateLimitContract(DatabaseProvider.Postgres);
