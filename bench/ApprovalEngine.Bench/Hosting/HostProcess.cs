using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ApprovalEngine.Bench.Hosting;

/// <summary>How a host is launched: the built ApprovalEngine.Host.dll, run from its own folder (its content root).</summary>
public sealed record HostLaunch(string HostDll, string LogDirectory)
{
    public string ContentRoot => Path.GetDirectoryName(HostDll)!;

    /// <summary>
    /// The runtime's GC setting the image sets (deploy/Dockerfile's `ENV DOTNET_GCgen0size=…`), read from that line so the
    /// bench measures the host as deployed: without it the GC sizes gen0 from the machine's L3 cache, and peak RSS, one of
    /// the targets, would measure the cache of the day's virtual machine.
    /// </summary>
    public IReadOnlyDictionary<string, string> DeployedRuntime { get; } = DeployedRuntimeSettings();

    private static Dictionary<string, string> DeployedRuntimeSettings()
    {
        const string name = "DOTNET_GCgen0size";
        var line = File.ReadLines("deploy/Dockerfile").FirstOrDefault(l => l.StartsWith($"ENV {name}=", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"deploy/Dockerfile sets no {name} (run the bench from the repository's root).");
        return new() { [name] = line[$"ENV {name}=".Length..].Trim() };
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
/// One host as a separate operating-system process, so its memory and CPU are its own and can be read from /proc.
/// Output goes to a log file (and a few counters the timer benchmark needs), never to our console.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, int> _matches = new();
    private readonly string[] _watched;
    private bool _closed;

    private HostProcess(string name, int? port, Process process, StreamWriter log, string[] watched)
    {
        Name = name;
        Port = port;
        _process = process;
        _log = log;
        _watched = watched;
    }

    public string Name { get; }
    public int? Port { get; }
    public int Pid => _process.Id;
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    /// <param name="watch">Substrings of output lines to count (e.g. "fired"), read with <see cref="Count"/>.</param>
    public static HostProcess Start(HostLaunch launch, string name, int? port, IReadOnlyDictionary<string, string> environment,
        string[]? arguments = null, string[]? watch = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
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
        foreach (var a in arguments ?? []) info.ArgumentList.Add(a);
        // Our own shell may carry ASP.NET settings (URLs, environment) that would change the host under test.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(key);
        foreach (var (key, value) in launch.DeployedRuntime) info.Environment[key] = value;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // development tokens
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning"; // logging must not dominate what we measure
        foreach (var (key, value) in environment) info.Environment[key] = value;

        Directory.CreateDirectory(launch.LogDirectory);
        var log = new StreamWriter(Path.Combine(launch.LogDirectory, $"{name}.log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var host = new HostProcess(name, port, process, log, watch ?? []);
        process.OutputDataReceived += (_, e) => host.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => host.Capture(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {name}.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    public int Count(string watched) => _matches.GetValueOrDefault(watched);

    private void Capture(string? line)
    {
        if (line is null) return;
        foreach (var w in _watched)
            if (line.Contains(w, StringComparison.Ordinal)) _matches.AddOrUpdate(w, 1, (_, n) => n + 1);
        lock (_gate)
            if (!_closed) _log.WriteLine(line);
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}; see its log.");
            try
            {
                using var response = await http.GetAsync("health/ready");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s; see its log.");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    /// <summary>Peak resident set size since start (or since <see cref="ResetPeakRss"/>), from /proc/PID/status VmHWM.</summary>
    public long PeakRssBytes() => ProcStats.StatusKilobytes(Pid, "VmHWM") * 1024;

    /// <summary>Writing 5 to clear_refs resets VmHWM (Linux >= 4.0), so each load level reports its own peak.</summary>
    public bool ResetPeakRss()
    {
        try { File.WriteAllText($"/proc/{Pid}/clear_refs", "5"); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    public TimeSpan CpuTime() => ProcStats.CpuTime(Pid);

    /// <summary>SIGTERM first so the host shuts down as in production; killed if it does not within 15 s.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                Process.Start("kill", ["-TERM", Pid.ToString()])?.WaitForExit();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try { await _process.WaitForExitAsync(cts.Token); }
                catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); await _process.WaitForExitAsync(); }
            }
        }
        catch (InvalidOperationException) { }
        lock (_gate)
        {
            _closed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }
}

/// <summary>Reads CPU time and memory of processes from /proc (Linux only, like the rest of the bench).</summary>
public static class ProcStats
{
    private static readonly double TicksPerSecond = 100; // USER_HZ is 100 on every Linux we run on

    public static long StatusKilobytes(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        return 0;
    }

    /// <summary>utime + stime of one process, plus cutime + cstime (its reaped children) when asked.</summary>
    public static TimeSpan CpuTime(int pid, bool withChildren = false)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may contain spaces; fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]);
            if (withChildren) ticks += long.Parse(fields[13]) + long.Parse(fields[14]);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return TimeSpan.Zero; }
    }

    /// <summary>
    /// CPU time of our PostgreSQL cluster (the postmaster and its backends; other clusters on the machine are not ours).
    /// Backends that exited (closed connections) live on in the postmaster's reaped-children time, so that counts too.
    /// </summary>
    public static TimeSpan PostgresCpuTime(int postmasterPid)
    {
        if (postmasterPid <= 0) return TimeSpan.Zero;
        var total = CpuTime(postmasterPid, withChildren: true);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                if (int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]) == postmasterPid) total += CpuTime(pid);
            }
            catch (Exception e) when (e is IOException or FormatException) { }
        }
        return total;
    }

    /// <summary>Total busy CPU time of the machine (all processes), from /proc/stat.</summary>
    public static TimeSpan MachineBusyTime()
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // user nice system idle iowait irq softirq steal
        long busy = long.Parse(cpu[1]) + long.Parse(cpu[2]) + long.Parse(cpu[3]) + long.Parse(cpu[6]) + long.Parse(cpu[7]) + long.Parse(cpu[8]);
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}
