using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Intake;
using ApprovalEngine.Persistence.Tasks;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Calendar;

public static class HolidayFormats
{
    public const string HolidayCn = "holiday-cn";
    public const string ICalendar = "icalendar";
}

/// <summary>An uploaded schedule that failed validation; nothing was stored.</summary>
public sealed class HolidayScheduleInvalidException(IReadOnlyList<HolidayProblem> problems)
    : Exception($"The holiday schedule is invalid: {problems.Count} problem(s); nothing was stored.")
{
    public IReadOnlyList<HolidayProblem> Problems { get; } = problems;
}

/// <summary>
/// What a schedule can move: the kinds of deadline row, and the 容缺 supply deadline, which is kept with the application's
/// acceptance mode (its own lapse timer, no warning) rather than as a deadline row.
/// </summary>
public enum DeadlineMoveKind { Statutory, Step, Acknowledgement, Delivery, Supply }

/// <summary>An open deadline whose due date changes with a schedule.</summary>
public sealed record DeadlineMove(string DeadlineId, string InstanceId, string DefinitionId, DeadlineMoveKind Kind, string Label, string? Department,
    DateOnly OldDueDate, DateOnly NewDueDate)
{
    public const string SupplyLabel = "容缺材料补齐期限";

    /// <summary>What the deadline is, in the words of the application's journal (a step's deadline by its step's title).</summary>
    public string Describe() => Kind switch
    {
        DeadlineMoveKind.Statutory => "法定办结期限",
        DeadlineMoveKind.Acknowledgement => "监管签收期限",
        DeadlineMoveKind.Delivery => "证照送达期限",
        DeadlineMoveKind.Step => $"{Label}办理期限",
        _ => Label,
    };

    public static DeadlineMoveKind KindOf(DeadlineKind kind) => kind switch
    {
        DeadlineKind.Statutory => DeadlineMoveKind.Statutory,
        DeadlineKind.Step => DeadlineMoveKind.Step,
        DeadlineKind.Acknowledgement => DeadlineMoveKind.Acknowledgement,
        DeadlineKind.Delivery => DeadlineMoveKind.Delivery,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A deadline kind without a move kind."),
    };
}

/// <summary>Years that open deadlines reach without official holiday data (counted weekends-only until loaded).</summary>
public sealed record CalendarCoverage(int FirstKnownYear, int LastKnownYear, IReadOnlyList<int> MissingYears, int AffectedOpenDeadlines);

