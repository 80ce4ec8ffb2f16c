using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>中国式审批 in the worklist: a reviewer transfers a task to a colleague, and approves two others in one batch.</summary>
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
}
