using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Applicants;

/// <summary>One host per provider with the bureau seal, shared by the applicant channel's tests (each uses its own applications).</summary>
public abstract class ApplicantHost(DatabaseProvider provider) : IAsyncLifetime
{
    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await ApiFactory.CreateAsync(provider);
        await new PermitClient(Api).RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

public sealed class SqliteApplicantHost() : ApplicantHost(DatabaseProvider.Sqlite);

public sealed class PostgresApplicantHost() : ApplicantHost(DatabaseProvider.Postgres);

/// <summary>The applicant's channel over HTTP: service guide, online application, correction, withdrawal, documents, progress lookup.</summary>
public abstract partial class ApplicantChannelContract(ApplicantHost host)
{
    private const string Permit = "construction-permit-3550";
    private readonly ApiFactory _api = host.Api;
    private PermitClient PermitDriver => new(_api);

    private static object Fields(string project = "园区三号厂房") => new
    {
        project, projectAddress = "苏州工业园区星湖街88号", floorArea = 12500.5, plannedStart = "2026-04-01", contactName = "李工", contactPhone = "13912345678",
    };

    private static async Task<(string Id, string FileNumber)> ApplyAsync(HttpClient applicant, object? fields = null)
    {
        var response = await applicant.PostAsJsonAsync("/api/applicant/applications", new { definitionId = Permit, fields = fields ?? Fields() });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["id"]!.GetValue<string>(), body["fileNumber"]!.GetValue<string>());
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string id, string name, int size = 2048, string contentType = "application/pdf")
    {
        var form = new MultipartFormDataContent { { new StringContent(name), "name" } };
        var file = new ByteArrayContent(PermitClient.PdfBytes(size));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", "材料.pdf");
        return await client.PostAsync($"/api/applicant/applications/{id}/materials", form);
    }

