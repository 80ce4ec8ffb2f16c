using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Approvals.Deadlines;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Deadlines;

/// <summary>Per-process statutory limits (configuration, not code: "Deadlines:Processes:{definitionId}").</summary>
public sealed class ProcessDeadlineOptions
{
    public int? LimitWorkingDays { get; set; }
    public int? MaxExtensionWorkingDays { get; set; }
    public string? Jurisdiction { get; set; }
}

public sealed class DeadlineOptions
{
    /// <summary>Dates are China Standard Time days; the country has one time zone and no daylight saving.</summary>
    public TimeSpan UtcOffset { get; set; } = ChinaTime.Offset;
    /// <summary>Warn when this share of the working days is used.</summary>
    public double WarningShare { get; set; } = 0.8;
    /// <summary>Art. 42: a decision within 20 working days, extendable by 10.</summary>
    public int StatutoryLimitWorkingDays { get; set; } = 20;
    public int MaxExtensionWorkingDays { get; set; } = 10;
    /// <summary>The office that hears about every overdue item.</summary>
    public string SupervisingOffice { get; set; } = "supervision";
    /// <summary>Art. 44: the certificate is issued and delivered within 10 working days of the decision.</summary>
    public int DeliveryWorkingDays { get; set; } = 10;
    public Dictionary<string, ProcessDeadlineOptions> Processes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A process's statutory limit as its applications count it: configuration first, else the process's declared
    /// <c>statutoryLimitWorkingDays</c> (1-365), else Art. 42's default. The service guide states the same number.
    /// </summary>
    public int StatutoryLimitFor(string definitionId, int? declared) =>
        Processes.GetValueOrDefault(definitionId)?.LimitWorkingDays ?? (declared is >= 1 and <= 365 ? declared : null) ?? StatutoryLimitWorkingDays;

    /// <summary>The extension allowed, by the same rule (0-365 declared).</summary>
    public int MaxExtensionFor(string definitionId, int? declared) =>
        Processes.GetValueOrDefault(definitionId)?.MaxExtensionWorkingDays ?? (declared is >= 0 and <= 365 ? declared : null) ?? MaxExtensionWorkingDays;
}

public static class DeadlineTimerKinds
{
    public const string Warning = "DeadlineWarning";
    public const string Overdue = "DeadlineOverdue";
}

/// <summary>Starts, pauses, extends and completes deadlines, keeping their warning and overdue timers in step.</summary>
public sealed class DeadlineService(Calendar.CalendarSource calendars, DeadlineOptions options)
{
    public DeadlineOptions Options => options;

