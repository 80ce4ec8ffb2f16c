using System.Diagnostics;
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
public abstract class StimulusRoundTripContract(DatabaseProvider provider, int budget, ITestOutputHelper output) : IAsyncLifetime
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
        using var counter = new StimulusCommands(id);
        await Flagship.DbCounter.UntilEfSeesListenersAsync(); // without it the completion's commands went unseen (0 round trips)

        await _permit.ReviewAsync(id, "fire", "Approved");

        output.WriteLine($"review completion on {provider}: {counter.Commands} round trips, {counter.Commits} commit(s)");
        Assert.Equal(1, counter.Stimuli);
        Assert.Equal(1, counter.Commits);
        Assert.True(counter.Commands > 0, "No command of the review completion was observed.");
        Assert.True(counter.Commands <= budget, $"A review completion took {counter.Commands} round trips inside its stimulus (budget {budget}).");
    }

    /// <summary>Counts EF commands and commits that run inside a "stimulus" span of one instance.</summary>
    private sealed class StimulusCommands : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _instanceId;
        private readonly ActivityListener _spans;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private int _commands, _commits, _stimuli;

        public StimulusCommands(string instanceId)
        {
            _instanceId = instanceId;
            // Spans exist only while someone listens; this makes sure they do, whatever the host exports.
            _spans = new ActivityListener
            {
                ShouldListenTo = s => s.Name == EngineTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = a => { if (Ours(a)) Interlocked.Increment(ref _stimuli); },
            };
            ActivitySource.AddActivityListener(_spans);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Commands => Volatile.Read(ref _commands);
        public int Commits => Volatile.Read(ref _commits);
        public int Stimuli => Volatile.Read(ref _stimuli);

        private static readonly HashSet<string> RoundTrips =
        [
            RelationalEventId.CommandExecuted.Name!, RelationalEventId.CreatedTransactionSavepoint.Name!,
            RelationalEventId.ReleasedTransactionSavepoint.Name!, RelationalEventId.RolledBackToTransactionSavepoint.Name!,
        ];

        private bool Ours(Activity a) =>
            a.Source.Name == EngineTelemetry.Name && a.OperationName.StartsWith("stimulus", StringComparison.Ordinal)
            && a.GetTagItem(EngineTelemetry.InstanceTag) as string == _instanceId;

        private bool InOurStimulus()
        {
            for (var a = Activity.Current; a is not null; a = a.Parent)
                if (Ours(a)) return true;
            return false;
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            // Savepoints are statements too (SAVEPOINT, RELEASE) but no CommandExecuted event: counted by their own events.
            if (RoundTrips.Contains(e.Key) && InOurStimulus()) Interlocked.Increment(ref _commands);
            else if (e.Key == RelationalEventId.TransactionCommitted.Name && InOurStimulus()) Interlocked.Increment(ref _commits);
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

// SQLite: BEGIN IMMEDIATE is the lock, then the working set as on PostgreSQL (one SELECT with json_object), and every insert
// and update of SaveChanges on its own (EF does not batch on SQLite), the commit.
// PostgreSQL: the lock with the stimulus's whole working set (stimulus_working_set: instance, open tasks, running deadlines
// and their timers, audit head), SaveChanges (one batch, the timers' deletes in it), the commit. It was six before the
// working set: the locking read, open tasks, running deadlines, a timers DELETE, the audit head, the save.
public sealed class SqliteStimulusRoundTripTests(ITestOutputHelper output) : StimulusRoundTripContract(DatabaseProvider.Sqlite, budget: 14, output);

public sealed class PostgresStimulusRoundTripTests(ITestOutputHelper output) : StimulusRoundTripContract(DatabaseProvider.Postgres, budget: 2, output);
