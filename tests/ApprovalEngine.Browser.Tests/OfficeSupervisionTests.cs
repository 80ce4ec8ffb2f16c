using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// 监管推送 in zh-CN: a supervising department finds the result pushed to it, acknowledges it within its limit and reports
/// what supervision found; on a phone the page and the complaint controls do not scroll sideways. 失信名单: the server
/// searches the whole list.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class OfficeSupervisionTests(StudioHost host)
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = 180_000)]
    public async Task SupervisingDepartment_AcknowledgesAPush_AndReportsFindings()
    {
        var fileNumber = $"SV-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        var id = await _seed.ApprovedAsync(fileNumber);
        var page = await host.SignInAsync("inspector-housing", ["reviewer"], "housing-construction", "/supervision");
        var errors = OfficeTests.Watch(page);

        // Opens on 待签收: the push is there with its acknowledgement limit still running.
        await SearchAsync(page, fileNumber);
        var row = page.Locator("[data-testid=push-table] tr", new() { HasText = fileNumber });
        await row.WaitForAsync(Visible);
        Assert.Equal("onTrack", await row.Locator(".ae-deadline").GetAttributeAsync("data-deadline"));
        Assert.Contains("准予许可", await row.InnerTextAsync()); // the decision pushed: a grant, not a review's 通过
        Assert.Contains(PermitSeed.Applicant, await row.InnerTextAsync());
        // The menu counts what waits for the department (the shared host's other tests pushed to it too).
        const string badge = "[data-testid=menu-badge-supervision] .el-badge__content";
        await page.Locator(badge).WaitForAsync(Visible);
        var waiting = int.Parse((await page.Locator(badge).InnerTextAsync()).Trim());
        Assert.True(waiting >= 1);
        Assert.Equal($"{waiting} 件待处理", await page.Locator("[data-testid=menu-badge-supervision]").GetAttributeAsync("aria-label"));
        await host.ScreenshotAsync(page, "office-supervision-pending-zh");

        // Acknowledged: it leaves 待签收 and is under 已签收 with who acknowledged it; the clock is completed; the menu counts one fewer.
        await page.Locator($"[data-testid='ack-{fileNumber}']").ClickAsync();
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        if (waiting == 1) await page.Locator(badge).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        else await page.Locator(badge, new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{waiting - 1}$") }).WaitForAsync(Visible);
        await page.Locator("[data-testid=push-status] .el-radio-button", new PageLocatorOptions { HasTextString = "已签收" }).ClickAsync();
        await row.GetByText("签收", new() { Exact = false }).First.WaitForAsync(Visible);
        Assert.Equal("completed", await row.Locator(".ae-deadline").GetAttributeAsync("data-deadline"));

        // Findings, shown under the row.
        await row.Locator($"[data-testid='feedback-{fileNumber}']").ClickAsync();
        await page.Locator("textarea[data-testid=push-findings], [data-testid=push-findings] textarea").FillAsync("12月10日现场检查，已按许可内容开工建设。");
        await page.Locator("[data-testid=push-findings-send]").ClickAsync();
        await row.GetByText("1 条").WaitForAsync(Visible);
        await row.Locator(".el-table__expand-icon").ClickAsync();
        await page.Locator($"[data-testid='push-detail-{fileNumber}']", new() { HasText = "已按许可内容开工建设" }).WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "office-supervision-acknowledged-zh");

        var journal = (await _seed.JournalAsync(id)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();
        Assert.Contains("SupervisionAcknowledged", journal);
        Assert.Contains("SupervisionFeedback", journal);
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task OnAPhone_PushesAndComplaintsAreCards_TheirButtonsInReach()
    {
        var fileNumber = $"SVP-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        await _seed.ApprovedAsync(fileNumber);
        var page = await host.SignInAsync("inspector-market-phone", ["reviewer"], "market-supervision", "/supervision", Phone);
        var errors = OfficeTests.Watch(page);
        await SearchAsync(page, fileNumber);
        // A card per push, its acknowledgement in reach without scrolling sideways.
        var card = page.Locator($"[data-testid='push-card-{fileNumber}']");
        await card.WaitForAsync(Visible);
        var ack = card.Locator($"[data-testid='ack-{fileNumber}']");
        Assert.True(await NoSidewaysScrollAsync(page), "监管推送 scrolls sideways on a 390 px phone");
        var box = (await ack.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= Phone.Width, $"the acknowledge button lies outside the phone's width ({box.X}+{box.Width})");
        await host.ScreenshotAsync(page, "office-supervision-phone", fullPage: true);
        await ack.ClickAsync();
        await card.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        Assert.Empty(errors);
        await page.Context.CloseAsync();

        // 评价与投诉 on the same phone: a complaint is a card, answered from its own button.
        var filed = await new HttpClient { BaseAddress = host.BaseAddress }.PostAsJsonAsync("/api/complaints",
            new { kind = "complaint", content = "大厅叫号屏在手机上看不到排队进度。", phone = "13800006666", name = "赵先生" });
        Assert.True(filed.IsSuccessStatusCode, await filed.Content.ReadAsStringAsync());
        var number = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<string>();
        var care = await host.SignInAsync("care-admin-phone", ["admin"], null, "/care", Phone);
        var careErrors = OfficeTests.Watch(care);
        var search = care.Locator("input[data-testid=complaint-search], [data-testid=complaint-search] input");
        await search.FillAsync(number);
        await search.PressAsync("Enter");
        var complaint = care.Locator($"[data-testid='complaint-card-{number}']");
        await complaint.WaitForAsync(Visible);
        Assert.True(await NoSidewaysScrollAsync(care), "评价与投诉 scrolls sideways on a 390 px phone");
        var reply = complaint.Locator($"[data-testid='reply-{number}']");
        var replyBox = (await reply.BoundingBoxAsync())!;
        Assert.True(replyBox.X >= 0 && replyBox.X + replyBox.Width <= Phone.Width, "the answer button lies outside the phone's width");
        await host.ScreenshotAsync(care, "office-care-complaints-phone", fullPage: true);
        await reply.ClickAsync();
        await care.Locator("textarea[data-testid=reply-text], [data-testid=reply-text] textarea").FillAsync("已在大厅增设排队进度二维码，扫码即可查看。");
        await care.Locator("[data-testid=reply-send]").ClickAsync();
        await complaint.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        Assert.Empty(careErrors);
        await care.Context.CloseAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task CreditList_SearchRunsOnTheServer()
    {
        var admin = await _seed.Admin();
        var tag = Guid.NewGuid().ToString("N")[..6];
        foreach (var (first17, name) in new[] { ("91320594MA1CX0001", $"检索甲{tag}公司"), ("91320594MA1CX0002", $"检索乙{tag}公司") })
        {
            var response = await admin.PostAsJsonAsync("/api/credit-marks", new { subjectId = WithCheckCharacter(first17), subjectName = name, reason = "列入严重失信主体名单" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }
        var page = await host.SignInAsync("clerk-credit", ["clerk"], null, "/credit-marks");
        var errors = OfficeTests.Watch(page);
        await page.Locator("input[data-testid=credit-search], [data-testid=credit-search] input").FillAsync($"乙{tag}");
        await page.Locator("[data-testid=credit-search-button]").ClickAsync();
        var rows = page.Locator("[data-testid=credit-table] .el-table__body tr");
        await page.Locator("[data-testid=credit-table] tr", new() { HasText = $"检索乙{tag}公司" }).WaitForAsync(Visible);
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=credit-table] .el-table__body tr').length === 1");
        Assert.Equal(1, await rows.CountAsync());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private static async Task SearchAsync(IPage page, string text)
    {
        var input = page.Locator("input[data-testid=push-search], [data-testid=push-search] input");
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    private static Task<bool> NoSidewaysScrollAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    /// <summary>GB 32100's check character for an 18-character unified social credit code.</summary>
    internal static string WithCheckCharacter(string first17)
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
        var sum = first17.Select((c, i) => alphabet.IndexOf(c) * weights[i]).Sum();
        return first17 + alphabet[(31 - sum % 31) % 31];
    }
}
