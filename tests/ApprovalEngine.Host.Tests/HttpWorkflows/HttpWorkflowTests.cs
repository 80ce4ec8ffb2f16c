using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.HttpWorkflows;

/// <summary>HttpEndpoint as a trigger and a resume point at /workflows/{path}, answered by WriteHttpResponse, on both providers.</summary>
public abstract class HttpWorkflowContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private readonly string _mail = Path.Combine(Path.GetTempPath(), "approvalengine-tests", "mail-" + Guid.NewGuid().ToString("N"));

    // E-mail goes to the development pickup folder, the sink the applicant notifications use.
    public async Task InitializeAsync() => _api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string> { ["Notifications:Email:PickupDirectory"] = _mail });

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        if (Directory.Exists(_mail)) Directory.Delete(_mail, true);
    }

    private static JsonObject Input(string type, string value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };

    private static JsonObject Binding(string variable) => new() { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = variable } };

    private static JsonObject Endpoint(string id, string path, string methods, bool canStart, bool authorize = false, string? policy = null)
    {
        var endpoint = new JsonObject
        {
            ["id"] = id, ["type"] = "Elsa.HttpEndpoint", ["version"] = 1,
            ["customProperties"] = new JsonObject { ["canStartWorkflow"] = canStart },
            ["path"] = Input("Literal", path), ["supportedMethods"] = Input("Object", methods, "String[]"),
            ["authorize"] = Input("Literal", authorize ? "true" : "false", "Boolean"),
            ["parsedContent"] = Binding("body"), ["routeData"] = Binding("route"), ["headers"] = Binding("headers"),
        };
        if (policy is not null) endpoint["policy"] = Input("Literal", policy);
        return endpoint;
    }

    private async Task PublishAsync(JsonObject model)
    {
        var admin = await _api.ClientAsync("admin-1", "admin");
        var response = await admin.PostAsJsonAsync("/elsa/api/workflow-definitions", new { model, publish = true });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Trigger_RequestStartsTheWorkflow_WithRouteQueryAndParsedBody_AndGetsItsResponse()
    {
        var model = new WorkflowJson().Variable("body").Variable("route").Variable("headers")
            .Raw(Endpoint("endpoint", "/orders/{id}", "[\"POST\"]", canStart: true))
            .Activity("respond", "Elsa.WriteHttpResponse", ("statusCode", "Literal", "Created"),
                ("content", "JavaScript", "({ order: getRoute().id, qty: getBody().qty, channel: getHeaders()['X-Channel'], sawToken: getHeaders()['Authorization'] !== undefined })"))
            .Chain("endpoint", "respond").Build("Orders", "http-orders");
        await PublishAsync(model);
        var caller = await _api.ClientAsync("clerk-1", "clerk"); // a token is sent but is never workflow data
        var request = new HttpRequestMessage(HttpMethod.Post, "/workflows/orders/42?src=web") { Content = JsonContent.Create(new { qty = 3 }) };
        request.Headers.Add("X-Channel", "counter");

        var response = await caller.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("""{"order":"42","qty":3,"channel":"counter","sawToken":false}""", body.ToJsonString());
        var instanceId = response.Headers.GetValues("X-Workflow-Instance-Id").Single();
        var instance = (await (await _api.ClientAsync("admin-1", "admin")).GetFromJsonAsync<JsonObject>($"/api/instances/{instanceId}"))!;
        Assert.Equal("Finished", instance["status"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.NotFound, (await caller.GetAsync("/workflows/orders/42")).StatusCode); // method not supported
        var unknown = await caller.PostAsync("/workflows/nowhere", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("not-found", (await unknown.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        // The API's size limit: a text body over 64 KiB is refused before any workflow runs.
        var big = await caller.PostAsync("/workflows/orders/43", new StringContent(new string('x', 70_000), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
    }

    [Fact]
    public async Task Trigger_MultipartRequest_FieldsAreParsedContent_FilesAreFilesAndFile_WithinTheUploadLimit()
    {
        var endpoint = Endpoint("endpoint", "/filings", "[\"POST\"]", canStart: true);
        endpoint["files"] = Binding("files");
        endpoint["file"] = Binding("file");
        var model = new WorkflowJson().Variable("body").Variable("route").Variable("headers").Variable("files").Variable("file")
            .Raw(endpoint)
            .Activity("respond", "Elsa.WriteHttpResponse", ("statusCode", "Literal", "OK"),
                ("content", "JavaScript", "({ applicant: getBody().applicant, tags: getBody().tag, count: getFiles().length, first: getFile().fileName, " +
                                           "field: getFile().name, type: getFile().contentType, length: getFiles()[1].length, content: getFiles()[1].content })"))
            .Chain("endpoint", "respond").Build("Filings", "http-filings");
        await PublishAsync(model);
        var caller = await _api.ClientAsync("clerk-1", "clerk");
        using var form = new MultipartFormDataContent
        {
            { new StringContent("Acme Ltd"), "applicant" },
            { new StringContent("urgent"), "tag" },
            { new StringContent("paper"), "tag" },
            { new ByteArrayContent("%PDF-1.7 plan"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "plan", "site-plan.pdf" },
            { new ByteArrayContent("报建说明"u8.ToArray()) { Headers = { ContentType = new("text/plain") } }, "notes", "notes.txt" },
        };

        var response = await caller.PostAsync("/workflows/filings", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Acme Ltd", body["applicant"]!.GetValue<string>());
        Assert.Equal(["urgent", "paper"], body["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(2, body["count"]!.GetValue<int>());
        Assert.Equal("site-plan.pdf", body["first"]!.GetValue<string>());
        Assert.Equal("plan", body["field"]!.GetValue<string>());
        Assert.Equal("application/pdf", body["type"]!.GetValue<string>());
        Assert.Equal("报建说明"u8.Length, body["length"]!.GetValue<int>());
        Assert.Equal("报建说明", Encoding.UTF8.GetString(Convert.FromBase64String(body["content"]!.GetValue<string>())));
        // A multipart body over the upload limit (Materials:MaxBytes) is refused before any workflow runs.
        var limit = 20 * 1024 * 1024;
        using var tooBig = new MultipartFormDataContent { { new ByteArrayContent(new byte[limit + 128 * 1024]), "plan", "huge.pdf" } };
        var refused = await caller.PostAsync("/workflows/filings", tooBig);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
    }

    [Fact]
    public async Task Resume_WaitingInstanceIsResumedByTheRequest_AuthorizeAndPolicyAreEnforced_AndAmbiguityIsRefused()
    {
        var model = new WorkflowJson().Variable("body").Variable("route").Variable("headers").Start()
            .Raw(Endpoint("callback", "/callbacks/review", "[\"POST\"]", canStart: false, authorize: true, policy: "intake"))
            .Activity("respond", "Elsa.WriteHttpResponse", ("content", "JavaScript", "'received ' + getBody().result"))
            .Chain("start", "callback", "respond").Build("Review callback", "http-callback");
        await PublishAsync(model);
        var clerk = await _api.ClientAsync("clerk-1", "clerk");
        var started = new List<string>();
        foreach (var correlationId in new[] { "CB-1", "CB-2" })
        {
            var start = await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "http-callback", correlationId });
            started.Add((await start.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }
        var payload = JsonContent.Create(new { result = "approved" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await _api.CreateClient().PostAsync("/workflows/callbacks/review?correlationId=CB-1", payload)).StatusCode);
        var auditor = await _api.ClientAsync("auditor-1", "auditor");
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsync("/workflows/callbacks/review?correlationId=CB-1", payload)).StatusCode);
        var ambiguous = await clerk.PostAsync("/workflows/callbacks/review", payload);
        Assert.Equal(HttpStatusCode.Conflict, ambiguous.StatusCode);

        var resumed = await clerk.PostAsync("/workflows/callbacks/review?correlationId=CB-1", payload);

        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("received approved", await resumed.Content.ReadAsStringAsync());
        var admin = await _api.ClientAsync("admin-1", "admin");
        Assert.Equal("Finished", (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{started[0]}"))!["status"]!.GetValue<string>());
        Assert.Equal("Suspended", (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{started[1]}"))!["status"]!.GetValue<string>());
        // The first is no longer waiting: the same request now reaches only the second.
        Assert.Equal(HttpStatusCode.OK, (await clerk.PostAsync("/workflows/callbacks/review", payload)).StatusCode);
        Assert.Equal("Finished", (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{started[1]}"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendEmail_QueuedInTheOutboxWithTheStep_DeliveredOncePerRecipientFromTheHostsAddress()
    {
        var model = new WorkflowJson().Variable("body").Variable("route").Variable("headers")
            .Raw(Endpoint("contact", "/contact", "[\"POST\"]", canStart: true))
            .Activity("mail", "Elsa.SendEmail", ("from", "Literal", "ceo@elsewhere.example"), ("to", "JavaScript", "[getBody().email]"),
                ("cc", "Literal", "office@example.gov.cn"), ("subject", "Literal", "已收到您的咨询"), ("body", "JavaScript", "'<p>' + getBody().name + '，您好</p>'"))
            .Activity("respond", "Elsa.WriteHttpResponse", ("statusCode", "Literal", "Accepted"))
            .Chain("contact", "mail", "respond").Build("Contact form", "http-contact");
        await PublishAsync(model);

        var response = await _api.CreateClient().PostAsJsonAsync("/workflows/contact", new { email = "li.ming@example.cn", name = "李明" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False(Directory.Exists(_mail) && Directory.EnumerateFiles(_mail).Any()); // not before the outbox runs
        Assert.Equal(2, await _api.Outbox.DispatchDueAsync());
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync());
        var messages = Directory.EnumerateFiles(_mail, "*.eml").Select(f => MimeKit.MimeMessage.Load(f)).ToList();
        Assert.Equal(["li.ming@example.cn", "office@example.gov.cn"], messages.Select(m => m.To.Mailboxes.Single().Address).Order());
        Assert.All(messages, m =>
        {
            Assert.Equal("已收到您的咨询", m.Subject);
            Assert.Equal("<p>李明，您好</p>", m.HtmlBody!.TrimEnd());
            Assert.DoesNotContain("elsewhere", m.From.ToString());
        });
    }
}

public sealed class SqliteHttpWorkflowTests() : HttpWorkflowContract(DatabaseProvider.Sqlite);

public sealed class PostgresHttpWorkflowTests() : HttpWorkflowContract(DatabaseProvider.Postgres);
