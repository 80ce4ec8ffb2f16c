using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Organisation;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.Tasks;

/// <summary>
/// 中国式审批 task operations end to end over HTTP: transfer (and its race), delegate, copy with read receipts, urge with its
/// daily limit, substitutes by date, return inside a fork region and withdraw. Each leaves a journal line and an audit record.
/// </summary>
public abstract class TaskOperationContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;
    private PermitClient Permit => new(_api);

    private async Task<(string Instance, string Task)> FireTaskAsync(string correlationId)
    {
        var id = await Permit.StartAsync(correlationId);
        await Permit.AcceptAsync(id);
        return (id, await Permit.OpenTaskIdAsync(await Permit.Reviewer("fire"), id));
    }

    private static async Task<JsonObject> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<List<string>> EventsAsync(string instanceId) =>
        (await Permit.JournalAsync(instanceId)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();

    private async Task<List<string>> AuditActionsAsync(string instanceId) =>
        (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={instanceId}&pageSize=200"))!["items"]!.AsArray()
            .Select(a => a!["action"]!.GetValue<string>()).ToList();

    [Fact]
    public async Task Transfer_ToPerson_NewOwnerDoesTheWork_OthersRefused_Journalled()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-TRANSFER-1");
        var fire = await Permit.Reviewer("fire");

        var moved = await Ok(await fire.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toUser = "fire-chen", reason = "熟悉该项目" }));

        Assert.Equal(("Claimed", "fire-chen"), (moved["status"]!.GetValue<string>(), moved["claimedBy"]!.GetValue<string>()));
        var colleague = await _api.ClientAsync("fire-wu", "reviewer", "fire");
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskClaimedByOther, (string?)null),
            await OrganisationContract.Problem(await colleague.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toUser = "fire-wu" })));
        var outsider = await Permit.Reviewer("land");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toDepartment = "land" })).StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.StaffNotFound, (string?)"toUser"),
            await OrganisationContract.Problem(await (await _api.ClientAsync("fire-chen", "reviewer", "fire")).PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toUser = "nobody" })));
        Assert.Equal(HttpStatusCode.Conflict, (await PermitClient.CompleteAsync(fire, task, "Approved")).StatusCode);

        var chen = await _api.ClientAsync("fire-chen", "reviewer", "fire");
        var done = await Ok(await PermitClient.CompleteAsync(chen, task, "Approved", "符合消防要求"));
        Assert.Equal("fire-chen", done["completedBy"]!.GetValue<string>());
        Assert.Contains("TaskTransferred", await EventsAsync(id));
        Assert.Contains("task.transferred", await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Transfer_ToDepartment_LeavesTheOldInbox()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-TRANSFER-2");
        var head = await _api.ClientAsync("director-huang", "reviewer", "bureau");
        // The head of another department has no say over fire's task (nor, before the bureau's own step, may read the application).
        Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.ApplicationAccessDenied, (string?)"id"),
            await OrganisationContract.Problem(await head.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toDepartment = "land" })));
        var moved = await Ok(await (await Permit.Admin()).PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toDepartment = "land", reason = "属于用地审查" }));

        Assert.Equal(("Open", "land"), (moved["status"]!.GetValue<string>(), moved["department"]!.GetValue<string>()));
        Assert.Empty(await Permit.TasksAsync(await Permit.Reviewer("fire"), id));
        Assert.Equal(2, (await Permit.TasksAsync(await Permit.Reviewer("land"), id)).Count);
    }

    [Fact]
    public async Task Transfer_Race_ExactlyOneWins_TheOthersGet409()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-RACE-1");
        var members = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => _api.ClientAsync($"fire-member-{i}", "reviewer", "fire")));

        var responses = await Task.WhenAll(members.Select((m, i) => m.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toUser = "fire-chen", reason = $"第{i}位" })));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await EventsAsync(id), e => e == "TaskTransferred");
    }

    [Fact]
    public async Task Delegate_DelegateAnswers_OwnerConfirms()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-DELEGATE-1");
        var owner = await Permit.Reviewer("fire");
        (await owner.PostAsync($"/api/tasks/{task}/claim", null)).EnsureSuccessStatusCode();
        var delegated = await Ok(await owner.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { toUser = "fire-chen", reason = "请协助审查疏散通道" }));
        Assert.Equal(("fire-chen", "reviewer-fire"), (delegated["claimedBy"]!.GetValue<string>(), delegated["delegatedBy"]!.GetValue<string>()));

        var chen = await _api.ClientAsync("fire-chen", "reviewer", "fire");
        var answered = await Ok(await PermitClient.CompleteAsync(chen, task, "Approved", "疏散通道符合规范"));
        Assert.Equal(("Claimed", "reviewer-fire"), (answered["status"]!.GetValue<string>(), answered["claimedBy"]!.GetValue<string>()));
        Assert.Null(answered["outcome"]);
        Assert.Equal("Claimed", (await Permit.TasksAsync(owner, id, "claimed")).Single()!["status"]!.GetValue<string>());

        var confirmed = await Ok(await PermitClient.CompleteAsync(owner, task, "Approved", "同意"));
        Assert.Equal(("Completed", "reviewer-fire"), (confirmed["status"]!.GetValue<string>(), confirmed["completedBy"]!.GetValue<string>()));
        var events = await EventsAsync(id);
        Assert.True(events.IndexOf("TaskDelegated") < events.IndexOf("TaskDelegationAnswered"));
    }

    [Fact]
    public async Task Copy_RecipientsReadOnce_ReceiptRecorded()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-COPY-1");
        var fire = await Permit.Reviewer("fire");
        var copies = (await fire.PostAsJsonAsync($"/api/tasks/{task}/copy", new { users = new[] { "land-zhang" }, departments = new[] { "planning" }, note = "请知悉" }));
        Assert.Equal(HttpStatusCode.OK, copies.StatusCode);
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.DepartmentNotFound, (string?)"departments"),
            await OrganisationContract.Problem(await fire.PostAsJsonAsync($"/api/tasks/{task}/copy", new { departments = new[] { "nowhere" } })));

        var zhang = await _api.ClientAsync("land-zhang", "reviewer", "land");
        var inbox = (await zhang.GetFromJsonAsync<JsonArray>("/api/tasks/copies?unread=true"))!;
        var copy = Assert.Single(inbox, c => c!["instanceId"]!.GetValue<string>() == id)!;
        var read = await Ok(await zhang.PostAsync($"/api/tasks/copies/{copy["id"]}/read", null));
        Assert.Equal("land-zhang", read["readBy"]!.GetValue<string>());
        await Ok(await zhang.PostAsync($"/api/tasks/copies/{copy["id"]}/read", null));
        Assert.DoesNotContain((await zhang.GetFromJsonAsync<JsonArray>("/api/tasks/copies?unread=true"))!, c => c!["instanceId"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.OK, (await zhang.GetAsync($"/api/instances/{id}")).StatusCode);
        Assert.Single((await (await Permit.Reviewer("planning")).GetFromJsonAsync<JsonArray>("/api/tasks/copies"))!, c => c!["instanceId"]!.GetValue<string>() == id);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Permit.Reviewer("environment")).PostAsync($"/api/tasks/copies/{copy["id"]}/read", null)).StatusCode);

        var events = await EventsAsync(id);
        Assert.Contains("TaskCopied", events);
        Assert.Single(events, e => e == "TaskCopyRead");
    }

    [Fact]
    public async Task Urge_NotifiesTheHolder_LimitedPerDay()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-URGE-1");
        var clerk = await Permit.Clerk();
        await Ok(await clerk.PostAsJsonAsync($"/api/tasks/{task}/urge", new { message = "申请人催问进度" }));
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskUrgeLimit, (string?)null),
            await OrganisationContract.Problem(await clerk.PostAsJsonAsync($"/api/tasks/{task}/urge", new { message = "再次催办" })));
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Permit.Reviewer("land")).PostAsJsonAsync($"/api/tasks/{task}/urge", new { })).StatusCode);

        var notices = (await (await Permit.Reviewer("fire")).GetFromJsonAsync<JsonNode>("/api/notifications"))!.ToJsonString();
        Assert.Contains("task.urged", notices);
        Assert.Single(await EventsAsync(id), e => e == "TaskUrged");
        Assert.Contains("task.urged", await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Substitute_OnLeave_TaskGoesToTheSubstitute_BothNamesRecorded_OnlyForThePeriod()
    {
        var admin = await Permit.Admin();
        // ApiFactory's clock: Monday 2026-03-02. env-zhou is on leave Monday and Tuesday.
        (await admin.PostAsJsonAsync("/api/directory/substitutes",
            new { staffId = "env-zhou", substituteId = "planning-li", from = "2026-03-02", to = "2026-03-03", reason = "年休假" })).EnsureSuccessStatusCode();
        var id = await Permit.StartAsync("JS-OPS-SUBST-1");
        await Permit.AcceptAsync(id);
        var environment = await Permit.Reviewer("environment");
        var task = await Permit.OpenTaskIdAsync(environment, id);

        var routed = await Ok(await environment.PostAsJsonAsync($"/api/tasks/{task}/transfer", new { toUser = "env-zhou" }));

        Assert.Equal(("planning-li", "env-zhou"), (routed["claimedBy"]!.GetValue<string>(), routed["assignedFor"]!.GetValue<string>()));
        var journal = (await Permit.JournalAsync(id)).Single(j => j!["eventName"]!.GetValue<string>() == "TaskTransferred")!;
        Assert.Contains("周丽", journal["message"]!.GetValue<string>());
        Assert.Contains("李明", journal["message"]!.GetValue<string>());
        var li = await _api.ClientAsync("planning-li", "reviewer", "planning");
        Assert.Contains(await Permit.TasksAsync(li, id, "claimed"), t => t!["id"]!.GetValue<string>() == task);
        await Ok(await PermitClient.CompleteAsync(li, task, "Approved", "代理审查：符合要求"));

        // Wednesday: back from leave, work routed to env-zhou goes to her.
        _api.Time.Advance(TimeSpan.FromDays(2));
        var second = await Permit.StartAsync("JS-OPS-SUBST-2");
        await Permit.AcceptAsync(second);
        var next = await Permit.OpenTaskIdAsync(environment, second);
        var direct = await Ok(await environment.PostAsJsonAsync($"/api/tasks/{next}/transfer", new { toUser = "env-zhou" }));
        Assert.Equal("env-zhou", direct["claimedBy"]!.GetValue<string>());
        Assert.Null(direct["assignedFor"]);
    }

    /// <summary>Fork: branch a = precheck (planning) then fire (may return to precheck); branch b = land; join; end.</summary>
    private async Task<string> PublishForkProcessAsync()
    {
        var model = new WorkflowJson().Start().Fork("fork", "a", "b")
            .Activity("precheck", "Approvals.Review", ("department", "Literal", "planning"))
            .Activity("fireReview", "Approvals.Review", ("department", "Literal", "fire"), ("returnTargets", "Object", "[\"precheck\"]"))
            .Activity("landReview", "Approvals.Review", ("department", "Literal", "land"))
            .Join("join").End()
            .Connect("start", "fork").Connect("fork", "precheck", "a").Connect("fork", "landReview", "b")
            .Connect("precheck", "fireReview", "Approved").Connect("fireReview", "join", "Approved").Connect("landReview", "join", "Approved")
            .Connect("join", "end")
            .Variable("reviews").Build("驳回测试", "return-in-fork");
        var admin = await Permit.Admin();
        if ((await admin.GetAsync("/api/definitions/return-in-fork")).StatusCode != HttpStatusCode.OK)
        {
            (await admin.PostAsJsonAsync("/api/definitions", model)).EnsureSuccessStatusCode();
            (await admin.PostAsync("/api/definitions/return-in-fork/publish", null)).EnsureSuccessStatusCode();
        }
        var started = await Ok(await admin.PostAsJsonAsync("/api/instances", new { definitionId = "return-in-fork", correlationId = "JS-OPS-FORK" }));
        return started["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Return_InsideAForkRegion_OtherBranchKeepsItsWork_TheJoinStillFires()
    {
        var id = await PublishForkProcessAsync();
        await Permit.ReviewAsync(id, "planning", "Approved", "预审通过");
        await Permit.ReviewAsync(id, "land", "Approved", "用地符合规划");
        var fire = await Permit.Reviewer("fire");
        var fireTask = await Permit.OpenTaskIdAsync(fire, id);

        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.TaskReturnNotAllowed, (string?)"to"),
            await OrganisationContract.Problem(await fire.PostAsJsonAsync($"/api/tasks/{fireTask}/return", new { to = "landReview", reason = "x" })));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ReasonRequired, (string?)"reason"),
            await OrganisationContract.Problem(await fire.PostAsJsonAsync($"/api/tasks/{fireTask}/return", new { to = "precheck" })));
        var reopened = await Ok(await fire.PostAsJsonAsync($"/api/tasks/{fireTask}/return", new { to = "precheck", reason = "预审漏查消防通道" }));

        Assert.Equal(("precheck", "reviewer-planning"), (reopened["activityId"]!.GetValue<string>(), reopened["claimedBy"]!.GetValue<string>()));
        Assert.Equal("Cancelled", (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/tasks/{fireTask}"))!["status"]!.GetValue<string>());
        await Ok(await PermitClient.CompleteAsync(await Permit.Reviewer("planning"), reopened["id"]!.GetValue<string>(), "Approved", "已补查"));
        await Permit.ReviewAsync(id, "fire", "Approved", "符合要求");

        // Land's review was done once and kept: the join fired on it and the process finished.
        var land = await Permit.TasksAsync(await Permit.Admin(), id, "completed", "land");
        Assert.Single(land);
        Assert.Equal("Finished", (await Permit.InstanceAsync(id))["status"]!.GetValue<string>());
        Assert.Contains("task.returned", await AuditActionsAsync(id));
    }

    [Fact]
    public async Task Return_ToTheApplicant_OneCorrectionNotice_ClockPaused_ResubmissionReopensTheStep()
    {
        var (id, task) = await FireTaskAsync("JS-OPS-RETURN-APPLICANT");
        var fire = await Permit.Reviewer("fire");
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.MaterialsRequired, (string?)"materials"),
            await OrganisationContract.Problem(await fire.PostAsJsonAsync($"/api/tasks/{task}/return", new { to = "applicant", reason = "图纸不清" })));
        Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.TaskOperationForbidden, (string?)null),
            await OrganisationContract.Problem(await (await Permit.Reviewer("land")).PostAsJsonAsync($"/api/tasks/{task}/return",
                new { to = "applicant", reason = "x", materials = new[] { "消防设计图" } })));

        var returned = await Ok(await fire.PostAsJsonAsync($"/api/tasks/{task}/return", new { to = "applicant", reason = "消防通道图纸不清，请补正", materials = new[] { "消防设计图" } }));

        Assert.Equal(("Completed", "NeedsCorrection"), (returned["status"]!.GetValue<string>(), returned["outcome"]!.GetValue<string>()));
        var clerk = await Permit.Clerk();
        var notice = (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/correction-notices"))!.Single()!;
        Assert.Equal(("fire", "消防设计图"), (notice["requestedBy"]!.GetValue<string>(), notice["missing"]!.AsArray().Single()!.GetValue<string>()));
        Assert.Null(notice["resolvedAt"]);
        var statutory = (await (await Permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!.Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.Equal("paused", statutory["state"]!.GetValue<string>());
        Assert.Empty(await Permit.TasksAsync(fire, id));
        Assert.Contains("task.completed", await AuditActionsAsync(id));

        // The applicant's complete resubmission reopens fire's review only, as a new round, and the clock runs again.
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.PostAsync($"/api/instances/{id}/resubmission", null)).StatusCode);
        (await Permit.UploadAsync(clerk, id, "消防设计图")).EnsureSuccessStatusCode();
        await Ok(await clerk.PostAsync($"/api/instances/{id}/resubmission", null));
        var again = (await Permit.TasksAsync(fire, id)).Single()!;
        Assert.Equal(("fire", 2), (again["department"]!.GetValue<string>(), again["round"]!.GetValue<int>()));
        Assert.Equal(4, (await Permit.TasksAsync(await Permit.Admin(), id)).Count); // planning, land and environment kept their round 1
        statutory = (await (await Permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!.Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.NotEqual("paused", statutory["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Withdraw_BeforeTheNextStepActs_ThenTooLate()
    {
        var id = await PublishForkProcessAsync();
        var planning = await Permit.Reviewer("planning");
        var precheck = await Permit.OpenTaskIdAsync(planning, id);
        await Ok(await PermitClient.CompleteAsync(planning, precheck, "Approved", "预审通过"));
        var fire = await Permit.Reviewer("fire");
        var fireTask = await Permit.OpenTaskIdAsync(fire, id);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await _api.ClientAsync("planning-other", "reviewer", "planning")).PostAsJsonAsync($"/api/tasks/{precheck}/withdraw", new { })).StatusCode);
        // Someone who may not read the application learns nothing from its task ids: not who completed a step (withdraw named
        // them), not its state (409 before any permission), not whose it is (a claim named the department).
        foreach (var outsider in new[] { await Permit.Reviewer("tax"), await _api.ClientAsync("clerk-north", "clerk", "window-north") })
        {
            foreach (var (path, body) in new (string, object)[] { ($"/api/tasks/{precheck}/withdraw", new { }), ($"/api/tasks/{fireTask}/withdraw", new { }),
                         ($"/api/tasks/{fireTask}/transfer", new { toUser = "fire-chen" }), ($"/api/tasks/{fireTask}/return", new { to = "applicant", reason = "x" }) })
                Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.ApplicationAccessDenied, (string?)"id"),
                    await OrganisationContract.Problem(await outsider.PostAsJsonAsync(path, body)));
        }
        var claimed = await (await Permit.Reviewer("tax")).PostAsync($"/api/tasks/{fireTask}/claim", null);
        Assert.Equal(HttpStatusCode.Forbidden, claimed.StatusCode);
        Assert.DoesNotContain("fire", await claimed.Content.ReadAsStringAsync());
        var back = await Ok(await planning.PostAsJsonAsync($"/api/tasks/{precheck}/withdraw", new { reason = "意见写错" }));
        Assert.Equal(("precheck", "reviewer-planning", "Claimed"), (back["activityId"]!.GetValue<string>(), back["claimedBy"]!.GetValue<string>(), back["status"]!.GetValue<string>()));
        Assert.Equal("Cancelled", (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/tasks/{fireTask}"))!["status"]!.GetValue<string>());
        Assert.Contains("TaskWithdrawn", await EventsAsync(id));

        var again = back["id"]!.GetValue<string>();
        await Ok(await PermitClient.CompleteAsync(planning, again, "Approved", "预审通过（更正）"));
        var nextFire = await Permit.OpenTaskIdAsync(fire, id);
        (await fire.PostAsync($"/api/tasks/{nextFire}/claim", null)).EnsureSuccessStatusCode();
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskWithdrawTooLate, (string?)null),
            await OrganisationContract.Problem(await planning.PostAsJsonAsync($"/api/tasks/{again}/withdraw", new { })));
    }
}

public sealed class SqliteTaskOperationTests(SqliteHost host) : TaskOperationContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresTaskOperationTests(PostgresHost host) : TaskOperationContract(host), IClassFixture<PostgresHost>;
