using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Live;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Worklist;

/// <summary>GET /api/events: task changes and notifications from the database's change feed, scoped by department, across replicas.</summary>
public abstract class LiveEventsContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Events_ChangeOnOneReplica_ReachesSubscribersOfAnotherByDepartment()
    {
        await using var replica = _api.Sibling();
        var feed = replica.Services.GetRequiredService<LiveEventFeed>();
        await feed.PollOnceAsync(); // where the feed ends now: nothing older is replayed
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // EventSource cannot send headers: the token in the query string, for this endpoint only.
        var fireToken = await TokenAsync("reviewer-fire", "reviewer", "fire");
        using var fire = await OpenAsync(replica.CreateClient(), "/api/events?access_token=" + fireToken, cts.Token);
        var landClient = replica.CreateClient();
        landClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("reviewer-land", "reviewer", "land"));
        using var land = await OpenAsync(landClient, "/api/events", cts.Token);

        var id = await _permit.StartAsync("LIVE-0001");
        await _permit.AcceptAsync(id);
        var fireReviewer = await _permit.Reviewer("fire");
        var taskId = await _permit.OpenTaskIdAsync(fireReviewer, id);
        (await fireReviewer.PostAsync($"/api/tasks/{taskId}/claim", null)).EnsureSuccessStatusCode();
        await feed.PollOnceAsync(cts.Token);

        var opened = await land.NextAsync("task", cts.Token);
        Assert.Equal(("land", "opened", id), (opened["department"]!.GetValue<string>(), opened["change"]!.GetValue<string>(), opened["instanceId"]!.GetValue<string>()));
        var fireOpened = await fire.NextAsync("task", cts.Token);
        Assert.Equal((taskId, "opened"), (fireOpened["taskId"]!.GetValue<string>(), fireOpened["change"]!.GetValue<string>()));
        var claimed = await fire.NextAsync("task", cts.Token);
        Assert.Equal((taskId, "claimed", "fire"), (claimed["taskId"]!.GetValue<string>(), claimed["change"]!.GetValue<string>(), claimed["department"]!.GetValue<string>()));

        (await PermitClient.CompleteAsync(fireReviewer, taskId, "Approved")).EnsureSuccessStatusCode();
        await feed.PollOnceAsync(cts.Token);
        await feed.PollOnceAsync(cts.Token); // a second read delivers nothing twice
        Assert.Equal("completed", (await fire.NextAsync("task", cts.Token))["change"]!.GetValue<string>());
        // The land reviewer saw only land's task: the next thing on its stream is not fire's claim or completion.
        (await PermitClient.CompleteAsync(await _permit.Reviewer("land"), await _permit.OpenTaskIdAsync(await _permit.Reviewer("land"), id), "Approved")).EnsureSuccessStatusCode();
        await feed.PollOnceAsync(cts.Token);
        var landNext = await land.NextAsync("task", cts.Token);
        Assert.Equal(("land", "completed"), (landNext["department"]!.GetValue<string>(), landNext["change"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Events_FollowTheDirectory_AMemberOfTwoDepartmentsHearsBoth_AndReadsBothNotifications()
    {
        var admin = await _permit.Admin();
        (await admin.PostAsJsonAsync("/api/directory/staff", new { id = "live-wu", name = "吴双", departments = new[] { "fire", "land" }, positions = new[] { "handler" } }))
            .EnsureSuccessStatusCode();
        var feed = _api.Services.GetRequiredService<LiveEventFeed>();
        await feed.PollOnceAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // The token names fire only; the directory adds land.
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync("live-wu", "reviewer", "fire"));
        using var wu = await OpenAsync(client, "/api/events", cts.Token);

        var id = await _permit.StartAsync("LIVE-0002");
        await _permit.AcceptAsync(id); // opens planning, land, fire and environment reviews
        await feed.PollOnceAsync(cts.Token);
        var heard = new List<string>();
        while (!(heard.Contains("fire") && heard.Contains("land")))
            heard.Add((await wu.NextAsync("task", cts.Token))["department"]!.GetValue<string>());
        Assert.All(heard, d => Assert.Contains(d, new[] { "fire", "land" }));

        // The notification list follows the same departments: the land task's urging (催办) is readable, planning's is not.
        foreach (var department in new[] { "land", "planning" })
        {
            var task = await _permit.OpenTaskIdAsync(await _permit.Reviewer(department), id);
            (await admin.PostAsJsonAsync($"/api/tasks/{task}/urge", new { message = "申请人催问进度" })).EnsureSuccessStatusCode();
        }
        var recipients = (await client.GetFromJsonAsync<JsonArray>("/api/notifications"))!.Select(n => n!["recipient"]!.GetValue<string>()).ToList();
        Assert.Contains("land", recipients);
        Assert.DoesNotContain("planning", recipients);
    }

    [Fact]
    public async Task Events_TokenInQuery_AcceptedOnlyByTheEventStream()
    {
        var token = await TokenAsync("reviewer-fire", "reviewer", "fire");
        var client = _api.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/tasks?access_token=" + token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
    }

    private async Task<string> TokenAsync(string user, string role, string? department)
    {
        var response = await _api.CreateClient().PostAsJsonAsync("/api/dev/token", new { user, roles = new[] { role }, department });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
    }

    private static async Task<EventStream> OpenAsync(HttpClient client, string url, CancellationToken ct)
    {
        var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(ct)));
    }

    private sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        /// <summary>The data of the next event named <paramref name="name"/> (comments and other events skipped).</summary>
        public async Task<JsonObject> NextAsync(string name, CancellationToken ct)
        {
            string? eventName = null;
            while (await reader.ReadLineAsync(ct) is { } line)
            {
                if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == name) return JsonNode.Parse(line["data: ".Length..])!.AsObject();
                else if (line.Length == 0) eventName = null;
            }
            throw new EndOfStreamException("The event stream ended.");
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }
}

public sealed class SqliteLiveEventsTests() : LiveEventsContract(DatabaseProvider.Sqlite);

public sealed class PostgresLiveEventsTests() : LiveEventsContract(DatabaseProvider.Postgres);
