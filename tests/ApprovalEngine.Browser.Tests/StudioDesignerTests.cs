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
        var newName = $"Record filing (Studio {Guid.NewGuid().ToString("N")[..8]})";

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
    public async Task Auditor_OpensInstance_SeesViewerAndJournal()
    {
        var clerk = await host.ApiClientAsync("wang", "clerk");
        var started = await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "BROWSER-0001" }))
            .Content.ReadFromJsonAsync<JsonObject>();
        var id = started!["id"]!.GetValue<string>();
        var page = await host.SignedInPageAsync("auditor", $"/instances/{id}");

        await page.GetByText("窗口收件").First.WaitForAsync();
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
        await page.WaitForURLAsync("**/instances", new PageWaitForURLOptions { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
        var row = page.Locator("tr", new PageLocatorOptions { HasTextString = "BROWSER-LIST" }).First;
        await row.WaitForAsync();
        await host.ScreenshotAsync(page, "instance-list");
        // Navigation is the host page's: Studio calls the viewWorkflowInstance function our page sets on the element.
        await row.ClickAsync();

        await page.WaitForURLAsync($"**/instances/{id}", new PageWaitForURLOptions { Timeout = 30_000 });
        await context.CloseAsync();
    }

    private static bool IsSave(IResponse r) => r.Request.Method == "POST" && r.Url.EndsWith("/elsa/api/workflow-definitions", StringComparison.Ordinal);

    private static bool IsPublish(IResponse r) => IsSave(r) && (r.Request.PostData ?? "").Contains("\"publish\":true", StringComparison.Ordinal);
}
