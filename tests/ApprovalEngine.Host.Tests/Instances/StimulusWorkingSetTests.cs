using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.Extensions.DependencyInjection;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Tests.Instances;

/// <summary>
/// A stimulus reads its working set with its lock in one statement, as JSON, materialized through the EF model
/// (stimulus_working_set on PostgreSQL, json_object on SQLite). What the stimulus then holds must be exactly the stored rows,
/// every column, and nothing of another instance or of what has ended: the bookkeeping trusts it instead of asking the database.
/// </summary>
public abstract class StimulusWorkingSetContract(DatabaseProvider provider)
{
    [Fact]
    public async Task A_stimulus_holds_its_open_tasks_running_deadlines_their_timers_and_audit_head_exactly_as_stored()
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var permit = new PermitClient(api);
        var id = await permit.StartAsync("WS-1");
        await permit.AcceptAsync(id);
        await permit.ReviewAsync(id, "planning", "Approved"); // its task and step deadline have ended, its timers are gone
        var land = await permit.Reviewer("land");
        (await land.PostAsync($"/api/tasks/{await permit.OpenTaskIdAsync(land, id)}/claim", null)).EnsureSuccessStatusCode();
        var other = await permit.StartAsync("WS-2"); // another instance's rows must stay out
        await permit.AcceptAsync(other);

        List<(Type Type, string Key, Dictionary<string, object?> Values)> held = [];
        using (var scope = api.Services.CreateScope())
        {
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            await runtime.RecordAsync(id, Actor.System, db =>
            {
                held = db.ChangeTracker.Entries().Select(Snapshot).ToList();
                return Task.FromResult<ApprovalEngine.Workflows.Execution.JournalEntry?>(null);
            });
        }

        using var read = api.Services.CreateScope();
        var stored = read.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var expected = new List<EntityEntry>();
        expected.AddRange((await stored.Instances.AsNoTracking().Where(i => i.Id == id).ToListAsync()).Select(e => stored.Entry(e)));
        expected.AddRange((await stored.Tasks.AsNoTracking().Where(t => t.InstanceId == id && (t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed)).ToListAsync()).Select(e => stored.Entry(e)));
        expected.AddRange((await stored.Deadlines.AsNoTracking().Where(d => d.InstanceId == id && d.CompletedAt == null).ToListAsync()).Select(e => stored.Entry(e)));
        expected.AddRange((await stored.Timers.AsNoTracking().Where(t => t.InstanceId == id && (t.Kind == DeadlineTimerKinds.Warning || t.Kind == DeadlineTimerKinds.Overdue)).ToListAsync()).Select(e => stored.Entry(e)));
        expected.AddRange((await stored.Set<AuditHeadRecord>().AsNoTracking().Where(h => h.Chain == id).ToListAsync()).Select(e => stored.Entry(e)));
        var want = expected.Select(Snapshot).ToList();

        // The shape this test relies on: three reviews open (one claimed), the statutory clock and three step clocks with
        // their warning timers (a clock's overdue timer is written when its warning fires), the chain's head.
        Assert.Equal(3, want.Count(w => w.Type == typeof(TaskRecord)));
        Assert.Contains(want, w => w.Type == typeof(TaskRecord) && (TaskStatus)w.Values[nameof(TaskRecord.Status)]! == TaskStatus.Claimed);
        Assert.Equal(4, want.Count(w => w.Type == typeof(DeadlineRecord)));
        Assert.Equal(4, want.Count(w => w.Type == typeof(TimerRecord)));
        Assert.Single(want, w => w.Type == typeof(AuditHeadRecord));

        // The instance is read again after the (empty) stimulus wrote it: compare what it held before its own change.
        var instanceBefore = held.Single(h => h.Type == typeof(InstanceRecord));
        var instanceAfter = want.Single(w => w.Type == typeof(InstanceRecord));
        Assert.Equal(instanceAfter.Values[nameof(InstanceRecord.StateJson)], instanceBefore.Values[nameof(InstanceRecord.StateJson)]);
        Assert.Equal(instanceAfter.Values[nameof(InstanceRecord.CreatedAt)], instanceBefore.Values[nameof(InstanceRecord.CreatedAt)]);

        var rows = held.Where(h => h.Type != typeof(InstanceRecord) && h.Type != typeof(AuditHeadRecord)).OrderBy(h => h.Type.Name).ThenBy(h => h.Key).ToList();
        var wanted = want.Where(w => w.Type != typeof(InstanceRecord) && w.Type != typeof(AuditHeadRecord)).OrderBy(w => w.Type.Name).ThenBy(w => w.Key).ToList();
        Assert.Equal(wanted.Select(w => $"{w.Type.Name}:{w.Key}"), rows.Select(r => $"{r.Type.Name}:{r.Key}"));
        foreach (var (have, should) in rows.Zip(wanted))
            foreach (var (column, value) in should.Values)
                Assert.True(Equals(value, have.Values[column]), $"{should.Type.Name} {should.Key}: {column} is {Show(have.Values[column])}, stored {Show(value)}");
        Assert.Contains(held, h => h.Type == typeof(AuditHeadRecord) && h.Key == id);
    }

    private static (Type Type, string Key, Dictionary<string, object?> Values) Snapshot(EntityEntry entry) =>
        (entry.Metadata.ClrType, string.Join("|", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.Property(p.Name).CurrentValue)),
            entry.Properties.ToDictionary(p => p.Metadata.Name, p => p.CurrentValue));

    private static string Show(object? value) => value switch
    {
        null => "null",
        DateTimeOffset t => t.ToString("O"),
        _ => $"{value} ({value.GetType().Name})",
    };
}

public sealed class SqliteStimulusWorkingSetTests() : StimulusWorkingSetContract(DatabaseProvider.Sqlite);

public sealed class PostgresStimulusWorkingSetTests() : StimulusWorkingSetContract(DatabaseProvider.Postgres);
