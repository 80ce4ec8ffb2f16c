using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Organisation;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Tasks;

/// <summary>
/// Department inboxes follow the organisation directory: a member of two departments works both inboxes whatever department
/// their token names, and a substitute works the inbox of the colleague on leave for that period only; someone the directory
/// does not place in a department still gets 403 there.
/// </summary>
public abstract class DirectoryInboxContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;
    private PermitClient Permit => new(_api);

    private async Task<JsonArray> InboxAsync(HttpClient client, string instanceId, string department) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/tasks?instanceId={instanceId}&status=open&department={department}"))!["items"]!.AsArray();

    [Fact]
    public async Task MemberOfTwoDepartments_WorksBothInboxes_OthersStillRefused()
    {
        var admin = await Permit.Admin();
        var created = await admin.PostAsJsonAsync("/api/directory/staff", new { id = "inbox-wu", name = "吴双", departments = new[] { "fire", "land" }, positions = new[] { "handler" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = await Permit.StartAsync("JS-INBOX-TWO");
        await Permit.AcceptAsync(id);

        // The token names fire; the directory adds land.
        var wu = await _api.ClientAsync("inbox-wu", "reviewer", "fire");
        var land = Assert.Single(await InboxAsync(wu, id, "land"))!;
        Assert.Single(await InboxAsync(wu, id, "fire"));
        (await wu.PostAsync($"/api/tasks/{land["id"]}/claim", null)).EnsureSuccessStatusCode();
        var done = await PermitClient.CompleteAsync(wu, land["id"]!.GetValue<string>(), "Approved", "用地无异议");
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var mine = (await wu.GetFromJsonAsync<JsonObject>($"/api/tasks?view=done&instanceId={id}"))!["items"]!.AsArray();
        Assert.Contains(mine, t => t!["department"]!.GetValue<string>() == "land");
        Assert.Equal(HttpStatusCode.OK, (await wu.GetAsync($"/api/instances/{id}")).StatusCode);

        // Not in planning: the query is refused, and the task too.
        Assert.Equal((HttpStatusCode.Forbidden, (string?)ErrorCodes.TaskForbiddenDepartment, (string?)null),
            await OrganisationContract.Problem(await wu.GetAsync($"/api/tasks?instanceId={id}&department=planning")));
        var planning = (await InboxAsync(await Permit.Reviewer("planning"), id, "planning")).Single()!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await wu.PostAsync($"/api/tasks/{planning}/claim", null)).StatusCode);
    }

    [Fact]
    public async Task Substitute_WorksTheInboxOfTheColleagueOnLeave_OnlyForThePeriod()
    {
        var admin = await Permit.Admin();
        // ApiFactory's clock: planning-li is on leave today and tomorrow; fire-chen stands in.
        var today = DateOnly.FromDateTime(_api.Time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);
        var leave = await admin.PostAsJsonAsync("/api/directory/substitutes",
            new { staffId = "planning-li", substituteId = "fire-chen", from = today.ToString("O"), to = today.AddDays(1).ToString("O"), reason = "年假" });
        Assert.Equal(HttpStatusCode.Created, leave.StatusCode);
        var id = await Permit.StartAsync("JS-INBOX-SUB");
        await Permit.AcceptAsync(id);

        var chen = await _api.ClientAsync("fire-chen", "reviewer", "fire");
        Assert.Single(await InboxAsync(chen, id, "planning"));
        var outsider = await _api.ClientAsync("env-zhou", "reviewer", "environment");
        Assert.Equal(HttpStatusCode.Forbidden, (await outsider.GetAsync($"/api/tasks?instanceId={id}&department=planning")).StatusCode);

        // After the leave the substitute is back to their own inboxes.
        _api.Time.Advance(TimeSpan.FromDays(3));
        chen = await _api.ClientAsync("fire-chen", "reviewer", "fire");
        Assert.Equal(HttpStatusCode.Forbidden, (await chen.GetAsync($"/api/tasks?instanceId={id}&department=planning")).StatusCode);
        var leaveId = (await leave.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await (await Permit.Admin()).DeleteAsync($"/api/directory/substitutes/{leaveId}")).EnsureSuccessStatusCode();
    }
}

public sealed class SqliteDirectoryInboxTests(SqliteHost host) : DirectoryInboxContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresDirectoryInboxTests(PostgresHost host) : DirectoryInboxContract(host), IClassFixture<PostgresHost>;
