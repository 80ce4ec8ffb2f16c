using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>我的办件 on a phone for an enterprise with more applications than one page: the rest loads as it scrolls; the tabs filter on the server.</summary>
[Collection(StudioCollection.Name)]
public sealed class ApplicantListTests(StudioHost host)
{
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>An enterprise of its own (a fresh credit code) signed in over the API, and the session its pages keep.</summary>
    private async Task<(HttpClient Client, object Session)> EnterpriseAsync(string user, string name, string codePrefix)
    {
        var subjectId = OfficeSupervisionTests.WithCheckCharacter(codePrefix + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant());
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var issued = await client.PostAsJsonAsync("/api/dev/applicant-token", new { user, subjectId, subjectKind = "organisation", subjectName = name });
        issued.EnsureSuccessStatusCode();
        var token = (await issued.Content.ReadFromJsonAsync<JsonObject>())!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", token["token"]!.GetValue<string>());
        return (client, new { token = token["token"]!.GetValue<string>(), expiresAt = token["expiresAt"]!.GetValue<string>(), user, subjectId, subjectKind = "organisation", subjectName = name });
    }

    /// <summary>A phone-sized page signed in as that enterprise (its session in local storage, as the sign-in page leaves it), at <paramref name="path"/>.</summary>
    private async Task<IPage> PhonePageAsync(object session, string path)
    {
        var page = await host.NewPageAsync(Phone);
        await page.Context.AddInitScriptAsync($"localStorage.setItem('approvalengine.applicant', {JsonSerializer.Serialize(JsonSerializer.Serialize(session))})");
        await page.GotoAsync(path);
        return page;
    }

    [Fact(Timeout = 240_000)]
    public async Task Enterprise_ScrollsThroughMoreThanOnePage_AndFiltersFinished()
    {
        var (client, signIn) = await EnterpriseAsync("list-agent", "翻页建设有限公司", "91320594MA1");
        var ids = new List<string>();
        for (var i = 1; i <= 23; i++)
        {
            var response = await client.PostAsJsonAsync("/api/applicant/applications", new
            {
                definitionId = PermitSeed.Process,
                fields = new { project = $"{i}号厂房", projectAddress = "苏州工业园区星湖街88号", floorArea = 1000 + i, plannedStart = PermitSeed.PlannedStart, contactName = "李工", contactPhone = "13912345678" },
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/applicant/applications/{ids[0]}/withdraw", new { reason = "合并申报" })).StatusCode);

        var page = await PhonePageAsync(signIn, "/service/mine");
        var cells = page.Locator("[data-test=application]");
        await page.GetByText("共 23 件").WaitForAsync();
        // The first page, then the rest as the list is scrolled to its end.
        await page.WaitForFunctionAsync("() => document.querySelectorAll('[data-test=application]').length >= 20");
        await cells.Last.ScrollIntoViewIfNeededAsync();
        await page.GetByText("没有更多了").WaitForAsync();
        Assert.Equal(23, await cells.CountAsync());
        Assert.Contains("1号厂房", await cells.Last.InnerTextAsync());
        await host.ScreenshotAsync(page, "applicant-mine-phone", fullPage: true);

        // 已办结: only the withdrawn one; 办理中: the other 22.
        await page.Locator("[data-test=mine-tabs] .van-tab", new() { HasText = "已办结" }).ClickAsync();
        await page.GetByText("共 1 件").WaitForAsync();
        Assert.Equal(1, await cells.CountAsync());
        Assert.Contains("已撤回", await cells.First.InnerTextAsync());
        await page.Locator("[data-test=mine-tabs] .van-tab", new() { HasText = "办理中" }).ClickAsync();
        await page.GetByText("共 22 件").WaitForAsync();
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = 240_000)]
    public async Task Enterprise_ReadsOnAPhone_ThatTheWindowTerminatedItsApplication_AndWhy()
    {
        var seed = new PermitSeed(host);
        var (client, signIn) = await EnterpriseAsync("end-agent", "终止测试建设有限公司", "91320594MA2");
        var applied = await client.PostAsJsonAsync("/api/applicant/applications", new
        {
            definitionId = PermitSeed.Process,
            fields = new { project = "四号仓库", projectAddress = "苏州工业园区星湖街88号", floorArea = 2400, plannedStart = PermitSeed.PlannedStart, contactName = "李工", contactPhone = "13912345678" },
        });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var id = (await applied.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var clerk = await seed.Clerk();
        await seed.CompleteAsync(clerk, id, "Accepted", "材料齐全。");
        (await clerk.PostAsJsonAsync($"/api/instances/{id}/cancel", new { outcome = "terminated", reason = "申请单位已注销，无法继续办理" })).EnsureSuccessStatusCode();

        var page = await PhonePageAsync(signIn, $"/service/mine/{id}");
        await page.Locator("[data-test=end-reason]").WaitForAsync();
        Assert.Equal("原因：申请单位已注销，无法继续办理", (await page.Locator("[data-test=end-reason]").InnerTextAsync()).Trim());
        Assert.Contains("已终止办理", await page.Locator("main, #app").First.InnerTextAsync());
        Assert.Equal(0, await page.Locator("[data-test=withdraw]").CountAsync());
        Assert.Contains("van-tag--danger", await page.Locator("[data-test=progress-status]").GetAttributeAsync("class"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scroll on a phone");
        await host.ScreenshotAsync(page, "applicant-terminated-phone", fullPage: true);
        await page.Context.CloseAsync();
    }
}
