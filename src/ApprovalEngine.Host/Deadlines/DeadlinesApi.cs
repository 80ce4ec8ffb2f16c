using System.Globalization;
using ApprovalEngine.Approvals.Calendar;
using ApprovalEngine.Approvals.Deadlines;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Deadlines;

public sealed record AddWorkingDaysResult(string From, int Days, string Due);
public sealed record WorkingDaysBetweenResult(string From, string To, int WorkingDays);
public sealed record PauseRequest(string? Reason);
public sealed record ExtendRequest(int? WorkingDays, string? Reason);

public sealed record DeadlineView(
    string Id, DeadlineKind Kind, string Label, string? Department, string? TaskId, string StartDate, int LimitWorkingDays,
    int ExtensionWorkingDays, int MaxExtensionWorkingDays, string DueDate, int WorkingDaysUsed, int WorkingDaysLeft, string State,
    IReadOnlyList<PausedPeriod> PausedPeriods, DateTimeOffset? WarnedAt, DateTimeOffset? OverdueAt, DateTimeOffset? CompletedAt, string? Outcome, bool? CompletedOnTime)
{
    public static DeadlineView From(DeadlineRecord d, DeadlineStanding s) => new(
        d.Id, d.Kind, d.Label, d.Department, d.TaskId, d.StartDate.ToString("O"), d.LimitWorkingDays, d.ExtensionWorkingDays, d.MaxExtensionWorkingDays,
        s.Due.ToString("O"), s.Used, s.Left, StateName(s.Health), DeadlineService.Pauses(d), d.WarnedAt, d.OverdueAt, d.CompletedAt, d.Outcome,
        d.CompletedOn is { } on ? on <= s.Due : null);

    private static string StateName(DeadlineHealth h) => h switch
    {
        DeadlineHealth.OnTrack => "on-track",
        DeadlineHealth.Warning => "warning",
        DeadlineHealth.Overdue => "overdue",
        DeadlineHealth.Paused => "paused",
        _ => "completed",
    };
}

/// <summary>The working-day calendar, the statutory clock of an application, and notifications.</summary>
public static class DeadlinesApi
{
    public static void MapDeadlinesApi(this IEndpointRouteBuilder app)
    {
        // The public holiday calendar is public information.
        var calendar = app.MapGroup("/api/calendar").WithTags("Calendar").AllowAnonymous();
        calendar.MapGet("/add-working-days", AddWorkingDays);
        calendar.MapGet("/working-days-between", WorkingDaysBetween);

        var clock = app.MapGroup("/api/instances/{id}").WithTags("Deadlines").RequireAuthorization(Policies.Staff);
        clock.MapGet("/deadlines", ForInstance);
        clock.MapPost("/clock/pause", Pause).RequireAuthorization(Policies.Intake);
        clock.MapPost("/clock/resume", Resume).RequireAuthorization(Policies.Intake);
        clock.MapPost("/clock/extend", Extend).RequireAuthorization(Policies.Admin);

        app.MapGet("/api/notifications", Notifications).WithTags("Deadlines").RequireAuthorization(Policies.Staff);
    }

    public static Ok<AddWorkingDaysResult> AddWorkingDays(string? from, int? days, WorkingDayCalendar calendar)
    {
        var start = Platform.QueryValues.Date(from, "from");
        if (days is null or < 0 or > 3650) throw new BadRequestException("'days' must be a whole number from 0 to 3650.", ErrorCodes.ValidationField, "days");
        var due = calendar.AddWorkingDays(start, days.Value);
        if (due > Platform.QueryValues.MaxDate)
            throw new BadRequestException($"The result would fall after {Platform.QueryValues.MaxDate:yyyy-MM-dd}; start earlier or add fewer days.", ErrorCodes.Date, "days");
        return TypedResults.Ok(new AddWorkingDaysResult(start.ToString("O"), days.Value, due.ToString("O")));
    }

    public static Ok<WorkingDaysBetweenResult> WorkingDaysBetween(string? from, string? to, WorkingDayCalendar calendar)
    {
        var (start, end) = (Platform.QueryValues.Date(from, "from"), Platform.QueryValues.Date(to, "to"));
        if (end < start) throw new BadRequestException("'to' must not be before 'from'.", ErrorCodes.DateRange, "to");
        return TypedResults.Ok(new WorkingDaysBetweenResult(start.ToString("O"), end.ToString("O"), calendar.WorkingDaysBetween(start, end)));
    }

