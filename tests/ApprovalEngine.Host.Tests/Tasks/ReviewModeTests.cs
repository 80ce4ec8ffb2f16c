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
/// Review modes on the Review activity over HTTP: 会签 (all), 或签 (any), 依次 (sequential), 票签 (pass ratio) and the
/// within-department chain by position. Every vote is its own stimulus (journal line, audit record); concurrent votes of
/// different signers both succeed; only a task the decided review no longer needs answers 409.
/// </summary>
public abstract class ReviewModeContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;
    private PermitClient Permit => new(_api);

    /// <summary>Start -> review (fire, with the given mode inputs) -> end on either answer.</summary>
    private async Task<string> StartAsync(string definitionId, params (string Input, string ExpressionType, string Value)[] mode)
    {
        var admin = await Permit.Admin();
        if ((await admin.GetAsync($"/api/definitions/{definitionId}")).StatusCode != HttpStatusCode.OK)
        {
            var model = new WorkflowJson().Start()
                .Activity("review", "Approvals.Review", [("department", "Literal", "fire"), .. mode])
                .End().End("denied")
                .Connect("start", "review").Connect("review", "end", "Approved").Connect("review", "denied", "Rejected")
                .Variable("reviews").Build("审查方式测试", definitionId);
            var saved = await admin.PostAsJsonAsync("/api/definitions", model);
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            (await admin.PostAsync($"/api/definitions/{definitionId}/publish", null)).EnsureSuccessStatusCode();
        }
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionId, correlationId = $"JS-MODE-{definitionId}" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static (string, string, string) Signers(params string[] ids) => ("signers", "Object", new JsonArray(ids.Select(i => (JsonNode)i).ToArray()).ToJsonString());

    private Task<HttpClient> As(string user, string department) => _api.ClientAsync(user, "reviewer", department);

    /// <summary>The task a signer holds on the application (their own, not a colleague's).</summary>
    private async Task<string> SignerTaskAsync(HttpClient signer, string user, string instanceId) =>
        (await HeldAsync(signer, user, instanceId)).Single()!["id"]!.GetValue<string>();

    private async Task<List<JsonNode?>> HeldAsync(HttpClient signer, string user, string instanceId) =>
        (await Permit.TasksAsync(signer, instanceId, "claimed")).Where(t => t!["claimedBy"]!.GetValue<string>() == user).ToList();

    private async Task<JsonObject> AllTasksAsync(string instanceId, string status) =>
        new() { ["items"] = (await Permit.TasksAsync(await Permit.Admin(), instanceId, status)).DeepClone() };

    private async Task<string> StatusAsync(string id) => (await Permit.InstanceAsync(id))["status"]!.GetValue<string>();

    private async Task<JsonObject> FireReviewAsync(string id) => (await Permit.InstanceAsync(id))["variables"]!["reviews"]!["fire"]!.AsObject();

    private async Task<List<string>> EventsAsync(string instanceId) =>
        (await Permit.JournalAsync(instanceId)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();

    private static async Task Ok(HttpResponseMessage response) =>
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");

    [Fact]
    public async Task Countersign_ConcurrentVotesBothCount_ReviewWaitsForEverySigner()
    {
        var id = await StartAsync("mode-all", ("reviewMode", "Literal", "all"), Signers("fire-chen", "land-zhang", "planning-li"));
        var (chen, zhang, li) = (await As("fire-chen", "fire"), await As("land-zhang", "land"), await As("planning-li", "planning"));
        var (chenTask, zhangTask) = (await SignerTaskAsync(chen, "fire-chen", id), await SignerTaskAsync(zhang, "land-zhang", id));
        var context = (await HeldAsync(chen, "fire-chen", id)).Single()!["context"]!;
        Assert.Equal(("all", 3), (context["reviewMode"]!.GetValue<string>(), context["signers"]!.GetValue<int>()));

        var votes = await Task.WhenAll(PermitClient.CompleteAsync(chen, chenTask, "Approved", "消防设计符合规范"),
            PermitClient.CompleteAsync(zhang, zhangTask, "Approved", "用地无异议"));

        Assert.All(votes, v => Assert.Equal(HttpStatusCode.OK, v.StatusCode));
        Assert.Equal("Suspended", await StatusAsync(id));
        Assert.Equal(2, (await EventsAsync(id)).Count(e => e == "SignOffProgress"));
        await Ok(await PermitClient.CompleteAsync(li, await SignerTaskAsync(li, "planning-li", id), "Approved", "同意"));

        Assert.Equal("Finished", await StatusAsync(id));
        var review = await FireReviewAsync(id);
        Assert.Equal(("Approved", "all", 3), (review["outcome"]!.GetValue<string>(), review["mode"]!.GetValue<string>(), review["votes"]!.AsArray().Count));
        var audit = (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&pageSize=200"))!["items"]!.AsArray();
        Assert.Equal(3, audit.Count(a => a!["action"]!.GetValue<string>() == "task.completed"));
    }

    [Fact]
    public async Task Countersign_OneRejection_EndsTheReviewWithItsReasons_OthersCancelled()
    {
        var id = await StartAsync("mode-all-reject", ("reviewMode", "Literal", "all"), Signers("fire-chen", "land-zhang"));
        var (chen, zhang) = (await As("fire-chen", "fire"), await As("land-zhang", "land"));
        var zhangTask = await SignerTaskAsync(zhang, "land-zhang", id);
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ReasonsRequired, (string?)"opinion"),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(chen, await SignerTaskAsync(chen, "fire-chen", id), "Rejected", null)));
        await Ok(await PermitClient.CompleteAsync(chen, await SignerTaskAsync(chen, "fire-chen", id), "Rejected", "疏散通道宽度不足"));

        Assert.Equal("Finished", await StatusAsync(id));
        var review = await FireReviewAsync(id);
        Assert.Equal(("Rejected", "疏散通道宽度不足"), (review["outcome"]!.GetValue<string>(), review["opinion"]!.GetValue<string>()));
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskCancelled, (string?)null),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(zhang, zhangTask, "Approved", "同意")));
    }

    [Fact]
    public async Task AnyOne_FirstAnswerDecides_TheOtherSignerIsTooLate()
    {
        var id = await StartAsync("mode-any", ("reviewMode", "Literal", "any"), Signers("fire-chen", "land-zhang"));
        var (chen, zhang) = (await As("fire-chen", "fire"), await As("land-zhang", "land"));
        var (chenTask, zhangTask) = (await SignerTaskAsync(chen, "fire-chen", id), await SignerTaskAsync(zhang, "land-zhang", id));

        var votes = await Task.WhenAll(PermitClient.CompleteAsync(chen, chenTask, "Approved", "同意"), PermitClient.CompleteAsync(zhang, zhangTask, "Approved", "同意"));

        Assert.Single(votes, v => v.StatusCode == HttpStatusCode.OK);
        Assert.Single(votes, v => v.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("Finished", await StatusAsync(id));
        Assert.Single((await AllTasksAsync(id, "completed"))["items"]!.AsArray());
        Assert.Single((await AllTasksAsync(id, "cancelled"))["items"]!.AsArray());
    }

    [Fact]
    public async Task Sequential_OneSignerAfterTheOther_InTheListedOrder()
    {
        var id = await StartAsync("mode-sequential", ("reviewMode", "Literal", "sequential"), Signers("land-zhang", "fire-chen"));
        var (chen, zhang) = (await As("fire-chen", "fire"), await As("land-zhang", "land"));
        Assert.Empty(await HeldAsync(chen, "fire-chen", id));
        await Ok(await PermitClient.CompleteAsync(zhang, await SignerTaskAsync(zhang, "land-zhang", id), "Approved", "用地无异议"));

        Assert.Equal("Suspended", await StatusAsync(id));
        var second = (await HeldAsync(chen, "fire-chen", id)).Single()!;
        Assert.Equal(2, second["context"]!["signerIndex"]!.GetValue<int>());
        await Ok(await PermitClient.CompleteAsync(chen, second["id"]!.GetValue<string>(), "Approved", "消防无异议"));
        Assert.Equal("Finished", await StatusAsync(id));
        Assert.Equal("Approved", (await FireReviewAsync(id))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Vote_PassesAtTheRatio_AndFailsOnceTheRatioIsOutOfReach()
    {
        var signers = Signers("fire-chen", "land-zhang", "planning-li");
        var (chen, zhang, li) = (await As("fire-chen", "fire"), await As("land-zhang", "land"), await As("planning-li", "planning"));

        // 0.5 of three: a no and a yes leave it open; the second yes passes it.
        var passing = await StartAsync("mode-vote", ("reviewMode", "Literal", "vote"), ("passRatio", "Literal", "0.5"), signers);
        await Ok(await PermitClient.CompleteAsync(chen, await SignerTaskAsync(chen, "fire-chen", passing), "Rejected", "不同意"));
        await Ok(await PermitClient.CompleteAsync(zhang, await SignerTaskAsync(zhang, "land-zhang", passing), "Approved", "同意"));
        Assert.Equal("Suspended", await StatusAsync(passing));
        await Ok(await PermitClient.CompleteAsync(li, await SignerTaskAsync(li, "planning-li", passing), "Approved", "同意"));
        Assert.Equal(("Finished", "Approved"), (await StatusAsync(passing), (await FireReviewAsync(passing))["outcome"]!.GetValue<string>()));

        // Two noes out of three: half can no longer be reached; the third vote is not needed.
        var failing = await StartAsync("mode-vote", ("reviewMode", "Literal", "vote"), ("passRatio", "Literal", "0.5"), signers);
        await Ok(await PermitClient.CompleteAsync(chen, await SignerTaskAsync(chen, "fire-chen", failing), "Rejected", "通道不足"));
        await Ok(await PermitClient.CompleteAsync(zhang, await SignerTaskAsync(zhang, "land-zhang", failing), "Rejected", "占地超标"));
        var review = await FireReviewAsync(failing);
        Assert.Equal("Rejected", review["outcome"]!.GetValue<string>());
        Assert.Contains("通道不足", review["opinion"]!.GetValue<string>());
        Assert.Contains("占地超标", review["opinion"]!.GetValue<string>());
        Assert.Single((await AllTasksAsync(failing, "cancelled"))["items"]!.AsArray());
    }

    [Fact]
    public async Task PositionChain_HandlerCheckerApprover_EachLevelByItsPosition_ARejectionEndsIt()
    {
        var admin = await Permit.Admin();
        foreach (var (user, name, position) in new[] { ("fire-checker", "马审核", "checker"), ("fire-approver", "高批准", "approver") })
        {
            var created = await admin.PostAsJsonAsync("/api/directory/staff", new { id = user, name, departments = new[] { "fire" }, positions = new[] { position } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        var id = await StartAsync("mode-chain", ("positionChain", "Object", "[\"handler\",\"checker\",\"approver\"]"));
        var (chen, checker, approver, plain) = (await As("fire-chen", "fire"), await As("fire-checker", "fire"), await As("fire-approver", "fire"), await Permit.Reviewer("fire"));

        var first = await Permit.OpenTaskIdAsync(chen, id);
        // reviewer-fire is in the department but holds no position in the directory.
        Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.TaskPositionRequired, (string?)"position"),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(plain, first, "Approved", "同意")));
        await Ok(await PermitClient.CompleteAsync(chen, first, "Approved", "承办意见：符合"));

        var second = (await Permit.TasksAsync(checker, id)).Single()!;
        Assert.Equal(("checker", 2, 3), (second["context"]!["position"]!.GetValue<string>(), second["context"]!["level"]!.GetValue<int>(), second["context"]!["levels"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await chen.PostAsync($"/api/tasks/{second["id"]}/claim", null)).StatusCode);
        await Ok(await PermitClient.CompleteAsync(checker, second["id"]!.GetValue<string>(), "Approved", "审核通过"));
        Assert.Equal("Suspended", await StatusAsync(id));

        await Ok(await PermitClient.CompleteAsync(approver, await Permit.OpenTaskIdAsync(approver, id), "Rejected", "消防车道不满足要求"));
        Assert.Equal("Finished", await StatusAsync(id));
        var review = await FireReviewAsync(id);
        Assert.Equal(("Rejected", "消防车道不满足要求", "fire-approver"),
            (review["outcome"]!.GetValue<string>(), review["opinion"]!.GetValue<string>(), review["reviewer"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Publish_RefusesAModeWithoutSigners_AndAnUnknownPosition()
    {
        var model = new WorkflowJson().Start()
            .Activity("review", "Approvals.Review", ("department", "Literal", "fire"), ("reviewMode", "Literal", "all"), ("positionChain", "Object", "[\"boss\"]"))
            .End().Connect("start", "review").Connect("review", "end", "Approved").Build("坏的审查方式", "mode-bad");
        var admin = await Permit.Admin();
        var response = await admin.PostAsJsonAsync("/api/definitions", model);
        // A draft that parses may be kept (Studio's auto-save); publishing validates it.
        if (response.IsSuccessStatusCode) response = await admin.PostAsync("/api/definitions/mode-bad/publish", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("needs the signers", body);
        Assert.Contains("Position 'boss'", body);
    }

    /// <summary>Start -> decision (bureau, with the given mode inputs) -> end (Approved) or denied.</summary>
    private async Task<string> StartDecisionAsync(string definitionId, params (string Input, string ExpressionType, string Value)[] mode)
    {
        var admin = await Permit.Admin();
        if ((await admin.GetAsync($"/api/definitions/{definitionId}")).StatusCode != HttpStatusCode.OK)
        {
            var model = new WorkflowJson().Start()
                .Activity("decision", "Approvals.Decision", [("department", "Literal", "bureau"), .. mode])
                .End().End("denied")
                .Connect("start", "decision").Connect("decision", "end", "Approved").Connect("decision", "denied", "Denied")
                .Variable("reviews").Variable("decision").Build("决定签批方式测试", definitionId);
            var saved = await admin.PostAsJsonAsync("/api/definitions", model);
            Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            (await admin.PostAsync($"/api/definitions/{definitionId}/publish", null)).EnsureSuccessStatusCode();
        }
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionId, correlationId = $"JS-DMODE-{definitionId}" });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private async Task<JsonObject> DecisionAsync(string id) => (await Permit.InstanceAsync(id))["variables"]!["decision"]!.AsObject();

    [Fact]
    public async Task Decision_Countersign_EverySignerApproves_ThenTheDecisionIsApproved()
    {
        var id = await StartDecisionAsync("decision-all", ("reviewMode", "Literal", "all"), Signers("director-huang", "land-zhang"));
        var (huang, zhang) = (await As("director-huang", "bureau"), await As("land-zhang", "land"));
        var huangTask = await SignerTaskAsync(huang, "director-huang", id);
        Assert.Equal("Decision", (await HeldAsync(huang, "director-huang", id)).Single()!["kind"]!.GetValue<string>());

        await Ok(await PermitClient.CompleteAsync(huang, huangTask, "Approved", "同意"));
        Assert.Equal("Suspended", await StatusAsync(id));
        Assert.Null((await Permit.InstanceAsync(id))["variables"]!["decision"]);
        await Ok(await PermitClient.CompleteAsync(zhang, await SignerTaskAsync(zhang, "land-zhang", id), "Approved", "同意"));

        Assert.Equal("Finished", await StatusAsync(id));
        Assert.Equal("Approved", (await DecisionAsync(id))["outcome"]!.GetValue<string>());
        Assert.Equal(1, (await EventsAsync(id)).Count(e => e == "SignOffProgress"));
    }

    [Fact]
    public async Task Decision_Sequential_ARejectionDeniesWithItsReasons_TheNextSignerIsNeverAsked()
    {
        var id = await StartDecisionAsync("decision-sequential", ("reviewMode", "Literal", "sequential"), Signers("director-huang", "land-zhang"));
        var huang = await As("director-huang", "bureau");
        Assert.Empty(await HeldAsync(await As("land-zhang", "land"), "land-zhang", id));

        await Ok(await PermitClient.CompleteAsync(huang, await SignerTaskAsync(huang, "director-huang", id), "Denied", "不符合产业政策"));

        Assert.Equal("Finished", await StatusAsync(id));
        var decision = await DecisionAsync(id);
        Assert.Equal("Denied", decision["outcome"]!.GetValue<string>());
        Assert.Contains("不符合产业政策", decision["reasons"]!.AsArray().Single()!.GetValue<string>());
        Assert.NotNull(decision["appealRights"]);
        Assert.Empty(await HeldAsync(await As("land-zhang", "land"), "land-zhang", id));
    }

    /// <summary>Start -> review (fire) -> decision (bureau, 不予许可须签批, with the given mode inputs) -> end or denied.</summary>
    private async Task<string> StartSignedDenialAsync(string definitionId, params (string Input, string ExpressionType, string Value)[] mode)
    {
        var admin = await Permit.Admin();
        var model = new WorkflowJson().Start()
            .Activity("review", "Approvals.Review", [("department", "Literal", "fire")])
            .Activity("decision", "Approvals.Decision", [("department", "Literal", "bureau"), ("signDenials", "Literal", "true"), .. mode])
            .End().End("denied")
            .Connect("start", "review").Connect("review", "decision", "Approved").Connect("review", "decision", "Rejected")
            .Connect("decision", "end", "Approved").Connect("decision", "denied", "Denied")
            .Variable("reviews").Variable("decision").Build("不予许可签批测试", definitionId);
        var saved = await admin.PostAsJsonAsync("/api/definitions", model);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        (await admin.PostAsync($"/api/definitions/{definitionId}/publish", null)).EnsureSuccessStatusCode();
        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionId, correlationId = $"JS-SIGNED-{definitionId}" });
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await Permit.ReviewAsync(id, "fire", "Rejected", "消防车道宽度不足4米。");
        return id;
    }

    [Fact]
    public async Task Decision_SignDenials_ADepartmentsRefusalWaitsForTheBureau_WhoCanOnlyRefuse()
    {
        var id = await StartSignedDenialAsync("decision-signed-denial");
        // No denial yet: the bureau's task, whose one answer is 不予许可, with the department's reasons in view.
        Assert.Equal("Suspended", await StatusAsync(id));
        Assert.Null((await Permit.InstanceAsync(id))["variables"]!["decision"]);
        var huang = await As("director-huang", "bureau");
        var task = (await Permit.TasksAsync(huang, id)).Single()!;
        Assert.Equal(["Denied"], task["allowedOutcomes"]!.AsArray().Select(o => o!.GetValue<string>()));
        Assert.StartsWith("不予许可决定", task["title"]!.GetValue<string>());
        var taskId = task["id"]!.GetValue<string>();

        // A grant is not the bureau's to give over a department's refusal: refused, nothing changes.
        Assert.Equal(HttpStatusCode.BadRequest, (await PermitClient.CompleteAsync(huang, taskId, "Approved", "同意")).StatusCode);
        Assert.Equal("Suspended", await StatusAsync(id));

        await Ok(await PermitClient.CompleteAsync(huang, taskId, "Denied", "经联合审查，不予许可。"));
        Assert.Equal("Finished", await StatusAsync(id));
        var decision = await DecisionAsync(id);
        Assert.Equal(("Denied", "director-huang"), (decision["outcome"]!.GetValue<string>(), decision["decidedBy"]!.GetValue<string>()));
        Assert.Equal(["fire: 消防车道宽度不足4米。", "经联合审查，不予许可。"], decision["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.NotNull(decision["appealRights"]);
    }

    [Fact]
    public async Task Decision_SignDenials_Countersigned_EverySignerSignsTheDenial()
    {
        // 会签 of a denial: each signer's 不予许可 is their yes, so the first one does not end the round (as a "no" would).
        var id = await StartSignedDenialAsync("decision-signed-denial-all", ("reviewMode", "Literal", "all"), Signers("director-huang", "land-zhang"));
        var (huang, zhang) = (await As("director-huang", "bureau"), await As("land-zhang", "land"));
        await Ok(await PermitClient.CompleteAsync(huang, await SignerTaskAsync(huang, "director-huang", id), "Denied", "同意不予许可"));
        Assert.Equal("Suspended", await StatusAsync(id));
        await Ok(await PermitClient.CompleteAsync(zhang, await SignerTaskAsync(zhang, "land-zhang", id), "Denied", "同意不予许可"));
        Assert.Equal("Finished", await StatusAsync(id));
        var decision = await DecisionAsync(id);
        Assert.Equal("Denied", decision["outcome"]!.GetValue<string>());
        Assert.Contains("fire: 消防车道宽度不足4米。", decision["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
    }
}

public sealed class SqliteReviewModeTests(SqliteHost host) : ReviewModeContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresReviewModeTests(PostgresHost host) : ReviewModeContract(host), IClassFixture<PostgresHost>;
