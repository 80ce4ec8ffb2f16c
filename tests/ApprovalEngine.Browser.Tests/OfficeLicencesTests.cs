using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// 电子证照库 in zh-CN: an admin finds an issued certificate by its number and revokes it with a reason category and a
/// reason; the row then reads 已撤销 with the date and the category, and the public check reports it.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class OfficeLicencesTests(StudioHost host)
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible };
    private readonly PermitSeed _seed = new(host);

    [Fact(Timeout = 180_000)]
    public async Task Admin_FindsACertificateByNumber_AndRevokesIt_WithAReason()
    {
        var fileNumber = $"LC-{Guid.NewGuid():N}"[..14].ToUpperInvariant();
        var id = await _seed.ApprovedAsync(fileNumber);
        var admin = await _seed.Admin();
        var licences = (await admin.GetFromJsonAsync<JsonObject>($"/api/licences?holder={Uri.EscapeDataString(PermitSeed.Applicant)}&pageSize=200"))!["items"]!.AsArray();
        var number = licences.Single(l => l!["instanceId"]!.GetValue<string>() == id)!["number"]!.GetValue<string>();

        var page = await host.SignInAsync("admin-licences", ["admin"], null, "/licences");
        var errors = OfficeTests.Watch(page);
        await page.Locator("input[data-testid=licence-number], [data-testid=licence-number] input").FillAsync(number);
        await page.Locator("[data-testid=licence-search]").ClickAsync();
        var row = page.Locator("[data-testid=licence-table] tbody tr", new() { HasText = number });
        await row.WaitForAsync(Visible);
        // The page opens on every licence, the newest (this one) among them: wait for the search's answer, one row.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-testid=licence-table] tbody tr').length === 1");
        Assert.Equal(1, await page.Locator("[data-testid=licence-table] tbody tr").CountAsync());
        Assert.Equal("valid", await row.Locator(".el-tag").GetAttributeAsync("data-status"));
        Assert.Equal("有效", (await row.Locator(".el-tag").InnerTextAsync()).Trim());

        // Both a category and a written reason are required; the dialog says which is missing.
        await row.Locator($"[data-testid='revoke-{number}']").ClickAsync();
        var dialog = page.Locator("[data-testid=licence-dialog]");
        await dialog.WaitForAsync(Visible);
        await dialog.Locator("[data-testid=licence-submit]").ClickAsync();
        await dialog.Locator("[role=alert]").WaitForAsync(Visible);
        await dialog.Locator("[data-testid=licence-reason-code]").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible").First.ClickAsync();
        await dialog.Locator("textarea[data-testid=licence-reason], [data-testid=licence-reason] textarea").FillAsync("持证单位申请注销。");
        await dialog.Locator("[data-testid=licence-submit]").ClickAsync();
        await page.Locator(".el-message-box__btns .el-button--primary").ClickAsync(); // 确定：撤销后不可恢复

        await row.Locator(".el-tag[data-status=revoked]").WaitForAsync(Visible);
        Assert.Equal("已撤销", (await row.Locator(".el-tag").InnerTextAsync()).Trim());
        Assert.Contains("撤销：", await row.InnerTextAsync());
        Assert.Equal(0, await row.Locator($"[data-testid='revoke-{number}']").CountAsync());
        await host.ScreenshotAsync(page, "office-licences-revoked-zh");

        using var anyone = new HttpClient { BaseAddress = host.BaseAddress };
        var verified = (await anyone.GetFromJsonAsync<JsonObject>($"/api/public/certificates/{Uri.EscapeDataString(number)}"))!;
        Assert.Equal("revoked", verified["status"]!.GetValue<string>());
        Assert.False(verified["valid"]!.GetValue<bool>());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