    public DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(options.UtcOffset).DateTime);

    public WorkingDayCalendar CalendarFor(string definitionId) => CalendarFor(definitionId, calendars.Current);

    /// <summary>The process's calendar (its jurisdiction's) built on <paramref name="national"/>, e.g. a schedule being previewed.</summary>
    public WorkingDayCalendar CalendarFor(string definitionId, WorkingDayCalendar national) =>
        national.ForJurisdiction(options.Processes.GetValueOrDefault(definitionId)?.Jurisdiction);

    public DeadlineRecord Start(ApprovalDbContext db, string instanceId, string definitionId, DeadlineKind kind, string label,
        int limit, int maxExtension, DateTimeOffset now, string? taskId = null, string? activityId = null, string? department = null)
    {
        var deadline = new DeadlineRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), InstanceId = instanceId, DefinitionId = definitionId, Kind = kind, Label = label,
            TaskId = taskId, ActivityId = activityId, Department = department, StartDate = Today(now), StartedAt = now,
            LimitWorkingDays = limit, MaxExtensionWorkingDays = maxExtension, PausesJson = "[]", ExtensionsJson = "[]",
        };
        db.Deadlines.Add(deadline);
        Reschedule(db, deadline, now);
        return deadline;
    }

    public async Task CompleteAsync(ApprovalDbContext db, DeadlineRecord deadline, DateTimeOffset now, string outcome)
    {
        if (deadline.CompletedAt is not null) return;
        var today = Today(now);
        if (deadline.IsPaused) ClosePause(deadline, today);
        deadline.CompletedAt = now;
        deadline.CompletedOn = today;
        deadline.Outcome = outcome;
        var standing = Standing(deadline, now);
        deadline.WorkingDaysUsed = standing.Used;
        deadline.DueDate = standing.Due;
        deadline.WarningDate = standing.WarningDate;
        deadline.Revision++;
        await RemoveTimersAsync(db, deadline);
    }

    public async Task PauseAsync(ApprovalDbContext db, DeadlineRecord deadline, string reason, DateTimeOffset now)
    {
        EnsureRunning(deadline);
        if (deadline.IsPaused) throw new ConflictException($"The {deadline.Label} clock is already paused.", ErrorCodes.ClockPaused);
        var pauses = Pauses(deadline);
        pauses.Add(new PausedPeriod(Today(now), null, reason));
        deadline.PausesJson = JsonSerializer.Serialize(pauses, Json);
        deadline.IsPaused = true;
        deadline.Revision++;
        await RemoveTimersAsync(db, deadline); // a paused clock neither warns nor goes overdue
    }

    public async Task ResumeAsync(ApprovalDbContext db, DeadlineRecord deadline, DateTimeOffset now)
    {
        EnsureRunning(deadline);
        if (!deadline.IsPaused) throw new ConflictException($"The {deadline.Label} clock is not paused.", ErrorCodes.ClockNotPaused);
        ClosePause(deadline, Today(now));
        deadline.Revision++;
        await RemoveTimersAsync(db, deadline);
        Reschedule(db, deadline, now);
    }

    public async Task ExtendAsync(ApprovalDbContext db, DeadlineRecord deadline, int workingDays, string reason, string actor, DateTimeOffset now)
    {
        EnsureRunning(deadline);
        if (workingDays < 1) throw new BadRequestException("'workingDays' must be at least 1.", ErrorCodes.ValidationField, "workingDays");
        if (deadline.ExtensionWorkingDays + workingDays > deadline.MaxExtensionWorkingDays)
            throw new BadRequestException($"The {deadline.Label} can be extended by at most {deadline.MaxExtensionWorkingDays} working days in total; " +
                                          $"{deadline.ExtensionWorkingDays} already granted.", ErrorCodes.ExtensionTooLong, "workingDays");
        deadline.ExtensionWorkingDays += workingDays;
        var extensions = JsonNode.Parse(deadline.ExtensionsJson)!.AsArray();
        extensions.Add(new JsonObject { ["workingDays"] = workingDays, ["reason"] = reason, ["by"] = actor, ["at"] = now });
        deadline.ExtensionsJson = extensions.ToJsonString();
        deadline.OverdueAt = null; // an extension granted after the due date re-arms escalation for the new date
        deadline.Revision++;
        await RemoveTimersAsync(db, deadline);
        Reschedule(db, deadline, now);
    }

    public DeadlineStanding Standing(DeadlineRecord d, DateTimeOffset now) => Standing(d, now, calendars.Current);

    /// <summary>The standing on another calendar (a holiday schedule being previewed or applied).</summary>
    public DeadlineStanding Standing(DeadlineRecord d, DateTimeOffset now, WorkingDayCalendar national) =>
        DeadlineClock.Evaluate(CalendarFor(d.DefinitionId, national), d.StartDate, d.LimitWorkingDays, d.ExtensionWorkingDays, Pauses(d), Today(now),
            options.WarningShare, d.CompletedOn);

    public static List<PausedPeriod> Pauses(DeadlineRecord d) => JsonSerializer.Deserialize<List<PausedPeriod>>(d.PausesJson, Json)!;

    /// <summary>The start of a local calendar day as an instant (timers fire then).</summary>
    public DateTimeOffset StartOfDay(DateOnly date) => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), options.UtcOffset).ToUniversalTime();

    /// <summary>Moves a running deadline to its due date on <paramref name="national"/>, with new warning/overdue timers.</summary>
    public async Task MoveToCalendarAsync(ApprovalDbContext db, DeadlineRecord deadline, DateTimeOffset now, WorkingDayCalendar national)
    {
        deadline.Revision++;
        await RemoveTimersAsync(db, deadline);
        Reschedule(db, deadline, now, national);
    }

    private void Reschedule(ApprovalDbContext db, DeadlineRecord deadline, DateTimeOffset now, WorkingDayCalendar? national = null)
    {
        var standing = Standing(deadline, now, national ?? calendars.Current);
        deadline.DueDate = standing.Due;
        deadline.WarningDate = standing.WarningDate;
        if (deadline.IsPaused || deadline.CompletedAt is not null) return;
        // One timer per running clock: the next thing it will do. The overdue timer is written when the warning fires
        // (ArmOverdueAsync), not with the warning: most steps finish before their warning, and the pair of timers was 20
        // inserts and 14 deletes per 3550 approval, 10 and 7 of them for overdue timers that could never fire.
        if (deadline.WarnedAt is null)
            AddTimer(db, deadline, DeadlineTimerKinds.Warning, StartOfDay(standing.WarningDate));
        else if (deadline.OverdueAt is null)
            AddOverdueTimer(db, deadline, standing);
    }

    /// <summary>
    /// After the warning fired: the clock's overdue timer, at the start of the day after <paramref name="standing"/>'s due
    /// date. The warning comes on or before the due date, so nothing is missed; a sweeper that was down past both dates
    /// fires the warning, then the overdue timer in its next round. A clock scheduled before timers were chained has its
    /// overdue timer already and keeps it.
    /// </summary>
    public async Task ArmOverdueAsync(ApprovalDbContext db, DeadlineRecord deadline, DeadlineStanding standing, CancellationToken ct)
    {
        if (deadline.OverdueAt is not null || deadline.IsPaused || deadline.CompletedAt is not null) return;
        var id = TimerId(deadline, DeadlineTimerKinds.Overdue);
        var existing = db.EntriesWithoutDetection<TimerRecord>().FirstOrDefault(e => e.Entity.Id == id);
        if (existing is { State: not EntityState.Deleted }) return;
        if (existing is null && !db.IsWorkingSetTracked(deadline.InstanceId) && await db.Timers.AnyAsync(t => t.Id == id, ct)) return;
        AddOverdueTimer(db, deadline, standing);
    }

    /// <summary>A clock goes overdue at the start of the day after its due date.</summary>
    private void AddOverdueTimer(ApprovalDbContext db, DeadlineRecord deadline, DeadlineStanding standing) =>
        AddTimer(db, deadline, DeadlineTimerKinds.Overdue, StartOfDay(standing.Due.AddDays(1)));

    private static void AddTimer(ApprovalDbContext db, DeadlineRecord deadline, string kind, DateTimeOffset dueAt)
    {
        var id = TimerId(deadline, kind);
        var payload = new JsonObject { ["deadlineId"] = deadline.Id }.ToJsonString();
        // Removed earlier in this stimulus as a tracked delete (a rescheduled clock): the row is still there, so it is rewritten.
        if (db.EntriesWithoutDetection<TimerRecord>().FirstOrDefault(e => e.State == EntityState.Deleted && e.Entity.Id == id) is { } removed)
        {
            var timer = removed.Entity;
            (timer.Kind, timer.DueAt, timer.PayloadJson, timer.LockedBy, timer.LockedUntil, timer.Attempts) = (kind, dueAt, payload, null, null, 0);
            removed.State = EntityState.Modified;
            return;
        }
        db.Timers.Add(new TimerRecord { Id = id, InstanceId = deadline.InstanceId, Kind = kind, DueAt = dueAt, PayloadJson = payload });
    }

    public static string TimerId(DeadlineRecord deadline, string kind) => $"{deadline.Id}:{(kind == DeadlineTimerKinds.Warning ? "w" : "o")}";

    private static async Task RemoveTimersAsync(ApprovalDbContext db, DeadlineRecord deadline)
    {
        string[] ids = [TimerId(deadline, DeadlineTimerKinds.Warning), TimerId(deadline, DeadlineTimerKinds.Overdue)];
        // With the stimulus's working set tracked, every existing timer of the deadline is tracked: removing them is part of
        // the stimulus's one save (a timer not tracked has fired or never existed). Otherwise they are deleted by a statement.
        var tracked = db.IsWorkingSetTracked(deadline.InstanceId);
        foreach (var pending in db.TrackedWithoutDetection<TimerRecord>().Where(t => ids.Contains(t.Id)).ToList())
        {
            var entry = db.Entry(pending);
            if (entry.State == EntityState.Added) entry.State = EntityState.Detached;
            else if (tracked) entry.State = EntityState.Deleted;
        }
        if (!tracked) await db.Timers.Where(t => ids.Contains(t.Id)).ExecuteDeleteAsync();
    }

    private static void ClosePause(DeadlineRecord deadline, DateOnly today)
    {
        var pauses = Pauses(deadline);
        var open = pauses.FindIndex(p => p.To is null);
        if (open >= 0) pauses[open] = pauses[open] with { To = today };
        deadline.PausesJson = JsonSerializer.Serialize(pauses, Json);
        deadline.IsPaused = false;
    }

    private static void EnsureRunning(DeadlineRecord deadline)
    {
        if (deadline.CompletedAt is not null) throw new ConflictException($"The {deadline.Label} deadline is already completed.", ErrorCodes.ClockCompleted);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
