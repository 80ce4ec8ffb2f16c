using System.Collections.Concurrent;
using System.Diagnostics;
using ApprovalEngine.Bench.Hosting;
using ApprovalEngine.Bench.Reporting;

namespace ApprovalEngine.Bench.Workload;

/// <summary>
/// One concurrency level of a closed-loop HTTP workload: <c>concurrency</c> workers each run items back to back
/// (an item is a permit, a fork/join instance, ...) through a warm-up and a measured window, with CPU split by process.
/// </summary>
public static class LevelRunner
{
    /// <param name="item">(worker, index, window) -> true when the item finished.</param>
    /// <param name="finished">Called for every finished item, measured or not (for the database cross-check).</param>
    internal static async Task<LevelResult> RunAsync(string provider, int concurrency, TimeSpan warmup, TimeSpan duration, HostProcess host,
        WebhookReceiver? receiver, int postmasterPid, Func<int, int, Window, Task<bool>> item, Action finished)
    {
        var window = new Window(warmup, duration);
        host.ResetPeakRss();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !window.Over; i++)
                if (await item(w, i, window)) finished();
        })).ToList();

        await window.WaitStartAsync();
        var before = Snapshot.Take(host, receiver, postmasterPid);
        await window.WaitEndAsync();
        var after = Snapshot.Take(host, receiver, postmasterPid);
        await Task.WhenAll(workers); // items in flight finish (not counted) so the next level starts clean
        var peak = host.PeakRssBytes();

        var seconds = (after.Wall - before.Wall).TotalSeconds;
        double Cores(Func<Snapshot, TimeSpan> f) => (f(after) - f(before)).TotalSeconds / seconds;
        var hostCores = Cores(s => s.Host);
        var pgCores = Cores(s => s.Postgres);
        var clientCores = Cores(s => s.Client);
        var other = Math.Max(0, Cores(s => s.Machine) - hostCores - pgCores - clientCores);
        var all = window.Samples.Select(s => s.Ms).ToList();
        var stimuli = window.Samples.Where(s => s.Stimulus).Select(s => s.Ms).ToList();
        var queries = window.Samples.Where(s => !s.Stimulus).Select(s => s.Ms).ToList();
        return new LevelResult(provider, concurrency, seconds, window.Approvals, stimuli.Count, all.Count,
            Stats.Percentile(all, 50), Stats.Percentile(all, 99), Stats.Percentile(stimuli, 50), Stats.Percentile(stimuli, 99), Stats.Percentile(queries, 99),
            window.Errors, window.FirstError, peak, hostCores, pgCores, clientCores, other, after.Pushes - before.Pushes);
    }
}

internal sealed record Sample(bool Stimulus, double Ms);

/// <summary>Warm-up, then the measured window: only requests and approvals that finish inside it count.</summary>
internal sealed class Window(TimeSpan warmup, TimeSpan duration)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _approvals;
    private int _errors;
    private string? _firstError;

    public ConcurrentBag<Sample> Samples { get; } = [];
    public int Approvals => Volatile.Read(ref _approvals);
    public int Errors => Volatile.Read(ref _errors);
    public string? FirstError => _firstError;
    public bool Over => _clock.Elapsed >= warmup + duration;
    private bool Measuring => _clock.Elapsed >= warmup && !Over;

    public Task WaitStartAsync() => DelayUntil(warmup);
    public Task WaitEndAsync() => DelayUntil(warmup + duration);
    private Task DelayUntil(TimeSpan t) => t > _clock.Elapsed ? Task.Delay(t - _clock.Elapsed) : Task.CompletedTask;

    public void Approved()
    {
        if (Measuring) Interlocked.Increment(ref _approvals);
    }

    public Task<Reply?> Stimulus(Task<Reply> request) => Record(request, stimulus: true);
    public Task<Reply?> Query(Task<Reply> request) => Record(request, stimulus: false);

    public bool Fail(string error)
    {
        if (Measuring) Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, error, null);
        return false;
    }

    private async Task<Reply?> Record(Task<Reply> request, bool stimulus)
    {
        var reply = await request;
        if (!reply.Ok)
        {
            Fail(reply.ToString());
            return null;
        }
        if (Measuring) Samples.Add(new Sample(stimulus, reply.Milliseconds));
        return reply;
    }
}

/// <summary>CPU clocks of everyone on the machine at one instant, to split the two cores between host, database, client and others.</summary>
internal sealed record Snapshot(TimeSpan Wall, TimeSpan Host, TimeSpan Postgres, TimeSpan Client, TimeSpan Machine, int Pushes)
{
    private static readonly Stopwatch Clock = Stopwatch.StartNew();

    public static Snapshot Take(HostProcess host, WebhookReceiver? receiver, int postmasterPid) => new(
        Clock.Elapsed, host.CpuTime(), ProcStats.PostgresCpuTime(postmasterPid), Process.GetCurrentProcess().TotalProcessorTime, ProcStats.MachineBusyTime(),
        receiver?.Deliveries ?? 0);
}
