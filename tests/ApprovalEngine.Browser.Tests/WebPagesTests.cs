using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The older office pages still served by the host (intake, applications list, admin) and the public /verify page in Debian's
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
    public async Task Navigation_EachRole_SeesItsSectionsAndPagesRenderCleanly()
    {
        await _seed.ApprovedAsync("WEB-TOUR-0001");
        var admin = await host.SignInAsync("admin-tour", ["admin"], null, "/admin");
        var errors = Watch(admin);
        await admin.Locator("#admin-seals td", new PageLocatorOptions { HasTextString = "bureau" }).First.WaitForAsync(Visible);
        await admin.Locator("#admin-definitions td", new PageLocatorOptions { HasTextString = PermitSeed.Process }).First.WaitForAsync(Visible);
        Assert.Equal(["待办工作台", "收件受理", "办件查询", "数据看板", "审计", "系统管理", "流程设计器", "流程实例", "证照核验"], await NavAsync(admin));
        await host.ScreenshotAsync(admin, "web-admin", fullPage: true);

        await admin.GotoAsync("/applications");
        await admin.Locator("#apps-list table").First.WaitForAsync(Visible);
        await admin.Locator("#apps-list td", new PageLocatorOptions { HasTextString = "WEB-TOUR-0001" }).First.WaitForAsync(Visible);
        await host.ScreenshotAsync(admin, "web-applications", fullPage: true);
        Assert.Equal(0, await admin.Locator(".ae-message-error:visible").CountAsync());

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
