using ApprovalEngine.Bench.Hosting;

namespace ApprovalEngine.Bench.Workload;

/// <summary>One provider's run of the permit workload: a fresh database, one host, every concurrency level in turn.</summary>
public static class Workloads
{
    public static async Task<(List<LevelResult> Levels, string Check)> RunAsync(HostLaunch launch, string provider, string connectionString, BenchOptions options)
    {
        await Hosts.MigrateAsync(launch, provider, connectionString);
        await using var receiver = await WebhookReceiver.StartAsync(HostLaunch.FreePort());
        var environment = Hosts.Environment(provider, connectionString, runTimers: true);
        // The double push goes to our receiver, so delivery is part of the run as in production.
        environment["Supervision__Webhooks__SigningSecret"] = "bench-webhook-secret";
        environment["Supervision__Webhooks__Urls__housing-construction"] = $"{receiver.BaseUrl}/housing-construction";
        environment["Supervision__Webhooks__Urls__market-supervision"] = $"{receiver.BaseUrl}/market-supervision";
        await using var host = HostProcess.Start(launch, $"workload-{provider.ToLowerInvariant()}", HostLaunch.FreePort(), environment);
        await host.WaitReadyAsync(TimeSpan.FromSeconds(90));

        using var api = new ApiClient([host.BaseAddress], options.Levels.Max());
        // The bureau seal must exist before any decision can be sealed ("one seal manages approval").
        await api.PostJsonAsync("/api/seals", User.Admin, new
        {
            department = "bureau", name = "Administrative Approval Bureau seal", profile = "sm2", departments = new[] { "planning", "land", "fire", "environment" },
        });

        var workload = new PermitWorkload(api, host, receiver, provider, options.PostmasterPid);
        await workload.RunLevelAsync(options.Levels.Max(), options.HostWarmup, TimeSpan.FromSeconds(1));
        await Hosts.SettleStatisticsAsync(provider, connectionString, options);
        var results = new List<LevelResult>();
        foreach (var level in options.Levels)
        {
            var r = await workload.RunLevelAsync(level, options.Warmup, options.Duration);
            Console.Error.WriteLine($"[bench] {provider} x{level}: {r.ApprovalsPerSecond:0.0} approvals/s, p99 {r.P99:0} ms, errors {r.Errors}");
            results.Add(r);
        }

        // Every permit the client saw finish must be Finished in the database, and nothing more.
        var finished = (await api.GetJsonAsync("/api/instances?definitionId=construction-permit-3550&status=Finished&pageSize=1", User.Admin))["totalCount"]!.GetValue<int>();
        var check = $"{provider}: {finished} permits Finished in the database, {workload.ApprovalsDriven} completed by the client " +
                    $"({(finished == workload.ApprovalsDriven ? "consistent" : "MISMATCH")}); webhooks received by the end: {receiver.Deliveries} of {2 * finished} pushes.";
        return (results, check);
    }
}
