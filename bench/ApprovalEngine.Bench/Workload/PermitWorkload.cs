using System.Collections.Concurrent;
using System.Diagnostics;
using ApprovalEngine.Bench.Hosting;
using ApprovalEngine.Bench.Reporting;

namespace ApprovalEngine.Bench.Workload;

public sealed record LevelResult(
    string Provider, int Concurrency, double Seconds, int Approvals, int Stimuli, int Requests,
    double P50, double P99, double StimulusP50, double StimulusP99, double QueryP99, int Errors, string? FirstError,
    long PeakRssBytes, double HostCores, double PostgresCores, double ClientCores, double OtherCores, int PushesDelivered)
{
    public double ApprovalsPerSecond => Approvals / Seconds;
    public double StimuliPerSecond => Stimuli / Seconds;
}

/// <summary>
/// The 3550 construction permit end to end over HTTP, as the window, the four departments and the bureau drive it:
/// start, acceptance, four reviews, the joint decision (whose transaction seals, issues the certificate and queues the
/// double push). Each simulated applicant runs permits back to back (a closed loop), so concurrency = applicants.
/// Per permit: 7 stimuli (state-changing POSTs) and 6 inbox look-ups (GETs), as PermitClient in the tests does.
/// </summary>
public sealed class PermitWorkload(ApiClient api, HostProcess host, WebhookReceiver receiver, string provider, int postmasterPid)
{
    private static readonly string[] Departments = ["planning", "land", "fire", "environment"];
    private int _approvalsDriven;

    /// <summary>Every permit this workload finished, measured or not (warm-up, drain): compared with the database afterwards.</summary>
    public int ApprovalsDriven => Volatile.Read(ref _approvalsDriven);

    public async Task<LevelResult> RunLevelAsync(int concurrency, TimeSpan warmup, TimeSpan duration)
    {
        var window = new Window(warmup, duration);
        host.ResetPeakRss();
        var workers = Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !window.Over; i++)
                if (await PermitAsync($"BENCH-{provider}-{concurrency}-{w}-{i}", window)) Interlocked.Increment(ref _approvalsDriven);
        })).ToList();

        await window.WaitStartAsync();
        var before = Snapshot.Take(host, receiver, postmasterPid);
        await window.WaitEndAsync();
        var after = Snapshot.Take(host, receiver, postmasterPid);
        await Task.WhenAll(workers); // permits in flight finish (not counted) so the next level starts clean
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

    /// <returns>true when the permit reached its certificate (the decision's reply).</returns>
    private async Task<bool> PermitAsync(string correlationId, Window window)
    {
        var started = await window.Stimulus(api.PostAsync("/api/instances", User.Clerk,
            new { definitionId = "construction-permit-3550", correlationId, input = new { applicant = "Suzhou Industrial Park Co.", project = correlationId } }));
        if (started is null) return false;
        var id = started.Json["id"]!.GetValue<string>();

        if (!await CompleteOpenTaskAsync(window, id, User.Clerk, "Accepted", null)) return false;
        foreach (var department in Departments)
            if (!await CompleteOpenTaskAsync(window, id, User.Reviewer(department), "Approved", "Conforms.")) return false;
        if (!await CompleteOpenTaskAsync(window, id, User.Bureau, "Approved", "Approved after joint review.")) return false;
        window.Approved();
        return true;
    }

    /// <summary>The actor looks at their inbox for this application and completes the one task it shows.</summary>
    private async Task<bool> CompleteOpenTaskAsync(Window window, string instanceId, User user, string outcome, string? opinion)
    {
        var inbox = await window.Query(api.GetAsync($"/api/tasks?instanceId={instanceId}&status=open", user));
        if (inbox is null) return false;
        var items = inbox.Json["items"]!.AsArray();
        if (items.Count != 1) return window.Fail($"{user.Name} saw {items.Count} open tasks of {instanceId}, expected 1");
        var taskId = items[0]!["id"]!.GetValue<string>();
        return await window.Stimulus(api.PostAsync($"/api/tasks/{taskId}/complete", user, new { outcome, opinion })) is not null;
    }

    private sealed record Sample(bool Stimulus, double Ms);

    /// <summary>Warm-up, then the measured window: only requests and approvals that finish inside it count.</summary>
    private sealed class Window(TimeSpan warmup, TimeSpan duration)
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
    private sealed record Snapshot(TimeSpan Wall, TimeSpan Host, TimeSpan Postgres, TimeSpan Client, TimeSpan Machine, int Pushes)
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static Snapshot Take(HostProcess host, WebhookReceiver receiver, int postmasterPid) => new(
            Clock.Elapsed, host.CpuTime(), ProcStats.PostgresCpuTime(postmasterPid), Process.GetCurrentProcess().TotalProcessorTime, ProcStats.MachineBusyTime(),
            receiver.Deliveries);
    }
}
