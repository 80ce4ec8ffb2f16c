using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Instances;

/// <summary>
/// POST /api/instances/{id}/bookmarks/{bookmarkId}/resume checks its bookmark on the locked instance (no read ahead of
/// the lock): each refusal keeps its status and code, and changes nothing.
/// </summary>
public abstract class ResumeRefusalContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AStepOfAnotherKind_Is400WrongKind_AndChangesNothing()
    {
        var id = await _permit.StartAsync("RESUME-KIND-1");
        var clerk = await _permit.Clerk();
        var before = await _permit.InstanceAsync(id);
        var step = before["currentActivities"]!.AsArray().Single()!;
        Assert.NotEqual("Elsa.Event", step["activityType"]!.GetValue<string>()); // the window's acceptance, a task step
        var journalBefore = (await _permit.JournalAsync(id)).Count;

        var response = await clerk.PostAsJsonAsync($"/api/instances/{id}/bookmarks/{step["bookmarkId"]}/resume", new { payload = new { outcome = "Accepted" } });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, ErrorCodes.BookmarkWrongKind);
        Assert.Equal("bookmarkId", problem["field"]?.GetValue<string>());
        var after = await _permit.InstanceAsync(id);
        Assert.Equal(before["updatedAt"]!.ToJsonString(), after["updatedAt"]!.ToJsonString());
        Assert.Equal(step["bookmarkId"]!.GetValue<string>(), after["currentActivities"]!.AsArray().Single()!["bookmarkId"]!.GetValue<string>());
        Assert.Equal(journalBefore, (await _permit.JournalAsync(id)).Count);
        // The step still goes its own way: the window accepts through its task.
        await _permit.AcceptAsync(id);
    }

    [Fact]
    public async Task ABookmarkNotPending_Is409_AnUnknownInstance404()
    {
        var clerk = await _permit.Clerk();
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "RESUME-409" }))
            .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var intake = await CurrentBookmarkAsync(clerk, id);

        await AssertProblemAsync(await ResumeAsync(clerk, id, "no-such-bookmark"), HttpStatusCode.Conflict, ErrorCodes.BookmarkNotPending);
        await AssertProblemAsync(await ResumeAsync(clerk, "no-such-instance", intake), HttpStatusCode.NotFound, ErrorCodes.InstanceNotFound);
        (await ResumeAsync(clerk, id, intake)).EnsureSuccessStatusCode();
        await AssertProblemAsync(await ResumeAsync(clerk, id, intake), HttpStatusCode.Conflict, ErrorCodes.BookmarkNotPending);

        var confirm = await CurrentBookmarkAsync(clerk, id);
        var finished = await (await ResumeAsync(clerk, id, confirm)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Finished", finished!["status"]!.GetValue<string>());
        var journal = (await _permit.JournalAsync(id)).Count;
        // An ended instance has nothing pending: the same 409 as before, not a different code for the same mistake.
        await AssertProblemAsync(await ResumeAsync(clerk, id, confirm), HttpStatusCode.Conflict, ErrorCodes.BookmarkNotPending);
        Assert.Equal(journal, (await _permit.JournalAsync(id)).Count);
    }

    [Fact]
    public async Task AClerkOfAnotherWindow_Is403_AndChangesNothing_WhileTheWindowsOtherClerkMayResume()
    {
        var clerk = await _permit.Clerk();
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "RESUME-WINDOW" }))
            .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var intake = await CurrentBookmarkAsync(clerk, id);
        var journal = (await _permit.JournalAsync(id)).Count;

        var northClerk = AccessControl.Tokens.Client(_api, "clerk-qin", ["clerk"], department: "window-north");
        var refused = await AssertProblemAsync(await ResumeAsync(northClerk, id, intake), HttpStatusCode.Forbidden, ErrorCodes.ApplicationAccessDenied);
        Assert.False(string.IsNullOrEmpty(refused["detail"]?.GetValue<string>()));
        // Refused before the bookmark is looked at: a made-up one gets the same answer, not a 409 that tells it apart.
        await AssertProblemAsync(await ResumeAsync(northClerk, id, "no-such-bookmark"), HttpStatusCode.Forbidden, ErrorCodes.ApplicationAccessDenied);
        Assert.Equal(journal, (await _permit.JournalAsync(id)).Count);
        Assert.Equal(intake, await CurrentBookmarkAsync(clerk, id));

        // A colleague at the same (default) window did not start it, and may resume it: the window decides, not the starter.
        var colleague = AccessControl.Tokens.Client(_api, "clerk-li", ["clerk"]);
        (await ResumeAsync(colleague, id, intake)).EnsureSuccessStatusCode();
        Assert.NotEqual(intake, await CurrentBookmarkAsync(clerk, id));
    }

    [Fact]
    public async Task Details_ShowTheClocks_AndAnUnknownApplicationIs404()
    {
        var id = await _permit.StartAsync("RESUME-DETAILS");
        await _permit.AcceptAsync(id);
        var clerk = await _permit.Clerk();

        var details = await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        var clocks = await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines");
        Assert.NotEmpty(clocks!);
        // The page's clocks are the same rows, in the same order, as the clocks endpoint shows.
        Assert.Equal(clocks!.Select(c => c!["id"]!.ToJsonString()), details!["deadlines"]!.AsArray().Select(c => c!["id"]!.ToJsonString()));
        await AssertProblemAsync(await clerk.GetAsync("/api/instances/no-such-instance"), HttpStatusCode.NotFound, ErrorCodes.InstanceNotFound);
    }

    private static Task<HttpResponseMessage> ResumeAsync(HttpClient client, string id, string bookmark) =>
        client.PostAsJsonAsync($"/api/instances/{id}/bookmarks/{bookmark}/resume", new { payload = new { complete = true } });

    private static async Task<string> CurrentBookmarkAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["currentActivities"]!.AsArray().Single()!["bookmarkId"]!.GetValue<string>();

    private static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        return problem;
    }
}

public sealed class SqliteResumeRefusalTests() : ResumeRefusalContract(DatabaseProvider.Sqlite);

public sealed class PostgresResumeRefusalTests() : ResumeRefusalContract(DatabaseProvider.Postgres);
