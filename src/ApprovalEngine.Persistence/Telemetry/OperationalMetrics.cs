using System.Diagnostics.Metrics;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Persistence.Telemetry;

/// <summary>What the database says about the work in flight, at one moment (the same on every replica).</summary>
public sealed record OperationalSnapshot(
    DateTimeOffset SampledAt,
    IReadOnlyDictionary<string, int> OpenTasksByDepartment,
    IReadOnlyDictionary<string, int> OverdueTasksByDepartment,
    int OutboxBacklog,
    double OutboxOldestAgeSeconds,
    int OutboxGivenUp,
    int TimersDue,
    double TimersOldestDueAgeSeconds,
    double? AuditCheckpointAgeSeconds = null,
    int CalendarMissingYears = 0)
{
    public static readonly OperationalSnapshot Empty = new(DateTimeOffset.MinValue, new Dictionary<string, int>(), new Dictionary<string, int>(), 0, 0, 0, 0, 0);
}

/// <summary>
/// Gauges read from the database: sampled in the background (see the host's OperationalMetricsService) and served
/// from memory, so a scrape never queries the database and a slow database never slows a scrape.
/// </summary>
public sealed class OperationalMetrics
{
    private volatile OperationalSnapshot _latest = OperationalSnapshot.Empty;

    public OperationalMetrics(IMeterFactory meters)
    {
        // A meter per host (service provider): disposed with it, so test hosts in one process don't outlive themselves.
        var meter = meters.Create(EngineTelemetry.Name);
        meter.CreateObservableGauge("approvalengine.tasks.open", () => ByDepartment(_latest.OpenTasksByDepartment), "{task}",
            "Open and claimed human tasks, by department");
        meter.CreateObservableGauge("approvalengine.tasks.overdue", () => ByDepartment(_latest.OverdueTasksByDepartment), "{task}",
            "Open tasks past their step due date, by department");
        meter.CreateObservableGauge("approvalengine.outbox.backlog", () => Sampled(_latest.OutboxBacklog), "{message}",
            "Webhook messages not yet delivered and still being retried");
        meter.CreateObservableGauge("approvalengine.outbox.oldest_age", () => Sampled(_latest.OutboxOldestAgeSeconds), "s",
            "Age of the oldest undelivered webhook message");
        meter.CreateObservableGauge("approvalengine.outbox.given_up", () => Sampled(_latest.OutboxGivenUp), "{message}",
            "Webhook messages that used up their attempts without delivery");
        meter.CreateObservableGauge("approvalengine.timers.due", () => Sampled(_latest.TimersDue), "{timer}",
            "Durable timers whose due time has passed but that have not fired");
        meter.CreateObservableGauge("approvalengine.timers.oldest_due_age", () => Sampled(_latest.TimersOldestDueAgeSeconds), "s",
            "How long the most overdue unfired timer has been due (timer lag now)");
        meter.CreateObservableGauge("approvalengine.audit.checkpoint_age", () => _latest.AuditCheckpointAgeSeconds is { } age ? Sampled(age) : [], "s",
            "Age of the newest audit checkpoint (none before the first)");
        meter.CreateObservableGauge("approvalengine.calendar.missing_years", () => Sampled(_latest.CalendarMissingYears), "{year}",
            "Years that open deadlines reach (or the current year) without official holiday data");
        meter.CreateObservableGauge("approvalengine.metrics.sampled_age", () => Sampled(_latest.SampledAt == DateTimeOffset.MinValue ? 0 : (DateTimeOffset.UtcNow - _latest.SampledAt).TotalSeconds), "s",
            "Seconds since the database gauges were last sampled");
        Meter = meter;
    }

    /// <summary>For instruments other features add on the same meter.</summary>
    public Meter Meter { get; }

    public OperationalSnapshot Latest => _latest;

    /// <summary>Reads the gauges' values from the database and makes them the ones served.</summary>
    public async Task<OperationalSnapshot> SampleAsync(ApprovalDbContext db, DeadlineService deadlines, WebhookOptions webhooks, Calendar.HolidayService holidays,
        DateTimeOffset now, CancellationToken ct = default)
    {
        var today = deadlines.Today(now);
        // Open and overdue in one pass over the open tasks' partial index (department, due date): PostgreSQL reads the index
        // alone, not the tasks (see docs/performance.md, "The gauges' sample"). A department that caught up reports 0 overdue.
        var byDepartment = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed)
            .GroupBy(t => t.Department).Select(g => new { g.Key, Open = g.Count(), Overdue = g.Count(t => t.DueDate < today) }).ToListAsync(ct);
        var open = byDepartment.ToDictionary(g => g.Key, g => g.Open);
        var overdue = byDepartment.ToDictionary(g => g.Key, g => g.Overdue);
        var pending = db.Outbox.AsNoTracking().Where(o => o.Channel == OutboxChannels.Webhook && o.DeliveredAt == null);
        var backlog = await pending.CountAsync(o => o.Attempts < webhooks.MaxAttempts, ct);
        var givenUp = await pending.CountAsync(o => o.Attempts >= webhooks.MaxAttempts, ct);
        // Ordering instead of Min(): SQLite stores these instants as ticks it can order but EF cannot aggregate.
        var oldestMessage = await pending.Where(o => o.Attempts < webhooks.MaxAttempts).OrderBy(o => o.CreatedAt).Select(o => (DateTimeOffset?)o.CreatedAt).FirstOrDefaultAsync(ct);
        var due = db.Timers.AsNoTracking().Where(t => t.DueAt <= now);
        var timersDue = await due.CountAsync(ct);
        var oldestTimer = await due.OrderBy(t => t.DueAt).Select(t => (DateTimeOffset?)t.DueAt).FirstOrDefaultAsync(ct);
        // Checkpoints are records of the system audit chain: its newest one, walking the chain's key backwards.
        var checkpoint = await db.Set<Audit.AuditRecord>().AsNoTracking()
            .Where(a => a.Chain == Audit.AuditTrail.SystemChain && a.Action == Audit.AuditAnchoring.CheckpointAction)
            .OrderByDescending(a => a.Sequence).Select(a => (DateTimeOffset?)a.Timestamp).FirstOrDefaultAsync(ct);
        var missingYears = (await holidays.CoverageAsync(ct)).MissingYears.Count;
        var snapshot = new OperationalSnapshot(now, open, overdue, backlog, AgeSeconds(oldestMessage, now), givenUp, timersDue, AgeSeconds(oldestTimer, now),
            checkpoint is null ? null : AgeSeconds(checkpoint, now), missingYears);
        _latest = snapshot;
        return snapshot;
    }

    private static double AgeSeconds(DateTimeOffset? since, DateTimeOffset now) => since is { } s ? Math.Max(0, (now - s).TotalSeconds) : 0;

    private Measurement<double>[] Sampled(double value) => _latest.SampledAt == DateTimeOffset.MinValue ? [] : [new(value)];

    private static IEnumerable<Measurement<int>> ByDepartment(IReadOnlyDictionary<string, int> counts) =>
        counts.Select(c => new Measurement<int>(c.Value, new KeyValuePair<string, object?>("department", c.Key)));
}
