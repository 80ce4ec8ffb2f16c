using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Organisation;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Tasks;

/// <summary>
/// 加签 and 减签 over HTTP on the 3550 permit's fire review: signers added before (the owner waits for them), in parallel
/// and after (the owner's approval is held until they answer; a rejection of theirs becomes the department's rejection with
/// their reasons), removing a pending signer, and who may do it. Each step is a journal line and an audit record.
/// </summary>
public abstract class AddedSignerContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;
    private PermitClient Permit => new(_api);

    private async Task<(string Instance, string Task, HttpClient Owner)> FireTaskAsync(string correlationId)
    {
        var id = await Permit.StartAsync(correlationId);
        await Permit.AcceptAsync(id);
        var owner = await Permit.Reviewer("fire");
        var task = await Permit.OpenTaskIdAsync(owner, id);
        (await owner.PostAsync($"/api/tasks/{task}/claim", null)).EnsureSuccessStatusCode();
        return (id, task, owner);
    }

    private static async Task<JsonNode> Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    private static async Task<Dictionary<string, string>> AddAsync(HttpClient owner, string task, string mode, params string[] users) =>
        (await Ok(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers", new { users, mode, reason = "请会同审查" }))).AsArray()
        .ToDictionary(t => t!["claimedBy"]!.GetValue<string>(), t => t!["id"]!.GetValue<string>());

    private async Task<JsonObject> TaskAsync(string task) => (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/tasks/{task}"))!;

    private async Task<JsonNode?> FireReviewAsync(string id) => (await Permit.InstanceAsync(id))["variables"]!["reviews"]?["fire"];

    private async Task<List<string>> EventsAsync(string id) => (await Permit.JournalAsync(id)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();

    private Task<HttpClient> As(string user, string department) => _api.ClientAsync(user, "reviewer", department);

    [Fact]
    public async Task Parallel_OwnersApprovalIsHeld_UntilTheLastSignerAnswers()
    {
        var (id, task, owner) = await FireTaskAsync("JS-SIGN-PARALLEL");
        var signers = await AddAsync(owner, task, "parallel", "land-zhang", "planning-li");
        Assert.Equal(["land-zhang", "planning-li"], signers.Keys.Order());

        await Ok(await PermitClient.CompleteAsync(owner, task, "Approved", "消防审查合格"));
        Assert.Equal("Claimed", (await TaskAsync(task))["status"]!.GetValue<string>());
        Assert.Null(await FireReviewAsync(id));
        // The owner's card in the office's tab says whom it waits for; an API look-up by application does without.
        async Task<List<string>?> WaitingOnCardAsync(string query) =>
            (await owner.GetFromJsonAsync<JsonObject>($"/api/tasks?{query}"))!["items"]!.AsArray().Single(c => c!["id"]!.GetValue<string>() == task)!["waitingSigners"]
            ?.AsArray().Select(n => n!.GetValue<string>()).Order().ToList();
        Assert.Equal(["land-zhang", "planning-li"], await WaitingOnCardAsync("view=mine"));
        Assert.Null(await WaitingOnCardAsync($"instanceId={id}"));
        await Ok(await PermitClient.CompleteAsync(await As("land-zhang", "land"), signers["land-zhang"], "Approved", "用地无异议"));
        Assert.Null(await FireReviewAsync(id));
        Assert.Equal(["planning-li"], await WaitingOnCardAsync("view=mine"));
        await Ok(await PermitClient.CompleteAsync(await As("planning-li", "planning"), signers["planning-li"], "Approved", "规划无异议"));

        var done = await TaskAsync(task);
        Assert.Equal(("Completed", "Approved", "reviewer-fire"), (done["status"]!.GetValue<string>(), done["outcome"]!.GetValue<string>(), done["completedBy"]!.GetValue<string>()));
        Assert.Equal("Approved", (await FireReviewAsync(id))!["outcome"]!.GetValue<string>());
        var events = await EventsAsync(id);
        Assert.Equal(1, events.Count(e => e == "TaskSignersAdded"));
        Assert.Equal(1, events.Count(e => e == "TaskDecisionHeld"));
        Assert.Equal(2, events.Count(e => e == "AddedSignerAnswered"));
        var audit = (await (await Permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&pageSize=200"))!["items"]!.AsArray()
            .Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("task.signers.added", audit);
        Assert.Contains("task.decision.held", audit);
    }

    [Fact]
    public async Task Before_TheOwnerWaitsForTheSigner_WhoseOpinionInformsTheOwner()
    {
        var (id, task, owner) = await FireTaskAsync("JS-SIGN-BEFORE");
        var signers = await AddAsync(owner, task, "before", "land-zhang");

        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskSignersPending, (string?)null),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(owner, task, "Approved", "同意")));
        await Ok(await PermitClient.CompleteAsync(await As("land-zhang", "land"), signers["land-zhang"], "Rejected", "建议补充消防车道说明"));
        await Ok(await PermitClient.CompleteAsync(owner, task, "Approved", "已核实，同意"));

        Assert.Equal("Approved", (await FireReviewAsync(id))!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_SignerAnswersOnlyOnceTheOwnerSigned_ARejectionBecomesTheDepartmentsRejection()
    {
        var (id, task, owner) = await FireTaskAsync("JS-SIGN-AFTER");
        Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.TaskOperationForbidden, (string?)null),
            await OrganisationContract.Problem(await (await Permit.Reviewer("land")).PostAsJsonAsync($"/api/tasks/{task}/signers", new { users = new[] { "land-zhang" }, mode = "after" })));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.ValidationField, (string?)"mode"),
            await OrganisationContract.Problem(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers", new { users = new[] { "land-zhang" }, mode = "sideways" })));
        Assert.Equal((HttpStatusCode.BadRequest, (string?)ErrorCodes.StaffNotFound, (string?)"users"),
            await OrganisationContract.Problem(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers", new { users = new[] { "nobody" }, mode = "after" })));
        var signers = await AddAsync(owner, task, "after", "land-zhang");
        var zhang = await As("land-zhang", "land");

        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskSignerWaiting, (string?)null),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(zhang, signers["land-zhang"], "Approved", "同意")));
        await Ok(await PermitClient.CompleteAsync(owner, task, "Approved", "消防审查合格"));
        await Ok(await PermitClient.CompleteAsync(zhang, signers["land-zhang"], "Rejected", "占用林地未批"));

        var review = (await FireReviewAsync(id))!;
        Assert.Equal("Rejected", review["outcome"]!.GetValue<string>());
        Assert.Contains("占用林地未批", review["opinion"]!.GetValue<string>());
        Assert.Equal("Rejected", (await TaskAsync(task))["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Remove_APendingSigner_TheLastRemovalReleasesTheHeldApproval()
    {
        var (id, task, owner) = await FireTaskAsync("JS-SIGN-REMOVE");
        var signers = await AddAsync(owner, task, "parallel", "land-zhang", "planning-li");
        await Ok(await PermitClient.CompleteAsync(owner, task, "Approved", "同意"));

        var removed = await Ok(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers/remove", new { signerTaskId = signers["planning-li"], reason = "出差" }));
        Assert.Equal("Cancelled", removed["status"]!.GetValue<string>());
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskCancelled, (string?)null),
            await OrganisationContract.Problem(await PermitClient.CompleteAsync(await As("planning-li", "planning"), signers["planning-li"], "Approved", "同意")));
        Assert.Equal((HttpStatusCode.NotFound, (string?)ErrorCodes.TaskNotFound, (string?)"signerTaskId"),
            await OrganisationContract.Problem(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers/remove", new { signerTaskId = task })));
        Assert.Null(await FireReviewAsync(id));

        await Ok(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers/remove", new { signerTaskId = signers["land-zhang"] }));
        Assert.Equal(("Completed", "Approved"), ((await TaskAsync(task))["status"]!.GetValue<string>(), (await FireReviewAsync(id))!["outcome"]!.GetValue<string>()));
        Assert.Equal(2, (await EventsAsync(id)).Count(e => e == "TaskSignerRemoved"));
        var listed = (await owner.GetFromJsonAsync<JsonArray>($"/api/tasks/{task}/signers"))!;
        Assert.All(listed, s => Assert.Equal("Cancelled", s!["status"]!.GetValue<string>()));
        Assert.Equal(2, listed.Count);
        Assert.Equal((HttpStatusCode.Conflict, (string?)ErrorCodes.TaskCancelled, (string?)null),
            await OrganisationContract.Problem(await owner.PostAsJsonAsync($"/api/tasks/{task}/signers/remove", new { signerTaskId = signers["land-zhang"] })));
    }
}

public sealed class SqliteAddedSignerTests(SqliteHost host) : AddedSignerContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresAddedSignerTests(PostgresHost host) : AddedSignerContract(host), IClassFixture<PostgresHost>;
