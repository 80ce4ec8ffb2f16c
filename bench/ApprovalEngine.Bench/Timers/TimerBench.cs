using System.Diagnostics;
using System.Text.Json.Nodes;
using ApprovalEngine.Bench.Hosting;

namespace ApprovalEngine.Bench.Timers;

public sealed record TimerResult(
    int Instances, double StartSeconds, double FireSeconds, int Finished, long Duplicates, long NeverResumed, long TimersLeft,
    IReadOnlyList<(string Host, int Fired, int Obsolete)> PerHost, long PeakRssBytes, double HostCores, double PostgresCores);

/// <summary>
/// Durable timers at scale: N instances of a tiny Start -> Delay -> End workflow wait on timers an hour away; then
/// every timer is made due at the same instant and the hosts' sweepers must fire each exactly once.
/// Firing is an ordinary resume, so each fired instance finishes with one "Resumed" journal line; two is a duplicate.
/// </summary>
public sealed class TimerBench(ApiClient api, string connectionString, IReadOnlyList<HostProcess> hosts, int postmasterPid)
{
    public const string DefinitionId = "bench-delay";
    public const string FiredLine = "fired";
    public const string ObsoleteLine = "is obsolete";

    /// <summary>The workflow as Elsa Studio saves it (same shape as tests/…/WorkflowJson.cs builds).</summary>
    public static JsonObject Definition() => new()
    {
        ["definitionId"] = DefinitionId,
        ["name"] = "Benchmark: one delay",
        ["variables"] = new JsonArray(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "flow1",
            ["activities"] = new JsonArray(
                Activity("start", "Elsa.Start"),
                Activity("wait", "Elsa.Delay", ("timeSpan", "01:00:00")),
                Activity("end", "Elsa.End")),
            ["connections"] = new JsonArray(Connect("start", "wait"), Connect("wait", "end")),
        },
    };

    public async Task DeployAsync()
    {
        await api.PostJsonAsync("/api/definitions", User.Designer, Definition());
        await api.PostJsonAsync($"/api/definitions/{DefinitionId}/publish", User.Admin, null);
    }

    public async Task<TimerResult> RunAsync(int instances, int concurrency, TimeSpan limit)
    {
        // 1. Instances waiting on their delay (started through both hosts, round robin).
        var started = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) is var i && i < instances)
                await api.PostJsonAsync("/api/instances", User.Clerk, new { definitionId = DefinitionId, correlationId = $"DELAY-{i}" });
        })));
        var startSeconds = started.Elapsed.TotalSeconds;
        var waiting = await Sql.ScalarAsync(connectionString, "SELECT count(*) FROM timers WHERE kind = 'Bookmark'");
        if (waiting != instances) throw new InvalidOperationException($"Expected {instances} waiting timers, found {waiting}.");
        foreach (var h in hosts) h.ResetPeakRss();

        // 2. All due at one instant; the clock runs until every instance has finished.
        await Sql.ExecuteAsync(connectionString, "UPDATE timers SET due_at = now() WHERE kind = 'Bookmark'");
        var firing = Stopwatch.StartNew();
        var hostCpu = hosts.Sum(h => h.CpuTime().TotalSeconds);
        var pgCpu = ProcStats.PostgresCpuTime(postmasterPid).TotalSeconds;
        long finished = 0;
        while (firing.Elapsed < limit)
        {
            finished = await Sql.ScalarAsync(connectionString, $"SELECT count(*) FROM instances WHERE definition_id = '{DefinitionId}' AND status = 'Finished'");
            if (finished >= instances) break;
            await Task.Delay(100);
        }
        var fireSeconds = firing.Elapsed.TotalSeconds;
        var hostCores = (hosts.Sum(h => h.CpuTime().TotalSeconds) - hostCpu) / fireSeconds;
        var pgCores = (ProcStats.PostgresCpuTime(postmasterPid).TotalSeconds - pgCpu) / fireSeconds;
        await Task.Delay(TimeSpan.FromSeconds(2)); // a late duplicate, if any, gets the chance to show up

        var duplicates = await Sql.ScalarAsync(connectionString, """
            SELECT count(*) FROM (SELECT j.instance_id FROM journal j JOIN instances i ON i.id = j.instance_id
                                  WHERE i.definition_id = 'bench-delay' AND j.event_name = 'Resumed' GROUP BY j.instance_id HAVING count(*) > 1) d
            """);
        var neverResumed = await Sql.ScalarAsync(connectionString, """
            SELECT count(*) FROM instances i WHERE i.definition_id = 'bench-delay'
            AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.instance_id = i.id AND j.event_name = 'Resumed')
            """);
        var left = await Sql.ScalarAsync(connectionString, "SELECT count(*) FROM timers WHERE kind = 'Bookmark'");
        return new TimerResult(instances, startSeconds, finished >= instances ? fireSeconds : double.NaN, (int)finished, duplicates, neverResumed, left,
            hosts.Select(h => (h.Name, h.Count(FiredLine), h.Count(ObsoleteLine))).ToList(), hosts.Max(h => h.PeakRssBytes()), hostCores, pgCores);
    }

    private static JsonObject Activity(string id, string type, params (string Input, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = id, ["version"] = 1, ["metadata"] = new JsonObject() };
        foreach (var (input, value) in inputs)
            activity[input] = new JsonObject { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };
        return activity;
    }

    private static JsonObject Connect(string source, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = "Done" },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };
}
