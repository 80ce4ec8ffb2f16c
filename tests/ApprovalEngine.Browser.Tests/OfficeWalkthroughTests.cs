using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// Issue 12's "done when": a Chinese clerk, reviewer, director, auditor and admin each go through every page of their
/// job in zh-CN, at 1280 px and on a 390 px phone, and no English word, code name or internal id (instance ids, activity
/// ids, department and definition codes, audit action and status codes, sign-in ids) is on screen. Plus the keyboard:
/// the skip link, and focus moving on to the next task after one is completed.
/// </summary>
[Collection(StudioCollection.Name)]
public sealed class OfficeWalkthroughTests(StudioHost host)
{
    private const int TestTimeout = 300_000;
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };
    private static readonly SemaphoreSlim SeedLock = new(1, 1);
    private static Seeded? _seeded;
    private readonly PermitSeed _seed = new(host);

    private sealed record Seeded(string InReview, string AwaitingApplicant, string Approved);

    /// <summary>
    /// What other tests on the shared host typed (their applicants, opinions, seal names) is data, not the UI's words; so
    /// are file and certificate numbers (ZJ-2026-0101, JSCP-…). Everything else in English on screen is a finding.
    /// </summary>
    private static readonly string[] OtherTestsData =
    [
        PermitSeed.Applicant, "Plant No. 3", "Conforms.", "Materials complete.", "Approved after joint review.", "Administrative Approval Bureau seal",
    ];

    [Theory(Timeout = TestTimeout)]
    [InlineData("clerk-wang", "clerk", null)]
    [InlineData("fire-chen", "reviewer", "fire")]
    [InlineData("director-huang", "reviewer", "bureau")]
    [InlineData("auditor-qian", "auditor", null)]
    [InlineData("admin-zhao", "admin", null)]
    public async Task EveryPageOfTheRole_InZhCn_AtDesktopAndPhoneWidth_ShowsNoEnglishWordOrInternalId(string user, string role, string? department)
    {
        var seeded = await SeedAsync();
        var pages = PagesFor(role, seeded);
        foreach (var viewport in new[] { Desktop, Phone })
        {
            var page = await host.SignInAsync(user, [role], department, pages[0], viewport);
            var errors = OfficeTests.Watch(page);
            await page.Context.AddInitScriptAsync(CountFetches);
            // The header names the person from the organisation directory, not by their sign-in id.
            if (viewport == Desktop)
                await page.Locator("[data-testid=user-name]", new PageLocatorOptions { HasTextString = Names[user] }).WaitForAsync(Visible);
            var findings = new List<string>();
            foreach (var path in pages)
            {
                await page.GotoAsync(path);
                await SettledAsync(page);
                if (viewport == Desktop)
                    await host.ScreenshotAsync(page, $"walkthrough-{user}-{path.Split('?')[0].Trim('/').Split('/')[0]}-{Array.IndexOf(pages, path)}");
                findings.AddRange((await ScanAsync(page)).Select(f => $"{path} @{viewport.Width}px: {f}"));
                if (viewport == Phone) Assert.True(await OfficePagesTests.NoSideScrollAsync(page), $"{path} scrolls sideways on a 390 px phone");
            }
            // The notification centre and, on the phone, the menu drawer.
            await page.Locator("[data-testid=notifications]").ClickAsync();
            await SettledAsync(page);
            findings.AddRange((await ScanAsync(page)).Select(f => $"notifications @{viewport.Width}px: {f}"));
            await page.Keyboard.PressAsync("Escape");
            if (viewport == Phone)
            {
                await page.Locator("[data-testid=menu-toggle]").ClickAsync();
                await page.Locator(".ae-drawer .el-menu-item").First.WaitForAsync(Visible);
                findings.AddRange((await ScanAsync(page)).Select(f => $"menu @{viewport.Width}px: {f}"));
            }
            Assert.True(findings.Count == 0, $"{user} ({role}) sees English or ids:\n" + string.Join("\n", findings.Distinct()));
            Assert.Empty(errors);
            await page.Context.CloseAsync();
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Keyboard_SkipLinkToMain_CompletingATaskMovesFocusToTheNext_CorrectionListsMaterialsByTitle()
    {
        var clerk = await host.ApiClientAsync("clerk-wang", "clerk");
        var first = await StartAsync(clerk, "KB-2026-0001", "常熟精密制造有限公司", "2号厂房");
        var second = await StartAsync(clerk, "KB-2026-0002", "常熟精密制造有限公司", "3号厂房");
        foreach (var id in new[] { first, second }) await CompleteAsync(clerk, id, "Accepted", "材料齐全，予以受理。");
        var page = await host.SignInAsync("fire-chen", ["reviewer"], "fire", "/worklist?q=KB-2026&sort=created");
        var errors = OfficeTests.Watch(page);
        var firstCard = page.Locator(".ae-task", new PageLocatorOptions { HasTextString = "KB-2026-0001" });
        var secondCard = page.Locator(".ae-task", new PageLocatorOptions { HasTextString = "KB-2026-0002" });
        await secondCard.WaitForAsync(Visible);
        await page.Locator("[data-testid=user-name]", new PageLocatorOptions { HasTextString = "陈刚" }).WaitForAsync(Visible);
        await firstCard.GetByText("应交材料：消防设计审查意见").WaitForAsync(Visible);

        // The first Tab reaches the skip link; Enter puts the keyboard in the main region, past the menu and header.
        await page.ReloadAsync(); // a fresh page: the keyboard starts at the top, as for anyone arriving
        await secondCard.WaitForAsync(Visible);
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("跳到主要内容", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.getBoundingClientRect().left >= 0"), "the focused skip link is off screen");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.id === 'ae-main'");

        // Approve the first from the keyboard: the focus moves on to the next task, not back to the top of the page.
        await firstCard.Locator("textarea[name=opinion]").FillAsync("消防设计符合 GB 50016。");
        await firstCard.Locator("button[data-outcome=Approved]").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await firstCard.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        await page.WaitForFunctionAsync("() => document.activeElement && document.activeElement.textContent.includes('KB-2026-0002')");

        // 需补正: one notice listing the materials, picked by their titles; the stable names are what is stored.
        await secondCard.Locator("button[data-outcome=NeedsCorrection]").ClickAsync();
        var dialog = page.Locator(".el-dialog:visible");
        await dialog.WaitForAsync(Visible);
        await dialog.Locator("[data-testid=correction-send]").ClickAsync();
        await dialog.GetByText("请至少选择一项需补正的材料").WaitForAsync(Visible);
        await dialog.Locator("[data-testid=correction-materials]").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible", new PageLocatorOptions { HasTextString = "消防设计审查意见" }).ClickAsync();
        await dialog.Locator("textarea[name=correctionOpinion]").FillAsync("消防设计审查意见缺第 3-5 层疏散图。");
        await dialog.Locator("[data-testid=correction-send]").ClickAsync();
        await secondCard.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        var notice = Assert.Single((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{second}/correction-notices"))!)!;
        Assert.Equal(["fire protection design"], notice["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("Approved", Assert.Single(await _seed.TasksAsync(await host.DepartmentClientAsync("fire-chen", "reviewer", "fire"), first, "completed"))!["outcome"]!.GetValue<string>());
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    private static string[] PagesFor(string role, Seeded s) => role switch
    {
        "clerk" => ["/worklist?q=ZJ-2026", "/worklist?view=awaiting", "/intake?id=" + s.AwaitingApplicant, "/applications?q=ZJ-2026",
            "/applications/" + s.AwaitingApplicant, "/dashboard", "/care", "/credit-marks"],
        "reviewer" => ["/worklist?q=ZJ-2026", "/worklist?view=done&q=ZJ-2026", "/applications?q=ZJ-2026", "/applications/" + s.Approved, "/dashboard", "/care", "/licences"],
        "auditor" => ["/applications?q=ZJ-2026", "/applications/" + s.Approved, "/audit?correlationId=ZJ-2026-0103", "/dashboard", "/care", "/supervision"],
        _ => ["/admin", "/directory", "/holidays", "/audit?correlationId=ZJ-2026-0102", "/applications/" + s.InReview, "/worklist?q=ZJ-2026", "/care", "/dashboard", "/credit-marks", "/supervision", "/licences"],
    };

    /// <summary>Once per host: one application in review, one waiting for the applicant, one approved, all by directory staff, in Chinese.</summary>
    private async Task<Seeded> SeedAsync()
    {
        await SeedLock.WaitAsync();
        try
        {
            if (_seeded is not null) return _seeded;
            await _seed.EnsureBureauSealAsync();
            var clerk = await host.ApiClientAsync("clerk-wang", "clerk");
            var reviewers = new Dictionary<string, string> { ["planning"] = "planning-li", ["land"] = "land-zhang", ["fire"] = "fire-chen", ["environment"] = "env-zhou" };
            var inReview = await StartAsync(clerk, "ZJ-2026-0101", "苏州工业园区建设有限公司", "3号洁净厂房");
            await UploadAsync(clerk, inReview, "site plan", "规划许可证及附图.pdf");
            await CompleteAsync(clerk, inReview, "Accepted", "材料齐全，予以受理。");

            var awaiting = await StartAsync(clerk, "ZJ-2026-0102", "无锡灵犀科技有限公司", "研发中心");
            await CompleteAsync(clerk, awaiting, "Accepted", "材料齐全，予以受理。");
            await CompleteAsync(await host.DepartmentClientAsync("fire-chen", "reviewer", "fire"), awaiting, "NeedsCorrection", "缺少第 3-5 层消防疏散图。", ["fire protection design"]);

            var approved = await StartAsync(clerk, "ZJ-2026-0103", "昆山精工机械有限公司", "1号车间");
            await CompleteAsync(clerk, approved, "Accepted", "材料齐全，予以受理。");
            foreach (var (department, user) in reviewers)
                await CompleteAsync(await host.DepartmentClientAsync(user, "reviewer", department), approved, "Approved", "经审查，符合要求。");
            await CompleteAsync(await host.DepartmentClientAsync("director-huang", "reviewer", "bureau"), approved, "Approved", "同意核发施工许可证。");
            return _seeded = new Seeded(inReview, awaiting, approved);
        }
        finally
        {
            SeedLock.Release();
        }
    }

    private static async Task<string> StartAsync(HttpClient clerk, string file, string applicant, string project)
    {
        var response = await clerk.PostAsJsonAsync("/api/instances", new { definitionId = PermitSeed.Process, correlationId = file, input = new { applicant, project } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task CompleteAsync(HttpClient client, string id, string outcome, string opinion, string[]? materials = null) =>
        await _seed.CompleteAsync(client, id, outcome, opinion, materials);

    private static async Task UploadAsync(HttpClient clerk, string id, string name, string fileName)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "name" },
            { new ByteArrayContent("%PDF-1.4\n% 附图\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "file", fileName },
        };
        var response = await clerk.PostAsync($"/api/instances/{id}/materials", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static readonly Dictionary<string, string> Names = new()
    {
        ["clerk-wang"] = "王静", ["fire-chen"] = "陈刚", ["director-huang"] = "黄建国", ["auditor-qian"] = "钱敏", ["admin-zhao"] = "赵磊",
    };

    /// <summary>Counts the page's fetches in flight (the live feed's answers as soon as its headers arrive).</summary>
    private const string CountFetches = """
        (() => {
          const original = window.fetch;
          window.__aePending = 0;
          window.fetch = (...args) => {
            window.__aePending++;
            return original(...args).finally(() => window.__aePending--);
          };
        })();
        """;

    /// <summary>Loaded: every fetch the page started has answered and no loading mask is left (polled, no sleeps).</summary>
    private static async Task SettledAsync(IPage page)
    {
        await page.Locator("#ae-main").WaitForAsync(Visible);
        await page.WaitForFunctionAsync(
            "() => document.readyState === 'complete' && window.__aePending === 0 && !document.querySelector('.el-loading-mask:not([style*=\"display: none\"])')",
            null, new PageWaitForFunctionOptions { Timeout = 30_000, PollingInterval = 100 });
    }

    /// <summary>Every visible text (and placeholder) on the page with an English word or an id-like token in it.</summary>
    private static async Task<string[]> ScanAsync(IPage page) =>
        await page.EvaluateAsync<string[]>("""
            (data) => {
              // File formats and algorithms are names in Chinese texts too.
              const allowed = new Set(['PDF', 'CSV', 'SM2', 'SM3', 'OFD', 'ECDSA', 'KB', 'JPG', 'JPEG', 'PNG', 'XML', 'GB', 'JSON', 'ICALENDAR', 'ICS', 'HOLIDAY-CN']);
              const found = new Set();
              const check = (raw) => {
                let text = raw;
                for (const d of data) text = text.split(d).join(' ');
                // File, certificate and document numbers (ZJ-2026-0101, JSCP-2026-…) are the office's own numbers.
                text = text.replace(/\b[A-Z][A-Z0-9]*(-[A-Z0-9]+)+\b/g, ' ').replace(/\b(?=[A-Z0-9]*\d)[A-Z][A-Z0-9]{9,}\b/g, ' ').replace(/\bGB\s?\d+/g, ' ');
                const bad = (text.match(/[A-Za-z][A-Za-z0-9_.:-]{2,}/g) || []).filter((w) => !allowed.has(w.replace(/[.:-]+$/, '').toUpperCase()))
                  .concat(text.match(/\b[0-9a-f]{12,}\b/gi) || []);
                if (bad.length) found.add(raw.trim().slice(0, 120) + '  [' + bad.join(', ') + ']');
              };
              const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) {
                const el = n.parentElement;
                // [data-key]: the directory's department codes and sign-in names, on the page where the admin manages them.
                if (!el || !n.nodeValue.trim() || el.closest('script, style, noscript, [data-key]')) continue;
                if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
                const box = el.getBoundingClientRect();
                if (box.width === 0 || box.height === 0 || box.right < 0 || box.left > innerWidth) continue;
                check(n.nodeValue);
              }
              for (const input of document.querySelectorAll('input[placeholder], textarea[placeholder]'))
                if (input.checkVisibility() && !input.value) check(input.placeholder);
              return [...found];
            }
            """, OtherTestsData);
}
