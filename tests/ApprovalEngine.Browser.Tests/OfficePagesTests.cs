using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The office front end's application, dashboard and audit pages in Debian's chromium against the real host, in zh-CN
/// and on a 390 px phone. State is seeded over HTTP; the browser does what the person would; results are checked
/// through the API.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class OfficePagesTests(StudioHost host)
{
    private const int TestTimeout = 180_000;
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = TestTimeout)]
    public async Task Application_ClerkPausesAndResumesClock_TimelineAndDeadlinesInZhCn()
    {
        var id = await _seed.AcceptedAsync("APP-CLOCK-0001");
        var page = await host.SignInAsync("clerk-clock", ["clerk"], null, "/applications/" + id);
        var errors = OfficeTests.Watch(page);
        var deadlines = page.Locator("[data-testid=deadlines]");
        await deadlines.GetByText("法定时限").First.WaitForAsync(Visible);
        Assert.Contains("受理", await page.Locator(".ae-round[data-round='1']").InnerTextAsync());
        Assert.True(await page.Locator("[data-testid=extend]").IsHiddenAsync(), "extensions are for admins");

        await page.Locator("[data-testid=clock] input[name=pauseReason]").FillAsync("消防设计专家评审");
        await page.Locator("[data-testid=pause]").ClickAsync();
        await page.Locator(".el-timeline-item[data-event=ClockPaused]").WaitForAsync(Visible);
        await deadlines.Locator("[data-deadline=paused]").First.WaitForAsync(Visible);
        Assert.Contains("暂停计时", await page.Locator(".el-timeline-item[data-event=ClockPaused]").InnerTextAsync());
        Assert.Contains("消防设计专家评审", await deadlines.InnerTextAsync());
        await host.ScreenshotAsync(page, "office-application-paused", fullPage: true);

        await page.Locator("[data-testid=resume]").ClickAsync();
        await page.Locator(".el-timeline-item[data-event=ClockResumed]").WaitForAsync(Visible);
        var statutory = (await _seed.InstanceAsync(id))["deadlines"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.NotEqual("paused", statutory["state"]!.GetValue<string>());
        Assert.Equal("消防设计专家评审", statutory["pausedPeriods"]![0]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain("ClockPaused", await page.Locator("main").InnerTextAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Application_ClerkTerminatesOnlyWithAReason_ThePageAndTheApplicantsStatusSayWhy()
    {
        var id = await _seed.AcceptedAsync("APP-END-0001");
        var page = await host.SignInAsync("clerk-end", ["clerk"], null, "/applications/" + id);
        var errors = OfficeTests.Watch(page);
        await page.Locator("[data-testid=terminate]").WaitForAsync(Visible);
        Assert.Equal("代为撤回", (await page.Locator("[data-testid=withdraw-for-applicant]").InnerTextAsync()).Trim());

        await page.Locator("[data-testid=terminate]").ClickAsync();
        var box = page.Locator(".el-message-box");
        await box.WaitForAsync(Visible);
        Assert.Contains("终止办理：APP-END-0001", await box.InnerTextAsync());
        // No reason, no termination: the box says so and stays open; nothing was sent.
        await box.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await box.GetByText("请填写终止办理的理由").WaitForAsync(Visible);
        Assert.Null((await _seed.InstanceAsync(id))["outcome"]?.GetValue<string>());

        await box.Locator("textarea").FillAsync("申请单位已注销，无法继续办理");
        await box.Locator(".el-message-box__btns .el-button--primary").ClickAsync();
        await page.Locator("[data-testid=status]").GetByText("终止办理").WaitForAsync(Visible);
        await page.Locator("[data-testid=cancel-reason]").GetByText("申请单位已注销，无法继续办理").WaitForAsync(Visible);
        Assert.Contains("终止办理", await page.Locator("[data-testid=ended-as]").InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-testid=end-application]").CountAsync());
        Assert.Equal("terminated", (await _seed.InstanceAsync(id))["outcome"]!.GetValue<string>());
        await host.ScreenshotAsync(page, "office-application-terminated", fullPage: true);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Application_AfterDepartmentCorrection_ShowsRoundsApartOnPhone()
    {
        var id = await _seed.CorrectedAsync("APP-ROUNDS-0001");
        var page = await host.SignInAsync("admin-rounds", ["admin"], null, "/applications/" + id, Phone);
        var errors = OfficeTests.Watch(page);
        var second = page.Locator(".ae-round[data-round='2']");
        await second.WaitForAsync(Visible);
        var first = await page.Locator(".ae-round[data-round='1']").InnerTextAsync();
        Assert.Contains("需补正", first);
        Assert.Contains("消防疏散图缺第 3-5 层。", first);
        Assert.Contains("第 2 轮", await second.InnerTextAsync());
        Assert.Contains("待办", await second.InnerTextAsync());
        // The material by its guide title, not its stable name.
        await page.Locator("[data-testid=materials]").GetByText("消防设计审查意见").WaitForAsync(Visible);
        Assert.DoesNotContain("fire protection design", await page.Locator("[data-testid=materials]").InnerTextAsync());
        Assert.True(await NoSideScrollAsync(page), "the application page scrolls sideways on a 390 px phone");
        await host.ScreenshotAsync(page, "office-application-phone", fullPage: true);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Dashboard_WithDecidedApplication_ShowsRatesChartsAndTablesInZhCn()
    {
        await _seed.ApprovedAsync("DASH-0001");
        await _seed.AcceptedAsync("DASH-OPEN-0001");
        var page = await host.SignInAsync("clerk-dashboard", ["clerk"], null, "/dashboard");
        var errors = OfficeTests.Watch(page);
        await page.Locator("[data-chart=average] canvas").WaitForAsync(Visible);
        Assert.Equal("100.00%", (await page.Locator("[data-kpi=on-time] strong").InnerTextAsync()).Trim());
        Assert.NotEqual("0", (await page.Locator("[data-kpi=completed] .el-statistic__content").InnerTextAsync()).Trim());
        Assert.Contains("按期办结率", await page.Locator("main").InnerTextAsync());

        // Every chart has its table and its export (with a BOM, for Excel).
        await page.Locator("[data-testid=average-table]").ClickAsync();
        var table = page.Locator("[data-chart=average] .el-table");
        await table.WaitForAsync(Visible);
        Assert.True(await table.Locator("tbody tr").CountAsync() >= 4, "a row per review step");
        var csv = await DownloadAsync(page, page.Locator("[data-testid=average-export]"));
        Assert.Equal("average-working-days-per-step.csv", csv.Name);
        Assert.StartsWith("\uFEFF环节,件数,平均工作日", csv.Text);
        // Open work by department, with the directory's Chinese names.
        await page.Locator("[data-testid=departments-table]").ClickAsync();
        await page.Locator("[data-chart=departments] .el-table").GetByText("消防救援支队").WaitForAsync(Visible);
        // 办结结果: the permit among the process's grants, with the outcome columns in Chinese.
        await page.Locator("[data-testid=outcomes-table]").ClickAsync();
        var outcomes = page.Locator("[data-chart=outcomes] .el-table");
        await outcomes.GetByText("建设工程施工许可（3550）").WaitForAsync(Visible);
        var header = await outcomes.Locator("thead").InnerTextAsync();
        foreach (var column in new[] { "事项", "准予许可", "不予许可", "不予受理", "已撤回", "合计" }) Assert.Contains(column, header);
        await host.ScreenshotAsync(page, "office-dashboard", fullPage: true);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Dashboard_OnPhone_HasNoHorizontalScroll()
    {
        var page = await host.SignInAsync("auditor-dashboard-phone", ["auditor"], null, "/dashboard", Phone);
        var errors = OfficeTests.Watch(page);
        await page.Locator("[data-kpi=on-time] strong").WaitForAsync(Visible);
        await page.Locator("[data-chart=trend]").WaitForAsync(Visible);
        Assert.True(await NoSideScrollAsync(page), "the dashboard scrolls sideways on a 390 px phone");
        await host.ScreenshotAsync(page, "office-dashboard-phone", fullPage: true);
        // The period is two one-month pickers here (the range picker's two months ran off the screen): the end's panel fits.
        await page.Locator("[data-testid=range-to] input").ClickAsync();
        var panel = page.Locator(".el-picker-panel:visible").Last;
        await panel.WaitForAsync(Visible);
        var box = (await panel.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"the date panel spans {box.X}..{box.X + box.Width} on a 390 px phone");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Audit_ByFileNumber_VerifiesChainsAndExportsCsvWithBom()
    {
        var id = await _seed.ApprovedAsync("AUDIT-0001");
        var page = await host.SignInAsync("auditor-zh", ["auditor"], null, "/audit");
        var errors = OfficeTests.Watch(page);
        await page.Locator("input[name=correlationId]").FillAsync("AUDIT-0001");
        await page.Locator("[data-testid=audit-search]").ClickAsync();
        var results = page.Locator("[data-testid=audit-results]");
        await results.GetByText("办结环节").First.WaitForAsync(Visible);
        Assert.DoesNotContain("task.completed", await results.InnerTextAsync());

        await page.Locator("[data-testid=verify-instance]").ClickAsync();
        var instanceVerdict = page.Locator(".ae-verdict[data-chain=instance]");
        await instanceVerdict.WaitForAsync(Visible);
        Assert.Equal("true", await instanceVerdict.GetAttributeAsync("data-ok"));
        Assert.Contains("审计链完整", await instanceVerdict.InnerTextAsync());
        await page.Locator("[data-testid=verify-system]").ClickAsync();
        var systemVerdict = page.Locator(".ae-verdict[data-chain=system]");
        await systemVerdict.WaitForAsync(Visible);
        Assert.Equal("true", await systemVerdict.GetAttributeAsync("data-ok"));

        var csv = await DownloadAsync(page, page.Locator("[data-testid=audit-export]"));
        Assert.Equal("audit.csv", csv.Name);
        Assert.StartsWith("\uFEFFchain,sequence,timestamp", csv.Text);
        Assert.Contains(id, csv.Text);
        await host.ScreenshotAsync(page, "office-audit", fullPage: true);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Audit_OnPhone_HasNoHorizontalScroll()
    {
        var page = await host.SignInAsync("auditor-phone", ["auditor"], null, "/audit", Phone);
        var errors = OfficeTests.Watch(page);
        await page.Locator("[data-testid=audit-results]").WaitForAsync(Visible);
        Assert.True(await NoSideScrollAsync(page), "the audit page scrolls sideways on a 390 px phone");
        await host.ScreenshotAsync(page, "office-audit-phone", fullPage: true);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Worklist_ApplicationAcceptedOverTheApi_AppearsLiveWithoutReload()
    {
        await _seed.EnsureBureauSealAsync();
        var page = await host.SignInAsync("environment-reviewer-live", ["reviewer"], "environment", "/worklist");
        var errors = OfficeTests.Watch(page);
        await page.Locator("[data-live=on]").WaitForAsync(Visible);
        await page.EvaluateAsync("() => { window.__stay = true }");

        var id = await _seed.StartAsync("LIVE-WL-0001");
        await _seed.CompleteAsync(await _seed.Clerk(), id, "Accepted", "Materials complete.");

        var card = page.Locator(".ae-task", new PageLocatorOptions { HasTextString = "LIVE-WL-0001" });
        await card.WaitForAsync(Visible);
        Assert.Equal("environment", await card.GetAttributeAsync("data-department"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stay === true"), "the worklist reloaded instead of updating");

        // The application page follows too: environment's approval appears in round 1 as it happens.
        await page.GotoAsync("/applications/" + id);
        await page.Locator("[data-live=on]").WaitForAsync(Visible);
        var round = page.Locator(".ae-round[data-round='1']");
        await round.GetByText("环境").First.WaitForAsync(Visible);
        await page.EvaluateAsync("() => { window.__stay = true }");
        await _seed.CompleteAsync(await _seed.Reviewer("environment"), id, "Approved", "环评批复齐全。");
        await round.GetByText("环评批复齐全。").WaitForAsync(Visible);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__stay === true"), "the page reloaded instead of updating");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    internal static Task<bool> NoSideScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    internal static async Task<(string Name, string Text)> DownloadAsync(IPage page, ILocator button)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync(), new PageRunAndWaitForDownloadOptions { Timeout = 30_000 });
        await using var stream = await download.CreateReadStreamAsync();
        // Keep a BOM as a character: the test asserts it is there.
        return (download.SuggestedFilename, await new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false).ReadToEndAsync());
    }
}
