using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>The storage contract, written once and run against every provider (see the subclasses at the end).</summary>
public abstract class PersistenceContract(DatabaseProvider provider) : IAsyncLifetime
{
    protected StoreHarness Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await Store.DisposeAsync();

    private static JsonObject TwoSteps(string definitionId = "two-steps", string name = "Two steps") =>
        new WorkflowJson().Start().Event("accept").Event("review").End().Chain("start", "accept", "review", "end").Build(name, definitionId);

    private static JsonObject Delayed(string span = "3.00:00:00") =>
        new WorkflowJson().Start().Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", span)).Event("after").Chain("start", "wait", "after").Build("Delayed", "delayed");

    [Fact]
    public async Task Definitions_SaveOnPublishedVersion_OpensNewDraftAndRunningInstanceStaysOnItsVersion()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var running = await Store.StartAsync(id);

        var draft = await Store.SaveDraftAsync(TwoSteps(name: "Two steps, revised"));
        var redraft = await Store.SaveDraftAsync(TwoSteps(name: "Two steps, revised again"));

        Assert.Equal(2, draft.Version);
        Assert.Equal(draft.Id, redraft.Id); // saving onto a draft overwrites it
        var versions = await Store.InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().VersionsAsync(id));
        Assert.Equal([(2, DefinitionState.Draft, true), (1, DefinitionState.Published, false)], versions.Select(v => (v.Version, v.State, v.IsLatest)));

        await Store.InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().PublishAsync(id, "admin-1"));
        var next = await Store.StartAsync(id);
        Assert.Equal(2, next.DefinitionVersion);
        Assert.Equal(1, (await Store.InstanceAsync(running.Id)).DefinitionVersion);
        var resumed = await Store.ResumeAsync(running.Id, await Store.BookmarkAsync(running.Id, "accept"));
        Assert.Equal(WorkflowStatus.Suspended, resumed.Status);
        versions = await Store.InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().VersionsAsync(id));
        Assert.Equal([DefinitionState.Published, DefinitionState.Superseded], versions.Select(v => v.State));
    }

    [Fact]
    public async Task Definitions_InvalidModel_IsRejectedAndNothingStored()
    {
        var broken = new WorkflowJson().Start().Activity("x", "Acme.Unknown").Chain("start", "x").Build("Broken", "broken");

        var error = await Assert.ThrowsAsync<WorkflowValidationException>(() => Store.SaveDraftAsync(broken));

        Assert.Contains(error.Problems, p => p.ActivityId == "x");
        Assert.Equal(0, await Store.Db(db => db.DefinitionVersions.CountAsync()));
    }

    [Fact]
    public async Task Definitions_Retracted_RefusesNewInstancesButRunningOnesContinue()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var running = await Store.StartAsync(id);

        await Store.InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().RetractAsync(id, "admin-1"));

        await Assert.ThrowsAsync<ConflictException>(() => Store.StartAsync(id));
        await Store.ResumeAsync(running.Id, await Store.BookmarkAsync(running.Id, "accept"));
        Assert.Equal(WorkflowStatus.Suspended, (await Store.InstanceAsync(running.Id)).Status);
    }

    [Fact]
    public async Task Instances_StartAndResume_PersistStateBookmarksAndNumberedJournal()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var instance = await Store.StartAsync(id, new JsonObject { ["applicant"] = "Acme Ltd" });

        await Store.ResumeAsync(instance.Id, await Store.BookmarkAsync(instance.Id, "accept"));
        await Store.ResumeAsync(instance.Id, await Store.BookmarkAsync(instance.Id, "review"));

        var stored = await Store.InstanceAsync(instance.Id);
        Assert.Equal(WorkflowStatus.Finished, stored.Status);
        Assert.NotNull(stored.FinishedAt);
        Assert.Equal("Acme Ltd", WorkflowRuntime.ReadState(stored).Input["applicant"]!.GetValue<string>());
        Assert.Equal(0, await Store.Db(db => db.Bookmarks.CountAsync()));
        var journal = await Store.JournalAsync(instance.Id);
        Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j.Sequence));
        Assert.Equal("WorkflowStarted", journal[0].EventName);
        Assert.Equal("WorkflowFinished", journal[^1].EventName);
        Assert.Equal(2, journal.Count(j => j.EventName == "Resumed" && j.Actor == "clerk-1"));
    }

    [Fact]
    public async Task Instances_TwentyConcurrentResumesOfOneBookmark_ExactlyOneTransition()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var instance = await Store.StartAsync(id);
        var bookmark = await Store.BookmarkAsync(instance.Id, "accept");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try { await Store.ResumeAsync(instance.Id, bookmark); return "ok"; }
            catch (ConflictException) { return "conflict"; }
        }));

        Assert.Equal(1, attempts.Count(a => a == "ok"));
        Assert.Equal(19, attempts.Count(a => a == "conflict"));
        var journal = await Store.JournalAsync(instance.Id);
        Assert.Single(journal, j => j.EventName == "Resumed" && j.ActivityId == "accept");
        Assert.Single(journal, j => j.EventName == "Suspended" && j.ActivityId == "review");
        Assert.Equal(["review"], await Store.Db(db => db.Bookmarks.Where(b => b.InstanceId == instance.Id).Select(b => b.ActivityId).ToListAsync()));
    }

    [Fact]
    public async Task Timers_DelayFiresOnlyAfterFakeTimePasses_AndOnlyOnce()
    {
        var id = await Store.DeployAsync(Delayed());
        var instance = await Store.StartAsync(id);

        Store.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await Store.FireDueTimersAsync());
        Assert.Equal(["wait"], await Store.Db(db => db.Bookmarks.Select(b => b.ActivityId).ToListAsync()));

        Store.Time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await Store.FireDueTimersAsync());
        Assert.Equal(0, await Store.FireDueTimersAsync());

        Assert.Equal(["after"], await Store.Db(db => db.Bookmarks.Where(b => b.InstanceId == instance.Id).Select(b => b.ActivityId).ToListAsync()));
        Assert.Equal(0, await Store.Db(db => db.Timers.CountAsync()));
        Assert.Single(await Store.JournalAsync(instance.Id), j => j.EventName == "Resumed" && j.ActivityId == "wait" && j.Actor == "system:timer");
    }

    [Fact]
    public async Task Timers_HostRestart_TimerIsNeitherLostNorRepeated()
    {
        var id = await Store.DeployAsync(Delayed("01:00:00"));
        var instances = new List<string>();
        for (var i = 0; i < 5; i++) instances.Add((await Store.StartAsync(id)).Id);

        await Store.RestartAsync();
        Store.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(5, await Store.FireDueTimersAsync());
        await Store.RestartAsync();
        Assert.Equal(0, await Store.FireDueTimersAsync());

        foreach (var instance in instances)
            Assert.Single(await Store.JournalAsync(instance), j => j.EventName == "Resumed" && j.ActivityId == "wait");
    }

    [Fact]
    public async Task Timers_ClaimedByCrashedHost_AreFiredByAnotherAfterTheLease()
    {
        var id = await Store.DeployAsync(Delayed("01:00:00"));
        var instance = await Store.StartAsync(id);
        Store.Time.Advance(TimeSpan.FromHours(2));
        // A host claimed the timer and died before firing it.
        await Store.Db(db => db.Timers.ExecuteUpdateAsync(s => s
            .SetProperty(t => t.LockedBy, "dead-host").SetProperty(t => t.LockedUntil, Store.Time.GetUtcNow().AddSeconds(60))));

        Assert.Equal(0, await Store.SweeperForReplica("replica-b").FireDueAsync());
        Store.Time.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, await Store.SweeperForReplica("replica-b").FireDueAsync());

        Assert.Single(await Store.JournalAsync(instance.Id), j => j.EventName == "Resumed" && j.ActivityId == "wait");
    }

    [Fact]
    public async Task Instances_Cancel_RemovesBookmarksAndTimersAndRefusesFurtherStimuli()
    {
        var id = await Store.DeployAsync(Delayed());
        var instance = await Store.StartAsync(id);
        var bookmark = await Store.BookmarkAsync(instance.Id, "wait");

        await Store.InScopeAsync(sp => sp.GetRequiredService<Instances.WorkflowRuntime>().CancelAsync(instance.Id, "applicant withdrew", StoreHarness.Clerk));

        Assert.Equal(WorkflowStatus.Cancelled, (await Store.InstanceAsync(instance.Id)).Status);
        Assert.Equal(0, await Store.Db(db => db.Timers.CountAsync()));
        Assert.Equal(0, await Store.Db(db => db.Bookmarks.CountAsync()));
        await Assert.ThrowsAsync<ConflictException>(() => Store.ResumeAsync(instance.Id, bookmark));
    }

    [Fact]
    public async Task Outcome_IsUnsettledWhileRunning_EndedAtAPlainEnd_WithdrawnOrTerminatedWhenCancelled()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var ending = await Store.StartAsync(id);
        var withdrawn = await Store.StartAsync(id);
        var terminated = await Store.StartAsync(id);
        Assert.Null((await Store.InstanceAsync(ending.Id)).Outcome);

        await Store.ResumeAsync(ending.Id, await Store.BookmarkAsync(ending.Id, "accept"));
        Assert.Null((await Store.InstanceAsync(ending.Id)).Outcome);
        await Store.ResumeAsync(ending.Id, await Store.BookmarkAsync(ending.Id, "review"));
        await Store.InScopeAsync(sp => sp.GetRequiredService<Instances.WorkflowRuntime>().CancelAsync(withdrawn.Id, "applicant withdrew", StoreHarness.Clerk));
        // Ended by the host itself (a lapse's timer), not by a person: a termination.
        await Store.InScopeAsync(sp => sp.GetRequiredService<Instances.WorkflowRuntime>().CancelAsync(terminated.Id, "materials not supplied in time", Actor.Timer));

        var ended = await Store.InstanceAsync(ending.Id);
        Assert.Equal((WorkflowStatus.Finished, ApplicationOutcomes.Ended), (ended.Status, ended.Outcome));
        Assert.Equal(ApplicationOutcomes.Withdrawn, (await Store.InstanceAsync(withdrawn.Id)).Outcome);
        Assert.Equal(ApplicationOutcomes.Terminated, (await Store.InstanceAsync(terminated.Id)).Outcome);
        // What the list filters by: the index's rows.
        Assert.Equal([withdrawn.Id], await Store.Db(db => db.Instances.Where(i => i.Outcome == ApplicationOutcomes.Withdrawn).Select(i => i.Id).ToListAsync()));
    }

    /// <summary>
    /// The applications stored before the outcome column get theirs from the migration that adds it, by the rule a stimulus
    /// uses: withdrawal, the written decision (even while the workflow goes on), a certificate, the window's refusal, a plain end.
    /// </summary>
    [Fact]
    public async Task Migration_SettlesTheOutcomeOfApplicationsStoredBeforeIt()
    {
        var options = await TestDatabases.CreateAsync(provider);
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddWorkflowEngine().AddApprovalPersistence(options).BuildServiceProvider();
        await using var _ = services;
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var migrations = db.Database.GetMigrations().ToList();
        var before = migrations[migrations.FindIndex(m => m.EndsWith("_ApplicationOutcome", StringComparison.Ordinal)) - 1];
        await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db).MigrateAsync(before);
        object at = provider == DatabaseProvider.Sqlite ? 0L : DateTimeOffset.UnixEpoch;
        const string approved = """{"variables":{"decision":{"outcome":"Approved","reasons":[]}}}""", denied = """{"variables":{"decision":{"outcome":"Denied"}}}""";
        const string revoked = """{"variables":{"decision":{"outcome":"Approved","revoked":{"reason":"承诺不实"}}}}""";
        foreach (var (instanceId, status, state) in new[]
                 {
                     ("withdrawn", "Cancelled", approved), ("decided", "Suspended", approved), ("refused", "Finished", denied), ("certified", "Finished", "{}"),
                     ("not-accepted", "Finished", "{}"), ("plain", "Finished", "{}"), ("running", "Suspended", "{}"), ("faulted", "Faulted", "{}"),
                     ("lapsed", "Cancelled", "{}"), ("revoked", "Finished", revoked),
                 })
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO instances (id, definition_id, definition_version_id, definition_version, name, status, state_json, created_at, updated_at, journal_count, revision, month)
                VALUES ({instanceId}, 'permit', 'v', 1, 'n', {status}, {state}, {at}, {at}, 0, 0, 202603)
                """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO certificates (number, instance_id, holder, document_json, issued_at, revision) VALUES ('C-1', 'certified', 'holder', '{"{}"}', {at}, 0)
            """);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO acceptance_modes (instance_id, mode, materials_json, accepted_at, accepted_by, commitment_signed_by, revision, supply_status, lapse_action)
            VALUES ('lapsed', 'deferred', '[]', {at}, 'clerk', '', 0, 'lapsed', 'terminate')
            """);
        foreach (var (taskId, instanceId, outcome) in new[] { ("t1", "not-accepted", "NotAccepted"), ("t2", "running", "Accepted") })
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO tasks (id, instance_id, definition_id, activity_id, bookmark_id, department, kind, status, title, outcome, outcomes_json, required_materials_json,
                                   created_at, is_overdue, revision, round, urges_today)
                VALUES ({taskId}, {instanceId}, 'permit', 'accept', {taskId}, 'window', 'Acceptance', 'Completed', 't', {outcome}, '[]', '[]', {at}, FALSE, 0, 1, 0)
                """);

        await db.Database.MigrateAsync();

        var outcomes = await db.Instances.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.Outcome);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["withdrawn"] = ApplicationOutcomes.Withdrawn, ["decided"] = ApplicationOutcomes.Approved, ["refused"] = ApplicationOutcomes.Denied,
            ["certified"] = ApplicationOutcomes.Approved, ["not-accepted"] = ApplicationOutcomes.NotAccepted, ["plain"] = ApplicationOutcomes.Ended,
            ["running"] = null, ["faulted"] = null, ["lapsed"] = ApplicationOutcomes.Terminated, ["revoked"] = ApplicationOutcomes.Revoked,
        }, outcomes);
    }

    /// <summary>
    /// A stimulus runs without automatic change detection (each Local read of its bookkeeping would otherwise scan every tracked
    /// row); what it changes on a tracked row without telling EF must still be saved, and the context must get detection back.
    /// </summary>
    [Fact]
    public async Task Stimuli_OnEveryBranchOfOneInstanceAtOnce_AllSucceedEachOnItsPredecessorsState()
    {
        // On SQLite each first attempt reads and runs before the write lock: all but one find the instance moved on when they
        // save and run again under the lock. None may be lost or refused; the join sees all four.
        var id = await Store.DeployAsync(new WorkflowJson().Start().Fork("fork", "a", "b", "c", "d")
            .Event("a").Event("b").Event("c").Event("d").Join("join").Event("after")
            .Connect("start", "fork").Connect("fork", "a", "a").Connect("fork", "b", "b").Connect("fork", "c", "c").Connect("fork", "d", "d")
            .Connect("a", "join").Connect("b", "join").Connect("c", "join").Connect("d", "join").Connect("join", "after").Build("Four branches", "four-branches"));
        var instance = await Store.StartAsync(id);
        var bookmarks = await Task.WhenAll(new[] { "a", "b", "c", "d" }.Select(step => Store.BookmarkAsync(instance.Id, step)));

        await Task.WhenAll(bookmarks.Select(bookmark => Store.ResumeAsync(instance.Id, bookmark)));

        Assert.Equal(["after"], await Store.Db(db => db.Bookmarks.Where(b => b.InstanceId == instance.Id).Select(b => b.ActivityId).ToListAsync()));
        var journal = await Store.JournalAsync(instance.Id);
        Assert.Equal(Enumerable.Range(1, journal.Count), journal.Select(j => j.Sequence));
        Assert.Equal(["a", "b", "c", "d"], journal.Where(j => j.EventName == "Resumed").Select(j => j.ActivityId).Order());
        // One revision per stimulus: an attempt that ran again left nothing of its first run.
        Assert.Equal(instance.Revision + 4, (await Store.InstanceAsync(instance.Id)).Revision);
    }

    [Fact]
    public async Task Stimulus_WritingBeforeItsSave_WritesInItsOwnTransaction_AndARefusalUndoesIt()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var instance = await Store.StartAsync(id);
        var other = await Store.StartAsync(id);

        // A change that writes with a statement of its own (not through the tracked rows) and then refuses: on SQLite the first
        // attempt runs before the write lock, where that statement would have committed alone.
        await Assert.ThrowsAsync<BadRequestException>(() => Store.InScopeAsync(sp =>
            sp.GetRequiredService<Instances.WorkflowRuntime>().RecordAsync(instance.Id, StoreHarness.Clerk, async tracked =>
            {
                await tracked.Instances.Where(i => i.Id == other.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ProjectName, "written early"));
                throw new BadRequestException("Refused after writing.");
            })));
        Assert.Null((await Store.InstanceAsync(other.Id)).ProjectName);

        // The same change without the refusal lands, with the stimulus.
        await Store.InScopeAsync(sp =>
            sp.GetRequiredService<Instances.WorkflowRuntime>().RecordAsync(instance.Id, StoreHarness.Clerk, async tracked =>
            {
                await tracked.Instances.Where(i => i.Id == other.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.ProjectName, "written early"));
                return null;
            }));
        Assert.Equal("written early", (await Store.InstanceAsync(other.Id)).ProjectName);
        Assert.Equal(instance.Revision + 1, (await Store.InstanceAsync(instance.Id)).Revision);
    }

    [Fact]
    public async Task Stimulus_RunsWithoutAutomaticChangeDetection_YetSavesWhatItChanged()
    {
        var id = await Store.DeployAsync(TwoSteps());
        var instance = await Store.StartAsync(id);
        var detectionInside = new List<bool>();

        var (detectionAfter, _) = await Store.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ApprovalDbContext>();
            var recorded = await sp.GetRequiredService<Instances.WorkflowRuntime>().RecordAsync(instance.Id, StoreHarness.Clerk, tracked =>
            {
                detectionInside.Add(tracked.ChangeTracker.AutoDetectChangesEnabled);
                tracked.Instances.Local.Single(i => i.Id == instance.Id).ProjectName = "changed without telling EF";
                return Task.FromResult<JournalEntry?>(null);
            });
            return (db.ChangeTracker.AutoDetectChangesEnabled, recorded);
        });

        Assert.Equal([false], detectionInside);
        Assert.True(detectionAfter);
        Assert.Equal("changed without telling EF", (await Store.InstanceAsync(instance.Id)).ProjectName);
    }
}

public sealed class SqlitePersistenceTests() : PersistenceContract(DatabaseProvider.Sqlite);

public sealed class PostgresPersistenceTests() : PersistenceContract(DatabaseProvider.Postgres);
