using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The office pages (inbox, intake, applications, audit, dashboard, admin) and the public /verify page in Debian's
/// chromium against the real host. State is seeded over HTTP; the browser does what the person would; the result
/// is checked through the API. Every wait is bounded (30 s per step, each test within its Timeout).
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class WebPagesTests(StudioHost host)
{
    private const int TestTimeout = 180_000;
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = TestTimeout)]
    public async Task Audit_AfterFullApproval_ReportsInstanceAndSystemChainsVerified()
    {
        var id = await _seed.ApprovedAsync("WEB-AUDIT-0001");
        var page = await host.SignInAsync("auditor-web", ["auditor"], null, "/audit");
        var errors = Watch(page);

        await page.Locator("#audit-verify input[name=instanceId]").FillAsync(id);
        await page.Locator("#audit-verify-instance").ClickAsync();
        var instanceVerdict = page.Locator(".ae-verdict[data-chain=instance]");
        await instanceVerdict.WaitForAsync(Visible);
        await page.Locator("#audit-verify-system").ClickAsync();
        var systemVerdict = page.Locator(".ae-verdict[data-chain=system]");
        await systemVerdict.WaitForAsync(Visible);
        // The history of that application: its task completions are in the trail.
        await page.Locator("#audit-search input[name=instanceId]").FillAsync(id);
        await page.Locator("#audit-search button[type=submit]").ClickAsync();
        await page.Locator("#audit-results td", new PageLocatorOptions { HasTextString = "task.completed" }).First.WaitForAsync(Visible);
        await page.Locator("#audit-seals td", new PageLocatorOptions { HasTextString = "Administrative Approval Bureau seal" }).First.WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "web-audit-verified", fullPage: true);
        // Exports need the token, so the page fetches them and hands the browser the file.
        var csv = await DownloadAsync(page, page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Export CSV" }));
        Assert.Equal("audit.csv", csv.Name);
        Assert.StartsWith("chain,sequence,timestamp", csv.Text);
        Assert.Contains(id, csv.Text);

        Assert.Equal("true", await instanceVerdict.GetAttributeAsync("data-ok"));
        Assert.Contains("verified", await instanceVerdict.InnerTextAsync());
        Assert.Contains(id, await instanceVerdict.InnerTextAsync());
        Assert.Equal("true", await systemVerdict.GetAttributeAsync("data-ok"));
        Assert.Contains("System chain: verified", await systemVerdict.InnerTextAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Dashboard_WithDecidedApplication_RendersNonEmptyCharts()
    {
        var id = await _seed.ApprovedAsync("WEB-DASH-0001");
        var page = await host.SignInAsync("clerk-dashboard", ["clerk"], null, "/dashboard");
        var errors = Watch(page);

        await page.Locator("#chart-steps .ae-chart-bar").First.WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "web-dashboard", fullPage: true);
        var csv = await DownloadAsync(page, page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Export CSV" }));
        Assert.StartsWith("timeliness-", csv.Name);
        Assert.StartsWith("deadline_id,instance_id", csv.Text);
        Assert.Contains(id, csv.Text);

        Assert.True(await page.Locator("#chart-timeliness .ae-chart-bar").CountAsync() >= 2);
        Assert.True(await page.Locator("#chart-steps .ae-chart-row").CountAsync() >= 4, "a bar per review stage");
        Assert.True(await page.Locator("#chart-departments .ae-chart-row", new PageLocatorOptions { HasTextString = "fire" }).CountAsync() == 1);
        Assert.NotEqual("0", (await page.Locator("#kpi-completed strong").InnerTextAsync()).Trim());
        Assert.Equal("100.00%", (await page.Locator("#kpi-on-time strong").InnerTextAsync()).Trim());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Intake_ClerkStartsApplicationAndUploadsMaterial_StoredWithTheApplication()
    {
        await _seed.EnsureBureauSealAsync();
        var page = await host.SignInAsync("clerk-intake", ["clerk"], null, "/intake");
        var errors = Watch(page);
        var start = page.Locator("#intake-start");
        await start.Locator($"select[name=definitionId] option[value=\"{PermitSeed.Process}\"]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached, Timeout = 30_000 });

        await start.Locator("select[name=definitionId]").SelectOptionAsync(PermitSeed.Process);
        await start.Locator("input[name=correlationId]").FillAsync("WEB-INTAKE-0001");
        await start.Locator("input[name=applicant]").FillAsync("Wuxi Lingxi Technology Co.");
        await start.Locator("input[name=project]").FillAsync("Clean room");
        await start.Locator("button[type=submit]").ClickAsync();
        await page.Locator("#intake-start-message.ae-message-ok").WaitForAsync(Visible);
        await page.Locator("#intake-selected-title", new PageLocatorOptions { HasTextString = "WEB-INTAKE-0001" }).WaitForAsync(Visible);

        await page.Locator("#intake-upload input[name=name]").FillAsync("site plan");
        await page.Locator("#intake-upload input[name=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "site-plan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% site plan\n"u8.ToArray(),
        });
        await page.Locator("#intake-upload button[type=submit]").ClickAsync();
        await page.Locator("#intake-materials td", new PageLocatorOptions { HasTextString = "site-plan.pdf" }).WaitForAsync(Visible);
        // Resubmitting without a correction notice is refused; the API says why, next to the button.
        await page.Locator("#intake-resubmit").ClickAsync();
        await page.Locator("#intake-resubmit-message.ae-message-error").WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "web-intake", fullPage: true);

        var clerk = await _seed.Clerk();
        var found = (await clerk.GetFromJsonAsync<JsonObject>("/api/instances?correlationId=WEB-INTAKE-0001"))!["items"]!.AsArray();
        var id = Assert.Single(found)!["id"]!.GetValue<string>();
        var materials = (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!;
        Assert.Equal("site plan", Assert.Single(materials)!["name"]!.GetValue<string>());
        Assert.Equal("Wuxi Lingxi Technology Co.", (await _seed.InstanceAsync(id))["input"]!["applicant"]!.GetValue<string>());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Intake_AfterCorrectionNotice_ClerkUploadsMissingMaterialAndResubmits()
    {
        var id = await _seed.AcceptedAsync("WEB-CORRECTION-0001");
        await _seed.CompleteAsync(await _seed.Reviewer("fire"), id, "NeedsCorrection", "Evacuation stairs are not drawn on floors 3-5.", ["fire exit plan"]);
        var page = await host.SignInAsync("clerk-correction", ["clerk"], null, "/intake?id=" + id);
        var errors = Watch(page);
        var notice = page.Locator("#intake-notices .ae-complete", new PageLocatorOptions { HasTextString = "fire exit plan" });
        await notice.WaitForAsync(Visible);
        Assert.Contains("Awaiting materials", await notice.InnerTextAsync());

        // The missing material's name is offered as typed in the notice; upload it, then resubmit.
        await page.Locator("#intake-upload input[name=name]").FillAsync("fire exit plan");
        await page.Locator("#intake-upload input[name=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "fire-exit-plan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% floors 3-5\n"u8.ToArray(),
        });
        await page.Locator("#intake-upload button[type=submit]").ClickAsync();
        await page.Locator("#intake-materials td", new PageLocatorOptions { HasTextString = "fire-exit-plan.pdf" }).WaitForAsync(Visible);
        await page.Locator("#intake-resubmit").ClickAsync();
        await page.Locator("#intake-resubmit-message.ae-message-ok").WaitForAsync(Visible);
        await page.Locator("#intake-notices .ae-badge", new PageLocatorOptions { HasTextString = "Resolved" }).WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "web-intake-resubmitted", fullPage: true);

        var notices = (await (await _seed.Clerk()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/correction-notices"))!;
        Assert.NotNull(Assert.Single(notices)!["resolvedAt"]);
        Assert.Single(await _seed.TasksAsync(await _seed.Reviewer("fire"), id));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Application_ClerkPausesAndResumesClock_TimelineShowsBoth()
    {
        var id = await _seed.AcceptedAsync("WEB-CLOCK-0001");
        var page = await host.SignInAsync("clerk-clock", ["clerk"], null, "/applications/" + id);
        var errors = Watch(page);
        await page.Locator("#app-deadlines td", new PageLocatorOptions { HasTextString = "Statutory" }).First.WaitForAsync(Visible);

        await page.Locator("#app-pause input[name=reason]").FillAsync("Expert review of the fire design");
        await page.Locator("#app-pause button[type=submit]").ClickAsync();
        await page.Locator("#app-clock-message.ae-message-ok").WaitForAsync(Visible);
        await page.Locator("#app-deadlines .ae-badge", new PageLocatorOptions { HasTextString = "paused" }).First.WaitForAsync(Visible);
        await page.Locator("#app-journal li[data-event=ClockPaused]").WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "web-application-paused", fullPage: true);
        await page.Locator("#app-resume").ClickAsync();
        await page.Locator("#app-journal li[data-event=ClockResumed]").WaitForAsync(Visible);

        var statutory = (await _seed.InstanceAsync(id))["deadlines"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.NotEqual("paused", statutory["state"]!.GetValue<string>());
        Assert.Equal("Expert review of the fire design", statutory["pausedPeriods"]![0]!["reason"]!.GetValue<string>());
        Assert.Contains("Fire safety review", await page.Locator("#app-current").InnerTextAsync());
        Assert.True(await page.Locator("#app-extend").IsHiddenAsync(), "extensions are for admins");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Navigation_EachRole_SeesItsSectionsAndPagesRenderCleanly()
    {
        var approved = await _seed.ApprovedAsync("WEB-TOUR-0001");
        var admin = await host.SignInAsync("admin-tour", ["admin"], null, "/admin");
        var errors = Watch(admin);
        await admin.Locator("#admin-seals td", new PageLocatorOptions { HasTextString = "bureau" }).First.WaitForAsync(Visible);
        await admin.Locator("#admin-definitions td", new PageLocatorOptions { HasTextString = PermitSeed.Process }).First.WaitForAsync(Visible);
        Assert.Equal(["待办工作台", "收件受理", "办件查询", "数据看板", "审计", "系统管理", "流程设计器", "流程实例", "证照核验"], await NavAsync(admin));
        await host.ScreenshotAsync(admin, "web-admin", fullPage: true);

        foreach (var (path, ready, shot) in new[]
                 {
                     ("/applications", "#apps-list table", "web-applications"),
                     ($"/applications/{approved}", "#app-sealed .ae-badge", "web-application-approved"),
                 })
        {
            await admin.GotoAsync(path);
            await admin.Locator(ready).First.WaitForAsync(Visible);
            await host.ScreenshotAsync(admin, shot, fullPage: true);
            Assert.Equal(0, await admin.Locator(".ae-message-error:visible").CountAsync());
        }
        Assert.True(await admin.Locator("#app-certificate-link").IsVisibleAsync());

        var reviewer = await host.SignInAsync("planning-tour", ["reviewer"], "planning", "/applications");
        Assert.Equal(["待办工作台", "办件查询", "数据看板", "流程实例", "证照核验"], await NavAsync(reviewer));
        // A page the role cannot use explains itself instead of failing call by call.
        await reviewer.GotoAsync("/admin");
        await reviewer.GetByText("Not for your role").WaitForAsync(Visible);
        await host.ScreenshotAsync(reviewer, "web-admin-as-reviewer");

        var anonymous = await host.NewPageAsync();
        await anonymous.GotoAsync("/applications");
        await anonymous.WaitForURLAsync("**/signin?returnUrl=%2Fapplications");
        await anonymous.Locator("button[data-role]").First.WaitForAsync(Visible);
        Assert.Empty(errors);
        await Task.WhenAll(admin.Context.CloseAsync(), reviewer.Context.CloseAsync(), anonymous.Context.CloseAsync());
    }

    private static async Task<(string Name, string Text)> DownloadAsync(IPage page, ILocator button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync(), new PageRunAndWaitForDownloadOptions { Timeout = 30_000 });
        await using var stream = await download.CreateReadStreamAsync();
        return (download.SuggestedFilename, await new StreamReader(stream).ReadToEndAsync());
    }

    private static async Task<string[]> NavAsync(IPage page)
    {
        await page.Locator(".ae-bar nav a").First.WaitForAsync(Visible);
        return (await page.Locator(".ae-bar nav a").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray();
    }

    /// <summary>Script errors on the page (a page can look fine and still have thrown).</summary>
    private static List<string> Watch(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        return errors;
    }
}
