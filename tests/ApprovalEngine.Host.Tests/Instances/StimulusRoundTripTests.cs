using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Instances;

/// <summary>
/// What one stimulus costs the database: its round trips (EF commands and savepoints) and commits, counted from EF Core's
/// diagnostics inside that stimulus's span only (background loops and other tests run on the same process).
/// A budget, not a timing: a change that adds statements to every approval fails here and says how many.
/// </summary>
public abstract class StimulusRoundTripContract(DatabaseProvider provider, int budget, int startBudget, ITestOutputHelper output) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task ReviewCompletion_OneCommitAndAtMostTheBudgetOfRoundTrips()
    {
        var id = await _permit.StartAsync("RT-1");
        await _permit.AcceptAsync(id);
        using var counter = new StimulusCommands();
        await Flagship.DbCounter.UntilEfSeesListenersAsync(); // without it the completion's commands went unseen (0 round trips)

        await _permit.ReviewAsync(id, "fire", "Approved");

        AssertOneStimulusWithin("review completion", counter.Of(id), budget);
        // The task is read with the lock, in the stimulus's first round trip: the request sends nothing else.
        var request = await counter.RequestOfAsync(id);
        output.WriteLine($"the completion's request on {provider}: {request.Commands} round trips");
        Assert.Equal(counter.Of(id).Commands, request.Commands);
    }

    [Fact]
    public async Task Start_OneCommitAndAtMostTheBudgetOfRoundTrips()
    {
        await _permit.StartAsync("RT-WARM"); // the version's cache and EF's compiled queries, as on a running host
        using var counter = new StimulusCommands();
        await Flagship.DbCounter.UntilEfSeesListenersAsync();

        var id = await _permit.StartAsync("RT-2");

        AssertOneStimulusWithin("start", counter.Of(id), startBudget);
    }

    private void AssertOneStimulusWithin(string what, StimulusCommands.Counts seen, int roundTrips)
    {
        output.WriteLine($"{what} on {provider}: {seen.Commands} round trips, {seen.Commits} commit(s)");
        Assert.Equal(1, seen.Stimuli);
        Assert.Equal(1, seen.Commits);
        Assert.True(seen.Commands > 0, $"No command of the {what} was observed.");
        Assert.True(seen.Commands <= roundTrips, $"A {what} took {seen.Commands} round trips inside its stimulus (budget {roundTrips}).");
    }

    /// <summary>
    /// Counts EF commands and commits per "stimulus" span, and keeps the counts of each span that ends while it listens by
    /// the span's instance (a start learns its instance's id only after its first read); likewise per HTTP request that ran a
    /// stimulus, so that reads ahead of the stimulus show.
    /// </summary>
    private sealed class StimulusCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        public sealed record Counts(int Commands, int Commits, int Stimuli);

        private readonly ActivityListener _spans;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private readonly ConcurrentDictionary<Activity, StrongBox<(int Commands, int Commits)>> _running = new();
        private readonly ConcurrentDictionary<string, Counts> _ended = new();
        private readonly ConcurrentDictionary<Activity, StrongBox<(int Commands, int Commits)>> _requests = new();
        private readonly ConcurrentDictionary<Activity, string> _instanceOfRequest = new();
        private readonly ConcurrentDictionary<string, Counts> _endedRequests = new();

        public StimulusCommands()
        {
            // Spans exist only while someone listens; this makes sure they do, whatever the host exports.
            _spans = new ActivityListener
            {
                ShouldListenTo = s => s.Name is EngineTelemetry.Name or HostingSource,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = Ended,
            };
            ActivitySource.AddActivityListener(_spans);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        /// <summary>What the stimuli of <paramref name="instanceId"/> that ended so far sent.</summary>
        public Counts Of(string instanceId) => _ended.GetValueOrDefault(instanceId, new Counts(0, 0, 0));

        /// <summary>What the HTTP requests that ran stimuli of <paramref name="instanceId"/> sent in all (a request's span ends just after its answer).</summary>
        public async Task<Counts> RequestOfAsync(string instanceId)
        {
            for (var waited = 0; waited < 100 && !_endedRequests.ContainsKey(instanceId); waited++) await Task.Delay(50);
            return _endedRequests.TryGetValue(instanceId, out var counts) ? counts : throw new Xunit.Sdk.XunitException($"No request of {instanceId} ended.");
        }

        private const string HostingSource = "Microsoft.AspNetCore";

        private static bool IsRequest(Activity a) => a.OperationName == "Microsoft.AspNetCore.Hosting.HttpRequestIn";

        private static readonly HashSet<string> RoundTrips =
        [
            RelationalEventId.CommandExecuted.Name!, RelationalEventId.CreatedTransactionSavepoint.Name!,
            RelationalEventId.ReleasedTransactionSavepoint.Name!, RelationalEventId.RolledBackToTransactionSavepoint.Name!,
        ];

        private static bool IsStimulus(Activity a) =>
            a.Source.Name == EngineTelemetry.Name && a.OperationName.StartsWith("stimulus", StringComparison.Ordinal);

        private void Ended(Activity a)
        {
            if (IsRequest(a))
            {
                if (_requests.TryRemove(a, out var sent) && _instanceOfRequest.TryRemove(a, out var of)) Add(_endedRequests, of, sent.Value);
                return;
            }
            if (!IsStimulus(a) || !_running.TryRemove(a, out var counts)) return;
            if (a.GetTagItem(EngineTelemetry.InstanceTag) is not string id) return;
            Add(_ended, id, counts.Value);
            for (var r = a.Parent; r is not null; r = r.Parent)
                if (IsRequest(r)) _instanceOfRequest[r] = id;
        }

        private static void Add(ConcurrentDictionary<string, Counts> into, string id, (int Commands, int Commits) counts) =>
            into.AddOrUpdate(id, new Counts(counts.Commands, counts.Commits, 1), (_, c) => new Counts(c.Commands + counts.Commands, c.Commits + counts.Commits, c.Stimuli + 1));

        /// <summary>The counters of the stimulus and of the request the current code runs in.</summary>
        private IEnumerable<StrongBox<(int Commands, int Commits)>> Running()
        {
            var inStimulus = false;
            for (var a = Activity.Current; a is not null; a = a.Parent)
                if (!inStimulus && IsStimulus(a))
                {
                    inStimulus = true;
                    yield return _running.GetOrAdd(a, _ => new StrongBox<(int, int)>());
                }
                else if (IsRequest(a)) yield return _requests.GetOrAdd(a, _ => new StrongBox<(int, int)>());
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            // Savepoints are statements too (SAVEPOINT, RELEASE) but no CommandExecuted event: counted by their own events.
            var commit = e.Key == RelationalEventId.TransactionCommitted.Name;
            if (!commit && !RoundTrips.Contains(e.Key)) return;
            foreach (var box in Running())
                lock (box)
                {
                    if (commit) box.Value.Commits++;
                    else box.Value.Commands++;
                }
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
            _spans.Dispose();
        }
    }
}

// SQLite: BEGIN IMMEDIATE is the lock, then the working set as on PostgreSQL (one SELECT with json_object), the stimulus's
// journal lines in one INSERT (InstanceJournal; they were six or seven commands), every other insert and update of
// SaveChanges on its own (EF does not batch on SQLite), the commit.
// A review completion reads its task with the lock (stimulus_working_set from the task); it was one more read ahead of the
// lock, outside the stimulus.
// PostgreSQL: the lock with the stimulus's whole working set (stimulus_working_set: instance, open tasks, running deadlines
// and their timers, audit head), SaveChanges (one batch, the timers' deletes in it), the commit. It was six before the
// working set: the locking read, open tasks, running deadlines, a timers DELETE, the audit head, the save.
// A start: the published version (the start's only read), then its inserts; the new application's audit chain is not
// looked for (it was a third round trip on PostgreSQL, 15 on SQLite).
public sealed class SqliteStimulusRoundTripTests(ITestOutputHelper output) : StimulusRoundTripContract(DatabaseProvider.Sqlite, budget: 10, startBudget: 10, output);

public sealed class PostgresStimulusRoundTripTests(ITestOutputHelper output) : StimulusRoundTripContract(DatabaseProvider.Postgres, budget: 2, startBudget: 2, output);
