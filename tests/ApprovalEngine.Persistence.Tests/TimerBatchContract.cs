using System.Diagnostics;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// Due timers of distinct instances fire in shared transactions (TimerOptions.FireBatchSize): each is still its own
/// stimulus (journal, audit record, timer row deleted with it), and a batch that cannot fire as a whole falls back to
/// one timer at a time, so nothing is lost or fired twice. Counted in commits, not timed.
/// </summary>
public abstract class TimerBatchContract(DatabaseProvider provider) : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static JsonObject Delayed() =>
        new WorkflowJson().Start().Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "01:00:00")).Event("after")
            .Chain("start", "wait", "after").Build("Delayed", "delayed");

    [Fact]
    public async Task DueTimers_FireInBatches_EachOnceWithItsJournalAndAudit_InAFewCommits()
    {
        var id = await _store.DeployAsync(Delayed());
        var instances = new List<string>();
        for (var i = 0; i < 120; i++) instances.Add((await _store.StartAsync(id)).Id);
        _store.Time.Advance(TimeSpan.FromHours(2));

        using var commits = new CommitCounter();
        var fired = await commits.RunAsync(() => _store.FireDueTimersAsync());

        Assert.Equal(120, fired);
        Console.WriteLine($"[timers] {provider}: {commits.Commits} commits, {commits.Commands} commands, {commits.DetectChanges} detect-changes passes");
        // The harness claims 50 at a time and fires them 50 to a transaction: 3 batches, 3 claims (the last finds none)
        // on PostgreSQL; one at a time it was 120 commits.
        Assert.True(commits.Commits <= 8, $"120 timers took {commits.Commits} commits");
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        var resumed = await _store.Db(db => db.Journal.Where(j => j.EventName == "Resumed" && j.ActivityId == "wait")
            .GroupBy(j => j.InstanceId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(120, resumed.Count);
        Assert.All(resumed, count => Assert.Equal(1, count));
        foreach (var instance in instances.Take(3))
        {
            var verified = await _store.Db(db => AuditTrail.VerifyAsync(db, instance));
            Assert.True(verified.Ok, verified.Problem);
            Assert.Equal(2, verified.Records); // started, timer fired
        }
    }

    [Fact]
    public async Task DueTimersThatEndTheirInstances_FireInBatches_WithOneChangeDetectionPassPerBatch()
    {
        // Start -> Delay -> End (the benchmark's shape): each firing ends its instance, so the deadline bookkeeping looks for
        // the instance's running deadlines among the batch's tracked rows.
        var id = await _store.DeployAsync(new WorkflowJson().Start().Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "01:00:00")).End()
            .Chain("start", "wait", "end").Build("Ending", "ending"));
        for (var i = 0; i < 120; i++) await _store.StartAsync(id);
        _store.Time.Advance(TimeSpan.FromHours(2));

        using var counted = new CommitCounter();
        var fired = await counted.RunAsync(() => _store.FireDueTimersAsync());

        Console.WriteLine($"[timers] {provider} ending: {counted.Commits} commits, {counted.Commands} commands, {counted.DetectChanges} detect-changes passes");
        Assert.Equal(120, fired);
        Assert.Equal(120, await _store.Db(db => db.Instances.CountAsync(i => i.DefinitionId == "ending" && i.Status == WorkflowStatus.Finished)));
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        // One pass per batch, when it is saved (3 batches of 50, 50, 20): a pass per stimulus would compare every row the
        // batch tracked so far, quadratic in the batch (it was 2 per timer, 243 here).
        Assert.True(counted.DetectChanges <= counted.Commits, $"{counted.DetectChanges} change-detection passes for {counted.Commits} commits");
        Assert.True(counted.Commits <= 8, $"120 timers took {counted.Commits} commits");
    }

    [Fact]
    public async Task BatchWithAnObsoleteTimer_FallsBackToOneAtATime_OthersFireAndTheObsoleteIsDropped()
    {
        var id = await _store.DeployAsync(Delayed());
        var instances = new List<string>();
        for (var i = 0; i < 10; i++) instances.Add((await _store.StartAsync(id)).Id);
        var cancelled = instances[4];
        await _store.InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().CancelAsync(cancelled, "withdrawn", StoreHarness.Clerk));
        // A timer row left over for the ended instance (as after a crash between a claim and its lease expiry).
        await _store.Db(async db =>
        {
            db.Timers.Add(new TimerRecord { Id = "stale", InstanceId = cancelled, Kind = TimerKinds.Bookmark, BookmarkId = "stale", DueAt = _store.Time.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        _store.Time.Advance(TimeSpan.FromHours(2));

        var fired = await _store.FireDueTimersAsync();

        Assert.Equal(9, fired);
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        Assert.Equal(WorkflowStatus.Cancelled, (await _store.InstanceAsync(cancelled)).Status);
        Assert.Equal(9, await _store.Db(db => db.Journal.CountAsync(j => j.EventName == "Resumed" && j.ActivityId == "wait")));
    }

    [Fact]
    public async Task InstanceLockedByAnother_StimulusWaitsOnlyItsLockTimeout_ThenAnswersBusy()
    {
        var id = await _store.DeployAsync(Delayed());
        var instance = await _store.StartAsync(id);
        var bookmark = await _store.BookmarkAsync(instance.Id, "wait");

        await _store.InScopeAsync(async holder =>
        {
            var holderDb = holder.GetRequiredService<ApprovalDbContext>();
            await using var held = await holderDb.Database.BeginTransactionAsync();
            await holderDb.Database.ExecuteSqlInterpolatedAsync($"UPDATE instances SET revision = revision WHERE id = {instance.Id}");

            // Bounded by the test, not by the database: without its lock timeout the stimulus would wait for the holder forever.
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await using var other = holder.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var runtime = ActivatorUtilities.CreateInstance<WorkflowRuntime>(other.ServiceProvider, new StimulusOptions { LockTimeout = TimeSpan.FromMilliseconds(300) });
            var busy = await Assert.ThrowsAsync<ConflictException>(() => runtime.ResumeAsync(instance.Id, bookmark, null, StoreHarness.Clerk, guard.Token));
            Assert.Equal(ErrorCodes.InstanceBusy, busy.Code);
            var batchBusy = await Assert.ThrowsAsync<ConflictException>(() =>
                runtime.ResumeManyAsync([new WorkflowRuntime.BookmarkResume(instance.Id, bookmark, null)], StoreHarness.Clerk, guard.Token));
            Assert.Equal(ErrorCodes.InstanceBusy, batchBusy.Code);
            await held.RollbackAsync();
            return 0;
        });

        Assert.Equal(WorkflowStatus.Suspended, (await _store.ResumeAsync(instance.Id, bookmark)).Status);
    }

    [Fact]
    public async Task InstanceLockedByAnotherStimulus_StimulusWaitsOnlyItsLockTimeout_AndGetsItsTurnWhenThatOneEnds()
    {
        // The holder is a stimulus of this host that writes with a statement of its own, so it holds the lock while it runs: on
        // SQLite its first attempt is refused that write before the lock and it runs again in the host's line for the write
        // lock (InstanceLocks.BeginAsync), where the others then wait instead of in SQLite's busy wait; on PostgreSQL it holds
        // the row's lock from its first statement.
        var id = await _store.DeployAsync(Delayed());
        var instance = await _store.StartAsync(id);
        var bookmark = await _store.BookmarkAsync(instance.Id, "wait");
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var holder = _store.InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().RecordAsync(instance.Id, StoreHarness.Clerk, async db =>
        {
            await db.Instances.Where(i => i.Id == instance.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ProjectName, "held"), guard.Token);
            holding.TrySetResult();
            await release.Task.WaitAsync(guard.Token);
            return null;
        }, guard.Token));
        await holding.Task.WaitAsync(guard.Token);

        var busy = await Assert.ThrowsAsync<ConflictException>(() => _store.InScopeAsync(sp =>
            ActivatorUtilities.CreateInstance<WorkflowRuntime>(sp, new StimulusOptions { LockTimeout = TimeSpan.FromMilliseconds(300) })
                .ResumeAsync(instance.Id, bookmark, null, StoreHarness.Clerk, guard.Token)));
        Assert.Equal(ErrorCodes.InstanceBusy, busy.Code);

        var waiting = _store.ResumeAsync(instance.Id, bookmark);
        await Task.Delay(100, guard.Token);
        Assert.False(waiting.IsCompleted);
        release.SetResult();
        await holder;
        Assert.Equal(WorkflowStatus.Suspended, (await waiting).Status);
        var stored = await _store.InstanceAsync(instance.Id);
        Assert.Equal("held", stored.ProjectName);
        Assert.Equal(instance.Revision + 2, stored.Revision);
    }

    [Fact]
    public async Task AWriteOutsideAnyStimulus_TakesItsTurnInLine_NotAfterEveryStimulusThatCameLater()
    {
        // The outbox and the timer sweeper claim rows with a statement outside any transaction. On SQLite it waits in the
        // host's line like a stimulus: polling for the write lock instead, it would rarely find it free between the turns of
        // a busy line (the outbox fell behind the permits in the benchmark).
        var id = await _store.DeployAsync(Delayed());
        var first = await _store.StartAsync(id);
        var second = await _store.StartAsync(id);
        var other = await _store.StartAsync(id);
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var (firstHolder, releaseFirst) = HoldLock(first.Id, guard.Token, out var firstHolding);
        await firstHolding.WaitAsync(guard.Token);
        var write = _store.Db(db => db.Instances.Where(i => i.Id == other.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ProjectName, "claimed"), guard.Token));
        await Task.Delay(200, guard.Token);
        var (secondHolder, releaseSecond) = HoldLock(second.Id, guard.Token, out var secondHolding);
        await Task.Delay(200, guard.Token);

        releaseFirst.SetResult();
        await firstHolder;
        // The later stimulus now holds the lock until released; the write, in line before it, has run (its task may still be
        // finishing). Waiting in SQLite's busy wait instead, it would only get the lock after that stimulus is released.
        await secondHolding.WaitAsync(guard.Token);
        Assert.Equal(1, await write.WaitAsync(TimeSpan.FromSeconds(10), guard.Token));
        releaseSecond.SetResult();
        await secondHolder;
        Assert.Equal("claimed", (await _store.InstanceAsync(other.Id)).ProjectName);
    }

    /// <summary>A stimulus of <paramref name="instanceId"/> that holds its lock (on SQLite the database's, in the host's line) until released.</summary>
    private (Task Stimulus, TaskCompletionSource Release) HoldLock(string instanceId, CancellationToken ct, out Task holding)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        holding = held.Task;
        var stimulus = _store.InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().RecordAsync(instanceId, StoreHarness.Clerk, async db =>
        {
            // A write of its own: refused before SQLite's lock, so this runs again under it (see the test above).
            await db.Instances.Where(i => i.Id == instanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ProjectName, "held"), ct);
            held.TrySetResult();
            await release.Task.WaitAsync(ct);
            return null;
        }, ct));
        return (stimulus, release);
    }

    /// <summary>Counts EF transaction commits, SQL commands and change-detection passes made inside <see cref="RunAsync"/>'s call (tests of other classes run alongside).</summary>
    private sealed class CommitCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly IDisposable _all;
        private readonly List<IDisposable> _subscriptions = [];
        private Activity? _ours;
        private int _commits, _commands, _detectChanges;

        public CommitCounter() => _all = DiagnosticListener.AllListeners.Subscribe(this);

        public int Commits => Volatile.Read(ref _commits);
        /// <summary>SQL commands sent (a batched SaveChanges is one command per EF batch).</summary>
        public int Commands => Volatile.Read(ref _commands);
        /// <summary>Change-detection passes, each over every tracked row.</summary>
        public int DetectChanges => Volatile.Read(ref _detectChanges);

        public async Task<T> RunAsync<T>(Func<Task<T>> work)
        {
            using var ours = new Activity("counted").Start();
            _ours = ours;
            return await work();
        }

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            ref var counter = ref _commits;
            if (e.Key == RelationalEventId.CommandExecuted.Name) counter = ref _commands;
            else if (e.Key == CoreEventId.DetectChangesStarting.Name) counter = ref _detectChanges;
            else if (e.Key != RelationalEventId.TransactionCommitted.Name) return;
            if (_ours is null) return;
            for (var a = Activity.Current; a is not null; a = a.Parent)
                if (a == _ours) { Interlocked.Increment(ref counter); return; }
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
        }
    }
}

public sealed class SqliteTimerBatchTests() : TimerBatchContract(DatabaseProvider.Sqlite);

public sealed class PostgresTimerBatchTests() : TimerBatchContract(DatabaseProvider.Postgres);
