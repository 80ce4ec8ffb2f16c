using System.Runtime.CompilerServices;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tests;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApprovalEngine.Replica.Tests;

/// <summary>
/// Two real host processes on one fresh PostgreSQL database, deployed the way deploy/ does it: the schema is
/// migrated once by a one-shot `--migrate=true` process, then the replicas start with Startup:MigrateOnStartup=false.
/// </summary>
public sealed class ReplicaCluster : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private readonly List<HostProcess> _processes = [];
    private readonly HostLaunch _launch;
    private readonly string _connectionString;
    private readonly ITestOutputHelper _output;

    private ReplicaCluster(HostLaunch launch, string connectionString, string logDirectory, ITestOutputHelper output)
    {
        _launch = launch;
        _connectionString = connectionString;
        LogDirectory = logDirectory;
        _output = output;
    }

    public string LogDirectory { get; }
    public HostProcess A { get; private set; } = null!;
    public HostProcess B { get; private set; } = null!;
    public IReadOnlyList<HostProcess> Hosts => [A, B];

    public static async Task<ReplicaCluster> StartAsync(ITestOutputHelper output, [CallerMemberName] string test = "")
    {
        var launch = HostLaunch.Locate();
        // Each host gets a modest pool: test.sh's cluster allows 300 connections and other suites run beside these.
        var connection = new NpgsqlConnectionStringBuilder(await PostgresServer.CreateDatabaseAsync()) { MaxPoolSize = 40 }.ConnectionString;
        var logs = Path.Combine(launch.RepositoryRoot, "TestResults", "replica-logs", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{test}");
        var cluster = new ReplicaCluster(launch, connection, logs, output);
        output.WriteLine($"host: {launch.HostDll}; logs: {logs}");
        try
        {
            var migrate = cluster.Launch("migrate", port: null, "--migrate=true");
            var exit = await migrate.WaitForExitAsync(ReadyTimeout);
            Assert.True(exit == 0, $"--migrate=true exited with {exit}.\n{migrate.Tail()}");

            cluster.A = cluster.Launch("host-a", HostLaunch.FreePort());
            cluster.B = cluster.Launch("host-b", HostLaunch.FreePort());
            await Task.WhenAll(cluster.A.WaitReadyAsync(ReadyTimeout), cluster.B.WaitReadyAsync(ReadyTimeout));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a replacement for a dead replica on the same port, as a restarted pod keeps its address behind the proxy.</summary>
    public async Task<HostProcess> RestartAsync(HostProcess dead, string name)
    {
        Assert.True(dead.HasExited, $"{dead.Name} is still running.");
        var replacement = Launch(name, dead.Port);
        await replacement.WaitReadyAsync(ReadyTimeout);
        if (ReferenceEquals(dead, A)) A = replacement;
        else if (ReferenceEquals(dead, B)) B = replacement;
        return replacement;
    }

    private HostProcess Launch(string name, int? port, params string[] arguments)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development", // development tokens on, dev signing key shared by both replicas
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = _connectionString,
            ["Startup__WorkflowsPath"] = Path.Combine(_launch.RepositoryRoot, "workflows"),
            ["Startup__MigrateOnStartup"] = "false",
            ["Timers__PollInterval"] = "00:00:00.200",
            // The rolling JSON log file goes beside the captured console output instead of into the build folder.
            ["Serilog__WriteTo__1__Args__path"] = Path.Combine(LogDirectory, $"{name}-.json"),
            // Not the shared bin folder's default: other suites' hosts anchor other databases there.
            ["Audit__Checkpoints__FilePath"] = Path.Combine(LogDirectory, $"{name}-audit-checkpoints.jsonl"),
        };
        var process = HostProcess.Start(_launch, name, port, environment, LogDirectory, arguments);
        _processes.Add(process);
        _output.WriteLine($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} started {name} (pid {process.ProcessId}{(port is null ? "" : $", port {port}")})");
        return process;
    }

    /// <summary>The database itself, to check what the hosts wrote (EF model shared with the product).</summary>
    public PostgresApprovalDbContext Db() =>
        new(new DbContextOptionsBuilder<PostgresApprovalDbContext>().UseNpgsql(_connectionString).Options);

    public async Task<T> QueryAsync<T>(Func<PostgresApprovalDbContext, Task<T>> query)
    {
        await using var db = Db();
        return await query(db);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