/// <summary>Loads, previews and applies a year's official holiday schedule.</summary>
public sealed class HolidayService(ApprovalDbContext db, CalendarSource calendars, DeadlineService deadlines, AuditTrail audit, TimeProvider time,
    StimulusOptions stimuli)
{
    public const int MaxUploadBytes = 1 << 20;

    /// <summary>Validates and stores a new version of <paramref name="year"/>'s schedule (not yet in force).</summary>
    /// <exception cref="HolidayScheduleInvalidException">Anything wrong with the file; nothing is stored.</exception>
    public async Task<HolidayYearRecord> UploadAsync(int year, string format, string content, Actor actor, CancellationToken ct = default)
    {
        if (year is < 2000 or > 2100) throw new HolidayScheduleInvalidException([new("year-invalid", "year", $"{year} is not a year this calendar accepts (2000-2100).")]);
        var (schedule, problems) = format switch
        {
            HolidayFormats.HolidayCn => HolidayScheduleParser.ParseHolidayCn(content, year),
            HolidayFormats.ICalendar => HolidayScheduleParser.ParseICalendar(content, year),
            _ => (null, [new("format-unsupported", "Content-Type", "Send holiday-cn JSON as application/json or an iCalendar file as text/calendar.")]),
        };
        if (schedule is null) throw new HolidayScheduleInvalidException(problems);

        var now = time.GetUtcNow();
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
        // Two admins uploading the same year at once both read the same highest version: the second takes the next number.
        return await WriteRetry.RunAsync(db, async c =>
        {
            var version = (await db.HolidayYears.Where(h => h.Year == year).Select(h => (int?)h.Version).MaxAsync(c) ?? 0) + 1;
            var record = new HolidayYearRecord
            {
                Id = Guid.CreateVersion7().ToString("N"), Year = year, Version = version, Format = format, DaysJson = CalendarSource.DaysJson(schedule),
                Sha256 = sha256, OffDays = schedule.OffDays, WorkDays = schedule.WorkDays, UploadedBy = actor.Name, UploadedAt = now,
            };
            db.HolidayYears.Add(record);
            await audit.AppendSystemAsync(db, "calendar.year.uploaded", Target(record), new JsonObject
            {
                ["year"] = year, ["version"] = version, ["format"] = format, ["sha256"] = record.Sha256, ["offDays"] = record.OffDays, ["workDays"] = record.WorkDays,
            }, c);
            await db.SaveChangesAsync(c);
            return record;
        }, ct);
    }

    public async Task<HolidayYearRecord> VersionAsync(int year, int version, CancellationToken ct = default) =>
        await db.HolidayYears.SingleOrDefaultAsync(h => h.Year == year && h.Version == version, ct)
        ?? throw new NotFoundException($"No holiday schedule version {version} for {year}.", ErrorCodes.HolidayVersionNotFound, "version");

    /// <summary>The open deadlines whose due date would change if this version were applied.</summary>
    public async Task<List<DeadlineMove>> PreviewAsync(HolidayYearRecord version, CancellationToken ct = default)
    {
        var candidate = await calendars.WithAsync(db, version, ct);
        var now = time.GetUtcNow();
        var open = await db.Deadlines.AsNoTracking().Where(d => d.CompletedAt == null).ToListAsync(ct);
        var moves = Moves(open, candidate, now).Select(m => m.Move).ToList();
        moves.AddRange((await SupplyMovesAsync(open, candidate, now, tracked: false, ct)).Select(m => m.Move));
        return moves;
    }

    /// <summary>
    /// Makes this version current and moves every affected open deadline (due date, warning and overdue timers) in
    /// one transaction with its audit record and, in each application whose deadlines move, one journal line saying which
    /// and from when to when; then this replica counts with it at once and the others on their next refresh.
    /// </summary>
    public async Task<(HolidayYearRecord Version, List<DeadlineMove> Moves)> ApplyAsync(int year, int versionNumber, Actor actor, CancellationToken ct = default)
    {
        var version = await VersionAsync(year, versionNumber, ct);
        if (version.IsCurrent) throw new ConflictException($"Version {versionNumber} of {year} is already in force.", ErrorCodes.HolidayVersionInForce, "version");
        var candidate = await calendars.WithAsync(db, version, ct);
        var now = time.GetUtcNow();
        await using var tx = await Instances.InstanceLocks.BeginWriteAsync(db, ct);
        // The applications whose deadlines move are locked first, as their stimuli lock them, so no stimulus changes
        // their deadlines or journal meanwhile; the deadlines are then read (again) under those locks.
        var openBefore = await db.Deadlines.AsNoTracking().Where(d => d.CompletedAt == null).ToListAsync(ct);
        var planned = Moves(openBefore, candidate, now).Select(m => m.Move.InstanceId)
            .Concat((await SupplyMovesAsync(openBefore, candidate, now, tracked: false, ct)).Select(m => m.Move.InstanceId));
        var instances = await InstanceLocks.LockAsync(db, planned.Distinct().ToArray(), stimuli.LockTimeout, ct);
        var previous = await db.HolidayYears.Where(h => h.Year == year && h.IsCurrent).ToListAsync(ct);
        foreach (var p in previous) { p.IsCurrent = false; p.Revision++; }
        version.IsCurrent = true;
        version.AppliedAt = now;
        version.AppliedBy = actor.Name;
        version.Revision++;
        var open = await db.Deadlines.Where(d => d.CompletedAt == null).ToListAsync(ct);
        var moves = new List<DeadlineMove>();
        foreach (var (deadline, move) in Moves(open, candidate, now))
        {
            await deadlines.MoveToCalendarAsync(db, deadline, now, candidate);
            moves.Add(move);
        }
        // 容缺 supply deadlines, capped by the statutory due dates just moved; their lapse timers move with them.
        foreach (var (row, move) in await SupplyMovesAsync(open, candidate, now, tracked: true, ct))
        {
            row.SupplyDueDate = move.NewDueDate;
            row.Revision++;
            await db.Timers.Where(t => t.Id == AcceptanceModeTimerKinds.TimerId(row.InstanceId)).ExecuteDeleteAsync(ct);
            db.Timers.Add(AcceptanceModeEffectHandler.LapseTimer(deadlines, row.InstanceId, move.NewDueDate));
            moves.Add(move);
        }
        // A deadline opened since the plan was read belongs to an application not locked yet.
        var late = moves.Select(m => m.InstanceId).Where(i => !instances.ContainsKey(i)).Distinct().ToArray();
        foreach (var (id, instance) in await InstanceLocks.LockAsync(db, late, stimuli.LockTimeout, ct)) instances[id] = instance;
        foreach (var applicationMoves in moves.GroupBy(m => m.InstanceId))
            if (instances.TryGetValue(applicationMoves.Key, out var instance))
            {
                instance.Revision++;
                InstanceJournal.Append(db, instance, MovedLine(version, [.. applicationMoves], now), actor);
            }
        await audit.AppendSystemAsync(db, "calendar.year.applied", Target(version), new JsonObject
        {
            ["year"] = year, ["version"] = versionNumber, ["sha256"] = version.Sha256,
            ["before"] = previous.Count > 0 ? $"v{previous[0].Version}" : "embedded", ["after"] = $"v{versionNumber}",
            ["movedDeadlines"] = moves.Count,
            ["moves"] = new JsonArray(moves.Take(500).Select(m => (JsonNode)new JsonObject
            {
                ["deadlineId"] = m.DeadlineId, ["instanceId"] = m.InstanceId, ["kind"] = m.Kind.ToString(),
                ["from"] = m.OldDueDate.ToString("O"), ["to"] = m.NewDueDate.ToString("O"),
            }).ToArray()),
        }, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        await calendars.RefreshAsync(db, ct);
        return (version, moves);
    }

    /// <summary>Years from today to the furthest open due date that have no official data, and how many open deadlines reach them.</summary>
    public async Task<CalendarCoverage> CoverageAsync(CancellationToken ct = default)
    {
        var (first, last) = calendars.Current.KnownYears;
        var today = deadlines.Today(time.GetUtcNow());
        var open = db.Deadlines.AsNoTracking().Where(d => d.CompletedAt == null);
        var lastKnownDay = new DateOnly(last, 12, 31);
        var furthest = await open.OrderByDescending(d => d.DueDate).Select(d => (DateOnly?)d.DueDate).FirstOrDefaultAsync(ct);
        var affected = await open.CountAsync(d => d.DueDate > lastKnownDay, ct);
        var to = Math.Max(today.Year, furthest?.Year ?? today.Year);
        var missing = Enumerable.Range(today.Year, to - today.Year + 1).Where(y => y < first || y > last).ToList();
        return new CalendarCoverage(first, last, missing, affected);
    }

    private IEnumerable<(DeadlineRecord Deadline, DeadlineMove Move)> Moves(IEnumerable<DeadlineRecord> open, WorkingDayCalendar candidate, DateTimeOffset now)
    {
        foreach (var d in open)
        {
            var due = deadlines.Standing(d, now, candidate).Due;
            if (due != d.DueDate)
                yield return (d, new DeadlineMove(d.Id, d.InstanceId, d.DefinitionId, DeadlineMove.KindOf(d.Kind), d.Label, d.Department, d.DueDate, due));
        }
    }

    /// <summary>
    /// The pending 容缺 supply deadlines that <paramref name="candidate"/> moves, recomputed as at acceptance: the acceptance
    /// day, the step's working days (carried by the acceptance task), capped by the statutory due date on the candidate.
    /// </summary>
    private async Task<List<(AcceptanceModeRecord Row, DeadlineMove Move)>> SupplyMovesAsync(IReadOnlyList<DeadlineRecord> open, WorkingDayCalendar candidate,
        DateTimeOffset now, bool tracked, CancellationToken ct)
    {
        var query = db.Set<AcceptanceModeRecord>().Where(r => r.Mode == AcceptanceModes.Deferred && r.SupplyStatus == AcceptanceModes.SupplyPending && r.SupplyDueDate != null);
        var pending = await (tracked ? query : query.AsNoTracking()).ToListAsync(ct);
        if (pending.Count == 0) return [];
        var ids = pending.Select(r => r.InstanceId).ToList();
        var definitions = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => new { i.Id, i.DefinitionId }).ToDictionaryAsync(i => i.Id, i => i.DefinitionId, ct);
        var acceptances = await db.Tasks.AsNoTracking()
            .Where(t => ids.Contains(t.InstanceId) && t.Kind == TaskKind.Acceptance && t.Outcome == Outcomes.Accepted && t.ContextJson != null)
            .Select(t => new { t.InstanceId, t.CompletedAt, t.ContextJson }).ToListAsync(ct);
        var moves = new List<(AcceptanceModeRecord, DeadlineMove)>();
        foreach (var row in pending)
        {
            var definitionId = definitions[row.InstanceId];
            var acceptedOn = deadlines.Today(row.AcceptedAt);
            var oldDue = row.SupplyDueDate!.Value;
            // The latest acceptance counts (a correction round accepts again); an older task without the count falls back to
            // the working days between acceptance and the due date on the calendar in force, which set that date.
            var context = acceptances.Where(a => a.InstanceId == row.InstanceId).MaxBy(a => a.CompletedAt)?.ContextJson;
            var days = (context is null ? null : JsonNode.Parse(context)?["deferredSupplyWorkingDays"]?.GetValue<int>())
                       ?? deadlines.CalendarFor(definitionId).WorkingDaysBetween(acceptedOn, oldDue);
            var statutory = open.FirstOrDefault(d => d.InstanceId == row.InstanceId && d.Kind == DeadlineKind.Statutory);
            var due = AcceptanceModeEffectHandler.SupplyDue(deadlines.CalendarFor(definitionId, candidate), acceptedOn, days,
                statutory is null ? null : deadlines.Standing(statutory, now, candidate).Due);
            if (due != oldDue)
                moves.Add((row, new DeadlineMove(AcceptanceModeTimerKinds.TimerId(row.InstanceId), row.InstanceId, definitionId, DeadlineMoveKind.Supply,
                    DeadlineMove.SupplyLabel, null, oldDue, due)));
        }
        return moves;
    }

    /// <summary>The application's journal line for the deadlines of its that a schedule moved (one line per application and apply).</summary>
    private static JournalEntry MovedLine(HolidayYearRecord version, List<DeadlineMove> moves, DateTimeOffset now) =>
        new(now, null, null, "DeadlinesMoved", Outcome: $"calendar:{version.Year}/v{version.Version}",
            Message: $"{version.Year} 年节假日安排（第 {version.Version} 版）生效，期限调整：" +
                     string.Join("；", moves.Select(m => $"{m.Describe()} {m.OldDueDate:yyyy-MM-dd} → {m.NewDueDate:yyyy-MM-dd}")),
            Payload: new JsonObject
            {
                ["year"] = version.Year, ["version"] = version.Version,
                ["moves"] = new JsonArray(moves.Select(m => (JsonNode)new JsonObject
                {
                    ["deadlineId"] = m.DeadlineId, ["kind"] = m.Kind.ToString(), ["label"] = m.Label, ["department"] = m.Department,
                    ["from"] = m.OldDueDate.ToString("O"), ["to"] = m.NewDueDate.ToString("O"),
                }).ToArray()),
            });

    private static string Target(HolidayYearRecord r) => $"calendar:{r.Year}/v{r.Version}";
}
