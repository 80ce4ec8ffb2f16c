using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.Studio;

/// <summary>The Elsa API subset as Elsa Studio 3.8.2 reads it (camelCase, string enums, links), on both providers.</summary>
public abstract class StudioApiContract(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Elsa = "/elsa/api";
    protected ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiFactory.CreateAsync(provider);
    public async Task DisposeAsync() => await Api.DisposeAsync();

    [Fact]
    public async Task ElsaApi_NoToken_Returns401()
    {
        var response = await Api.CreateClient().GetAsync($"{Elsa}/descriptors/activities");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ActivityDescriptors_Fork_HasWrappedDynamicOutcomeBranches()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");

        var descriptors = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/descriptors/activities?Refresh=True");

        var items = descriptors!["items"]!.AsArray();
        Assert.Equal(items.Count, descriptors["count"]!.GetValue<int>());
        var fork = items.Single(d => d!["typeName"]!.GetValue<string>() == "Elsa.FlowFork")!;
        var branches = fork["inputs"]!.AsArray().Single(i => i!["name"]!.GetValue<string>() == "branches")!;
        Assert.True(branches["isWrapped"]!.GetValue<bool>());
        Assert.Equal("dynamic-outcomes", branches["uiHint"]!.GetValue<string>());
        Assert.Equal("Action", fork["kind"]!.GetValue<string>());
        Assert.Contains(items, d => d!["typeName"]!.GetValue<string>() == "Elsa.Flowchart" && d["isContainer"]!.GetValue<bool>());
        var decision = items.Single(d => d!["typeName"]!.GetValue<string>() == "Elsa.FlowDecision")!;
        Assert.Equal(["True", "False"], decision["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ActivityDescriptors_PublishedWorkflowUsableAsActivity_IsInThePalette_AndWhatStudioDropsLoads()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var admin = await Api.ClientAsync("admin-1", "admin");
        var child = new WorkflowJson().Start().Event("check").Chain("start", "check").Build("Credit check", "credit-check");
        child["options"] = new JsonObject { ["usableAsActivity"] = true };
        child["inputs"] = new JsonArray(new JsonObject { ["name"] = "Applicant", ["type"] = "String", ["displayName"] = "申请人" });
        child["outputs"] = new JsonArray(new JsonObject { ["name"] = "Score", ["type"] = "Int32" });
        child["outcomes"] = new JsonArray("Passed", "Failed");
        var hidden = StudioModel("Not an activity", "not-an-activity");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = child, publish = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = hidden, publish = true })).StatusCode);

        var items = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/descriptors/activities"))!["items"]!.AsArray();

        Assert.DoesNotContain(items, d => d!["displayName"]!.GetValue<string>() == "Not an activity");
        var credit = items.Single(d => d!["typeName"]!.GetValue<string>() == "CreditCheck")!;
        Assert.Equal("credit-check", credit["constructionProperties"]!["WorkflowDefinitionId"]!.GetValue<string>());
        Assert.Equal("applicant", credit["inputs"]!.AsArray().Single()!["name"]!.GetValue<string>());
        Assert.Equal("score", credit["outputs"]!.AsArray().Single()!["name"]!.GetValue<string>());
        Assert.Equal(["Done", "Passed", "Failed"], credit["ports"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()));
        // What Studio writes when the activity is dropped: the type name plus the construction properties, camelCased.
        var parent = new WorkflowJson().Start().Raw(new JsonObject
        {
            ["id"] = "credit", ["type"] = "CreditCheck", ["version"] = 1, ["workflowDefinitionId"] = "credit-check",
            ["workflowDefinitionVersionId"] = credit["constructionProperties"]!["WorkflowDefinitionVersionId"]!.GetValue<string>(),
            ["applicant"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "Acme" } },
        }).Chain("start", "credit").Build("Uses credit check", "uses-credit-check");
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = parent, publish = false })).StatusCode);
    }

    [Fact]
    public async Task ExpressionDescriptors_IncludeJavaScriptBesidesLiteralAndObject()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");

        var expressions = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/descriptors/expression-descriptors");

        var types = expressions!["items"]!.AsArray().Select(e => e!["type"]!.GetValue<string>()).ToList();
        Assert.Contains("JavaScript", types);
        Assert.Contains("Literal", types);
        Assert.Contains("Object", types);
        var javaScript = expressions["items"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "JavaScript")!;
        Assert.Equal("javascript", javaScript["properties"]!["MonacoLanguage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Save_DesignerSavesAdminPublishes_VersionsVisibleInRestApi()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var admin = await Api.ClientAsync("admin-1", "admin");
        var model = StudioModel("Studio process", "studio-process");

        var draft = await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = false });
        var published = await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = true });
        var secondDraft = await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = false });

        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var first = (await published.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.False(first["alreadyPublished"]!.GetValue<bool>());
        Assert.True(first["workflowDefinition"]!["isPublished"]!.GetValue<bool>());
        Assert.Equal(1, first["workflowDefinition"]!["version"]!.GetValue<int>());
        var second = (await secondDraft.Content.ReadFromJsonAsync<JsonObject>())!["workflowDefinition"]!;
        Assert.Equal(2, second["version"]!.GetValue<int>());
        Assert.Equal("studio-process", second["definitionId"]!.GetValue<string>());
        var versions = await admin.GetFromJsonAsync<JsonArray>("/api/definitions/studio-process/versions");
        Assert.Equal(["Draft", "Published"], versions!.Select(v => v!["state"]!.GetValue<string>()));
        var history = await designer.GetFromJsonAsync<JsonObject>(
            $"{Elsa}/workflow-definitions?versionOptions=AllVersions&DefinitionIds=studio-process&OrderBy=Version&OrderDirection=Descending&Page=0&PageSize=10");
        Assert.Equal([2, 1], history!["items"]!.AsArray().Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(2, history["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task Save_NewWorkflowFromStudio_GetsIdAndStartActivity()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        // What Studio's "Create workflow" sends: no definition id, an empty flowchart.
        var model = new JsonObject
        {
            ["definitionId"] = null, ["name"] = "Fresh", ["id"] = null, ["links"] = null, ["version"] = 1,
            ["root"] = new JsonObject { ["id"] = "d0f2c667cd528f87", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1" },
        };

        var response = await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = (bool?)null });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var saved = (await response.Content.ReadFromJsonAsync<JsonObject>())!["workflowDefinition"]!;
        var definitionId = saved["definitionId"]!.GetValue<string>();
        Assert.False(string.IsNullOrEmpty(definitionId));
        Assert.Equal("Elsa.Start", saved["root"]!["activities"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await designer.GetAsync($"/api/definitions/{definitionId}/versions")).StatusCode);
    }

    [Fact]
    public async Task Save_UnfinishedDraft_IsKept_AndPublishReturns400WithEveryProblem()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var admin = await Api.ClientAsync("admin-1", "admin");
        var model = new WorkflowJson().Start().Activity("mystery", "Acme.Teleport").Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "soon"))
            .Chain("start", "mystery").Connect("start", "wait").Build("Broken", "broken-studio");

        // Auto-save: an unfinished graph is stored as the draft, so a reload shows it again.
        var saved = await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = false });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var reloaded = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/broken-studio");
        Assert.Contains(reloaded!["root"]!["activities"]!.AsArray(), a => a!["id"]!.GetValue<string>() == "mystery");

        var response = await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        // Studio shows the "errors" messages, one line each.
        var messages = problem["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray().Select(m => m!.GetValue<string>())).ToList();
        Assert.Contains(messages, m => m.StartsWith("mystery: Unknown activity type 'Acme.Teleport'"));
        Assert.Contains(messages, m => m.StartsWith("wait: Input 'timeSpan'"));
        Assert.Equal(messages.Count, problem["problems"]!.AsArray().Count);
        var versions = await designer.GetFromJsonAsync<JsonArray>("/api/definitions/broken-studio/versions");
        Assert.Single(versions!);
        Assert.False(versions![0]!["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Save_FileWithoutNodeIds_ComesBackWithOneForEveryActivity_SoStudioCanIndexIt()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        // As older Elsa files and hand-written JSON come (53 of the 126 corpus files): no nodeId anywhere, containers nested.
        static JsonObject Line(string id) => new() { ["id"] = id, ["type"] = "Elsa.WriteLine", ["version"] = 1 };
        var model = new JsonObject
        {
            ["definitionId"] = "no-node-ids", ["name"] = "No node ids", ["version"] = 1,
            ["root"] = new JsonObject
            {
                ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["version"] = 1,
                ["activities"] = new JsonArray(
                    new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start", ["version"] = 1, ["nodeId"] = "Workflow1:Flowchart1:start-kept" },
                    new JsonObject
                    {
                        ["id"] = "loop", ["type"] = "Elsa.ForEach", ["version"] = 1,
                        ["body"] = new JsonObject { ["id"] = "body", ["type"] = "Elsa.Sequence", ["version"] = 1, ["activities"] = new JsonArray(Line("first"), Line("second")) },
                    }),
                ["connections"] = new JsonArray(new JsonObject
                {
                    ["source"] = new JsonObject { ["activity"] = "start", ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = "loop", ["port"] = "In" },
                }),
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = false })).StatusCode);

        var reloaded = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/no-node-ids"))!;

        var nodeIds = new Dictionary<string, string>();
        void Collect(JsonNode? node)
        {
            if (node is JsonObject o && o["type"] is JsonValue && o["id"] is JsonValue) nodeIds[o["id"]!.GetValue<string>()] = o["nodeId"]?.GetValue<string>() ?? "(none)";
            foreach (var child in node switch { JsonObject obj => obj.Select(p => p.Value), JsonArray list => list.AsEnumerable(), _ => [] }) Collect(child);
        }
        Collect(reloaded["root"]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["flow"] = "Workflow1:Flowchart1", ["start"] = "Workflow1:Flowchart1:start-kept", ["loop"] = "Workflow1:Flowchart1:loop",
            ["body"] = "Workflow1:Flowchart1:loop:body", ["first"] = "Workflow1:Flowchart1:loop:body:first", ["second"] = "Workflow1:Flowchart1:loop:body:second",
        }, nodeIds);
    }

    [Fact]
    public async Task InstanceViewer_NestedStepWithoutNodeId_HasTheNodeIdStudioWasServed()
    {
        // A wait inside a ForEach body, in a file without node ids: the viewer highlights it only when the bookmark and the
        // journal name the node id the designer got for it (its container's, not the root's).
        var admin = await Api.ClientAsync("admin-1", "admin");
        var clerk = await Api.ClientAsync("wang", "clerk");
        static JsonObject Literal(string type, JsonNode value) => new() { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
        var model = new JsonObject
        {
            ["definitionId"] = "nested-node-ids", ["name"] = "Nested node ids", ["version"] = 1,
            ["root"] = new JsonObject
            {
                ["id"] = "flow", ["type"] = "Elsa.Flowchart", ["version"] = 1,
                ["activities"] = new JsonArray(new JsonObject
                {
                    ["id"] = "loop", ["type"] = "Elsa.ForEach", ["version"] = 1, ["items"] = Literal("JavaScript", "[1]"),
                    ["body"] = new JsonObject
                    {
                        ["id"] = "body", ["type"] = "Elsa.Sequence", ["version"] = 1,
                        ["activities"] = new JsonArray(new JsonObject { ["id"] = "wait", ["type"] = "Elsa.Event", ["version"] = 1, ["eventName"] = Literal("Literal", "go") }),
                    },
                }),
            },
        };
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = true })).StatusCode);
        var served = (await admin.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/nested-node-ids?versionOptions=Published"))!;
        var waitNodeId = served["root"]!["activities"]![0]!["body"]!["activities"]![0]!["nodeId"]!.GetValue<string>();
        Assert.Equal("Workflow1:Flowchart1:loop:body:wait", waitNodeId);

        var started = await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "nested-node-ids", correlationId = "NODE-1" })).Content.ReadFromJsonAsync<JsonObject>();
        var id = started!["id"]!.GetValue<string>();
        var instance = await admin.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-instances/{id}");
        var journal = await (await admin.PostAsJsonAsync($"{Elsa}/workflow-instances/{id}/journal?skip=0&take=100",
            new { filter = new { activityNodeIds = new[] { waitNodeId } } })).Content.ReadFromJsonAsync<JsonObject>();

        Assert.Equal(waitNodeId, instance!["workflowState"]!["bookmarks"]!.AsArray().Single()!["activityNodeId"]!.GetValue<string>());
        Assert.Equal(["Started", "Suspended"], journal!["items"]!.AsArray().Select(r => r!["eventName"]!.GetValue<string>()));
        Assert.All(journal["items"]!.AsArray(), r => Assert.Equal(waitNodeId, r!["nodeId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SaveAndPublish_Elsa2Export_Returns400SayingNothingWasSaved_AndStoresNothing()
    {
        // Elsa 2 exports (top-level activities and sourceActivityId connections, no root) are still found in sample repositories.
        var admin = await Api.ClientAsync("admin-1", "admin");
        var before = (await admin.GetFromJsonAsync<JsonArray>("/api/definitions"))!.Count;
        var model = new JsonObject
        {
            ["activities"] = new JsonArray(new JsonObject { ["id"] = "a1", ["type"] = "Signaled", ["state"] = new JsonObject() }),
            ["connections"] = new JsonArray(new JsonObject { ["sourceActivityId"] = "a1", ["destinationActivityId"] = "a1", ["outcome"] = "Done" }),
        };

        var response = await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = true });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Contains("nothing was saved", problem["detail"]!.GetValue<string>());
        Assert.Contains("no 'root' activity", problem["errors"]!["workflow"]![0]!.GetValue<string>());
        Assert.Equal(before, (await admin.GetFromJsonAsync<JsonArray>("/api/definitions"))!.Count);
    }

    [Theory]
    [InlineData("designer", true)]
    [InlineData("auditor", false)]
    [InlineData("reviewer", true)]
    public async Task Save_WithoutTheRole_Returns403AndStoresNothing(string role, bool publish)
    {
        var client = await Api.ClientAsync("someone", role, role == "reviewer" ? "fire" : null);
        var model = StudioModel("Forbidden", "forbidden-process");

        var response = await client.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        // Studio reads a problem answer as validation errors and shows the messages under "errors" as a toast.
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.NotEmpty(errors.Single().Value!.AsArray().Single()!.GetValue<string>());
        var admin = await Api.ClientAsync("admin-1", "admin");
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/definitions/forbidden-process/versions")).StatusCode);
    }

    [Fact]
    public async Task ActivityDescriptors_ListInputs_UseStudiosListEditors_DepartmentsPickFromTheDirectory()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");

        var items = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/descriptors/activities"))!["items"]!.AsArray();

        JsonNode Input(string type, string name) => items.Single(d => d!["typeName"]!.GetValue<string>() == type)!["inputs"]!.AsArray()
            .Single(i => i!["name"]!.GetValue<string>() == name)!;
        // Lists are stored as Object expressions holding a JSON array; Studio's multitext editor shows and writes exactly that.
        foreach (var (type, name) in new[] { ("Approvals.Acceptance", "requiredMaterials"), ("Approvals.Review", "requiredMaterials"),
                     ("Approvals.Decision", "positionChain") })
        {
            Assert.Equal("multitext", Input(type, name)["uiHint"]!.GetValue<string>());
            Assert.Equal("String[]", Input(type, name)["typeName"]!.GetValue<string>());
            Assert.True(Input(type, name)["isWrapped"]!.GetValue<bool>());
        }
        var push = Input("Approvals.PushToSupervision", "departments");
        Assert.Equal("checklist", push["uiHint"]!.GetValue<string>());
        var checkList = push["uiSpecifications"]!["checklist"]!["checkList"]!["items"]!.AsArray();
        Assert.Contains(checkList, i => i!["value"]!.GetValue<string>() == "housing-construction" && i["text"]!.GetValue<string>().Contains("housing-construction"));
        var department = Input("Approvals.Review", "department");
        Assert.Equal("dropdown", department["uiHint"]!.GetValue<string>());
        Assert.Equal(checkList.Select(i => i!["value"]!.GetValue<string>()),
            department["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray().Select(i => i!["value"]!.GetValue<string>()));
    }

    [Fact]
    public async Task ActivityDescriptors_SignersPickFromTheStaff_AndStoredPicksTheDirectoryLacksAreListedAsUnknown()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        // A draft names a supervising department and a signer the directory does not know (merged away, left), and one it does.
        static JsonObject List(params string[] values) => new()
        {
            ["typeName"] = "String[]", ["expression"] = new JsonObject { ["type"] = "Object", ["value"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray()).ToJsonString() },
        };
        var draft = new WorkflowJson().Start()
            .Raw(new JsonObject { ["id"] = "review", ["type"] = "Approvals.Review", ["version"] = 1, ["signers"] = List("gone-user", "planning-li") })
            .Raw(new JsonObject { ["id"] = "push", ["type"] = "Approvals.PushToSupervision", ["version"] = 1, ["departments"] = List("housing-construction", "old-dept") })
            .Chain("start", "review", "push").Build("旧部门的流程", "old-departments");
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = draft, publish = false })).StatusCode);

        var items = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/descriptors/activities"))!["items"]!.AsArray();

        JsonNode Input(string type, string name) => items.Single(d => d!["typeName"]!.GetValue<string>() == type)!["inputs"]!.AsArray()
            .Single(i => i!["name"]!.GetValue<string>() == name)!;
        Dictionary<string, string> CheckList(JsonNode input) => input["uiSpecifications"]!["checklist"]!["checkList"]!["items"]!.AsArray()
            .ToDictionary(i => i!["value"]!.GetValue<string>(), i => i!["text"]!.GetValue<string>());
        // Shown, and so kept when the designer ticks another box (Studio's check list saves only what it lists).
        var departments = CheckList(Input("Approvals.PushToSupervision", "departments"));
        Assert.Equal("未知部门 (old-dept)", departments["old-dept"]);
        Assert.Equal("住房和城乡建设局 (housing-construction)", departments["housing-construction"]);
        Assert.Contains(Input("Approvals.Review", "department")["uiSpecifications"]!["dropdown"]!["selectList"]!["items"]!.AsArray(),
            i => i!["value"]!.GetValue<string>() == "old-dept");
        // Signers are ticked among the directory's staff, stored as before (an Object expression holding the JSON array).
        foreach (var type in new[] { "Approvals.Review", "Approvals.Decision" })
        {
            var signers = Input(type, "signers");
            Assert.Equal(("checklist", "String[]", true), (signers["uiHint"]!.GetValue<string>(), signers["typeName"]!.GetValue<string>(), signers["isWrapped"]!.GetValue<bool>()));
            var staff = CheckList(signers);
            Assert.Equal("李明 (planning-li) · 规划局", staff["planning-li"]);
            Assert.Equal("未知人员 (gone-user)", staff["gone-user"]);
            // 依次审批 follows the list: within a department from handler to approver, unknown people last.
            Assert.Equal("gone-user", staff.Keys.Last());
        }
    }

    [Fact]
    public async Task ExportThenImport_AsStudioCallsThem_RoundTripsTheDefinitionAsADraft()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var auditor = await Api.ClientAsync("auditor-1", "auditor");
        var published = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/construction-permit-3550?versionOptions=Published");
        var version = published!["version"]!.GetValue<int>();

        // The editor's Export: a file of one version, recognised by Studio's import through its $schema.
        var export = await designer.GetAsync($"{Elsa}/workflow-definitions/construction-permit-3550/export?versionOptions={version}&includeConsumingWorkflows=False");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"workflow-definition-construction-permit-3550-v{version}.json", export.Content.Headers.ContentDisposition?.FileNameStar ?? export.Content.Headers.ContentDisposition?.FileName);
        var file = (await export.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.StartsWith("https://elsaworkflows.io/schemas/workflow-definition", file["$schema"]!.GetValue<string>());
        Assert.Null(file["links"]);
        Assert.Equal(published["root"]!.ToJsonString(), file["root"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync($"{Elsa}/workflow-definitions/construction-permit-3550/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetAsync($"{Elsa}/workflow-definitions/no-such-process/export")).StatusCode);

        // The editor's Import into another definition: Studio sends the file's model with the open definition's id.
        file["definitionId"] = "permit-copy";
        file["name"] = "施工许可（导入）";
        var import = await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions/import", file);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var imported = (await import.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("permit-copy", imported["definitionId"]!.GetValue<string>());
        Assert.False(imported["isPublished"]!.GetValue<bool>());
        Assert.NotEqual(published["id"]!.GetValue<string>(), imported["id"]!.GetValue<string>());
        Assert.Contains(Rels(imported["links"]), r => r == "publish");
        Assert.Equal(published["root"]!.ToJsonString(), imported["root"]!.ToJsonString());
        var versions = await designer.GetFromJsonAsync<JsonArray>("/api/definitions/permit-copy/versions");
        Assert.Equal("Draft", versions!.Single()!["state"]!.GetValue<string>());
        // Importing again over an unpublished draft overwrites it; an auditor may export but not import.
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions/import", file)).StatusCode);
        Assert.Single((await designer.GetFromJsonAsync<JsonArray>("/api/definitions/permit-copy/versions"))!);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostAsJsonAsync($"{Elsa}/workflow-definitions/import", file)).StatusCode);
    }

    [Theory]
    [InlineData("/diagnostics/structured-logs?workflowInstanceId=abc123", "/instances/abc123#journal")]
    [InlineData("/workflows/definitions/construction-permit-3550/edit", "/designer/construction-permit-3550")]
    [InlineData("/workflows/instances/abc123/view", "/instances/abc123")]
    public async Task StudioViewerLinks_ToElsasOwnShell_LeadToOurPages(string link, string target)
    {
        var client = Api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(target, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Links_DesignerGetsPublishLinks_AuditorGetsNone()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var auditor = await Api.ClientAsync("auditor-1", "auditor");

        var forDesigner = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/record-filing?versionOptions=Latest");
        var forAuditor = await auditor.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/record-filing?versionOptions=Latest");
        var listForDesigner = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions?versionOptions=Latest");
        var listForAuditor = await auditor.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions?versionOptions=Latest");

        Assert.Contains(Rels(forDesigner!["links"]), r => r == "publish");
        Assert.Empty(Rels(forAuditor!["links"]));
        Assert.Equal("record-filing", forAuditor["definitionId"]!.GetValue<string>());
        Assert.Contains(Rels(listForDesigner!["links"]), r => r == "bulk-publish");
        Assert.DoesNotContain(Rels(listForAuditor!["links"]), r => r == "bulk-publish");
        Assert.Contains(Rels(listForDesigner["items"]![0]!["links"]), r => r == "publish");
        Assert.Empty(Rels(listForAuditor["items"]![0]!["links"]));
    }

    [Fact]
    public async Task List_IdsFilter_ReturnsExactlyThoseVersions()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var v1 = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/record-filing?versionOptions=Published"))!["id"]!.GetValue<string>();
        await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = StudioModel("Record filing draft", "record-filing"), publish = false });
        var v2 = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/record-filing?versionOptions=Latest"))!["id"]!.GetValue<string>();

        // Studio's instance list asks exactly like this: empty versionOptions, the instances' version ids.
        var one = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions?versionOptions=&Ids={v1}");
        var both = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions?versionOptions=&Ids={v1}&Ids={v2}");
        var latestOfV1 = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions?versionOptions=Latest&Ids={v1}");

        Assert.NotEqual(v1, v2);
        Assert.Equal([v1], one!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal(1, one["totalCount"]!.GetValue<int>());
        Assert.Equal(new[] { v1, v2 }.Order(), both!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()).Order());
        Assert.Empty(latestOfV1!["items"]!.AsArray());
    }

    [Fact]
    public async Task DeleteVersion_DraftGoesPublishedIsKept()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var published = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/record-filing?versionOptions=Published"))!["id"]!.GetValue<string>();
        var draft = (await (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = StudioModel("Draft to discard", "record-filing"), publish = false }))
            .Content.ReadFromJsonAsync<JsonObject>())!["workflowDefinition"]!["id"]!.GetValue<string>();

        var deletePublished = await designer.DeleteAsync($"{Elsa}/workflow-definition-versions/{published}");
        var deleteDraft = await designer.DeleteAsync($"{Elsa}/workflow-definition-versions/{draft}");

        Assert.Equal(HttpStatusCode.Conflict, deletePublished.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, deleteDraft.StatusCode);
        var latest = await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/record-filing?versionOptions=Latest");
        Assert.Equal(published, latest!["id"]!.GetValue<string>());
        Assert.True(latest["isLatest"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Instances_ListViewerJournalAndReport_ComeFromOurJournal()
    {
        var clerk = await Api.ClientAsync("wang", "clerk");
        var auditor = await Api.ClientAsync("auditor-1", "auditor");
        var started = await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "APP-1" })).Content.ReadFromJsonAsync<JsonObject>();
        var id = started!["id"]!.GetValue<string>();

        var list = await (await auditor.PostAsJsonAsync($"{Elsa}/workflow-instances", new { page = 0, pageSize = 10, statuses = new[] { "Running" } }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var instance = await auditor.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-instances/{id}");
        var journal = await (await auditor.PostAsJsonAsync($"{Elsa}/workflow-instances/{id}/journal?skip=0&take=100", new { filter = new { } }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var intakeJournal = await (await auditor.PostAsJsonAsync($"{Elsa}/workflow-instances/{id}/journal?skip=0&take=100",
            new { filter = new { activityNodeIds = new[] { "Workflow1:Flowchart1:intake" } } })).Content.ReadFromJsonAsync<JsonObject>();
        var report = await (await auditor.PostAsJsonAsync($"{Elsa}/activity-executions/report",
            new { workflowInstanceId = id, activityNodeIds = new[] { "Workflow1:Flowchart1:start", "Workflow1:Flowchart1:intake" } })).Content.ReadFromJsonAsync<JsonObject>();
        var state = await auditor.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-instances/{id}/execution-state");

        var row = list!["items"]!.AsArray().Single()!;
        Assert.Equal(id, row["id"]!.GetValue<string>());
        Assert.Equal("Running", row["status"]!.GetValue<string>());
        Assert.Equal("Suspended", row["subStatus"]!.GetValue<string>());
        Assert.Equal("APP-1", instance!["correlationId"]!.GetValue<string>());
        var bookmark = instance["workflowState"]!["bookmarks"]!.AsArray().Single()!;
        Assert.Equal("Workflow1:Flowchart1:intake", bookmark["activityNodeId"]!.GetValue<string>());
        var events = journal!["items"]!.AsArray().Select(r => $"{r!["activityId"]}:{r["eventName"]}").ToList();
        Assert.Equal(["flowchart:WorkflowStarted", "start:Started", "start:Completed", "intake:Started", "intake:Suspended"], events);
        Assert.Equal(journal["totalCount"]!.GetValue<int>(), events.Count);
        Assert.All(intakeJournal!["items"]!.AsArray(), r => Assert.Equal("窗口收件", r!["activityName"]!.GetValue<string>()));
        var stats = report!["stats"]!.AsArray().ToDictionary(s => s!["activityId"]!.GetValue<string>());
        Assert.Equal(1, stats["start"]!["completedCount"]!.GetValue<int>());
        Assert.True(stats["intake"]!["isBlocked"]!.GetValue<bool>());
        Assert.Equal(1, stats["intake"]!["uncompletedCount"]!.GetValue<int>());
        Assert.Equal("Suspended", state!["workflowSubStatus"]!.GetValue<string>());
    }

    [Fact]
    public async Task Save_ManyAtOnce_EverySaveLands_NoneA500()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var model = StudioModel("Parallel saves", "parallel-saves");
        var saves = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = model.DeepClone(), publish = false })));
        Assert.All(saves, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode));
        var draft = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/parallel-saves"))!;
        Assert.Equal(1, draft["version"]!.GetValue<int>()); // one draft, saved eight times
        var deletes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => designer.DeleteAsync($"{Elsa}/workflow-definition-versions/{draft["id"]!.GetValue<string>()}")));
        Assert.All(deletes, d => Assert.True(d.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.NotFound, d.StatusCode.ToString()));
    }

    [Fact]
    public async Task BulkPublish_OneInvalid_PublishesNone()
    {
        var admin = await Api.ClientAsync("admin-1", "admin");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = StudioModel("Good", "bulk-good"), publish = false })).StatusCode);
        var bad = new WorkflowJson().Start().Activity("nope", "Acme.Nope").Chain("start", "nope").Build("Bad", "bulk-bad");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = bad, publish = false })).StatusCode);

        var response = await admin.PostAsJsonAsync($"{Elsa}/bulk-actions/publish/workflow-definitions/by-definition-ids", new { definitionIds = new[] { "bulk-good", "bulk-bad" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var good = (await admin.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/bulk-good"))!;
        Assert.False(good["isPublished"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Save_WrongShapesAndTypes_400NamingTheField_StoresNothing()
    {
        var admin = await Api.ClientAsync("admin-1", "admin");
        async Task<JsonObject> Refused(object body, string field)
        {
            var response = await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", body);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            var problem = JsonNode.Parse(text)!.AsObject();
            Assert.Equal(field, problem["field"]?.GetValue<string>());
            return problem;
        }
        var notLists = JsonNode.Parse("""{"definitionId":"shape-lists","name":"x","root":{"type":"Elsa.Flowchart","id":"fc","activities":{"a":1},"connections":"x"}}""")!;
        Assert.Equal(ErrorCodes.DefinitionInvalid, (await Refused(new { model = notLists, publish = false }, "model"))["code"]!.GetValue<string>());
        var numberType = JsonNode.Parse("""{"definitionId":"shape-type","root":{"type":5,"id":"w"}}""")!;
        await Refused(new { model = numberType, publish = false }, "model");
        var yes = JsonNode.Parse("""{"model":{"definitionId":"shape-yes","root":{"type":"Elsa.Flowchart","id":"fc","activities":[]}},"publish":"yes"}""")!;
        await Refused(yes, "publish");
        await Refused(new { model = StudioModel(new string('名', DefinitionLimits + 1), "shape-name"), publish = false }, "name");
        await Refused(new { foo = 1 }, "model");
        foreach (var id in new[] { "shape-lists", "shape-type", "shape-yes", "shape-name" })
            Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"{Elsa}/workflow-definitions/by-definition-id/{id}")).StatusCode);
    }

    private const int DefinitionLimits = Persistence.Definitions.DefinitionStore.MaxNameLength;

    [Fact]
    public async Task Publish_HttpTriggerWithAComputedPath_400NamingTheActivity()
    {
        var admin = await Api.ClientAsync("admin-1", "admin");
        var model = new WorkflowJson().Activity("endpoint", "Elsa.HttpEndpoint", ("path", "JavaScript", "'/a' + 'b'"), ("supportedMethods", "Literal", "[\"GET\"]"))
            .Build("Computed path", "computed-path");
        ((JsonObject)model["root"]!["activities"]![0]!)["canStartWorkflow"] = true;

        var response = await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = true });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("endpoint", JsonNode.Parse(text)!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Descriptors_ContainersStudioMeetsInElsaFiles_AndAPaletteInChinese()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var items = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/descriptors/activities"))!["items"]!.AsArray();
        foreach (var container in new[] { "Elsa.Sequence", "Elsa.FlowNode" })
            Assert.Contains(items, d => d!["typeName"]!.GetValue<string>() == container && d["isContainer"]!.GetValue<bool>());
        var categories = items.Select(d => d!["category"]!.GetValue<string>()).Distinct().ToList();
        Assert.DoesNotContain(categories, c => c is "Branching" or "Flow" or "Primitives" or "Scheduling" or "Email");
        Assert.All(items.Where(d => d!["isBrowsable"]!.GetValue<bool>()), d => Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", d!["displayName"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Save_CanvasWithoutActivitiesStudioCouldNotDraw_400_TheDraftIsKept()
    {
        var designer = await Api.ClientAsync("designer-1", "designer");
        var draft = new WorkflowJson().Start().Activity("nope", "Acme.Nope").Chain("start", "nope").Build("Undrawn", "undrawn");
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = draft, publish = false })).StatusCode);
        // What Studio sends from the canvas it could not draw: nothing, or one activity dropped onto it.
        var empty = JsonNode.Parse("""{"definitionId":"undrawn","name":"Undrawn","root":{"type":"Elsa.Flowchart","id":"fc","activities":[],"connections":[]}}""")!;
        var dropped = JsonNode.Parse("""{"definitionId":"undrawn","name":"Undrawn","root":{"type":"Elsa.Flowchart","id":"fc","activities":[{"id":"Fault1","type":"Elsa.Fault","version":1}],"connections":[]}}""")!;

        foreach (var canvas in new[] { empty, dropped })
        {
            var response = await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = canvas, publish = false });
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
            Assert.Contains("Acme.Nope", text);
            Assert.Equal(ErrorCodes.DefinitionWouldEmpty, JsonNode.Parse(text)!["code"]!.GetValue<string>());
        }
        var stored = (await designer.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-definitions/by-definition-id/undrawn"))!;
        Assert.Equal(["start", "nope"], stored["root"]!["activities"]!.AsArray().Select(a => a!["id"]!.GetValue<string>()));
        // A save that keeps it (a rename from the properties panel) goes through; so does emptying a draft Studio can draw.
        draft["name"] = "Undrawn, renamed";
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = draft, publish = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = StudioModel("Drawn", "drawn"), publish = false })).StatusCode);
        var emptied = JsonNode.Parse("""{"definitionId":"drawn","name":"Drawn","root":{"type":"Elsa.Flowchart","id":"fc","activities":[],"connections":[]}}""")!;
        Assert.Equal(HttpStatusCode.OK, (await designer.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model = emptied, publish = false })).StatusCode);
    }

    [Fact]
    public async Task Instance_WorkflowOutputs_AreInBothInstanceViews()
    {
        var admin = await Api.ClientAsync("admin-1", "admin");
        var model = new WorkflowJson().Start().Activity("out", "Elsa.SetOutput", ("outputName", "Literal", "Result"), ("outputValue", "JavaScript", "40 + 2"))
            .Chain("start", "out").Build("With output", "with-output");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"{Elsa}/workflow-definitions", new { model, publish = true })).StatusCode);
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionId = "with-output" });
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();

        var ours = (await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!;
        var studio = (await admin.GetFromJsonAsync<JsonObject>($"{Elsa}/workflow-instances/{id}"))!;

        Assert.Equal(42, ours["output"]!["Result"]!.GetValue<int>());
        Assert.Equal(42, studio["workflowState"]!["output"]!["Result"]!.GetValue<int>());
    }

    private static IEnumerable<string> Rels(JsonNode? links) =>
        (links as JsonArray ?? []).Select(l => l!["rel"]!.GetValue<string>());

    /// <summary>A small valid model in Studio's save shape, including the fields Studio echoes back.</summary>
    private static JsonObject StudioModel(string name, string definitionId)
    {
        var model = new WorkflowJson().Start().Fork("fork", "fire", "planning").Join("join").End()
            .Connect("start", "fork").Connect("fork", "join", "fire").Connect("fork", "join", "planning").Chain("join", "end")
            .Build(name, definitionId);
        model["links"] = null;
        model["isLatest"] = true;
        model["isPublished"] = false;
        model["toolVersion"] = "3.8.0.0";
        return model;
    }
}

public sealed class SqliteStudioApiTests() : StudioApiContract(DatabaseProvider.Sqlite);

public sealed class PostgresStudioApiTests() : StudioApiContract(DatabaseProvider.Postgres);
