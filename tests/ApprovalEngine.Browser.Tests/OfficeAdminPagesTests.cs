using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The office's intake (收件受理), applications list (办件查询) and administration (系统管理) pages and the document
/// downloads in Debian's chromium against the real host, in zh-CN (one check in English) and on a 390 px phone.
/// State is seeded over HTTP; the browser does what the person would; results are checked through the API.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class OfficeAdminPagesTests(StudioHost host)
{
    private const int TestTimeout = 180_000;
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = TestTimeout)]
    public async Task Intake_ClerkStartsApplicationAndUploadsMaterial_BadInputShowsTranslatedFieldError()
    {
        await _seed.EnsureBureauSealAsync();
        var page = await host.SignInAsync("clerk-intake", ["clerk"], null, "/intake");
        var errors = OfficeTests.Watch(page);
        var form = page.Locator("[data-testid=intake-form]");
        await PickAsync(page, page.Locator("[data-testid=intake-process]"), "建设工程施工许可（3550）");

        // Nothing typed: the form says what is missing, in Chinese, before anything is sent.
        await page.Locator("[data-testid=intake-submit]").ClickAsync();
        await form.GetByText("请填写申请人（单位）").WaitForAsync(Visible); // the file number may be left blank: it is then given
        // Spaces alone are no applicant either (they started an application without one).
        async Task<int> Started() => (await (await _seed.Clerk()).GetFromJsonAsync<JsonObject>("/api/instances?pageSize=1"))!["totalCount"]!.GetValue<int>();
        var before = await Started();
        await page.Locator("[data-testid=intake-applicant]").FillAsync("   ");
        await page.Locator("[data-testid=intake-submit]").ClickAsync();
        await form.GetByText("请填写申请人（单位）").WaitForAsync(Visible);
        await page.WaitForTimeoutAsync(1_000); // what a submit would have sent by now
        Assert.Equal(before, await Started());
        // A file number the server refuses (over 128 characters): its translated message under that field, nothing started.
        var tooLong = "JS-" + new string('9', 130);
        await page.Locator("[data-testid=intake-file]").FillAsync(tooLong);
        await page.Locator("[data-testid=intake-applicant]").FillAsync("无锡灵犀科技有限公司");
        await page.Locator("[data-testid=intake-submit]").ClickAsync();
        var fileItem = form.Locator(".el-form-item", new LocatorLocatorOptions { Has = page.Locator("[data-testid=intake-file]") });
        await fileItem.Locator(".el-form-item__error", new LocatorLocatorOptions { HasTextString = "填写的内容有误" }).WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "office-intake-field-error");
        var clerk = await _seed.Clerk();
        Assert.Empty((await clerk.GetFromJsonAsync<JsonObject>($"/api/instances?correlationId={tooLong}"))!["items"]!.AsArray());

        await page.Locator("[data-testid=intake-file]").FillAsync("WEB-INTAKE-0001");
        await page.Locator("[data-testid=intake-project]").FillAsync("洁净厂房");
        await page.Locator("[data-testid=intake-submit]").ClickAsync();
        var selected = page.Locator("[data-testid=intake-selected]");
        await selected.GetByText("WEB-INTAKE-0001").WaitForAsync(Visible);
        Assert.Contains("办理中", await selected.Locator("[data-testid=intake-status]").InnerTextAsync());
        Assert.Contains("一窗受理", await selected.InnerTextAsync());

        // Materials are offered by their titles from the process's guide; the upload keeps the stable name.
        await PickAsync(page, page.Locator("[data-testid=intake-material-name]"), "建设工程规划许可证及附图");
        await page.Locator("[data-testid=intake-file-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "site-plan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% site plan\n"u8.ToArray(),
        });
        await page.Locator("[data-testid=intake-upload-button]").ClickAsync();
        await page.Locator("[data-testid=intake-materials]").GetByText("site-plan.pdf").WaitForAsync(Visible);
        Assert.Contains("建设工程规划许可证及附图", await page.Locator("[data-testid=intake-materials]").InnerTextAsync());
        await host.ScreenshotAsync(page, "office-intake", fullPage: true);

        var found = (await clerk.GetFromJsonAsync<JsonObject>("/api/instances?correlationId=WEB-INTAKE-0001"))!["items"]!.AsArray();
        var id = Assert.Single(found)!["id"]!.GetValue<string>();
        Assert.Equal("site plan", Assert.Single((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!)!["name"]!.GetValue<string>());
        Assert.Equal("无锡灵犀科技有限公司", (await _seed.InstanceAsync(id))["input"]!["applicant"]!.GetValue<string>());
        Assert.Equal([], errors.Where(e => !IsRefusal(e)).ToArray());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Intake_AfterCorrectionNotice_ClerkUploadsMissingMaterialAndResubmits()
    {
        var id = await _seed.AcceptedAsync("WEB-CORRECTION-0001");
        await _seed.CompleteAsync(await _seed.Reviewer("fire"), id, "NeedsCorrection", "消防疏散图缺第 3-5 层。", ["fire protection design"]);
        var page = await host.SignInAsync("clerk-correction", ["clerk"], null, "/intake?id=" + id);
        var errors = OfficeTests.Watch(page);
        // The notice names the material by its title (消防设计审查意见), never by its stable name.
        var notice = page.Locator(".ae-notice", new PageLocatorOptions { HasTextString = "消防设计审查意见" });
        await notice.WaitForAsync(Visible);
        Assert.Contains("待补正", await notice.InnerTextAsync());
        Assert.Contains("消防疏散图缺第 3-5 层。", await notice.InnerTextAsync());

        Assert.DoesNotContain("fire protection design", await notice.InnerTextAsync());

        // The missing material is offered first, by its title.
        await page.Locator("[data-testid=intake-material-name]").ClickAsync();
        var first = page.Locator(".el-select-dropdown__item:visible").First;
        Assert.Equal("消防设计审查意见", (await first.InnerTextAsync()).Trim());
        await first.ClickAsync();
        await page.Locator("[data-testid=intake-file-input]").SetInputFilesAsync(new FilePayload
        {
            Name = "fire-exit-plan.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4\n% floors 3-5\n"u8.ToArray(),
        });
        await page.Locator("[data-testid=intake-upload-button]").ClickAsync();
        await page.Locator("[data-testid=intake-materials]").GetByText("fire-exit-plan.pdf").WaitForAsync(Visible);
        await page.Locator("[data-testid=intake-resubmit]").ClickAsync();
        await page.Locator(".el-message-box").GetByText("WEB-CORRECTION-0001").WaitForAsync(Visible);
        await page.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await page.Locator(".ae-notice[data-resolved=true]").GetByText("已补齐").WaitForAsync(Visible);

        var notices = (await (await _seed.Clerk()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/correction-notices"))!;
        Assert.NotNull(Assert.Single(notices)!["resolvedAt"]);
        Assert.Single(await _seed.TasksAsync(await _seed.Reviewer("fire"), id));
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Applications_SearchByApplicantAndFilterByStatus_TableOnDesktopCardsOnPhone()
    {
        var approved = await _seed.ApprovedAsync("WEB-LIST-0001");
        await _seed.AcceptedAsync("WEB-LIST-0002");
        var page = await host.SignInAsync("admin-list", ["admin"], null, "/applications");
        var errors = OfficeTests.Watch(page);
        var table = page.Locator("[data-testid=apps-table]");
        await table.GetByText("WEB-LIST-0001").WaitForAsync(Visible);

        // Search by applicant, then only finished ones: the address keeps the filter.
        await page.Locator("[data-testid=apps-search]").FillAsync(PermitSeed.Applicant);
        await page.Locator("[data-testid=apps-submit]").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("q="));
        await PickAsync(page, page.Locator("[data-testid=apps-status]"), "已办结");
        await page.WaitForURLAsync(url => url.Contains("status=Finished"));
        await table.GetByText("WEB-LIST-0001").WaitForAsync(Visible);
        await table.GetByText("WEB-LIST-0002").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        var text = await table.InnerTextAsync();
        Assert.Contains("建设工程施工许可（3550）", text);
        Assert.Contains(PermitSeed.Applicant, text);
        Assert.DoesNotContain("Finished", text);
        // How they came out: a permit reads 准予许可 and is found by it, not among the refusals.
        Assert.Equal("准予许可", (await table.Locator("tr", new() { HasText = "WEB-LIST-0001" }).Locator("[data-testid=app-status]").InnerTextAsync()).Trim());
        await PickAsync(page, page.Locator("[data-testid=apps-outcome]"), "不予许可");
        await page.WaitForURLAsync(url => url.Contains("outcome=denied"));
        await table.GetByText("WEB-LIST-0001").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        await PickAsync(page, page.Locator("[data-testid=apps-outcome]"), "准予许可");
        await page.WaitForURLAsync(url => url.Contains("outcome=approved"));
        await table.GetByText("WEB-LIST-0001").WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "office-applications", fullPage: true);

        var link = table.GetByRole(AriaRole.Link, new() { Name = "WEB-LIST-0001" });
        Assert.Equal("/applications/" + approved, await link.GetAttributeAsync("href"));
        await link.ClickAsync();
        await page.Locator("[data-testid=status]").GetByText("已办结").WaitForAsync(Visible);
        Assert.Equal("准予许可", (await page.Locator("[data-testid=outcome]").InnerTextAsync()).Trim());
        await page.Context.CloseAsync();

        var phone = await host.SignInAsync("admin-list-phone", ["admin"], null, "/applications?q=WEB-LIST", Phone);
        errors.AddRange(OfficeTests.Watch(phone));
        await phone.Locator("[data-testid=apps-cards] [data-file='WEB-LIST-0002']").WaitForAsync(Visible);
        Assert.True(await OfficePagesTests.NoSideScrollAsync(phone), "the applications list scrolls sideways on a 390 px phone");
        await host.ScreenshotAsync(phone, "office-applications-phone", fullPage: true);
        Assert.Empty(errors);
        await phone.Context.CloseAsync();
    }

    /// <summary>
    /// A list the server stopped counting (a clerk's window or a busy department past 10,000: totalCountCapped) says "10000+"
    /// and asks to narrow the search, and its pager shows no total. The server's side is StimulusScaleTests; here the
    /// answer is the real one with its count marked capped, since ten thousand applications are not made for a page test.
    /// </summary>
    [Fact(Timeout = TestTimeout)]
    public async Task Applications_ListPastTheCount_SaysTenThousandPlusAndAsksToNarrow()
    {
        await _seed.AcceptedAsync("WEB-CAP-0001");
        var page = await host.SignInAsync("admin-list-capped", ["admin"], null, "/dashboard");
        var errors = OfficeTests.Watch(page);
        await page.RouteAsync("**/api/instances?**", async route =>
        {
            var response = await route.FetchAsync();
            var body = JsonNode.Parse(await response.TextAsync())!.AsObject();
            body["totalCount"] = 10_000;
            body["totalCountCapped"] = true;
            await route.FulfillAsync(new() { Response = response, Body = body.ToJsonString() });
        });
        await page.GotoAsync("/applications?q=WEB-CAP");
        await page.Locator("[data-testid=apps-table]").GetByText("WEB-CAP-0001").WaitForAsync(Visible);
        Assert.Equal("共 10000+ 件，请用条件缩小范围", (await page.Locator("[data-testid=apps-total]").InnerTextAsync()).Trim());
        await page.Locator(".ae-pager").WaitForAsync(Visible);
        Assert.Equal(0, await page.Locator(".ae-pager .el-pagination__total").CountAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Applications_InEnglish_LabelsAndStatusesAreEnglish()
    {
        await _seed.AcceptedAsync("WEB-LIST-EN-0001");
        var page = await host.SignInAsync("admin-list-en", ["admin"], null, "/applications?q=WEB-LIST-EN", locale: "en");
        var errors = OfficeTests.Watch(page);
        var table = page.Locator("[data-testid=apps-table]");
        await table.GetByText("WEB-LIST-EN-0001").WaitForAsync(Visible);
        Assert.Contains("File number", await table.InnerTextAsync());
        Assert.DoesNotContain("文号", await table.InnerTextAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Admin_SealWithoutName_ShowsFieldError_ThenRegistersAndRevokesAfterConfirmation()
    {
        var page = await host.SignInAsync("admin-seals", ["admin"], null, "/admin");
        var errors = OfficeTests.Watch(page);
        var form = page.Locator("[data-testid=seal-form]");
        await page.Locator("[data-testid=seals]").WaitForAsync(Visible);
        await PickAsync(page, page.Locator("[data-testid=seal-department]"), "supervision-test", type: true);

        await page.Locator("[data-testid=seal-submit]").ClickAsync();
        var nameItem = form.Locator(".el-form-item", new LocatorLocatorOptions { Has = page.Locator("[data-testid=seal-name]") });
        await nameItem.Locator(".el-form-item__error", new LocatorLocatorOptions { HasTextString = "填写的内容有误" }).WaitForAsync(Visible);

        await page.Locator("[data-testid=seal-name]").FillAsync("督查测试专用章");
        await page.Locator("[data-testid=seal-submit]").ClickAsync();
        var row = page.Locator("[data-testid=seals] tr", new PageLocatorOptions { HasTextString = "督查测试专用章" });
        await row.WaitForAsync(Visible);
        Assert.Contains("SM2/SM3（国密）", await row.InnerTextAsync());
        Assert.Contains("有效", await row.InnerTextAsync());
        await host.ScreenshotAsync(page, "office-admin-seals", fullPage: true);

        // Revoking asks first and needs a reason.
        await page.Locator("[data-testid='revoke-supervision-test']").ClickAsync();
        var box = page.Locator(".el-message-box");
        await box.GetByText("督查测试专用章").WaitForAsync(Visible);
        await box.Locator("input").FillAsync("测试结束");
        await box.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await row.GetByText("已吊销").WaitForAsync(Visible);

        var seal = (await (await _seed.Admin()).GetFromJsonAsync<JsonArray>("/api/seals"))!.Single(s => s!["department"]!.GetValue<string>() == "supervision-test")!;
        Assert.Equal("测试结束", seal["revocationReason"]!.GetValue<string>());

        // Process versions, in Chinese; retracting asks first (cancelled here: other tests use the process).
        await page.GetByRole(AriaRole.Tab, new() { Name = "流程版本" }).ClickAsync();
        var permit = page.Locator("[data-testid=definitions] tr", new PageLocatorOptions { HasTextString = "建设工程施工许可（3550）" });
        await permit.WaitForAsync(Visible);
        Assert.Contains("已发布", await permit.InnerTextAsync());
        await page.Locator($"[data-testid='retract-{PermitSeed.Process}']").ClickAsync();
        await page.Locator(".el-message-box").GetByText("撤回").First.WaitForAsync(Visible);
        await page.Locator(".el-message-box__btns .el-button:not(.el-button--primary)").ClickAsync();
        var versions = await (await _seed.Admin()).GetFromJsonAsync<JsonArray>($"/api/definitions/{PermitSeed.Process}/versions");
        Assert.Contains(versions!, v => v!["state"]!.GetValue<string>() == "Published");
        Assert.Equal([], errors.Where(e => !IsRefusal(e)).ToArray());
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Documents_ApprovedApplication_CertificateAndNoticeDownloadAsSealedPdfs()
    {
        var id = await _seed.ApprovedAsync("WEB-DOCS-0001");
        var page = await host.SignInAsync("admin-docs", ["admin"], null, "/applications/" + id);
        var errors = OfficeTests.Watch(page);
        var documents = page.Locator("[data-testid=documents]");
        await documents.GetByText("建设工程施工许可证").WaitForAsync(Visible);
        Assert.Contains("受理通知书", await documents.InnerTextAsync());

        foreach (var key in new[] { "certificate", "acceptance-notice" })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-testid=download-{key}]").ClickAsync(), new() { Timeout = 30_000 });
            Assert.EndsWith(".pdf", download.SuggestedFilename);
            await using var stream = await download.CreateReadStreamAsync();
            var head = new byte[5];
            await stream.ReadExactlyAsync(head);
            Assert.Equal("%PDF-"u8.ToArray(), head);
        }
        await host.ScreenshotAsync(page, "office-application-documents", fullPage: true);
        var audit = await (await _seed.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&action=document.downloaded");
        Assert.True(audit!["items"]!.AsArray().Count >= 2);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    /// <summary>The browser logs the 400 the test provoked on purpose; anything else is a fault.</summary>
    private static bool IsRefusal(string consoleError) => consoleError.Contains("status of 400");

    /// <summary>Opens an Element Plus select and picks the option with this text (typing it first for a filterable one that may create it).</summary>
    private static async Task PickAsync(IPage page, ILocator select, string text, bool type = false)
    {
        await select.ClickAsync();
        if (type)
        {
            await select.Locator("input").FillAsync(text);
            await select.Locator("input").PressAsync("Enter");
            return;
        }
        await page.Locator(".el-select-dropdown__item:visible", new PageLocatorOptions { HasTextString = text }).First.ClickAsync();
    }
}
