using ApprovalEngine.Bench.Hosting;
using ApprovalEngine.Bench.Workload;

namespace ApprovalEngine.Bench.ForkJoin;

/// <summary>
/// The fork/join shape over HTTP on one host: per instance the start, a look-up of the four waiting reviews, the four
/// resumes, a look-up of the decision and its resume (6 stimuli, 2 look-ups), by a closed loop of workers.
/// </summary>
public static class ForkJoinHttp
{
    public static async Task<(List<LevelResult> Levels, string Check)> RunAsync(HostLaunch launch, string provider, string connectionString, BenchOptions options)
    {
        await Hosts.MigrateAsync(launch, provider, connectionString);
        await using var host = HostProcess.Start(launch, $"forkjoin-{provider.ToLowerInvariant()}", HostLaunch.FreePort(), Hosts.Environment(provider, connectionString, runTimers: true));
        await host.WaitReadyAsync(TimeSpan.FromSeconds(90));
        using var api = new ApiClient([host.BaseAddress], options.ForkJoinLevels.Max());
        await api.PostJsonAsync("/api/definitions", User.Designer, ForkJoinShape.Definition());
        await api.PostJsonAsync($"/api/definitions/{ForkJoinShape.DefinitionId}/publish", User.Admin, null);

        var driven = 0;
        var results = new List<LevelResult>();
        await LevelRunner.RunAsync(provider, options.ForkJoinLevels.Max(), options.HostWarmup, TimeSpan.FromSeconds(1), host, null, options.PostmasterPid,
            (w, i, window) => InstanceAsync(api, $"FJ-warm-{w}-{i}", window), () => Interlocked.Increment(ref driven));
        await Hosts.SettleStatisticsAsync(provider, connectionString, options);
        foreach (var level in options.ForkJoinLevels)
        {
            var r = await LevelRunner.RunAsync(provider, level, options.Warmup, options.Duration, host, null, options.PostmasterPid,
                (w, i, window) => InstanceAsync(api, $"FJ-{level}-{w}-{i}", window), () => Interlocked.Increment(ref driven));
            Console.Error.WriteLine($"[bench] fork/join {provider} x{level}: {r.ApprovalsPerSecond:0.0} instances/s, p99 {r.P99:0} ms, errors {r.Errors}");
            results.Add(r);
        }
        var finished = (await api.GetJsonAsync($"/api/instances?definitionId={ForkJoinShape.DefinitionId}&status=Finished&pageSize=1", User.Admin))["totalCount"]!.GetValue<int>();
        return (results, $"fork/join {provider}: {finished} instances Finished in the database, {driven} finished by the client " +
                         $"({(finished == driven ? "consistent" : "MISMATCH")}).");
    }

    private static async Task<bool> InstanceAsync(ApiClient api, string correlationId, Window window)
    {
        var started = await window.Stimulus(api.PostAsync("/api/instances", User.Clerk, new { definitionId = ForkJoinShape.DefinitionId, correlationId }));
        if (started is null) return false;
        var id = started.Json["id"]!.GetValue<string>();
        var reviews = await WaitingAsync(api, id, window, ForkJoinShape.Reviews.Length);
        if (reviews is null) return false;
        foreach (var bookmark in reviews)
            if (await window.Stimulus(api.PostAsync($"/api/instances/{id}/bookmarks/{bookmark}/resume", User.Clerk, new { payload = new { outcome = "Approved" } })) is null)
                return false;
        var decision = await WaitingAsync(api, id, window, 1);
        if (decision is null) return false;
        var done = await window.Stimulus(api.PostAsync($"/api/instances/{id}/bookmarks/{decision[0]}/resume", User.Clerk, new { payload = new { outcome = "Approved" } }));
        if (done is null) return false;
        if (done.Json["status"]!.GetValue<string>() != "Finished") return window.Fail($"{id} is {done.Json["status"]} after its decision");
        window.Approved();
        return true;
    }

    /// <summary>The bookmark ids the instance waits on; exactly <paramref name="expected"/> of them.</summary>
    private static async Task<List<string>?> WaitingAsync(ApiClient api, string id, Window window, int expected)
    {
        var view = await window.Query(api.GetAsync($"/api/instances/{id}", User.Clerk));
        if (view is null) return null;
        var waiting = view.Json["currentActivities"]!.AsArray().Select(a => a!["bookmarkId"]!.GetValue<string>()).ToList();
        if (waiting.Count != expected) { window.Fail($"{id} waits on {waiting.Count} steps, expected {expected}"); return null; }
        return waiting;
    }
}
