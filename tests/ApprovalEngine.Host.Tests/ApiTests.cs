using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests;

/// <summary>The REST API as a client sees it, run on both providers.</summary>
public abstract class ApiContract(DatabaseProvider provider) : IAsyncLifetime
{
    protected ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiFactory.CreateAsync(provider);
    public async Task DisposeAsync() => await Api.DisposeAsync();

    [Fact]
    public async Task Api_NoToken_Returns401ProblemDetails()
    {
        var response = await Api.CreateClient().GetAsync("/api/definitions");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("reviewer", "POST", "/api/definitions/record-filing/publish")]
    [InlineData("designer", "POST", "/api/definitions/record-filing/publish")]
    [InlineData("auditor", "POST", "/api/instances")]
    [InlineData("clerk", "POST", "/api/definitions")]
    public async Task Api_WrongRole_Returns403AndChangesNothing(string role, string method, string path)
    {
        var client = await Api.ClientAsync("someone", role, role == "reviewer" ? "fire" : null);
        var before = await (await Api.ClientAsync("admin", "admin")).GetFromJsonAsync<JsonArray>("/api/definitions/record-filing/versions");

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { definitionId = "record-filing" }) });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var after = await (await Api.ClientAsync("admin", "admin")).GetFromJsonAsync<JsonArray>("/api/definitions/record-filing/versions");
        Assert.Equal(before!.ToJsonString(), after!.ToJsonString());
    }

    [Fact]
    public async Task Definitions_BadDefinition_Returns400WithEveryProblemAndStoresNothing()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var bad = new WorkflowJson().Start().Activity("mystery", "Acme.Teleport").Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "soon"))
            .Chain("start", "mystery").Connect("start", "wait").Connect("wait", "nowhere").Build("Broken", "broken-process");

        var response = await designer.PostAsJsonAsync("/api/definitions", bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        var problems = problem!["problems"]!.AsArray().Select(p => $"{p!["activityId"]}: {p["message"]}").ToList();
        Assert.Contains(problems, p => p.StartsWith("mystery: Unknown activity type"));
        Assert.Contains(problems, p => p.StartsWith("wait: Input 'timeSpan'"));
        Assert.Contains(problems, p => p.StartsWith("nowhere: ") && p.Contains("unknown activity"));
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync("/api/definitions/broken-process/versions")).StatusCode);
    }

    [Fact]
    public async Task Definitions_SavePublishSaveAgain_CreatesVersionsVisibleInHistory()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var admin = await Api.ClientAsync("admin-1", "admin");
        var model = new WorkflowJson().Start().Event("step").End().Chain("start", "step", "end").Build("Versioned", "versioned");

        var first = await (await designer.PostAsJsonAsync("/api/definitions", model)).Content.ReadFromJsonAsync<JsonObject>();
        var publish = await admin.PostAsync("/api/definitions/versioned/publish", null);
        var second = await (await designer.PostAsJsonAsync("/api/definitions", model)).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Equal(1, first!["version"]!.GetValue<int>());
        Assert.Equal(2, second!["version"]!.GetValue<int>());
        var versions = await admin.GetFromJsonAsync<JsonArray>("/api/definitions/versioned/versions");
        Assert.Equal(["Draft", "Published"], versions!.Select(v => v!["state"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/definitions/versioned/retract", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync("/api/definitions/versioned/retract", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/instances", new { definitionId = "versioned" })).StatusCode);
    }

    [Fact]
    public async Task Instances_TwentyConcurrentResumesOfOneBookmark_ExactlyOneTransition()
    {
        var clerk = await Api.ClientAsync("clerk-1", "clerk");
        var created = await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "APP-20", input = new { applicant = "Acme" } }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var id = created!["id"]!.GetValue<string>();
        var instance = await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        var bookmark = instance!["currentActivities"]![0]!["bookmarkId"]!.GetValue<string>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            clerk.PostAsJsonAsync($"/api/instances/{id}/bookmarks/{bookmark}/resume", new { payload = new { complete = true } })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var journal = await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/journal");
        Assert.Single(journal!, j => j!["eventName"]!.GetValue<string>() == "Resumed");
        var after = await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        Assert.Equal("confirm", after!["currentActivities"]!.AsArray().Single()!["activityId"]!.GetValue<string>());
    }

    [Fact]
    public async Task Instances_CorrectionLoopThenConfirm_FinishesWithFullJournal()
    {
        var clerk = await Api.ClientAsync("clerk-1", "clerk");
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing" })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        await ResumeCurrent(clerk, id, new { complete = false, missing = new[] { "business licence" } });
        Assert.Equal("correction", await Current(clerk, id));
        await ResumeCurrent(clerk, id, null);
        Assert.Equal("intake", await Current(clerk, id));
        await ResumeCurrent(clerk, id, new { complete = true });
        await ResumeCurrent(clerk, id, null);

        var instance = await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        Assert.Equal("Finished", instance!["status"]!.GetValue<string>());
        var list = await clerk.GetFromJsonAsync<JsonObject>("/api/instances?status=Finished&definitionId=record-filing");
        Assert.Contains(list!["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == id);
    }

    [Fact]
    public async Task Instances_ListSearch_FindsFileNumberApplicantOrProcess_AndNamesTheApplicant()
    {
        var clerk = await Api.ClientAsync("clerk-1", "clerk");
        foreach (var (number, applicant) in new[] { ("SEARCH-A-0001", "南京某某制造有限公司"), ("SEARCH-B-0002", "Wuxi Lingxi Co.") })
            Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = number, input = new { applicant } })).StatusCode);

        async Task<string[]> Found(string q) => (await clerk.GetFromJsonAsync<JsonObject>($"/api/instances?q={Uri.EscapeDataString(q)}"))!["items"]!.AsArray()
            .Select(i => i!["correlationId"]!.GetValue<string>()).Order().ToArray();

        Assert.Equal(["SEARCH-A-0001"], await Found("某某制造"));
        Assert.Equal(["SEARCH-B-0002"], await Found(" B-0002 "));
        Assert.Equal(["SEARCH-A-0001", "SEARCH-B-0002"], await Found("备案"));
        Assert.Empty(await Found("nothing like it"));
        var row = (await clerk.GetFromJsonAsync<JsonObject>("/api/instances?q=SEARCH-A"))!["items"]![0]!;
        Assert.Equal("南京某某制造有限公司", row["applicant"]!.GetValue<string>());
        var tooLong = await clerk.GetAsync("/api/instances?q=" + new string('x', 129));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal("q", (await tooLong.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"definitionId\":\"\"}", HttpStatusCode.BadRequest)]
    [InlineData("{\"definitionId\":\"does-not-exist\"}", HttpStatusCode.NotFound)]
    [InlineData("[1,2,3]", HttpStatusCode.BadRequest)]
    [InlineData("{\"definitionId\":\"record-filing\",\"input\":\"not an object\"}", HttpStatusCode.BadRequest)]
    public async Task Instances_BadStartRequest_ClearErrorAndNoInstance(string body, HttpStatusCode expected)
    {
        var clerk = await Api.ClientAsync("clerk-1", "clerk");

        var response = await clerk.PostAsync("/api/instances", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var list = await clerk.GetFromJsonAsync<JsonObject>("/api/instances");
        Assert.Equal(0, list!["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Health_LiveAndReady_AreHealthy()
    {
        var client = Api.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health/live"));
        Assert.Equal("Healthy", (await client.GetFromJsonAsync<JsonObject>("/health/ready"))!["status"]!.GetValue<string>());
    }

    private static async Task<string> Current(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["currentActivities"]!.AsArray().Single()!["activityId"]!.GetValue<string>();

    private static async Task ResumeCurrent(HttpClient client, string id, object? payload)
    {
        var bookmark = (await client.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["currentActivities"]![0]!["bookmarkId"]!.GetValue<string>();
        (await client.PostAsJsonAsync($"/api/instances/{id}/bookmarks/{bookmark}/resume", new { payload })).EnsureSuccessStatusCode();
    }
}

public sealed class SqliteApiTests() : ApiContract(DatabaseProvider.Sqlite);

public sealed class PostgresApiTests() : ApiContract(DatabaseProvider.Postgres);
