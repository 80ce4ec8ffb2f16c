using System.Globalization;

namespace ApprovalEngine.Bench;

/// <summary>Command line: `--name value` pairs; run.sh sets the first four, the rest have defaults sized for a ~10 minute run.</summary>
public sealed record BenchOptions(
    string HostDll, string Postgres, string WorkDirectory, string Output, string Commit,
    IReadOnlyList<string> Providers, IReadOnlyList<int> Levels, TimeSpan Warmup, TimeSpan Duration,
    bool Inbox, int Tasks, int AuditRows, int QueryRequests, int Timers, int PostmasterPid,
    IReadOnlyList<int> ForkJoinLevels, int EngineSeconds, TimeSpan HostWarmup, string DatabasePrefix, bool Analyze)
{
    public static BenchOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Expected --name value, got '{args[i]}'.");
            map[args[i][2..]] = args[i + 1];
        }
        string Get(string name, string? fallback = null) =>
            map.GetValueOrDefault(name) ?? fallback ?? throw new ArgumentException($"--{name} is required.");
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchOptions(
            Path.GetFullPath(Get("host-dll")), Get("postgres"), Path.GetFullPath(Get("work", Path.GetTempPath())), Get("out", "bench/results/latest.md"),
            Get("commit", "unknown"),
            Get("providers", "Sqlite,Postgres").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(p => p != "none").Select(p => p is "Sqlite" or "Postgres" ? p : throw new ArgumentException($"Unknown provider '{p}' (Sqlite, Postgres or none).")).ToList(),
            Get("levels", "1,4,16,32").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
            TimeSpan.FromSeconds(Int("warmup", 3)), TimeSpan.FromSeconds(Int("seconds", 15)),
            Get("inbox", "true") == "true", Int("tasks", 1_000_000), Int("audit", 1_000_000), Int("requests", 500), Int("timers", 10_000),
            Int("postmaster-pid", 0),
            // --forkjoin-levels none skips the fork/join shape over HTTP; --engine-seconds 0 skips the engine alone.
            Get("forkjoin-levels", "4") is "none" ? [] : Get("forkjoin-levels", "4").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList(),
            Int("engine-seconds", 5),
            // Each host first runs the workload this long unmeasured: tiered compilation keeps recompiling hot methods for
            // about a minute under load on 2 cores, and a level measured inside it counts JIT work as the product's cost.
            TimeSpan.FromSeconds(Int("host-warmup", 60)),
            // On a shared cluster, a prefix of one's own keeps two runs from dropping each other's databases.
            Get("database-prefix", "bench"),
            // ANALYZE the fresh database after the host's warm-up (Hosts.SettleStatisticsAsync).
            Get("analyze", "true") == "true");
    }
}
