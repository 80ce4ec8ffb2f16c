using System.Runtime.InteropServices;
using ApprovalEngine.Bench.Hosting;

namespace ApprovalEngine.Bench;

/// <summary>What the numbers were measured on: they mean little without the machine, the database settings and the load around them.</summary>
public static class MachineFacts
{
    public static async Task<string> DescribeAsync(PostgresCluster cluster, BenchOptions options)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memoryKb = long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        var version = await cluster.SettingAsync("server_version");
        var durability = $"fsync={await cluster.SettingAsync("fsync")}, synchronous_commit={await cluster.SettingAsync("synchronous_commit")}, " +
                         $"shared_buffers={await cluster.SettingAsync("shared_buffers")}";
        return $"""
            | Fact | Value |
            | --- | --- |
            | Date (UTC) | {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} |
            | Commit | {options.Commit} |
            | CPU | {cpu}, {Environment.ProcessorCount} cores (nproc) |
            | Memory | {memoryKb / 1024 / 1024.0:0.0} GiB |
            | OS | {RuntimeInformation.OSDescription} |
            | .NET | {RuntimeInformation.FrameworkDescription}, host in Release, ASPNETCORE_ENVIRONMENT=Development (dev tokens), Serilog minimum level Warning |
            | PostgreSQL | {version}, default durability ({durability}), private cluster on 127.0.0.1 |
            | SQLite | file database, WAL (the host's default) |
            | Load average at start | {string.Join(" ", load)} (host, database and load generator share these cores; "CPU others" shows anything else running) |
            """;
    }
}
