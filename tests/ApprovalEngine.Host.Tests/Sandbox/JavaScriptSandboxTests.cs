using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.Sandbox;

/// <summary>
/// Designer-written JavaScript through the real host: a runaway script fails its own step with a code, and a burst of
/// them never takes the threads unrelated requests need. The engine is provider-neutral, so one provider suffices.
/// </summary>
public sealed class JavaScriptSandboxTests : IAsyncLifetime
{
    private const string CatastrophicRegex = "/^(a+)+$/.test('a'.repeat(34) + '!')";
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string> { ["JavaScript:Timeout"] = "00:00:00.300" });
        var designer = await _api.ClientAsync("designer-1", "designer");
        var admin = await _api.ClientAsync("admin-1", "admin");
        var model = new WorkflowJson().Start().Decision("check", CatastrophicRegex).Event("yes").Event("no")
            .Connect("start", "check").Connect("check", "yes", "True").Connect("check", "no", "False").Build("Regex check", "regex-check");
        (await designer.PostAsJsonAsync("/api/definitions", model)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/definitions/regex-check/publish", null)).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Start_CatastrophicRegex_FailsTheStepWithTimeLimitCode()
    {
        var clerk = await _api.ClientAsync("clerk-1", "clerk");

        var response = await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "regex-check" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Faulted", created!["status"]!.GetValue<string>());
        Assert.Equal("expression-time-limit", created["faultCode"]!.GetValue<string>());
        var view = await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{created["id"]}");
        Assert.Equal("expression-time-limit", view!["faultCode"]!.GetValue<string>());
        Assert.Contains("ran longer than 300 ms", view["fault"]!.GetValue<string>());
    }

    [Fact]
    public async Task Start_SixteenParallelCpuHeavyScripts_UnrelatedRequestsStayPrompt()
    {
        var clerk = await _api.ClientAsync("clerk-1", "clerk");
        var anonymous = _api.CreateClient();

        var starts = Enumerable.Range(0, 16)
            .Select(i => clerk.PostAsJsonAsync("/api/instances", new { definitionId = "regex-check", correlationId = $"burst-{i}" }))
            .ToList();
        var all = Task.WhenAll(starts);
        var slowest = TimeSpan.Zero;
        var probes = 0;
        // Probe while the burst is in flight: before the fix each start held a pool thread for Jint's 10 s regex default.
        while (!all.IsCompleted && probes < 10)
        {
            var watch = Stopwatch.StartNew();
            var live = await anonymous.GetAsync("/health/live");
            var calendar = await anonymous.GetAsync("/api/calendar/add-working-days?from=2026-09-30&days=3");
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(HttpStatusCode.OK, calendar.StatusCode);
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            probes++;
        }
        var responses = await all;

        Assert.True(probes > 0, "the burst finished before any probe ran");
        // Generous for a shared 2-core machine; before the fix a probe waited 10-15 s for a thread.
        Assert.True(slowest < TimeSpan.FromSeconds(5), $"an unrelated request took {slowest} during the burst");
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        foreach (var r in responses)
            Assert.Equal("expression-time-limit", (await r.Content.ReadFromJsonAsync<JsonObject>())!["faultCode"]!.GetValue<string>());
    }
}