    public static async Task<Ok<List<DeadlineView>>> ForInstance(string id, ApprovalDbContext db, DeadlineService deadlines,
        Persistence.Access.ApplicationAccess access, TimeProvider time, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "deadlines", ct);
        return TypedResults.Ok(await ViewsAsync(db, deadlines, id, time.GetUtcNow(), ct));
    }

    public static async Task<List<DeadlineView>> ViewsAsync(ApprovalDbContext db, DeadlineService deadlines, string instanceId, DateTimeOffset now, CancellationToken ct)
    {
        var rows = await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == instanceId).OrderBy(d => d.StartedAt).ThenBy(d => d.Id).ToListAsync(ct);
        return Views(rows, deadlines, now);
    }

    /// <summary>The clocks as the office shows them at <paramref name="now"/>, from rows read in start order (then by id).</summary>
    public static List<DeadlineView> Views(IEnumerable<DeadlineRecord> rows, DeadlineService deadlines, DateTimeOffset now) =>
        rows.Select(d => DeadlineView.From(d, deadlines.Standing(d, now))).ToList();

    public static Task<Ok<List<DeadlineView>>> Pause(string id, PauseRequest request, WorkflowRuntime runtime, DeadlineService deadlines,
        ApprovalDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) throw new BadRequestException("A pause needs a 'reason' (e.g. expert review, hearing, inspection).", ErrorCodes.ReasonRequired, "reason");
        RequireShortReason(reason);
        return ChangeClockAsync(id, http, runtime, db, deadlines, time, "ClockPaused", reason,
            (tracked, d, now) => deadlines.PauseAsync(tracked, d, reason, now), ct);
    }

    public static Task<Ok<List<DeadlineView>>> Resume(string id, WorkflowRuntime runtime, DeadlineService deadlines,
        ApprovalDbContext db, TimeProvider time, HttpContext http, CancellationToken ct) =>
        ChangeClockAsync(id, http, runtime, db, deadlines, time, "ClockResumed", null, (tracked, d, now) => deadlines.ResumeAsync(tracked, d, now), ct);

    public static Task<Ok<List<DeadlineView>>> Extend(string id, ExtendRequest request, WorkflowRuntime runtime, DeadlineService deadlines,
        ApprovalDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (request.WorkingDays is null) throw new BadRequestException("'workingDays' is required.", ErrorCodes.ValidationField, "workingDays");
        if (string.IsNullOrEmpty(reason)) throw new BadRequestException("An extension needs a 'reason' (Art. 42: approved, with reasons).", ErrorCodes.ReasonRequired, "reason");
        RequireShortReason(reason);
        return ChangeClockAsync(id, http, runtime, db, deadlines, time, "ClockExtended", $"+{request.WorkingDays} working days: {reason}",
            (tracked, d, now) => deadlines.ExtendAsync(tracked, d, request.WorkingDays.Value, reason, http.User.ToActor().Name, now), ct);
    }

    /// <summary>A reason goes into the journal line and onto the applicant's page: a sentence or two, not a file.</summary>
    private static void RequireShortReason(string reason)
    {
        if (reason.Length > MaxReasonLength || reason.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
            throw new BadRequestException($"'reason' must be at most {MaxReasonLength} characters without control characters.", ErrorCodes.ValidationField, "reason");
    }

    public const int MaxReasonLength = 500;

    private static async Task<Ok<List<DeadlineView>>> ChangeClockAsync(string id, HttpContext http, WorkflowRuntime runtime, ApprovalDbContext db,
        DeadlineService deadlines, TimeProvider time, string eventName, string? message,
        Func<ApprovalDbContext, DeadlineRecord, DateTimeOffset, Task> change, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        await http.RequestServices.GetRequiredService<Persistence.Access.ApplicationAccess>().EnsureCanReadAsync(id, null, ct); // their window's applications only
        await runtime.RecordAsync(id, actor, async tracked =>
        {
            var statutory = await tracked.Deadlines.SingleOrDefaultAsync(d => d.InstanceId == id && d.Kind == DeadlineKind.Statutory && d.CompletedAt == null, ct)
                            ?? throw new ConflictException("The application has no running statutory clock (it starts at acceptance and stops at the decision).", ErrorCodes.ClockNotRunning);
            var now = time.GetUtcNow();
            await change(tracked, statutory, now);
            return new JournalEntry(now, null, null, eventName, Message: message, Actor: actor.Name);
        }, ct);
        return TypedResults.Ok(await ViewsAsync(db, deadlines, id, time.GetUtcNow(), ct));
    }

    public static async Task<Ok<List<OutboxRecord>>> Notifications(string? recipient, ApprovalDbContext db, Persistence.Organisation.OrganisationDirectory organisation,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        Persistence.Access.ApplicationAccess.RequireDepartment(actor);
        var query = db.Outbox.AsNoTracking().Where(o => o.Channel == OutboxChannels.Notification);
        if (!actor.Roles.Contains(Roles.Admin) && !actor.Roles.Contains(Roles.Auditor))
        {
            // To each department the caller works for (the directory's, not only the token's), and to its head.
            var departments = organisation.WorkingDepartments(actor, time.GetUtcNow());
            var mine = departments.Concat(departments.Select(d => $"head:{d}")).ToArray();
            query = query.Where(o => mine.Contains(o.Recipient));
        }
        if (!string.IsNullOrEmpty(recipient)) query = query.Where(o => o.Recipient == recipient);
        return TypedResults.Ok(await query.OrderByDescending(o => o.CreatedAt).Take(200).ToListAsync(ct));
    }
}
