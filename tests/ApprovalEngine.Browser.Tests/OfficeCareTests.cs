using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The office's 评价与投诉 page in zh-CN: the department answers a complaint, rectifies a real-name bad review and records
/// the callback, and reads the satisfaction and complaint reports. The complaint and the review are filed over the API.
/// The window tablet: a clerk records an applicant's rating at the counter.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class OfficeCareTests(StudioHost host)
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = 180_000)]
    public async Task Staff_ReplyToAComplaint_RectifyAndCallBackABadReview_ReadTheReports()
    {
        var anyone = new HttpClient { BaseAddress = host.BaseAddress };
        var filed = await anyone.PostAsJsonAsync("/api/complaints", new { kind = "complaint", content = "窗口午休时间无人办理。", phone = "13800002222", name = "王女士" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var number = (await filed.Content.ReadFromJsonAsync<JsonObject>())!["number"]!.GetValue<string>();
        var fileNumber = $"JS-CARE-{Guid.NewGuid():N}"[..16];
        await _seed.StartAsync(fileNumber);
        var rated = await (await _seed.Clerk()).PostAsJsonAsync("/api/evaluations",
            new { instanceId = fileNumber, level = 1, comment = "材料清单前后说法不一。", evaluatorName = "李先生", evaluatorPhone = "13900003333" });
        Assert.Equal(HttpStatusCode.Created, rated.StatusCode);

        var page = await host.SignInAsync("care-admin", ["admin"], null, "/care");
        // The complaint: found by its number among the unanswered (the list opens on 待答复), answered from the page, on
        // time; it leaves 待答复 and is under 已答复 with its reply.
        await SearchAsync(page, number);
        await page.Locator($"[data-testid='reply-{number}']").ClickAsync();
        await page.Locator("textarea[data-testid=reply-text], [data-testid=reply-text] textarea").FillAsync("已安排午间轮班，12:00-13:30 正常办理。");
        await page.Locator("[data-testid=reply-send]").ClickAsync();
        var complaintRow = page.Locator("[data-testid=care-complaints] tr", new() { HasText = number });
        await complaintRow.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
        await page.Locator("[data-testid=complaint-status] .el-radio-button", new PageLocatorOptions { HasTextString = "已答复" }).ClickAsync();
        await complaintRow.GetByText("按期").WaitForAsync(Visible);
        Assert.Contains("已安排午间轮班", await complaintRow.InnerTextAsync());
        await host.ScreenshotAsync(page, "office-care-complaints-zh");

        // The bad review: rectification, then the callback a real-name review needs, then closed.
        await page.GetByRole(AriaRole.Tab, new() { Name = "差评整改" }).ClickAsync();
        var stage = page.Locator($"[data-testid='stage-{fileNumber}']");
        Assert.Equal("待整改", (await stage.InnerTextAsync()).Trim());
        await page.Locator($"[data-testid='rectify-{fileNumber}']").ClickAsync();
        await page.Locator("textarea[data-testid=rectify-text], [data-testid=rectify-text] textarea").FillAsync("统一材料清单并在窗口公示。");
        await page.Locator("[data-testid=rectify-save]").ClickAsync();
        await page.Locator($"[data-testid='stage-{fileNumber}']", new() { HasText = "待回访" }).WaitForAsync(Visible);
        await page.Locator($"[data-testid='rectify-{fileNumber}']").ClickAsync();
        await page.Locator("textarea[data-testid=rectify-text], [data-testid=rectify-text] textarea").FillAsync("电话回访李先生，对整改表示认可。");
        await page.Locator("[data-testid=rectify-save]").ClickAsync();
        await page.Locator($"[data-testid='stage-{fileNumber}']", new() { HasText = "已办结" }).WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "office-care-rectifications-zh");

        // The reports: satisfaction by department and complaints answered in time, in Chinese.
        await page.GetByRole(AriaRole.Tab, new() { Name = "评价报表" }).ClickAsync();
        await page.Locator("[data-testid=satisfaction-rate]").First.WaitForAsync(Visible);
        Assert.Matches(@"^\d+\.\d%$", (await page.Locator("[data-testid=satisfaction-rate]").First.InnerTextAsync()).Trim());
        Assert.Contains("100.0%", await page.Locator("[data-testid=complaint-report]").InnerTextAsync());
        await host.ScreenshotAsync(page, "office-care-reports-zh", fullPage: true);

        // Development: the SMS sink's page answers (admins).
        await page.GetByRole(AriaRole.Tab, new() { Name = "短信（开发环境）" }).ClickAsync();
        await page.Locator("[data-testid=sms-sink]").WaitForAsync(Visible);
    }

    [Fact(Timeout = 180_000)]
    public async Task Window_TransfersAComplaintToFire_ItLeavesTheWindowsList_FireSeesItWithTheSameDueDate()
    {
        var anyone = new HttpClient { BaseAddress = host.BaseAddress };
        var filed = await anyone.PostAsJsonAsync("/api/complaints", new { kind = "complaint", content = "办事大厅的消防通道被杂物堵塞。", phone = "13800004444" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var complaint = (await filed.Content.ReadFromJsonAsync<JsonObject>())!;
        var number = complaint["number"]!.GetValue<string>();

        var page = await host.SignInAsync("window-care", ["reviewer"], "window", "/care");
        var row = page.Locator("[data-testid=care-complaints] tr", new() { HasText = number });
        await SearchAsync(page, number);
        await page.Locator($"[data-testid='transfer-{number}']").ClickAsync();
        await page.Locator("[data-testid=transfer-department]").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible", new PageLocatorOptions { HasTextString = "消防救援支队" }).ClickAsync();
        await page.Locator("textarea[data-testid=transfer-reason], [data-testid=transfer-reason] textarea").FillAsync("属消防安全问题，由消防部门答复。");
        await host.ScreenshotAsync(page, "office-care-complaint-transfer-zh");
        await page.Locator("[data-testid=transfer-send]").ClickAsync();
        await page.Locator(".el-message--success", new PageLocatorOptions { HasTextString = "已转办给消防救援支队" }).WaitForAsync(Visible);
        await row.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });

        var fire = await host.SignInAsync("fire-care", ["reviewer"], "fire", "/care");
        var there = fire.Locator("[data-testid=care-complaints] tr", new() { HasText = number });
        await SearchAsync(fire, number);
        await there.WaitForAsync(Visible);
        var text = await there.InnerTextAsync();
        Assert.Contains("消防救援支队", text);
        Assert.Contains(complaint["dueDate"]!.GetValue<string>(), text);
        await fire.Locator($"[data-testid='reply-{number}']").WaitForAsync(Visible);
    }

    private static async Task SearchAsync(IPage page, string number)
    {
        var search = page.Locator("input[data-testid=complaint-search], [data-testid=complaint-search] input");
        await search.FillAsync(number);
        await search.PressAsync("Enter");
        await page.Locator("[data-testid=care-complaints] tr", new() { HasText = number }).WaitForAsync(Visible);
    }

    [Fact(Timeout = 180_000)]
    public async Task Clerk_RecordsAWindowRatingOnTheTablet_AnUnknownFileNumberIsRefusedUnderItsField()
    {
        var fileNumber = $"JS-TAB-{Guid.NewGuid():N}"[..16];
        var id = await _seed.ApprovedAsync(fileNumber);
        var page = await host.SignInAsync("tablet-clerk", ["clerk"], null, "/care", new ViewportSize { Width = 1024, Height = 768 });
        await page.GetByRole(AriaRole.Tab, new() { Name = "窗口评价器" }).ClickAsync();
        var file = page.Locator("input[data-testid=tablet-file], [data-testid=tablet-file] input");

        // A file number no application has: refused, in Chinese, under the file number field; nothing recorded.
        await file.FillAsync("JS-NO-SUCH-FILE");
        await page.Locator("[data-testid=tablet-level-2]").ClickAsync();
        // 不满意 without a reason: asked for it under the comment before anything is sent.
        await page.Locator("[data-testid=tablet-submit]").ClickAsync();
        await page.Locator(".el-form-item__error", new() { HasText = "不满意的评价请写明原因" }).WaitForAsync(Visible);
        await page.Locator("textarea[data-testid=tablet-comment], [data-testid=tablet-comment] textarea").FillAsync("等候时间太长，叫号屏不显示。");
        await page.Locator("[data-testid=tablet-submit]").ClickAsync();
        await page.Locator(".el-form-item__error", new() { HasText = "未找到该办件，请核对办件编号" }).WaitForAsync(Visible);
        Assert.Equal("true", await page.Locator("[data-testid=tablet-level-2]").GetAttributeAsync("aria-checked"));

        // The right number: 不满意 with the comment, thanked, and the form is blank for the next applicant.
        await file.FillAsync(fileNumber);
        await page.Locator("[data-testid=tablet-submit]").ClickAsync();
        await page.Locator("[data-testid=tablet-thanks]", new() { HasText = "感谢您的评价！" }).WaitForAsync(Visible);
        await host.ScreenshotAsync(page, "office-care-tablet-thanks-zh");
        await page.Locator("[data-testid=tablet-next]").ClickAsync();
        Assert.Equal("", await file.InputValueAsync());
        Assert.Equal("false", await page.Locator("[data-testid=tablet-level-2]").GetAttributeAsync("aria-checked"));

        var ratings = (await (await _seed.Admin()).GetFromJsonAsync<JsonObject>($"/api/evaluations?instanceId={id}"))!["items"]!.AsArray();
        var rating = Assert.Single(ratings)!;
        Assert.Equal(("window", 2, "等候时间太长，叫号屏不显示。", true), (rating["channel"]!.GetValue<string>(), rating["level"]!.GetValue<int>(),
            rating["comment"]!.GetValue<string>(), rating["bad"]!.GetValue<bool>()));
    }
}
