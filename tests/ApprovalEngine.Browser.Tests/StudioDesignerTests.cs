using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The real Elsa Studio 3.8.2 in Debian's chromium against the real host: what designers, admins and auditors see.
/// Every wait is bounded (Studio loads within <see cref="StudioHost.StudioLoad"/>, each test within its Timeout).
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class StudioDesignerTests(StudioHost host)
{
    private const int TestTimeout = 300_000;
    // Studio's own markup: the workflow's Name field in the properties panel, and the cloud-upload icon button (Publish).
    private const string WorkflowNameInput = ".mud-input-control:has-text(\"The name of the workflow.\") input";
    private const string PublishButton = "button.mud-icon-button:has(path[d^=\"M19.35 10.04\"]):visible";
    private const string ZoomToFitButton = "button.mud-icon-button:has(path[d^=\"M6,16h12V8H6V16z\"])";
    private const string RunButton = "button.mud-icon-button:has(path[d*=\"M8 5v14l11-7\"]):visible";

    /// <summary>
    /// Zoom to fit, then make sure every step can be clicked: on a loaded machine Studio can fit the drawing before its
    /// side panes have their final width, leaving a step under the activity palette (a CI run lost a click that way). The
    /// fit is asked again until the topmost element at each step's label and centre belongs to the canvas (a connection drawn over a
    /// step is fine: the tests click the step's label).
    /// </summary>
    private static async Task ZoomToFitAsync(IPage page)
    {
        var hidden = Array.Empty<string>();
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await page.Locator(ZoomToFitButton).First.ClickAsync();
            await page.WaitForTimeoutAsync(500 * (attempt + 1));
            hidden = await page.EvaluateAsync<string[]>("""
                () => { const graph = document.querySelector('.graph-container');
                        return [...document.querySelectorAll('.x6-node')].filter(n => { const r = n.getBoundingClientRect();
                          const covered = x => { const top = document.elementFromPoint(x, r.top + r.height / 2); return !top || !graph.contains(top); };
                          return covered(r.left + r.width / 4) || covered(r.left + r.width / 2); })
                      .map(n => n.getAttribute('data-cell-id')); }
                """);
            if (hidden.Length == 0) return;
        }
        Assert.Fail($"Steps still covered after zoom to fit: {string.Join(", ", hidden)}");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Designer_OpensShippedWorkflow_ShowsItsActivitiesOnTheCanvas()
    {
        var page = await host.SignedInPageAsync("designer", "/designer/record-filing");

        await page.GetByText("窗口收件").First.WaitForAsync();

        await host.ScreenshotAsync(page, "designer-record-filing");
        Assert.True(await page.GetByText("材料是否齐全？").First.IsVisibleAsync());
        Assert.True(await page.GetByText("工作人员确认备案").First.IsVisibleAsync());
        Assert.Equal(0, await page.GetByText("read-only mode").CountAsync());
        Assert.True(await page.Locator(WorkflowNameInput).First.IsEditableAsync());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Designer_OpensConstructionPermit3550_ShowsFourParallelReviews()
    {
        var page = await host.SignedInPageAsync("designer", "/designer/construction-permit-3550");

        await page.GetByText("规划审查").First.WaitForAsync();

        await host.ScreenshotAsync(page, "designer-construction-permit-3550");
        foreach (var node in new[] { "一窗受理", "用地审查", "消防审查", "环评审查", "联合审批决定", "加盖审批局印章", "核发施工许可证", "双推送" })
            // The canvas renders a node's label in more than one element; what matters is that it is there.
            Assert.True(await page.GetByText(node, new() { Exact = true }).CountAsync() > 0, $"'{node}' is not on the canvas");
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Admin_RenamesAndPublishesInStudio_CreatesNewPublishedVersion()
    {
        var api = await host.ApiClientAsync("admin-check", "admin");
        var before = (await api.GetFromJsonAsync<JsonArray>("/api/definitions/record-filing/versions"))!;
        var page = await host.SignedInPageAsync("admin", "/designer/record-filing");
        await page.GetByText("窗口收件").First.WaitForAsync();
        // A Chinese name, as a designer here would give it: the walkthrough test shares this host and fails on English words
        // or hex ids on the office pages, where a published process's name is shown.
        var newName = $"备案登记（设计器改名 {Random.Shared.Next(1000, 9999)}）";

        // Auto-save stores the change as a draft...
        var saved = page.WaitForResponseAsync(r => IsSave(r) && !IsPublish(r), new PageWaitForResponseOptions { Timeout = 30_000 });
        var name = page.Locator(WorkflowNameInput).First;
        await name.FillAsync(newName);
        await name.PressAsync("Tab");
        Assert.Equal(200, (await saved).Status);
        // ...and the Publish button publishes it.
        var published = page.WaitForResponseAsync(IsPublish, new PageWaitForResponseOptions { Timeout = 30_000 });
        await page.Locator(PublishButton).First.ClickAsync();
        Assert.Equal(200, (await published).Status);
        await page.GetByText("Workflow published").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        await host.ScreenshotAsync(page, "designer-published");
        var after = (await api.GetFromJsonAsync<JsonArray>("/api/definitions/record-filing/versions"))!;
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Equal("Published", after[0]!["state"]!.GetValue<string>());
        Assert.Equal(newName, after[0]!["name"]!.GetValue<string>());
        Assert.Equal(before[0]!["version"]!.GetValue<int>() + 1, after[0]!["version"]!.GetValue<int>());
        Assert.Equal("Superseded", after[1]!["state"]!.GetValue<string>());
        Assert.Equal(await page.EvaluateAsync<string>("() => window.ApprovalEngine.readSession().user"), after[0]!["updatedBy"]!.GetValue<string>());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Auditor_OpensDesigner_SeesItReadOnly()
    {
        var page = await host.SignedInPageAsync("auditor", "/designer/record-filing");

        await page.GetByText("窗口收件").First.WaitForAsync();

        await page.GetByText("read-only mode").First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        await host.ScreenshotAsync(page, "designer-auditor-read-only");
        Assert.True(await page.Locator(WorkflowNameInput).First.IsDisabledAsync());
        Assert.Equal(0, await page.Locator(PublishButton).CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Designer_SeesStoredListInputs_EditsThem_AndSavesADraft_WithoutPublishRunOrACrash()
    {
        const string process = "real-estate-registration-5d";
        var page = await host.SignedInPageAsync("designer", "/designer/" + process);
        var crashes = WatchForCrashes(page);
        await page.GetByText("一窗受理（交易、税务、登记）").First.WaitForAsync();
        await ZoomToFitAsync(page);

        // Publish (admin) and Run (clerk, admin) are not offered to a designer.
        Assert.Equal(0, await page.Locator(PublishButton).CountAsync());
        Assert.Equal(0, await page.Locator(RunButton).CountAsync());

        // The window's materials, stored as a list, show as one chip each; a new one is added with Enter and auto-saved.
        await page.GetByText("一窗受理（交易、税务、登记）", new() { Exact = true }).First.ClickAsync();
        var materials = page.Locator(".mud-input-control", new() { HasTextString = "申请材料" }).First;
        await materials.Locator(".mud-chip", new() { HasTextString = "sale contract" }).WaitForAsync();
        Assert.Equal(5, await materials.Locator(".mud-chip").CountAsync());
        var saved = page.WaitForResponseAsync(r => IsSave(r) && !IsPublish(r), new PageWaitForResponseOptions { Timeout = 30_000 });
        await materials.Locator("input").First.FillAsync("household register");
        await materials.Locator("input").First.PressAsync("Enter");
        Assert.Equal(200, (await saved).Status);
        await host.ScreenshotAsync(page, "designer-list-input");

        // The push departments are ticked in the directory's check list.
        await page.GetByText("推送住建部门", new() { Exact = true }).First.ClickAsync();
        var departments = page.Locator(".mud-input-control", new() { HasTextString = "监管部门" }).First;
        var housing = departments.Locator(".mud-checkbox", new() { HasTextString = "housing-construction" });
        await housing.WaitForAsync();
        Assert.True(await housing.Locator("input").IsCheckedAsync());
        Assert.False(await departments.Locator(".mud-checkbox", new() { HasTextString = "(tax)" }).Locator("input").IsCheckedAsync());
        await host.ScreenshotAsync(page, "designer-department-checklist");

        var api = await host.ApiClientAsync("designer-check", "designer");
        var draft = (await api.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{process}?versionOptions=Latest"))!;
        Assert.False(draft["isPublished"]!.GetValue<bool>());
        var acceptance = draft["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "acceptance")!;
        Assert.Equal("Object", acceptance["requiredMaterials"]!["expression"]!["type"]!.GetValue<string>());
        Assert.Contains("household register", JsonNode.Parse(acceptance["requiredMaterials"]!["expression"]!["value"]!.GetValue<string>())!.AsArray()
            .Select(m => m!.GetValue<string>()));
        Assert.Empty(crashes);
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Designer_DropsAnUnconnectedActivity_TheDraftIsAutoSavedAndThereAfterAReload_UnknownDepartmentKept()
    {
        // A draft whose push names a department the directory no longer knows, and a countersign by one member of staff.
        const string process = "browser-unfinished-draft";
        static JsonObject Input(string type, string value) => new() { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
        static JsonObject Node(string id, string type, string name, int x) => new()
        {
            ["id"] = id, ["nodeId"] = "Workflow1:Flowchart1:" + id, ["type"] = type, ["version"] = 1, ["name"] = name, ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = x, ["y"] = 0 } } },
        };
        var review = Node("review", "Approvals.Review", "会签审查", 250);
        review["department"] = Input("Literal", "planning");
        review["reviewMode"] = Input("Literal", "all");
        review["signers"] = Input("Object", "[\"planning-li\"]");
        var push = Node("push", "Approvals.PushToSupervision", "旧部门推送", 500);
        push["departments"] = Input("Object", "[\"housing-construction\",\"old-dept\"]");
        JsonObject Link(string from, string to) => new()
        {
            ["source"] = new JsonObject { ["activity"] = from, ["port"] = "Done" }, ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        };
        // The shape Studio saves (and reads back): every collection present, node ids included (Studio indexes the graph by them).
        var model = new JsonObject
        {
            ["definitionId"] = process, ["name"] = "未完成的草稿", ["toolVersion"] = "3.8.0.0", ["variables"] = new JsonArray(), ["inputs"] = new JsonArray(),
            ["outputs"] = new JsonArray(), ["outcomes"] = new JsonArray(), ["customProperties"] = new JsonObject(), ["isReadonly"] = false, ["options"] = new JsonObject(),
            ["root"] = new JsonObject
            {
                ["id"] = "flowchart", ["nodeId"] = "Workflow1:Flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1",
                ["metadata"] = new JsonObject(), ["customProperties"] = new JsonObject(),
                ["activities"] = new JsonArray(Node("start", "Elsa.Start", "开始", 0), review, push),
                ["connections"] = new JsonArray(Link("start", "review"), Link("review", "push")),
            },
        };
        var api = await host.ApiClientAsync("designer-draft", "designer");
        Assert.True((await api.PostAsJsonAsync("/elsa/api/workflow-definitions", new { model, publish = false })).IsSuccessStatusCode);
        var page = await host.SignedInPageAsync("designer", "/designer/" + process);
        var crashes = WatchForCrashes(page);
        await page.GetByText("旧部门推送").First.WaitForAsync();
        var nodes = page.Locator(".x6-node");
        Assert.Equal(3, await nodes.CountAsync());

        // The stored department the directory lacks is shown ticked and labelled, so ticking another keeps it.
        await page.GetByText("旧部门推送", new() { Exact = true }).First.ClickAsync();
        var departments = page.Locator(".mud-input-control", new() { HasTextString = "监管部门" }).First;
        var unknown = departments.Locator(".mud-checkbox", new() { HasTextString = "未知部门 (old-dept)" });
        await unknown.WaitForAsync();
        Assert.True(await unknown.Locator("input").IsCheckedAsync());
        var saved = page.WaitForResponseAsync(r => IsSave(r) && !IsPublish(r), new PageWaitForResponseOptions { Timeout = 30_000 });
        await departments.Locator(".mud-checkbox", new() { HasTextString = "(tax)" }).Locator("input").ClickAsync();
        Assert.Equal(200, (await saved).Status);
        await host.ScreenshotAsync(page, "designer-unknown-department");

        // The signers are ticked among the directory's staff.
        await page.GetByText("会签审查", new() { Exact = true }).First.ClickAsync();
        // (Only the signers' check list names people; the mode's description mentions 签署人 too.)
        var li = page.Locator(".mud-checkbox", new() { HasTextString = "李明 (planning-li)" }).First;
        await li.WaitForAsync();
        Assert.True(await li.Locator("input").IsCheckedAsync());
        Assert.False(await page.Locator(".mud-checkbox", new() { HasTextString = "(fire-chen)" }).First.Locator("input").IsCheckedAsync());
        await host.ScreenshotAsync(page, "designer-signers-checklist");

        // A WriteLine dropped from the palette, connected to nothing: auto-save keeps the unfinished draft as it is.
        await page.GetByText("基础", new() { Exact = true }).First.ClickAsync();
        saved = page.WaitForResponseAsync(r => IsSave(r) && !IsPublish(r), new PageWaitForResponseOptions { Timeout = 30_000 });
        await page.GetByText("输出一行 (WriteLine)", new() { Exact = true }).First.DragToAsync(page.Locator(".flowchart-diagram-designer-wrapper").First,
            new LocatorDragToOptions { TargetPosition = new() { X = 300, Y = 300 } });
        Assert.Equal(200, (await saved).Status);
        await nodes.Nth(3).WaitForAsync();

        await page.ReloadAsync();
        await page.GetByText("旧部门推送").First.WaitForAsync();
        await nodes.Nth(3).WaitForAsync();
        await host.ScreenshotAsync(page, "designer-unfinished-draft-reloaded");
        Assert.Equal(4, await nodes.CountAsync());
        var draft = (await api.GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{process}?versionOptions=Latest"))!;
        var activities = draft["root"]!["activities"]!.AsArray();
        Assert.Contains(activities, a => a!["type"]!.GetValue<string>() == "Elsa.WriteLine");
        var stored = activities.Single(a => a!["id"]!.GetValue<string>() == "push")!["departments"]!["expression"]!["value"]!.GetValue<string>();
        Assert.Equal(["housing-construction", "old-dept", "tax"], JsonNode.Parse(stored)!.AsArray().Select(d => d!.GetValue<string>()).Order());
        Assert.Empty(crashes);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Auditor_OpensTheDesignerReadOnly_ClicksThroughItsSteps_WithoutACrash()
    {
        var page = await host.SignedInPageAsync("auditor", "/designer/enterprise-establishment-3d");
        var crashes = WatchForCrashes(page);
        await page.GetByText("设立登记").First.WaitForAsync();
        await ZoomToFitAsync(page);

        foreach (var step in new[] { "一窗受理", "开办事项并联办理", "双推送", "设立登记" })
            await page.GetByText(step, new() { Exact = true }).First.ClickAsync();
        await page.GetByText("开办事项并联办理", new() { Exact = true }).First.ClickAsync();
        await page.Locator(".mud-chip", new() { HasTextString = "social-security" }).First.WaitForAsync();

        Assert.Equal(0, await page.Locator(PublishButton).CountAsync());
        Assert.Equal(0, await page.Locator(RunButton).CountAsync());
        Assert.Empty(crashes);
        Assert.False(await page.Locator("#blazor-error-ui").IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task ShippedProcesses_FitTheCanvasAtZoomToFit_WithEveryCorrectionLoopDrawn()
    {
        var page = await host.SignedInPageAsync("auditor", "/designer/construction-permit-3550");
        foreach (var (process, loops) in new[] { ("construction-permit-3550", 5), ("enterprise-establishment-3d", 5), ("real-estate-registration-5d", 3) })
        {
            if (!page.Url.EndsWith(process, StringComparison.Ordinal)) await page.GotoAsync("/designer/" + process);
            await page.Locator(".x6-node[data-cell-id=join]").WaitForAsync();
            await page.Locator(ZoomToFitButton).First.ClickAsync();
            await page.WaitForTimeoutAsync(1000); // X6 animates nothing here, but lays out after the click's frame

            // Every step lies inside the canvas, and the canvas is not mostly empty: the drawing is centred and uses the space.
            var outside = await page.EvaluateAsync<string[]>("""
                () => { const c = document.querySelector('.graph-container').getBoundingClientRect();
                        return [...document.querySelectorAll('.x6-node')].filter(n => { const r = n.getBoundingClientRect();
                            return r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1; })
                          .map(n => n.getAttribute('data-cell-id')); }
                """);
            Assert.True(outside.Length == 0, $"{process}: outside the canvas at zoom to fit: {string.Join(", ", outside)}");
            await host.ScreenshotAsync(page, $"designer-fit-{process}");
            // Each correction round (window and departments) is a loop back into its step, and every connection is drawn.
            var model = await (await host.ApiClientAsync("auditor-check", "auditor")).GetFromJsonAsync<JsonObject>($"/elsa/api/workflow-definitions/by-definition-id/{process}");
            var connections = model!["root"]!["connections"]!.AsArray();
            Assert.Equal(loops, connections.Count(c => c!["source"]!["activity"]!.GetValue<string>() == c["target"]!["activity"]!.GetValue<string>()));
            Assert.Equal(connections.Count, await page.Locator(".x6-edge").CountAsync());
        }
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Auditor_OpensInstance_SeesViewerAndJournal()
    {
        var clerk = await host.ApiClientAsync("wang", "clerk");
        var started = await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "BROWSER-0001" }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var id = started!["id"]!.GetValue<string>();
        var page = await host.SignedInPageAsync("auditor", $"/instances/{id}");

        await page.GetByText("窗口收件").First.WaitForAsync();
        // Our journal is a drawer, closed until asked for, so it never covers Studio's own panels.
        Assert.False(await page.Locator("#ae-journal-panel").IsVisibleAsync());
        await page.Locator("#ae-journal-toggle").ClickAsync();
        await page.Locator("#ae-journal td", new PageLocatorOptions { HasTextString = "WorkflowStarted" }).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });

        await host.ScreenshotAsync(page, "instance-viewer");
        Assert.True(await page.GetByText("BROWSER-0001").First.IsVisibleAsync());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task InstanceList_WithoutSignIn_SignsInThenOpensInstanceFromRow()
    {
        var clerk = await host.ApiClientAsync("li", "clerk");
        var started = await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "BROWSER-LIST" }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var id = started!["id"]!.GetValue<string>();
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseAddress.ToString() });
        context.SetDefaultTimeout((float)StudioHost.StudioLoad.TotalMilliseconds);
        var page = await context.NewPageAsync();

        await page.GotoAsync("/instances");
        // By path and parameter: the sign-in page may normalise the query's encoding (%2F or /).
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin" && Uri.UnescapeDataString(new Uri(url).Query) == "?returnUrl=/instances",
            new PageWaitForURLOptions { Timeout = 30_000 });
        await page.Locator("button[data-role=\"clerk\"]").First.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
        // Commit, not load: the designer's ~12 MB download may take longer than the sign-in; the row wait below covers it.
        // By path: Studio's list adds its paging to the query string (?page=1&pageSize=10) as soon as it loads.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/instances", new PageWaitForURLOptions { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        var row = page.Locator("tr", new PageLocatorOptions { HasTextString = "BROWSER-LIST" }).First;
        await row.WaitForAsync();
        await host.ScreenshotAsync(page, "instance-list");
        // Navigation is the host page's: Studio calls the viewWorkflowInstance function our page sets on the element.
        await row.ClickAsync();

        await page.WaitForURLAsync($"**/instances/{id}", new PageWaitForURLOptions { Timeout = 30_000 });
        await context.CloseAsync();
    }

    /// <summary>Blazor's unhandled errors (what shows "the designer hit an unexpected error") and failed page scripts.</summary>
    private static List<string> WatchForCrashes(IPage page)
    {
        var crashes = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error" && m.Text.Contains("Unhandled", StringComparison.OrdinalIgnoreCase)) crashes.Add(m.Text); };
        page.PageError += (_, e) => crashes.Add(e);
        return crashes;
    }

    private static bool IsSave(IResponse r) => r.Request.Method == "POST" && r.Url.EndsWith("/elsa/api/workflow-definitions", StringComparison.Ordinal);

    private static bool IsPublish(IResponse r) => IsSave(r) && (r.Request.PostData ?? "").Contains("\"publish\":true", StringComparison.Ordinal);
}
