using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.AccessControl;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Worklist;

/// <summary>The worklist as staff use it: views, search, cards with names and deadlines, bulk actions, and the clerk's awaiting list.</summary>
public abstract class WorklistContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;
    private PermitClient Permit => new(_api);

    private async Task<string> StartAsync(string correlationId, string applicant)
    {
        var response = await (await Permit.Clerk()).PostAsJsonAsync("/api/instances",
            new { definitionId = "construction-permit-3550", correlationId, input = new { applicant, project = "三号厂房" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static async Task<JsonArray> Items(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/tasks?" + query))!["items"]!.AsArray();

    /// <summary>The task ids of every page of <paramref name="query"/>, following each answer's next (after=) to the end.</summary>
    private static async Task<List<string>> FollowNextAsync(HttpClient client, string query, int pageSize)
    {
        var followed = new List<string>();
        string? next = null;
        do
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"/api/tasks?{query}&pageSize={pageSize}" + (next is null ? "" : $"&after={next}")))!;
            followed.AddRange(page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
        } while (next is not null);
        return followed;
    }

    [Fact]
    public async Task TotalCount_IsRightOnFullLastEmptyAndOnlyPages()
    {
        // The last page's total comes from the page itself (no count query); full and empty pages are counted.
        var id = await StartAsync("JS-WL-TOTAL-1", "苏州工业园区建设公司");
        await Permit.AcceptAsync(id);
        var admin = await Permit.Admin();
        async Task<(int Items, int Total)> Page(int page, int size)
        {
            var body = (await admin.GetFromJsonAsync<JsonObject>($"/api/tasks?instanceId={id}&status=open&page={page}&pageSize={size}"))!;
            return (body["items"]!.AsArray().Count, body["totalCount"]!.GetValue<int>());
        }
        Assert.Equal((3, 4), await Page(0, 3));
        Assert.Equal((1, 4), await Page(1, 3));
        Assert.Equal((0, 4), await Page(2, 3));
        Assert.Equal((4, 4), await Page(0, 10));
        Assert.Equal((4, 4), await Page(0, 4));
        var none = (await admin.GetFromJsonAsync<JsonObject>("/api/tasks?instanceId=no-such-instance&status=open"))!;
        Assert.Equal(0, none["totalCount"]!.GetValue<int>());
        var instances = (await admin.GetFromJsonAsync<JsonObject>("/api/instances?correlationId=JS-WL-TOTAL-1&page=1&pageSize=1"))!;
        Assert.Empty(instances["items"]!.AsArray());
        Assert.Equal(1, instances["totalCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task DepartmentNeedsCorrection_ReachesTheClerkWithTheNoticeAndAPausedClock()
    {
        var id = await StartAsync("JS-WL-CORR-1", "苏州工业园区建设公司");
        await Permit.AcceptAsync(id);
        var fire = await Permit.Reviewer("fire");
        var task = await Permit.OpenTaskIdAsync(fire, id);

        var vague = await PermitClient.CompleteAsync(fire, task, "NeedsCorrection", "Evacuation stairs are not drawn.");
        Assert.Equal(HttpStatusCode.BadRequest, vague.StatusCode);
        Assert.Equal(ErrorCodes.MaterialsRequired, (await vague.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        await Permit.ReviewAsync(id, "fire", "NeedsCorrection", "Evacuation stairs are not drawn.", ["fire exit plan"]);

        var awaiting = await AwaitingAsync(await Permit.Clerk());
        var entry = Assert.Single(awaiting, a => a!["instanceId"]!.GetValue<string>() == id)!;
        Assert.Equal("fire", entry["requestedBy"]!.GetValue<string>());
        Assert.Equal("消防救援支队", entry["requestedByName"]!.GetValue<string>());
        Assert.Equal("苏州工业园区建设公司", entry["applicant"]!.GetValue<string>());
        Assert.Equal("JS-WL-CORR-1", entry["correlationId"]!.GetValue<string>());
        Assert.Equal(["fire exit plan"], entry["notice"]!["items"]!.AsArray().Select(i => i!["material"]!.GetValue<string>()));
        Assert.Equal("Evacuation stairs are not drawn.", entry["notice"]!["text"]!.GetValue<string>());
        Assert.NotNull(entry["clockPausedSince"]);
        Assert.True(entry["workingDaysLeft"]!.GetValue<int>() > 0);
        Assert.Equal(HttpStatusCode.Forbidden, (await fire.GetAsync("/api/worklist/awaiting-applicant")).StatusCode);
        // Need-to-know: a clerk of another window does not see it (nor the applicant's name); an admin does.
        Assert.DoesNotContain(await AwaitingAsync(Tokens.Client(_api, "clerk-zhao", ["clerk"], department: "window-north")), a => a!["instanceId"]!.GetValue<string>() == id);
        Assert.Contains(await AwaitingAsync(await Permit.Admin()), a => a!["instanceId"]!.GetValue<string>() == id);

        var clerk = await Permit.Clerk();
        (await Permit.UploadAsync(clerk, id, "fire exit plan")).EnsureSuccessStatusCode();
        (await clerk.PostAsync($"/api/instances/{id}/resubmission", null)).EnsureSuccessStatusCode();
        Assert.DoesNotContain(await AwaitingAsync(clerk), a => a!["instanceId"]!.GetValue<string>() == id);
    }

    [Theory]
    [InlineData("long")]
    [InlineData("line break")]
    [InlineData("direction mark")]
    [InlineData("too many")]
    public async Task CorrectionNotice_ListingANameNoUploadCanCarry_400AndTheStepStaysOpen(string kind)
    {
        // Uploads take names of at most 256 characters without control characters: a notice asking for another kept the
        // application at 待补正 for good (every resubmission: correction.still-missing).
        var id = await StartAsync($"JS-WL-NAMES-{kind.Replace(' ', '-')}", "材料名称测试公司");
        await Permit.AcceptAsync(id);
        var fire = await Permit.Reviewer("fire");
        var task = await Permit.OpenTaskIdAsync(fire, id);
        string[] materials = kind switch
        {
            "long" => [new string('图', 257)],
            "line break" => ["消防\n设计"],
            "direction mark" => ["报告\u202Egnp.pdf"],
            _ => Enumerable.Range(1, 101).Select(i => $"材料{i}").ToArray(),
        };
        var refused = await PermitClient.CompleteAsync(fire, task, "NeedsCorrection", "材料不全。", materials);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("materials", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        Assert.Single(await Items(fire, $"view=department&instanceId={id}"));
        // Nor may an upload's file name carry a direction mark that shows another file type.
        using var form = new MultipartFormDataContent
        {
            { new StringContent("消防设计"), "name" },
            { new ByteArrayContent(PermitClient.PdfBytes()) { Headers = { ContentType = new("application/pdf") } }, "file", "报告\u202Egnp.pdf" },
        };
        var upload = await (await Permit.Clerk()).PostAsync($"/api/instances/{id}/materials", form);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Equal("material.file-name", (await upload.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task AwaitingApplicant_ByPage_OldestNoticeFirst_WithTheTotal()
    {
        var ids = new List<string>();
        foreach (var file in new[] { "JS-WL-AWAIT-1", "JS-WL-AWAIT-2", "JS-WL-AWAIT-3" })
        {
            var id = await StartAsync(file, "分页申请人");
            await Permit.AcceptAsync(id);
            await Permit.ReviewAsync(id, "fire", "NeedsCorrection", "Evacuation stairs are not drawn.", ["fire exit plan"]);
            ids.Add(id);
            _api.Time.Advance(TimeSpan.FromMinutes(1));
        }
        var clerk = await Permit.Clerk();
        var all = (await clerk.GetFromJsonAsync<JsonObject>("/api/worklist/awaiting-applicant?pageSize=500"))!;
        var order = all["items"]!.AsArray().Select(a => a!["instanceId"]!.GetValue<string>()).Where(ids.Contains).ToList();
        Assert.Equal(ids, order);
        var total = all["totalCount"]!.GetValue<int>();
        var last = (await clerk.GetFromJsonAsync<JsonObject>($"/api/worklist/awaiting-applicant?pageSize=1&page={total - 1}"))!;
        Assert.Equal(ids[^1], Assert.Single(last["items"]!.AsArray())!["instanceId"]!.GetValue<string>());
        Assert.Equal(total, last["totalCount"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.GetAsync("/api/worklist/awaiting-applicant?pageSize=0")).StatusCode);
    }

    private static async Task<JsonArray> AwaitingAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonObject>("/api/worklist/awaiting-applicant?pageSize=500"))!["items"]!.AsArray();

    [Fact]
    public async Task MenuBadge_CountsTheWorklistAsItOpens_AndFollowsArrivalsClaimsAndCompletions()
    {
        var clerk = await Permit.Clerk();
        var fire = await Permit.Reviewer("fire");
        var colleague = await _api.ClientAsync("fire-colleague", "reviewer", "fire");
        async Task<int> Badge(HttpClient client)
        {
            var body = (await client.GetFromJsonAsync<JsonObject>("/api/tasks/pending-count"))!;
            Assert.False(body["capped"]!.GetValue<bool>());
            return body["count"]!.GetValue<int>();
        }
        async Task<int> TabTotal(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonObject>("/api/tasks?view=department&pageSize=1"))!["totalCount"]!.GetValue<int>();
        var (clerkBefore, fireBefore) = (await Badge(clerk), await Badge(fire));
        Assert.Equal(await TabTotal(clerk), clerkBefore);
        Assert.Equal(await TabTotal(fire), fireBefore);

        // A new application waits at the window; once accepted, in each reviewing department (fire among them).
        var id = await StartAsync("JS-WL-BADGE-1", "徽章测试公司");
        Assert.Equal(clerkBefore + 1, await Badge(clerk));
        Assert.Equal(fireBefore, await Badge(fire));
        await Permit.AcceptAsync(id);
        Assert.Equal(clerkBefore, await Badge(clerk));
        Assert.Equal(fireBefore + 1, await Badge(fire));
        Assert.Equal(await TabTotal(fire), await Badge(fire));

        // A claim keeps it in the department's view (and its badge) for colleagues; the completion takes it out for all.
        var task = await Permit.OpenTaskIdAsync(fire, id);
        (await fire.PostAsync($"/api/tasks/{task}/claim", null)).EnsureSuccessStatusCode();
        Assert.Equal(fireBefore + 1, await Badge(colleague));
        (await PermitClient.CompleteAsync(fire, task, "Approved")).EnsureSuccessStatusCode();
        Assert.Equal(fireBefore, await Badge(fire));
        Assert.Equal(fireBefore, await Badge(colleague));

        // A department with nothing waiting, a clerk of another window, and a role without a worklist.
        Assert.Equal(0, await Badge(await Permit.Reviewer("tax")));
        Assert.Equal(0, await Badge(Tokens.Client(_api, "clerk-zhao", ["clerk"], department: "window-north")));
        var designer = await _api.ClientAsync("designer-1", "designer");
        var refused = await designer.GetAsync("/api/tasks/pending-count");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(ErrorCodes.TaskNoInbox, (await refused.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClaimedTask_StaysInTheDepartmentViewAndIsInMine_WithACardThatNamesEverything()
    {
        var id = await StartAsync("JS-WL-CLAIM-1", "常州新能源有限公司");
        await Permit.AcceptAsync(id);
        var fire = await Permit.Reviewer("fire");
        var colleague = await _api.ClientAsync("fire-colleague", "reviewer", "fire");
        var task = await Permit.OpenTaskIdAsync(fire, id);

        (await fire.PostAsync($"/api/tasks/{task}/claim", null)).EnsureSuccessStatusCode();

        var department = await Items(colleague, $"view=department&instanceId={id}");
        var card = Assert.Single(department)!;
        Assert.Equal(task, card["id"]!.GetValue<string>());
        Assert.Equal("Claimed", card["status"]!.GetValue<string>());
        Assert.Equal("reviewer-fire", card["claimedBy"]!.GetValue<string>());
        Assert.Equal("消防救援支队", card["departmentName"]!.GetValue<string>());
        Assert.Equal("常州新能源有限公司", card["applicant"]!.GetValue<string>());
        Assert.Equal("三号厂房", card["projectName"]!.GetValue<string>());
        Assert.Equal("JS-WL-CLAIM-1", card["correlationId"]!.GetValue<string>());
        Assert.Equal("Approvals.Review", card["activityType"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(card["stepName"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(card["definitionName"]!.GetValue<string>()));
        Assert.Equal(["Approved", "Rejected", "NeedsCorrection"], card["allowedOutcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.Equal("onTrack", card["deadlineState"]!.GetValue<string>());
        Assert.Equal(15, card["workingDaysLeft"]!.GetValue<int>());
        Assert.Single(await Items(fire, $"view=mine&instanceId={id}"));
        Assert.Empty(await Items(colleague, $"view=mine&instanceId={id}"));

        _api.Time.Advance(TimeSpan.FromDays(40));
        var late = Assert.Single(await Items(colleague, $"view=department&instanceId={id}"))!;
        Assert.Equal("overdue", late["deadlineState"]!.GetValue<string>());
        Assert.True(late["workingDaysLeft"]!.GetValue<int>() < 0);

        (await PermitClient.CompleteAsync(fire, task, "Approved")).EnsureSuccessStatusCode();
        Assert.Empty(await Items(colleague, $"view=department&instanceId={id}"));
        var done = Assert.Single(await Items(colleague, $"view=done&instanceId={id}"))!;
        Assert.Equal("none", done["deadlineState"]!.GetValue<string>());
    }

    [Fact]
    public async Task Search_ByFileNumberApplicantAndProcess_AndSortedByCreated()
    {
        var first = await StartAsync("JS-WL-FIND-0001", "南通船舶制造有限公司");
        _api.Time.Advance(TimeSpan.FromMinutes(5));
        var second = await StartAsync("JS-WL-FIND-0002", "无锡微电子股份公司");
        var clerk = await Permit.Clerk();

        Assert.Equal([first], (await Items(clerk, "q=FIND-0001")).Select(t => t!["instanceId"]!.GetValue<string>()));
        Assert.Equal([second], (await Items(clerk, "q=" + Uri.EscapeDataString("无锡微电子"))).Select(t => t!["instanceId"]!.GetValue<string>()));
        var byProcess = await Items(clerk, "pageSize=500&q=" + Uri.EscapeDataString("3550"));
        Assert.Contains(byProcess, t => t!["instanceId"]!.GetValue<string>() == first);
        Assert.Empty(await Items(clerk, "q=JS-WL-FIND&definitionId=record-filing"));
        Assert.Equal([second, first], (await Items(clerk, "q=JS-WL-FIND&sort=created&desc=true")).Select(t => t!["instanceId"]!.GetValue<string>()));
        var bad = await clerk.GetAsync("/api/tasks?view=everything");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("view", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("due", false)]
    [InlineData("due", true)]
    [InlineData("created", false)]
    [InlineData("created", true)]
    public async Task KeysetPaging_FollowingNext_GivesTheSameTasksInTheSameOrderAsOnePage(string sort, bool desc)
    {
        for (var i = 0; i < 3; i++) await Permit.AcceptAsync(await StartAsync($"JS-WL-KEY-{sort}-{desc}-{i}", "键集分页公司"));
        var admin = await Permit.Admin();
        var order = $"sort={sort}&desc={desc.ToString().ToLowerInvariant()}";
        var whole = (await Items(admin, $"{order}&pageSize=500")).Select(t => t!["id"]!.GetValue<string>()).ToList();
        Assert.True(whole.Count >= 15, $"{whole.Count} tasks");

        Assert.Equal(whole, await FollowNextAsync(admin, order, 4));
    }

    /// <summary>
    /// A reviewer's inbox followed by keyset pages when tasks tie on every key but id (one fork opens its reviews at one
    /// instant with one due date) and some have no due date: PostgreSQL seeks with a row comparison, which never matches a
    /// NULL, so the undated tasks must follow the dated ones, once each, whichever page the change falls on.
    /// </summary>
    [Theory]
    [InlineData("status=open", false)]
    [InlineData("view=department", false)]
    [InlineData("view=department", true)]
    public async Task KeysetPaging_InboxWithTiesAndUndatedTasks_FollowingNextGivesEachTaskOnceInOrder(string filter, bool desc)
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.Add(await StartAsync($"JS-WL-TIE-{filter}-{desc}-{i}", "并列排序公司"));
        foreach (var id in ids) await Permit.AcceptAsync(id);
        var undated = ids.Take(2).ToList();
        await using (var scope = _api.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<Persistence.Storage.ApprovalDbContext>().Tasks
                .Where(t => undated.Contains(t.InstanceId) && t.Department == "fire")
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.DueDate, (DateOnly?)null));
        var fire = await Permit.Reviewer("fire");
        var order = $"department=fire&{filter}&sort=due&desc={desc.ToString().ToLowerInvariant()}";
        var first = (await fire.GetFromJsonAsync<JsonObject>($"/api/tasks?{order}&pageSize=500"))!;
        var whole = first["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
        var dated = first["items"]!.AsArray().Count(t => t!["dueDate"] is not null);
        Assert.True(dated >= 2 && whole.Count - dated >= 2, $"{dated} dated, {whole.Count - dated} undated");
        Assert.Equal(whole.Count, first["totalCount"]!.GetValue<int>());
        // A page size that does not divide the dated tasks: one page holds the last dated and the first undated tasks.
        var size = Enumerable.Range(2, 20).First(n => dated % n != 0);

        var followed = new List<string>();
        string? next = null;
        do
        {
            var page = (await fire.GetFromJsonAsync<JsonObject>($"/api/tasks?{order}&pageSize={size}" + (next is null ? "" : $"&after={next}")))!;
            // Only the first page is counted; a keyset page keeps the client's count.
            Assert.Equal(next is null, page["totalCount"] is not null);
            followed.AddRange(page["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()));
            next = page["next"]?.GetValue<string>();
        } while (next is not null);

        Assert.Equal(whole, followed);
    }

    /// <summary>The done tab (已办) in the order its users read it: most recently handled first (or oldest first), page by page.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DoneTab_ByTimeHandled_FollowingNextGivesTheSameTasksInTheSameOrderAsOnePage(bool desc)
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await StartAsync($"JS-WL-DONE-{desc}-{i}", "办结排序公司"));
            await Permit.AcceptAsync(ids[^1]);
        }
        // Fire handles them a minute apart, the last started first.
        var fire = await Permit.Reviewer("fire");
        foreach (var id in Enumerable.Reverse(ids))
        {
            _api.Time.Advance(TimeSpan.FromMinutes(1));
            (await PermitClient.CompleteAsync(fire, await Permit.OpenTaskIdAsync(fire, id), "Approved")).EnsureSuccessStatusCode();
        }
        var order = $"view=done&sort=completed&desc={desc.ToString().ToLowerInvariant()}";

        var whole = await Items(fire, $"{order}&pageSize=500");
        var handled = whole.Select(t => t!["completedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(desc ? handled.OrderDescending() : handled.Order(), handled);
        Assert.Equal(desc ? ids : Enumerable.Reverse(ids),
            whole.Select(t => t!["instanceId"]!.GetValue<string>()).Where(ids.Contains));
        Assert.Equal(whole.Select(t => t!["id"]!.GetValue<string>()), await FollowNextAsync(fire, order, 2));
    }

    [Theory]
    [InlineData("sort=completed")]
    [InlineData("sort=completed&view=department")]
    [InlineData("sort=completed&view=mine&status=completed")]
    [InlineData("sort=completed&status=open")]
    public async Task SortByTimeHandled_ForTasksNotHandled_400NamingTheSort(string query)
    {
        var response = await (await Permit.Reviewer("fire")).GetAsync("/api/tasks?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("validation.sort", "sort"), (problem["code"]!.GetValue<string>(), problem["field"]!.GetValue<string>()));
    }

    /// <summary>A number where a name belongs is refused, not read as whatever the enum's position means.</summary>
    [Theory]
    [InlineData("view=7", "view")]
    [InlineData("view=1", "view")]
    [InlineData("sort=1", "sort")]
    [InlineData("status=0", "status")]
    [InlineData("sort=due,created", "sort")]
    public async Task Worklist_NumberOrListForAName_400NamingTheField(string query, string field)
    {
        var response = await (await Permit.Reviewer("fire")).GetAsync("/api/tasks?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("after=not-a-cursor", "validation.field", "after")]
    [InlineData("after=MXwwfHwxfHg", "validation.field", "after")]
    [InlineData("after=MHwwfHwxfHg&page=2", "validation.paging", "page")]
    [InlineData("after=MnwwfHwxfHg&sort=department", "validation.sort", "after")]
    public async Task KeysetPaging_BadCursor_400NamingTheField(string query, string code, string field)
    {
        var response = await (await Permit.Admin()).GetAsync("/api/tasks?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((code, field), (problem["code"]!.GetValue<string>(), problem["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BulkComplete_ThreeTasks_ThreeStimuliEachWithJournalLineAndAuditRecord()
    {
        var ids = new List<string>();
        for (var i = 1; i <= 3; i++) ids.Add(await StartAsync($"JS-WL-BULK-{i}", "批量测试公司"));
        var clerk = await Permit.Clerk();
        var tasks = new List<string>();
        foreach (var id in ids) tasks.Add(await Permit.OpenTaskIdAsync(clerk, id));

        var claim = await (await clerk.PostAsJsonAsync("/api/tasks/bulk/claim", new { taskIds = tasks })).Content.ReadFromJsonAsync<JsonObject>();
        var response = await clerk.PostAsJsonAsync("/api/tasks/bulk/complete", new { taskIds = tasks.Append("no-such-task"), outcome = "Accepted", opinion = "材料齐全" });

        Assert.All(claim!["results"]!.AsArray(), r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        var results = (await response.Content.ReadFromJsonAsync<JsonObject>())!["results"]!.AsArray();
        Assert.Equal(3, results.Count(r => r!["status"]!.GetValue<int>() == 200));
        var missing = results.Single(r => r!["taskId"]!.GetValue<string>() == "no-such-task")!;
        Assert.Equal(404, missing["status"]!.GetValue<int>());
        Assert.Equal(ErrorCodes.TaskNotFound, missing["code"]!.GetValue<string>());
        var auditor = await _api.ClientAsync("auditor-1", "auditor");
        for (var i = 0; i < 3; i++)
        {
            var journal = await Permit.JournalAsync(ids[i]);
            Assert.Single(journal, j => j!["eventName"]!.GetValue<string>() == "Resumed" && j["payload"]?["taskId"]?.GetValue<string>() == tasks[i]);
            var audit = await auditor.GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={ids[i]}&action=task.completed");
            Assert.Equal(1, audit!["totalCount"]!.GetValue<int>());
        }
        Assert.Equal(3, (await Items(clerk, "view=done&q=JS-WL-BULK")).Count);
    }
}

public sealed class SqliteWorklistTests(SqliteHost host) : WorklistContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresWorklistTests(PostgresHost host) : WorklistContract(host), IClassFixture<PostgresHost>;
