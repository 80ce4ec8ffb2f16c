using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.AccessControl;

/// <summary>One host per provider with two permits in review; the tests only read, so they share it.</summary>
public abstract class AccessFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public ApiFactory Api { get; private set; } = null!;
    public PermitClient Permit { get; private set; } = null!;
    /// <summary>Accepted: all four departments have a review task.</summary>
    public string InReview { get; private set; } = null!;
    /// <summary>Still at the window: no department has seen it.</summary>
    public string AtWindow { get; private set; } = null!;
    /// <summary>Started at another window (a clerk whose department claim is window-north).</summary>
    public string NorthWindow { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await ApiFactory.CreateAsync(provider);
        Permit = new PermitClient(Api);
        InReview = await Permit.StartAsync("JS-ACCESS-1");
        await Permit.AcceptAsync(InReview);
        AtWindow = await Permit.StartAsync("JS-ACCESS-2");
        var north = await Tokens.Client(Api, "clerk-zhao", ["clerk"], department: "window-north").PostAsJsonAsync("/api/instances",
            new { definitionId = "construction-permit-3550", correlationId = "JS-ACCESS-3", input = new { applicant = "Wuxi Optics Ltd." } });
        NorthWindow = (await north.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

public sealed class SqliteAccessFixture() : AccessFixture(DatabaseProvider.Sqlite);
public sealed class PostgresAccessFixture() : AccessFixture(DatabaseProvider.Postgres);

/// <summary>Need-to-know: who may read which application, on both providers.</summary>
public abstract class NeedToKnowContract(AccessFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Theory]
    [InlineData("/api/tasks")]
    [InlineData("/api/tasks?status=open")]
    [InlineData("/api/notifications")]
    [InlineData("/api/supervision")]
    public async Task ReviewerWithoutDepartment_IsRefusedWithACode(string url)
    {
        var reviewer = Tokens.Client(Api, "reviewer-nobody", ["reviewer"]);

        var response = await reviewer.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("department-required", problem["code"]!.GetValue<string>());
        Assert.Equal("department", problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewerWithoutDepartment_CannotOpenATask()
    {
        var admin = await fixture.Permit.Admin();
        var task = (await fixture.Permit.TasksAsync(admin, fixture.InReview, department: "fire")).Single()!["id"]!.GetValue<string>();

        var response = await Tokens.Client(Api, "reviewer-nobody", ["reviewer"]).GetAsync($"/api/tasks/{task}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("department-required", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    /// <summary>Every read of one application; {0} is its id.</summary>
    public static TheoryData<string> ApplicationReads => new()
    {
        "/api/instances/{0}", "/api/instances/{0}/journal", "/api/instances/{0}/deadlines", "/api/instances/{0}/materials",
        "/api/instances/{0}/correction-notices", "/api/instances/{0}/sealed-documents",
        "/elsa/api/workflow-instances/{0}", "/elsa/api/workflow-instances/{0}/journal", "/elsa/api/workflow-instances/{0}/variables",
        "/elsa/api/workflow-instances/{0}/execution-state", "/elsa/api/activity-executions/list?workflowInstanceId={0}",
    };

    [Theory]
    [MemberData(nameof(ApplicationReads))]
    public async Task Reviewer_ReadsOnlyApplicationsTheirDepartmentHasATaskOn(string url)
    {
        var fire = await fixture.Permit.Reviewer("fire");
        var bureau = await fixture.Permit.Reviewer("bureau");

        Assert.Equal(HttpStatusCode.OK, (await fire.GetAsync(string.Format(url, fixture.InReview))).StatusCode);
        await AssertDeniedAsync(await fire.GetAsync(string.Format(url, fixture.AtWindow)));
        await AssertDeniedAsync(await fire.GetAsync(string.Format(url, fixture.NorthWindow)));
        await AssertDeniedAsync(await bureau.GetAsync(string.Format(url, fixture.InReview)));
    }

    [Theory]
    [MemberData(nameof(ApplicationReads))]
    public async Task Clerk_ReadsWhatCameThroughTheirWindow(string url)
    {
        var starter = await fixture.Permit.Clerk();                    // default window (no department claim)
        var colleague = await Api.ClientAsync("clerk-sun", "clerk");   // default window too
        var zhaoAtMainWindow = Tokens.Client(Api, "clerk-zhao", ["clerk"], department: "window");
        var northClerk = Tokens.Client(Api, "clerk-zhao", ["clerk"], department: "window-north");
        var windowDepartment = Tokens.Client(Api, "clerk-li", ["clerk"], department: "window"); // the intake steps' department

        foreach (var id in new[] { fixture.InReview, fixture.AtWindow })
        {
            Assert.Equal(HttpStatusCode.OK, (await starter.GetAsync(string.Format(url, id))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await colleague.GetAsync(string.Format(url, id))).StatusCode);
            await AssertDeniedAsync(await northClerk.GetAsync(string.Format(url, id)));
        }
        Assert.Equal(HttpStatusCode.OK, (await northClerk.GetAsync(string.Format(url, fixture.NorthWindow))).StatusCode);
        // Started by clerk-zhao, who may read it under any claim; other windows may not.
        Assert.Equal(HttpStatusCode.OK, (await zhaoAtMainWindow.GetAsync(string.Format(url, fixture.NorthWindow))).StatusCode);
        await AssertDeniedAsync(await starter.GetAsync(string.Format(url, fixture.NorthWindow)));
        await AssertDeniedAsync(await colleague.GetAsync(string.Format(url, fixture.NorthWindow)));
        foreach (var id in new[] { fixture.InReview, fixture.AtWindow, fixture.NorthWindow })
            Assert.Equal(HttpStatusCode.OK, (await windowDepartment.GetAsync(string.Format(url, id))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(ApplicationReads))]
    public async Task AuditorsAndAdminsReadAll_DesignersNone(string url)
    {
        foreach (var id in new[] { fixture.InReview, fixture.AtWindow, fixture.NorthWindow })
        {
            Assert.Equal(HttpStatusCode.OK, (await (await Api.ClientAsync("auditor-qian", "auditor")).GetAsync(string.Format(url, id))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await (await fixture.Permit.Admin()).GetAsync(string.Format(url, id))).StatusCode);
            await AssertDeniedAsync(await (await Api.ClientAsync("designer-liu", "designer")).GetAsync(string.Format(url, id)));
        }
    }

    [Fact]
    public async Task Lists_AreFilteredTheSameWay()
    {
        var fire = await fixture.Permit.Reviewer("fire");
        var colleague = await Api.ClientAsync("clerk-sun", "clerk");
        var northClerk = Tokens.Client(Api, "clerk-zhao", ["clerk"], department: "window-north");

        var mine = await IdsAsync(fire, "/api/instances");
        Assert.Contains(fixture.InReview, mine);
        Assert.DoesNotContain(fixture.AtWindow, mine);
        var elsa = await (await fire.PostAsJsonAsync("/elsa/api/workflow-instances", new { })).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal([fixture.InReview], elsa!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(new[] { fixture.InReview, fixture.AtWindow }.Order(), (await IdsAsync(colleague, "/api/instances")).Order());
        Assert.Equal([fixture.NorthWindow], await IdsAsync(northClerk, "/api/instances"));
        Assert.Empty(await IdsAsync(await Api.ClientAsync("designer-liu", "designer"), "/api/instances"));
        Assert.Equal(3, (await IdsAsync(await Api.ClientAsync("auditor-qian", "auditor"), "/api/instances")).Count);
        // A clerk's inbox: intake tasks of their window only.
        var starterInbox = await (await fixture.Permit.Clerk()).GetFromJsonAsync<JsonObject>("/api/tasks?status=open");
        Assert.Equal([fixture.AtWindow], starterInbox!["items"]!.AsArray().Select(t => t!["instanceId"]!.GetValue<string>()));
        var northInbox = await northClerk.GetFromJsonAsync<JsonObject>("/api/tasks?status=open");
        Assert.Equal([fixture.NorthWindow], northInbox!["items"]!.AsArray().Select(t => t!["instanceId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task MaterialDownload_OutsideOneNeedToKnow_IsRefused()
    {
        var clerk = await fixture.Permit.Clerk();
        var upload = await fixture.Permit.UploadAsync(clerk, fixture.AtWindow, "site plan");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        await AssertDeniedAsync(await (await fixture.Permit.Reviewer("fire")).GetAsync(upload.Headers.Location));
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync(upload.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task EveryRead_IsRecordedForAuditors_OncePerMinute()
    {
        var reader = Tokens.Client(Api, "land-curious", ["reviewer"], department: "land");
        var auditor = await Api.ClientAsync("auditor-qian", "auditor");

        for (var i = 0; i < 3; i++) (await reader.GetAsync($"/api/instances/{fixture.InReview}")).EnsureSuccessStatusCode();
        (await reader.GetAsync($"/api/instances/{fixture.InReview}/materials")).EnsureSuccessStatusCode();
        await AssertDeniedAsync(await reader.GetAsync($"/api/instances/{fixture.AtWindow}"));

        var log = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/access?actor=land-curious"))!["items"]!.AsArray();
        Assert.Equal(["details", "materials"], log.Select(r => r!["what"]!.GetValue<string>()).Order());
        Assert.All(log, r =>
        {
            Assert.Equal(fixture.InReview, r!["instanceId"]!.GetValue<string>());
            Assert.Equal("land", r["department"]!.GetValue<string>());
            Assert.Equal("reviewer", r["roles"]!.GetValue<string>());
            Assert.Equal(Api.Time.GetUtcNow(), r["readAt"]!.GetValue<DateTimeOffset>());
        });
        var byInstance = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/access?instanceId={fixture.InReview}&actor=land-curious"))!;
        Assert.Equal(2, byInstance["totalCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/api/audit/access")).StatusCode);
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string url) =>
        (await client.GetFromJsonAsync<JsonObject>(url))!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task ClerkOfAnotherWindow_CannotChangeTheApplication_AndLearnsNothingOfIt()
    {
        var northClerk = Tokens.Client(Api, "clerk-qin", ["clerk"], department: "window-north");
        var admin = await fixture.Permit.Admin();
        async Task<(string Status, int Materials, string Clock)> StateAsync(string id) => (
            (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["status"]!.GetValue<string>(),
            (await admin.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!.Count,
            (await admin.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!.ToJsonString());
        var before = (await StateAsync(fixture.AtWindow), await StateAsync(fixture.InReview));

        await AssertDeniedAsync(await fixture.Permit.UploadAsync(northClerk, fixture.AtWindow, "site plan"));
        await AssertDeniedAsync(await northClerk.PostAsync($"/api/instances/{fixture.AtWindow}/resubmission", null));
        await AssertDeniedAsync(await northClerk.PostAsJsonAsync($"/api/instances/{fixture.AtWindow}/cancel", new { reason = "不是我窗口的" }));
        await AssertDeniedAsync(await northClerk.PostAsJsonAsync($"/api/instances/{fixture.InReview}/clock/pause", new { reason = "专家评审" }));
        await AssertDeniedAsync(await northClerk.PostAsync($"/api/instances/{fixture.InReview}/clock/resume", null));
        // Sharing a licence: refused before anything of the application (its applicant's name) is looked at.
        await AssertDeniedAsync(await northClerk.PostAsJsonAsync($"/api/instances/{fixture.AtWindow}/materials/shared", new { name = "business licence", licenceNumber = "NO-SUCH-LICENCE" }));

        // The intake task itself: any clerk may handle intake, but not another window's application.
        var intake = (await fixture.Permit.TasksAsync(admin, fixture.AtWindow)).Single()!["id"]!.GetValue<string>();
        await AssertDeniedAsync(await northClerk.PostAsync($"/api/tasks/{intake}/claim", null));
        await AssertDeniedAsync(await PermitClient.CompleteAsync(northClerk, intake, "Accepted", "不是我窗口的"));

        Assert.Equal(before, (await StateAsync(fixture.AtWindow), await StateAsync(fixture.InReview)));
        Assert.Equal("Open", (await fixture.Permit.TasksAsync(admin, fixture.AtWindow)).Single()!["status"]!.GetValue<string>());
    }

    private static async Task AssertDeniedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("application.access-denied", problem["code"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()));
    }
}

public sealed class SqliteNeedToKnowTests(SqliteAccessFixture fixture) : NeedToKnowContract(fixture), IClassFixture<SqliteAccessFixture>;
public sealed class PostgresNeedToKnowTests(PostgresAccessFixture fixture) : NeedToKnowContract(fixture), IClassFixture<PostgresAccessFixture>;
