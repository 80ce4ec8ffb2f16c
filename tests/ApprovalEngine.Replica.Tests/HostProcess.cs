using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ApprovalEngine.Replica.Tests;

/// <summary>Where the built host is and how to run it: `dotnet ApprovalEngine.Host.dll` from its own output folder.</summary>
public sealed record HostLaunch(string DotnetPath, string HostDll, string RepositoryRoot)
{
    public const string HostDllVariable = "APPROVALENGINE_HOST_DLL";

    public string ContentRoot => Path.GetDirectoryName(HostDll)!;

    /// <summary>
    /// Finds the host built in this test assembly's configuration first (test.sh builds Release, an IDE Debug), then
    /// the newest other build; APPROVALENGINE_HOST_DLL overrides. Fails loudly: without a host there is nothing to test.
    /// </summary>
    public static HostLaunch Locate()
    {
        var root = FindRepositoryRoot();
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath) ? hostPath : "dotnet";
        if (Environment.GetEnvironmentVariable(HostDllVariable) is { Length: > 0 } configured)
            return File.Exists(configured) ? new HostLaunch(dotnet, Path.GetFullPath(configured), root)
                : throw new FileNotFoundException($"{HostDllVariable} names {configured}, which does not exist.");

        var bin = Path.Combine(root, "src", "ApprovalEngine.Host", "bin");
        var ownConfiguration = new DirectoryInfo(AppContext.BaseDirectory).Parent?.Name; // .../bin/<Configuration>/net10.0/
        var candidates = Directory.Exists(bin)
            ? Directory.GetDirectories(bin).Select(d => Path.Combine(d, "net10.0", "ApprovalEngine.Host.dll")).Where(File.Exists).ToList()
            : [];
        var dll = candidates.FirstOrDefault(c => string.Equals(new DirectoryInfo(Path.GetDirectoryName(c)!).Parent?.Name, ownConfiguration, StringComparison.OrdinalIgnoreCase))
                  ?? candidates.OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
                  ?? throw new FileNotFoundException($"No built host under {bin}/<Configuration>/net10.0/; build the solution first (dotnet build -c Release).");
        return new HostLaunch(dotnet, dll, root);
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ApprovalEngine.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException($"No ApprovalEngine.sln above {AppContext.BaseDirectory}.");
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// One host as an operating-system process (a replica, or the one-shot migration), its output captured line by line
/// in memory (tests count log lines) and in a file under TestResults/replica-logs (for diagnosis after a failure).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _logGate = new();
    private bool _logClosed;

    private HostProcess(string name, int? port, Process process, StreamWriter log)
    {
        Name = name;
        Port = port;
        _process = process;
        _log = log;
    }

    public string Name { get; }
    public int? Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port ?? throw new InvalidOperationException($"{Name} listens on no port.")}/");
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;
    public IReadOnlyCollection<string> Lines => _lines;

    public static HostProcess Start(HostLaunch launch, string name, int? port, IReadOnlyDictionary<string, string> environment, string logDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(launch.DotnetPath)
        {
            // The host's content root is its output folder: appsettings*.json (dev signing key) live there.
            WorkingDirectory = launch.ContentRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(launch.HostDll);
        if (port is { } p)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{p}");
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // The test runner's own environment leaks ASP.NET/.NET settings (URLs, environment names) that would change the host.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k == "DOTNET_ENVIRONMENT").ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        Directory.CreateDirectory(logDirectory);
        var log = new StreamWriter(Path.Combine(logDirectory, $"{name}.out.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new HostProcess(name, port, process, log);
        process.OutputDataReceived += (_, e) => host.Capture(e.Data, "");
        process.ErrorDataReceived += (_, e) => host.Capture(e.Data, "[stderr] ");
        log.WriteLine($"# {DateTimeOffset.UtcNow:O} starting {launch.DotnetPath} {string.Join(' ', info.ArgumentList)}");
        if (!process.Start()) throw new InvalidOperationException($"Could not start {name}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Capture(string? line, string prefix)
    {
        if (line is null) return;
        _lines.Enqueue(prefix + line);
        lock (_logGate)
        {
            if (!_logClosed) _log.WriteLine(prefix + line);
        }
    }

    /// <summary>Polls /health/ready (database reachable) until it answers 200; a process that exits first fails at once.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        string last = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.\n{Tail()}");
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e.Message; }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0}s (last: {last}).\n{Tail()}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:0}s.\n{Tail()}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no shutdown hooks, no graceful drain, open transactions die with their sockets.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await WaitForExitAsync(TimeSpan.FromSeconds(30));
        Capture($"# {DateTimeOffset.UtcNow:O} killed by the test (SIGKILL)", "");
    }

    public string Tail(int lines = 40) => $"--- last lines of {Name} ---\n" + string.Join('\n', _lines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception) { }
        lock (_logGate)
        {
            _logClosed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }
}
