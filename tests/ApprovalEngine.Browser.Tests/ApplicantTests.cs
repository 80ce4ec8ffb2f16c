using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>The applicant's mobile pages (Vant) on a 390 px phone, in zh-CN; staff steps are driven over the API.</summary>
[Collection(StudioCollection.Name)]
public sealed partial class ApplicantTests(StudioHost host)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private readonly PermitSeed _seed = new(host);

    private static FilePayload Pdf(string name) => new() { Name = name, MimeType = "application/pdf", Buffer = [.. "%PDF-1.7\n% applicant upload\n"u8] };

    [Fact(Timeout = 240_000)]
    public async Task Applicant_AppliesOnAPhone_CorrectsIsApproved_DownloadsTheCertificate_AndLooksUpProgress()
    {
        await _seed.EnsureBureauSealAsync();
        var page = await host.NewPageAsync(Phone);
        await page.GotoAsync("/service/guides/construction-permit-3550");
        Assert.Contains("40个工作日", await page.Locator("[data-test=promised]").InnerTextAsync());
        await page.Locator("[data-test=apply]").ClickAsync();
        await page.Locator("[data-test=demo-zhang-san]").ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/service/apply/construction-permit-3550");

        // The server's per-field check shows on the field; then a complete form.
        await page.Locator("input[name=project]").FillAsync("自建厂房");
        await page.Locator("input[name=projectAddress]").FillAsync("苏州市吴中区木渎镇1号");
        await page.Locator("input[name=floorArea]").FillAsync("860");
        await page.Locator("input[name=plannedStart]").FillAsync(PermitSeed.PlannedStart);
        await page.Locator("input[name=contactName]").FillAsync("张三");
        await page.Locator("input[name=contactPhone]").FillAsync("12345");
        await page.Locator("[data-test=submit]").ClickAsync();
        await page.GetByText("请输入11位手机号码").WaitForAsync();
        await page.Locator("input[name=contactPhone]").FillAsync("13912345678");
        await page.Locator("[data-test=submit]").ClickAsync();
        await page.WaitForURLAsync(new Regex("/service/mine/[0-9a-f]+$"));
        var id = new Uri(page.Url).AbsolutePath.Split('/').Last();

        await page.Locator("[data-test='upload-application form']").SetInputFilesAsync(Pdf("申请表.pdf"));
        await page.GetByText("已提交").First.WaitForAsync();

        // The window asks for a correction; the applicant uploads what was asked and resubmits.
        await _seed.CompleteAsync(await _seed.Clerk(), id, "CorrectionRequested", "缺少建设工程规划许可证附图。", ["site plan"]);
        await page.ReloadAsync();
        await page.Locator("[data-test=correction]").WaitForAsync();
        Assert.Contains("缺少建设工程规划许可证附图", await page.Locator("[data-test=correction]").InnerTextAsync());
        await page.Locator("[data-test='correct-site plan']").SetInputFilesAsync(Pdf("规划附图.pdf"));
        await page.GetByText("材料已提交").WaitForAsync();
        await page.Locator("[data-test=resubmit]").ClickAsync();
        await page.GetByText("已重新提交").WaitForAsync();
        await host.ScreenshotAsync(page, "applicant-detail-zh", fullPage: true);

        // Accepted, reviewed and approved by staff over the API.
        await _seed.CompleteAsync(await _seed.Clerk(), id, "Accepted", "材料齐全。");
        foreach (var department in PermitSeed.Departments) await _seed.CompleteAsync(await _seed.Reviewer(department), id, "Approved");
        await _seed.CompleteAsync(await _seed.Reviewer("bureau"), id, "Approved", "同意。");

        await page.ReloadAsync();
        Assert.Contains("已办结（准予许可）", await page.Locator("[data-test=progress-status]").InnerTextAsync());
        // The clock has stopped: how long it took, not what is left.
        Assert.Matches("^用时[0-9]+个工作日（法定[0-9]+个）$", (await page.Locator("[data-test=clock] .van-cell__value").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.GetByText("预计办结日期").CountAsync());
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-test=document-certificate]").ClickAsync());
        Assert.EndsWith(".pdf", download.SuggestedFilename);
        await using (var stream = await download.CreateReadStreamAsync())
        {
            var head = new byte[5];
            await stream.ReadExactlyAsync(head);
            Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(head));
        }
        var fileNumber = (await page.Locator("[data-test=file-number-value] .van-cell__value").InnerTextAsync()).Trim();
        var code = (await page.Locator("[data-test=query-code-value] .van-cell__value").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9]{8}$", code);

        // Public progress lookup, no sign-in: a wrong code finds nothing; the right one shows the result.
        var lookup = await host.NewPageAsync(Phone);
        await lookup.GotoAsync("/service/progress");
        await lookup.Locator("[data-test=file-number] input").FillAsync(fileNumber);
        await lookup.Locator("[data-test=query-code] input").FillAsync(code == "00000000" ? "11111111" : "00000000");
        await lookup.Locator("[data-test=lookup]").ClickAsync();
        Assert.Contains("未查询到办件", await lookup.Locator("[data-test=progress-error]").InnerTextAsync());
        await lookup.Locator("[data-test=query-code] input").FillAsync(code);
        await lookup.Locator("[data-test=lookup]").ClickAsync();
        Assert.Contains("已办结（准予许可）", await lookup.Locator("[data-test=progress-status]").InnerTextAsync());
        Assert.Contains("张*", await lookup.Locator(".applicant-main").InnerTextAsync());
        Assert.DoesNotContain("张三", await lookup.Locator(".applicant-main").InnerTextAsync());
        await host.ScreenshotAsync(lookup, "applicant-progress-zh", fullPage: true);
    }
}