    private static async Task<JsonObject> Problem(HttpResponseMessage response) => (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    private Task<HttpResponseMessage> LookupAsync(string fileNumber, string queryCode) =>
        _api.CreateClient().PostAsJsonAsync("/api/public/progress", new { fileNumber, queryCode });

    [Fact]
    public async Task ServiceGuide_IsPublicAndChinese_FromTheDefinitionsProperties()
    {
        var anonymous = _api.CreateClient();
        var listed = await anonymous.GetAsync("/api/public/guides");
        Assert.True(listed.IsSuccessStatusCode, string.Join("\n", _api.Logs().Split('\n').Where(l => l.Contains("\"@x\"")).Take(2)));
        var list = (await listed.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(["construction-permit-3550", "enterprise-establishment-3d", "real-estate-registration-5d"], list.Select(g => g!["definitionId"]!.GetValue<string>()));
        var guide = (await anonymous.GetFromJsonAsync<JsonObject>($"/api/public/guides/{Permit}"))!;
        Assert.Equal("建筑工程施工许可证核发", guide["matter"]!.GetValue<string>());
        Assert.Equal(50, guide["statutoryLimitWorkingDays"]!.GetValue<int>());
        Assert.Equal(40, guide["promisedLimitWorkingDays"]!.GetValue<int>());
        Assert.Equal("不收费", guide["fees"]!.GetValue<string>());
        Assert.NotEmpty(guide["conditions"]!.AsArray());
        Assert.Contains(guide["legalBasis"]!.AsArray(), l => l!.GetValue<string>().Contains("建筑法"));
        var land = Assert.Single(guide["materials"]!.AsArray(), m => m!["name"]!.GetValue<string>() == "land use certificate")!;
        Assert.True(land["sharedLicence"]!.GetValue<bool>());
        Assert.True(guide["online"]!.GetValue<bool>());
        Assert.Contains(guide["form"]!.AsArray(), f => f!["name"]!.GetValue<string>() == "floorArea" && f["type"]!.GetValue<string>() == "number");
        Assert.NotNull(guide["location"]!["address"]);

        var missing = await anonymous.GetAsync("/api/public/guides/record-filing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("guide.not-found", (await Problem(missing))["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ApplicantRoutes_AnswerTheApplicantEntry_AndOfficeRoutesTheOfficeOne()
    {
        var anonymous = _api.CreateClient();
        foreach (var route in new[] { "/service", "/service/progress", "/service/mine/abc" })
            Assert.Contains("政务服务网上办事", await anonymous.GetStringAsync(route));
        Assert.DoesNotContain("政务服务网上办事", await anonymous.GetStringAsync("/worklist"));
    }

    /// <summary>The applicant's own list, first page of up to 500.</summary>
    private static async Task<JsonArray> MineAsync(HttpClient applicant, string query = "") =>
        (await applicant.GetFromJsonAsync<JsonObject>($"/api/applicant/applications?pageSize=500{query}"))!["items"]!.AsArray();

    [Fact]
    public async Task Apply_BadFields_Is400PerField_AndStoresNothing()
    {
        var applicant = await Applicants.Person(_api);
        var before = (await MineAsync(applicant)).Count;
        var response = await applicant.PostAsJsonAsync("/api/applicant/applications", new
        {
            definitionId = Permit,
            fields = new { projectAddress = "苏州", floorArea = "lots", plannedStart = "2026-02-30", contactName = "李工", contactPhone = "12345", colour = "red" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await Problem(response);
        Assert.Equal("validation.field", problem["code"]!.GetValue<string>());
        var fields = problem["problems"]!.AsArray().Select(p => p!["field"]!.GetValue<string>()).ToList();
        Assert.Equal(["fields.colour", "fields.project", "fields.floorArea", "fields.plannedStart", "fields.contactPhone"], fields);
        Assert.Equal("fields.colour", problem["field"]!.GetValue<string>());

        // 计划开工日期 is notPast: yesterday (China's date) is refused, today is fine.
        var today = Approvals.Calendar.ChinaTime.ChinaDate(_api.Time.GetUtcNow());
        var past = await applicant.PostAsJsonAsync("/api/applicant/applications", new
        {
            definitionId = Permit,
            fields = new { project = "三号厂房", projectAddress = "苏州", floorArea = 100, plannedStart = $"{today.AddDays(-1):yyyy-MM-dd}", contactName = "李工", contactPhone = "13912345678" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var pastProblem = await Problem(past);
        Assert.Equal("fields.plannedStart", Assert.Single(pastProblem["problems"]!.AsArray())!["field"]!.GetValue<string>());
        Assert.Contains($"before today ({today:yyyy-MM-dd}", pastProblem["detail"]!.GetValue<string>());
        Assert.Equal(before, (await MineAsync(applicant)).Count);

        var unknown = await applicant.PostAsJsonAsync("/api/applicant/applications", new { definitionId = "no-such-process", fields = Fields() });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(before, (await MineAsync(applicant)).Count);
    }

    [Fact]
    public async Task OnlineApplication_CorrectedAndApproved_SameWindowTask_OwnOnly_CertificateAndProgress()
    {
        var agent = await Applicants.Company(_api);
        var (id, fileNumber) = await ApplyAsync(agent);

        // The window sees the same acceptance task a counter application opens.
        var clerk = await PermitDriver.Clerk();
        var acceptance = Assert.Single(await PermitDriver.TasksAsync(clerk, id))!;
        Assert.Equal("window", acceptance["department"]!.GetValue<string>());
        Assert.Equal(Applicants.CompanyName, acceptance["applicant"]!.GetValue<string>());

        // Uploads go through the counter's checks; a bad one changes nothing.
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(agent, id, "application form")).StatusCode);
        var tooLarge = await UploadAsync(agent, id, "site plan", size: 1_100_000);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("file", (await Problem(tooLarge))["field"]!.GetValue<string>());
        var wrongType = await UploadAsync(agent, id, "site plan", contentType: "image/png");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal("file", (await Problem(wrongType))["field"]!.GetValue<string>());
        Assert.Single((await agent.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{id}"))!["materials"]!.AsArray());

        // Another user of the same company shares it; another company and a person get 404 as for an unknown id.
        var colleague = await Applicants.Company(_api, "suip-agent-2");
        Assert.Contains(await MineAsync(colleague), a => a!["id"]!.GetValue<string>() == id);
        var other = await Applicants.OtherCompany(_api);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/applicant/applications/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UploadAsync(other, id, "site plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync($"/api/applicant/applications/{id}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/applicant/applications/{id}/documents")).StatusCode);
        Assert.DoesNotContain(await MineAsync(await Applicants.Person(_api)), a => a!["id"]!.GetValue<string>() == id);
        // Staff scoping is unchanged: a department with no task on it may not read it.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await PermitDriver.Reviewer("fire")).GetAsync($"/api/instances/{id}")).StatusCode);

        // The window asks for a correction; the applicant sees it, and the clock has not started (acceptance first).
        (await PermitClient.CompleteAsync(clerk, acceptance["id"]!.GetValue<string>(), "CorrectionRequested", "缺少规划许可附图。", ["site plan"])).EnsureSuccessStatusCode();
        var detail = (await agent.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{id}"))!;
        Assert.Equal("awaitingCorrection", detail["status"]!.GetValue<string>());
        Assert.Equal(["site plan"], detail["corrections"]![0]!["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
        var early = await agent.PostAsync($"/api/applicant/applications/{id}/resubmission", null);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Equal("correction.still-missing", (await Problem(early))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(agent, id, "site plan")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/applicant/applications/{id}/resubmission", null)).StatusCode);
        Assert.DoesNotContain((await (await PermitDriver.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!,
            d => d!["kind"]!.GetValue<string>() == "Statutory");

        // Accepted: the query code is given; then the departments, the decision and the certificate.
        await PermitDriver.AcceptAsync(id);
        var code = _api.Services.GetRequiredService<QueryCodes>().Derive(id);
        foreach (var d in PermitClient.Departments) await PermitDriver.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await PermitDriver.OpenTaskIdAsync(bureau, id), "Approved", "同意。")).EnsureSuccessStatusCode();

        detail = (await agent.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{id}"))!;
        Assert.Equal("approved", detail["status"]!.GetValue<string>());
        Assert.Equal(code, detail["queryCode"]!.GetValue<string>());
        Assert.False(detail["canWithdraw"]!.GetValue<bool>());
        var documents = detail["documents"]!.AsArray();
        var certificate = Assert.Single(documents, d => d!["kind"]!.GetValue<string>() == "certificate")!;
        var pdf = await agent.GetAsync(certificate["downloadUrl"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString((await pdf.Content.ReadAsByteArrayAsync())[..5]));
        var notice = await agent.GetByteArrayAsync($"/api/applicant/applications/{id}/documents/acceptance-notice/pdf");
        using (var document = UglyToad.PdfPig.PdfDocument.Open(notice))
            Assert.Contains(code, string.Concat(document.GetPages().Select(p => p.Text)));
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/applicant/applications/{id}/documents/certificate/pdf")).StatusCode);
        var withdrawLate = await agent.PostAsync($"/api/applicant/applications/{id}/withdraw", null);
        Assert.Equal(HttpStatusCode.Conflict, withdrawLate.StatusCode);
        Assert.Equal("application.decided", (await Problem(withdrawLate))["code"]!.GetValue<string>());

        // Journalled and audited with the applicant as actor.
        var journal = await PermitDriver.JournalAsync(id);
        Assert.Equal("applicant:suip-agent-1", journal[0]!["actor"]!.GetValue<string>());
        Assert.Contains(journal, j => j!["eventName"]!.GetValue<string>() == "MaterialSupplied" && j["actor"]!.GetValue<string>() == "applicant:suip-agent-1");
        var audit = (await (await PermitDriver.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&actor=applicant:suip-agent-1"))!;
        Assert.NotEmpty(audit["items"]!.AsArray());

        // Public progress: right code shows the decision and the certificate link, nothing personal but the initial.
        var found = await LookupAsync(fileNumber, code);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        var text = await found.Content.ReadAsStringAsync();
        var progress = JsonNode.Parse(text)!;
        Assert.Equal("苏*", progress["holderInitial"]!.GetValue<string>());
        Assert.Equal("approved", progress["status"]!.GetValue<string>());
        Assert.StartsWith("https://approvals.example.gov.cn/verify/", progress["certificateUrl"]!.GetValue<string>());
        Assert.Contains(progress["done"]!.AsArray(), s => s!["department"]!.GetValue<string>().Length > 0);
        Assert.DoesNotContain("工业园区", text);
        Assert.DoesNotContain(Applicants.CompanyId, text);
        Assert.DoesNotContain("13912345678", text);

        // A wrong code answers exactly like an unknown number.
        var wrong = await LookupAsync(fileNumber, code == "00000000" ? "11111111" : "00000000");
        var unknown = await LookupAsync("WS20990101-NOTHING", code);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var (w, u) = (await Problem(wrong), await Problem(unknown));
        Assert.Equal((u["code"]!.GetValue<string>(), u["detail"]!.GetValue<string>(), u["title"]!.GetValue<string>()),
            (w["code"]!.GetValue<string>(), w["detail"]!.GetValue<string>(), w["title"]!.GetValue<string>()));
        Assert.Equal("progress.not-found", w["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task DepartmentCorrection_PausesTheClock_UntilTheApplicantResubmits()
    {
        var agent = await Applicants.Company(_api);
        var (id, _) = await ApplyAsync(agent, Fields("研发楼"));
        await PermitDriver.AcceptAsync(id);
        var admin = await PermitDriver.Admin();
        async Task<JsonObject> Statutory() => (JsonObject)(await admin.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!
            .Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        var dueBefore = (await Statutory())["dueDate"]!.GetValue<string>();

        await PermitDriver.ReviewAsync(id, "fire", "NeedsCorrection", "疏散楼梯未标注。", ["fire protection design"]);
        Assert.Equal("awaitingCorrection", (await agent.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{id}"))!["status"]!.GetValue<string>());
        _api.Time.Advance(TimeSpan.FromDays(7)); // a week with the applicant: not counted
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(agent, id, "fire protection design")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsync($"/api/applicant/applications/{id}/resubmission", null)).StatusCode);

        var after = await Statutory();
        Assert.True(string.CompareOrdinal(after["dueDate"]!.GetValue<string>(), dueBefore) > 0, $"due {after["dueDate"]} should be after {dueBefore}");
        Assert.NotEmpty(after["pausedPeriods"]!.AsArray());
        Assert.Single(await PermitDriver.TasksAsync(await PermitDriver.Reviewer("fire"), id));
        Assert.Equal(HttpStatusCode.Conflict, (await agent.PostAsync($"/api/applicant/applications/{id}/resubmission", null)).StatusCode);
    }

    [Fact]
    public async Task MyApplications_ByPageAndState_StatusAsOnTheDetailPage()
    {
        // An enterprise of its own, so the counts are this test's.
        var first17 = "91320594MA1" + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var subject = "0123456789ABCDEFGHJKLMNPQRTUWXY".Select(c => first17 + c).First(Approvals.Licences.IdentityNumbers.IsValidUnifiedSocialCreditCode);
        var agent = await Applicants.ClientAsync(_api, "paging-agent", subject, "organisation", "分页测试有限公司");
        var (first, _) = await ApplyAsync(agent, Fields("一号楼"));
        _api.Time.Advance(TimeSpan.FromMinutes(1));
        var (second, _) = await ApplyAsync(agent, Fields("二号楼"));
        _api.Time.Advance(TimeSpan.FromMinutes(1));
        var (third, _) = await ApplyAsync(agent, Fields("三号楼"));
        Assert.Equal(HttpStatusCode.OK, (await agent.PostAsJsonAsync($"/api/applicant/applications/{first}/withdraw", new { reason = "合并申报" })).StatusCode);
        await PermitDriver.AcceptAsync(second);
        await PermitDriver.ReviewAsync(second, "fire", "NeedsCorrection", "疏散楼梯未标注。", ["fire protection design"]);

        async Task<JsonObject> PageAsync(string query) => (await agent.GetFromJsonAsync<JsonObject>($"/api/applicant/applications?{query}"))!;
        static List<string> Ids(JsonObject page) => page["items"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()).ToList();
        var page0 = await PageAsync("pageSize=2");
        Assert.Equal([third, second], Ids(page0));
        Assert.Equal(3, page0["totalCount"]!.GetValue<int>());
        Assert.Equal([first], Ids(await PageAsync("pageSize=2&page=1")));
        Assert.Equal([third, second], Ids(await PageAsync("state=open")));
        Assert.Equal([first], Ids(await PageAsync("state=finished")));

        // The list reads its correction notices in one query; each status is still the detail page's.
        foreach (var item in (await PageAsync(""))["items"]!.AsArray())
            Assert.Equal((await agent.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{item!["id"]}"))!["status"]!.GetValue<string>(), item["status"]!.GetValue<string>());
        Assert.Equal(["awaitingAcceptance", "awaitingCorrection", "withdrawn"], (await PageAsync(""))["items"]!.AsArray().Select(a => a!["status"]!.GetValue<string>()));

        foreach (var (query, field) in new[] { ("state=done", "state"), ("pageSize=0", "pageSize"), ("page=-1", "page") })
        {
            var response = await agent.GetAsync($"/api/applicant/applications?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await Problem(response))["field"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task RefusedOrDenied_TheApplicantReadsWhy_DepartmentsByName()
    {
        var company = await Applicants.Company(_api);
        var (refused, _) = await ApplyAsync(company, Fields("查封地块厂房"));
        var clerk = await PermitDriver.Clerk();
        (await PermitClient.CompleteAsync(clerk, await PermitDriver.OpenTaskIdAsync(clerk, refused), "NotAccepted", "该地块已被司法查封。")).EnsureSuccessStatusCode();
        var result = (await company.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{refused}"))!["result"]!;
        Assert.Equal("notAccepted", result["outcome"]!.GetValue<string>());
        Assert.Equal("该地块已被司法查封。", result["reason"]!.GetValue<string>());
        Assert.Null(result["competentAgency"]);

        var (denied, _) = await ApplyAsync(company, Fields("仓储楼"));
        await PermitDriver.AcceptAsync(denied);
        foreach (var d in PermitClient.Departments) await PermitDriver.ReviewAsync(denied, d, d == "fire" ? "Rejected" : "Approved", d == "fire" ? "消防车道宽度不足4米。" : "同意。");
        result = (await company.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{denied}"))!["result"]!;
        Assert.Equal("denied", result["outcome"]!.GetValue<string>());
        Assert.Equal(["消防救援支队：消防车道宽度不足4米。"], result["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("行政复议", result["appealRights"]!.GetValue<string>());
        // While it runs there is no result to read.
        var (open, _) = await ApplyAsync(company, Fields("办公楼"));
        Assert.Null((await company.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{open}"))!["result"]);

        // The office's applications list (办件查询) says the same of each: it said 已办结 of a refusal and a permit alike.
        Assert.Equal("notAccepted", await OfficeOutcomeAsync(refused));
        Assert.Equal("denied", await OfficeOutcomeAsync(denied));
        Assert.Null(await OfficeOutcomeAsync(open));

        // 办件查询 finds them by it (the filter is in the statement: newest first, with its total), and refuses a word it does not know.
        using var admin = await _api.ClientAsync("admin-1", "admin");
        foreach (var (outcome, id) in new[] { ("denied", denied), ("notAccepted", refused) })
        {
            var page = (await admin.GetFromJsonAsync<JsonObject>($"/api/instances?outcome={outcome}&pageSize=500"))!;
            var items = page["items"]!.AsArray();
            Assert.Contains(items, i => i!["id"]!.GetValue<string>() == id);
            Assert.All(items, i => Assert.Equal(outcome, i!["outcome"]!.GetValue<string>()));
            Assert.Equal(items.Count, page["totalCount"]!.GetValue<int>());
        }
        Assert.DoesNotContain((await admin.GetFromJsonAsync<JsonObject>("/api/instances?outcome=approved&pageSize=500"))!["items"]!.AsArray(),
            i => i!["id"]!.GetValue<string>() is var id && (id == denied || id == refused || id == open));
        var bad = await admin.GetAsync("/api/instances?outcome=Granted");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("outcome", (await Problem(bad))["field"]!.GetValue<string>());
    }

    /// <summary>
    /// How the office's applications list says the application came out (its <c>outcome</c>), as an admin reads it; the application's
    /// own page (GET /api/instances/{id}) says the same.
    /// </summary>
    private async Task<string?> OfficeOutcomeAsync(string id)
    {
        using var admin = await _api.ClientAsync("admin-1", "admin");
        var page = (await admin.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=500"))!;
        var listed = page["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!["outcome"]?.GetValue<string>();
        Assert.Equal(listed, (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["outcome"]?.GetValue<string>());
        return listed;
    }

    [Fact]
    public async Task Withdraw_BeforeTheDecision_EndsTheApplication_Once()
    {
        var person = await Applicants.Person(_api);
        var (id, _) = await ApplyAsync(person, Fields("自建房"));
        var response = await person.PostAsJsonAsync($"/api/applicant/applications/{id}/withdraw", new { reason = "项目暂缓" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("withdrawn", Assert.Single(await MineAsync(person), a => a!["id"]!.GetValue<string>() == id)!["status"]!.GetValue<string>());
        // Their page says why, in their own words (not the host's "withdrawn by the applicant: " around them).
        Assert.Equal("项目暂缓", (await person.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{id}"))!["progress"]!["endReason"]!.GetValue<string>());
        Assert.Empty(await PermitDriver.TasksAsync(await PermitDriver.Clerk(), id));
        Assert.Equal(HttpStatusCode.Conflict, (await person.PostAsync($"/api/applicant/applications/{id}/withdraw", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await UploadAsync(person, id, "site plan")).StatusCode);
        Assert.Equal("withdrawn", await OfficeOutcomeAsync(id));
    }
}

public sealed class SqliteApplicantChannelTests(SqliteApplicantHost host) : ApplicantChannelContract(host), IClassFixture<SqliteApplicantHost>;

public sealed class PostgresApplicantChannelTests(PostgresApplicantHost host) : ApplicantChannelContract(host), IClassFixture<PostgresApplicantHost>;

/// <summary>Progress lookups are limited per client and per file number (429 with Retry-After).</summary>
public abstract class ProgressRateLimitContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string>
    {
        ["Applicants:Progress:PerNumberPerMinute"] = "3", ["Applicants:Progress:PerClientPerMinute"] = "6",
    });

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Lookups_OverTheLimits_Are429WithRetryAfter()
    {
        var client = _api.CreateClient();
        Task<HttpResponseMessage> Lookup(string number) => client.PostAsJsonAsync("/api/public/progress", new { fileNumber = number, queryCode = "12345678" });
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await Lookup("WS-A")).StatusCode);
        var perNumber = await Lookup("ws-a");
        Assert.Equal(HttpStatusCode.TooManyRequests, perNumber.StatusCode);
        Assert.True(perNumber.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("request.too-many", (await perNumber.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await Lookup("WS-B")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Lookup("WS-C")).StatusCode);
        var perClient = await Lookup("WS-D");
        Assert.Equal(HttpStatusCode.TooManyRequests, perClient.StatusCode);
        Assert.NotNull(perClient.Headers.RetryAfter);
        // Bad input is still a 400 naming the field (within the client's budget it would be; here the client is over it).
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsJsonAsync("/api/public/progress", new { fileNumber = "" })).StatusCode);
    }
}

public sealed class SqliteProgressRateLimitTests() : ProgressRateLimitContract(DatabaseProvider.Sqlite);

public sealed class PostgresProgressRateLimitTests() : ProgressRateLimitContract(DatabaseProvider.Postgres);
