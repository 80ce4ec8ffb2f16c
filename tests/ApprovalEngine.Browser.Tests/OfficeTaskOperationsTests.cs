using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// 中国式审批 in the worklist: a reviewer transfers a task to a colleague, and approves two others in one batch; a reviewer adds a
/// signer in parallel (加签) through the dialog, and removes another (减签).
/// </summary>
public sealed partial class OfficeTests
{
    [Fact(Timeout = TestTimeout)]
    public async Task Worklist_TransferToColleague_ThenBatchApproval_EachTaskItsOwnStimulus()
    {
        var transferred = await _seed.AcceptedAsync("WL-OPS-0001");
        var first = await _seed.AcceptedAsync("WL-OPS-0002");
        var second = await _seed.AcceptedAsync("WL-OPS-0003");
        var page = await host.SignInAsync("fire-ops-zh", ["reviewer"], "fire", "/worklist?q=WL-OPS");
        var errors = Watch(page);

        // 转办: 更多操作 -> 转办 -> pick 陈刚 from the directory (by name and department, no sign-in id) -> 确定.
        var card = page.Locator(".ae-task", new PageLocatorOptions { HasTextString = "WL-OPS-0001" });
        await card.WaitForAsync(Visible);
        await card.Locator("button[data-task-ops]").ClickAsync();
        await page.Locator(".el-dropdown-menu__item[data-op=transfer]:visible").ClickAsync();
        var dialog = page.Locator(".el-dialog:visible");
        await dialog.WaitForAsync(Visible);
        Assert.Contains("转办", await dialog.InnerTextAsync());
        await dialog.Locator("[data-field=toUser] .el-select").ClickAsync();
        await page.Locator(".el-select-dropdown__item:visible", new PageLocatorOptions { HasTextString = "陈刚" }).ClickAsync();
        await dialog.Locator("textarea[name=reason]").FillAsync("熟悉该项目");
        await dialog.Locator("button[data-action=confirm-op]").ClickAsync();
        await page.Locator(".el-message--success", new PageLocatorOptions { HasTextString = "转办" }).WaitForAsync(Visible);
        var moved = Assert.Single(await _seed.TasksAsync(await _seed.Reviewer("fire"), transferred, "claimed"))!;
        Assert.Equal("fire-chen", moved["claimedBy"]!.GetValue<string>());

        // 批量审批: select the two others, approve them in one go.
        foreach (var number in new[] { "WL-OPS-0002", "WL-OPS-0003" })
            await page.Locator(".ae-task", new PageLocatorOptions { HasTextString = number }).Locator(".el-checkbox").ClickAsync();
        await page.Locator("[data-testid=bulk-approve]").ClickAsync();
        await page.Locator("textarea[name=bulkOpinion]").FillAsync("经审查符合要求");
        await page.Locator("[data-testid=bulk-approve-confirm]").ClickAsync();
        // The worklist asks before deciding several applications at once.
        var box = page.Locator(".el-message-box");
        await box.WaitForAsync(Visible);
        await box.Locator(".el-button--primary").ClickAsync();
        await page.Locator(".ae-task", new PageLocatorOptions { HasTextString = "WL-OPS-0002" })
            .WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached, Timeout = 30_000 });
        foreach (var id in new[] { first, second })
        {
            var done = Assert.Single(await _seed.TasksAsync(await _seed.Reviewer("fire"), id, "completed"))!;
            Assert.Equal("Approved", done["outcome"]!.GetValue<string>());
        }
        var journal = await _seed.JournalAsync(transferred);
        Assert.Contains(journal, j => j!["eventName"]!.GetValue<string>() == "TaskTransferred");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Worklist_AddSignersDialog_AddsInParallel_ThenRemovesOne()
    {
        var id = await _seed.AcceptedAsync("WL-SIGN-0001");
        var page = await host.SignInAsync("fire-sign-zh", ["reviewer"], "fire", "/worklist?q=WL-SIGN-0001");
        var errors = Watch(page);
        var card = page.Locator(".ae-task", new PageLocatorOptions { HasTextString = "WL-SIGN-0001" });
        await card.WaitForAsync(Visible);
        await card.Locator("button[data-action=claim]").ClickAsync();
        await card.GetByText("我已签收").WaitForAsync(Visible);

        // 加签 -> 并加签 -> pick 张伟 and 李明 from the directory -> 确定加签.
        await card.Locator("[data-testid=add-signers]").ClickAsync();
        var dialog = page.Locator(".el-dialog:visible");
        await dialog.WaitForAsync(Visible);
        Assert.Contains("加签", await dialog.InnerTextAsync());
        await dialog.Locator(".el-radio-button", new LocatorLocatorOptions { HasTextString = "并加签" }).ClickAsync();
        await dialog.Locator(".el-select").ClickAsync();
        foreach (var user in new[] { "land-zhang", "planning-li" })
            await page.Locator($".el-select-dropdown__item:visible[data-user={user}]").ClickAsync();
        await dialog.Locator("textarea").FillAsync("请会同审查");
        await dialog.Locator("button[data-action=add-signers]").ClickAsync();
        await page.Locator(".el-message--success", new PageLocatorOptions { HasTextString = "已加签" }).WaitForAsync(Visible);
        await dialog.Locator("li[data-signer=land-zhang]").WaitForAsync(Visible);
        await dialog.Locator("li[data-signer=planning-li]").WaitForAsync(Visible);
        // Listing a held task's signers is for its holder, the head or an admin.
        var admin = await _seed.Admin();
        var task = Assert.Single(await _seed.TasksAsync(await _seed.Reviewer("fire"), id, "claimed"))!["id"]!.GetValue<string>();
        var added = (await admin.GetFromJsonAsync<JsonArray>($"/api/tasks/{task}/signers"))!;
        Assert.Equal(["land-zhang", "planning-li"], added.Select(s => s!["claimedBy"]!.GetValue<string>()).Order());
        Assert.All(added, s => Assert.Equal("parallel", s!["signMode"]!.GetValue<string>()));

        // 减签: remove 李明 while the signature is pending.
        await dialog.Locator("li[data-signer=planning-li] button[data-action=remove-signer]").ClickAsync();
        await page.Locator(".el-message--success", new PageLocatorOptions { HasTextString = "已减签" }).WaitForAsync(Visible);
        var after = (await admin.GetFromJsonAsync<JsonArray>($"/api/tasks/{task}/signers"))!;
        Assert.Equal("Cancelled", after.Single(s => s!["claimedBy"]!.GetValue<string>() == "planning-li")!["status"]!.GetValue<string>());
        var journal = await _seed.JournalAsync(id);
        Assert.Contains(journal, j => j!["eventName"]!.GetValue<string>() == "TaskSignersAdded");
        Assert.Contains(journal, j => j!["eventName"]!.GetValue<string>() == "TaskSignerRemoved");
        Assert.Empty(errors);
        await page.Context.CloseAsync();
    }
}
