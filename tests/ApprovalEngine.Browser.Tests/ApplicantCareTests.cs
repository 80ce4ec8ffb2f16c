using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The applicant's service-care pages on a 390 px phone in zh-CN: the documents of an ended application, 好差评 with a bad
/// review's rectification, a complaint about the application answered by staff (over the API) and rated, and the
/// anonymous lookup of that complaint by number and phone.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class ApplicantCareTests(StudioHost host)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = 240_000)]
    public async Task Applicant_DownloadsDocuments_RatesBadly_Complains_ReadsAndRatesTheReply()
    {
        var (id, fileNumber) = await _seed.ApprovedOnlineAsync("评价测试厂房");
        var page = await host.NewPageAsync(Phone);
        await page.GotoAsync($"/service/signin?returnUrl={Uri.EscapeDataString($"/service/mine/{id}")}");
        await page.Locator("[data-test=demo-zhang-san]").ClickAsync();
        // Commit, not load: the sign-in page replaces the route in the app, no document load follows.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == $"/service/mine/{id}", new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });

        // Every document of the application, as sealed Chinese PDFs.
        foreach (var kind in new[] { "acceptance-notice", "decision", "certificate" })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator($"[data-test=document-{kind}]").ClickAsync());
            await using var stream = await download.CreateReadStreamAsync();
            var head = new byte[5];
            await stream.ReadExactlyAsync(head);
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(head));
        }

        // 不满意: a bad review; the responsible department's rectification task is due in 5 working days.
        await page.Locator("[data-test=evaluate]").ClickAsync();
        await page.GetByText("请选择评价等级").WaitForAsync();
        await page.Locator("[data-test=level-2]").ClickAsync();
        await page.Locator("[data-test=evaluation-comment] textarea").FillAsync("补正要求说明不够清楚。");
        await page.Locator("[data-test=evaluate]").ClickAsync();
        Assert.Equal("不满意", (await page.Locator("[data-test=evaluation-level]").InnerTextAsync()).Trim());
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", await page.Locator("[data-test=rectification-due]").InnerTextAsync());
        Assert.Contains("责任部门正在整改", await page.Locator("[data-test=rectification-result]").InnerTextAsync());
        await host.ScreenshotAsync(page, "applicant-evaluation-zh", fullPage: true);

        // A complaint about this application: the form checks the phone, then the complaint shows its department and due date.
        await page.Locator("[data-test=complain]").ClickAsync();
        Assert.Equal(fileNumber, await page.Locator("[data-test=complaint-about] input").InputValueAsync());
        await page.Locator("[data-test=complaint-content] textarea").FillAsync("证照邮寄地址填错后无法修改。");
        await page.Locator("[data-test=complaint-phone] input").FillAsync("12345");
        await page.Locator("[data-test=file-complaint]").ClickAsync();
        await page.GetByText("请输入11位手机号码或带区号的固定电话").WaitForAsync();
        await page.Locator("[data-test=complaint-phone] input").FillAsync("13912345678");
        await page.Locator("[data-test=file-complaint]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/service/complaints/TS[0-9A-F]+$"));
        var number = new Uri(page.Url).AbsolutePath.Split('/').Last();
        Assert.Equal("待答复", (await page.Locator("[data-test=complaint-status]").InnerTextAsync()).Trim());
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", await page.Locator("[data-test=complaint-due]").InnerTextAsync());
        Assert.DoesNotMatch("^[a-z-]+$", (await page.Locator("[data-test=complaint-department] .van-cell__value").InnerTextAsync()).Trim());
        await host.ScreenshotAsync(page, "applicant-complaint-zh", fullPage: true);

        // The department replies from its worklist (here over the API); the applicant reads the reply and rates it.
        var admin = await _seed.Admin();
        var complaint = (await admin.GetFromJsonAsync<JsonObject>("/api/complaints"))!["items"]!.AsArray().Single(c => c!["number"]!.GetValue<string>() == number)!;
        var replied = await admin.PostAsJsonAsync($"/api/tasks/{complaint["taskId"]!.GetValue<string>()}/complete", new { outcome = "Replied", opinion = "已开通邮寄地址在线修改，请在办件详情中修改。" });
        Assert.True(replied.IsSuccessStatusCode, await replied.Content.ReadAsStringAsync());
        await page.ReloadAsync();
        Assert.Contains("已开通邮寄地址在线修改", await page.Locator("[data-test=complaint-reply]").InnerTextAsync());
        await page.Locator("[data-test=rating-5]").ClickAsync();
        await page.Locator("[data-test=rate-reply]").ClickAsync();
        Assert.Contains("非常满意", await page.Locator("[data-test=complaint-rating]").InnerTextAsync());

        // Their own complaints, listed by page as they scroll, with the reply's state; the application's page reads its own
        // rating back (asked by application, not found among the newest of all their ratings).
        await page.GotoAsync("/service/complaints");
        var mine = page.Locator("[data-test=complaint]", new() { HasText = number });
        Assert.Contains("已答复", await mine.InnerTextAsync());
        await page.GetByText(new Regex(@"^我的投诉建议 · 共 \d+ 件$")).WaitForAsync();
        await page.GotoAsync($"/service/mine/{id}");
        Assert.Equal("不满意", (await page.Locator("[data-test=evaluation-level]").InnerTextAsync()).Trim());

        // Anyone with the number and the phone reads it without signing in; a wrong phone finds nothing.
        var anonymous = await host.NewPageAsync(Phone);
        await anonymous.GotoAsync("/service/complaints");
        await anonymous.Locator("[data-test=lookup-number] input").FillAsync(number);
        await anonymous.Locator("[data-test=lookup-phone] input").FillAsync("13900000000");
        await anonymous.Locator("[data-test=lookup-complaint]").ClickAsync();
        Assert.Contains("未找到该投诉", await anonymous.Locator("[data-test=complaint-error]").InnerTextAsync());
        await anonymous.Locator("[data-test=detail-phone] input").FillAsync("13912345678");
        await anonymous.Locator("[data-test=detail-lookup]").ClickAsync();
        Assert.Contains("已开通邮寄地址在线修改", await anonymous.Locator("[data-test=complaint-reply]").InnerTextAsync());
    }
}
