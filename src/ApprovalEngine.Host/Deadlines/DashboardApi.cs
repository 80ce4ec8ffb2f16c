using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Deadlines;

public sealed record DepartmentWorkload(string Department, string DepartmentName, int Open, int Claimed, int Warning, int Overdue);
public sealed record StepWorkload(string DefinitionId, string DefinitionName, string ActivityId, string StepName, int Open, int Warning, int Overdue);
public sealed record Workload(IReadOnlyList<DepartmentWorkload> ByDepartment, IReadOnlyList<StepWorkload> ByStep, int AtRisk, int Overdue);
public sealed record TrendMonth(string Month, int Completed, int OnTime, int Ahead, int Overdue, double AverageWorkingDays);
/// <summary>A process's applications concluded in a period, by how they came out (<see cref="ApplicationOutcomes"/>).</summary>
public sealed record ProcessOutcomes(string DefinitionId, string DefinitionName, int Approved, int Denied, int NotAccepted, int Withdrawn, int Terminated, int Revoked,
    int Ended, int Total);

/// <summary>
/// The office dashboard: open work by department and step with each task's standing on its own clock (the same
/// evaluation as the worklist: pauses and extensions counted), and the statutory timeliness month by month.
/// Counts only, no applicant data, so every staff role sees the whole office.
/// </summary>
public static class DashboardApi
{
    /// <summary>A trend is for charts: ten years of months at most.</summary>
    private const int MaxMonths = 120;

    public static void MapDashboardApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/dashboard/workload", GetWorkload).WithTags("Reports").RequireAuthorization(Policies.Staff);
        app.MapGet("/api/reports/trend", Trend).WithTags("Reports").RequireAuthorization(Policies.Staff);
        app.MapGet("/api/reports/outcomes", Outcomes).WithTags("Reports").RequireAuthorization(Policies.Staff);
    }

    /// <remarks>
    /// Counted in SQL, one row per (department, step): a task's standing comes from its step clock's cached due and
    /// warning dates (the same dates <see cref="DeadlineService.Standing(DeadlineRecord, DateTimeOffset)"/> derives),
    /// so no open task is loaded. A clock written before the warning date was cached counts as warning once its
    /// warning timer has fired.
    /// </remarks>
    public static async Task<Ok<Workload>> GetWorkload(ApprovalDbContext db, DeadlineService deadlines, StaffDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var today = deadlines.Today(time.GetUtcNow());
        // A task's own step clock; the newest one when a step was re-opened.
        var clocks = db.Deadlines.Where(d => d.TaskId != null && d.CompletedAt == null
                                             && !db.Deadlines.Any(n => n.TaskId == d.TaskId && n.CompletedAt == null && n.StartedAt > d.StartedAt));
        var groups = await (
                from t in db.Tasks
                where t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed
                join c in clocks on t.Id equals c.TaskId into tc
                from c in tc.DefaultIfEmpty()
                let running = c != null && !c.IsPaused
                select new
                {
                    t.Department, t.DefinitionId, t.ActivityId, t.Title,
                    Open = t.Status == TaskStatus.Open ? 1 : 0,
                    Claimed = t.Status == TaskStatus.Claimed ? 1 : 0,
                    Overdue = running && c!.DueDate < today ? 1 : 0,
                    Warning = running && c!.DueDate >= today && (c.WarningDate != null ? c.WarningDate <= today : c.WarnedAt != null) ? 1 : 0,
                })
            .GroupBy(r => new { r.Department, r.DefinitionId, r.ActivityId })
            .Select(g => new
            {
                g.Key.Department, g.Key.DefinitionId, g.Key.ActivityId, Title = g.Max(r => r.Title),
                Tasks = g.Count(), Open = g.Sum(r => r.Open), Claimed = g.Sum(r => r.Claimed), Warning = g.Sum(r => r.Warning), Overdue = g.Sum(r => r.Overdue),
            })
            .ToListAsync(ct);
        var names = await db.DefinitionVersions.AsNoTracking().Where(v => v.IsLatest).Select(v => new { v.DefinitionId, v.Name })
            .ToDictionaryAsync(v => v.DefinitionId, v => v.Name, ct);

        var byDepartment = groups.GroupBy(r => r.Department).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DepartmentWorkload(g.Key, directory.DepartmentName(g.Key),
                g.Sum(r => r.Open), g.Sum(r => r.Claimed), g.Sum(r => r.Warning), g.Sum(r => r.Overdue)))
            .ToList();
        // A step's rows of several departments (a step routed to more than one) are one step.
        var byStep = groups.GroupBy(r => (r.DefinitionId, r.ActivityId))
            .Select(g => new StepWorkload(g.Key.DefinitionId, names.GetValueOrDefault(g.Key.DefinitionId, g.Key.DefinitionId), g.Key.ActivityId,
                g.Max(r => r.Title)!, g.Sum(r => r.Tasks), g.Sum(r => r.Warning), g.Sum(r => r.Overdue)))
            .OrderByDescending(s => s.Open).ThenBy(s => s.DefinitionId, StringComparer.Ordinal).ThenBy(s => s.ActivityId, StringComparer.Ordinal)
            .ToList();
        return TypedResults.Ok(new Workload(byDepartment, byStep, byDepartment.Sum(d => d.Warning), byDepartment.Sum(d => d.Overdue)));
    }

    /// <summary>
    /// Applications decided per month between from and to (default: the last twelve months), each month present even
    /// when empty: decided on time, ahead of the due date, late, and the average working days the statutory clock ran.
    /// </summary>
    public static async Task<Ok<List<TrendMonth>>> Trend(string? from, string? to, string? definitionId, ApprovalDbContext db, DeadlineService deadlines,
        TimeProvider time, CancellationToken ct)
    {
        var (start, end, months) = Period(from, to, deadlines.Today(time.GetUtcNow()));

        var decided = db.Deadlines.AsNoTracking()
            .Where(d => d.Kind == DeadlineKind.Statutory && d.CompletedOn >= start && d.CompletedOn <= end && d.Outcome != "Cancelled");
        if (!string.IsNullOrEmpty(definitionId)) decided = decided.Where(d => d.DefinitionId == definitionId);
        var rows = await decided.Select(d => new { CompletedOn = d.CompletedOn!.Value, d.DueDate, d.WorkingDaysUsed }).ToListAsync(ct);
        var byMonth = rows.ToLookup(r => (r.CompletedOn.Year, r.CompletedOn.Month));

        var first = new DateOnly(start.Year, start.Month, 1);
        return TypedResults.Ok(Enumerable.Range(0, months).Select(i =>
        {
            var month = first.AddMonths(i);
            var list = byMonth[(month.Year, month.Month)].ToList();
            var used = list.Where(r => r.WorkingDaysUsed is not null).Select(r => r.WorkingDaysUsed!.Value).ToList();
            return new TrendMonth($"{month:yyyy-MM}", list.Count, list.Count(r => r.CompletedOn <= r.DueDate), list.Count(r => r.CompletedOn < r.DueDate),
                list.Count(r => r.CompletedOn > r.DueDate), used.Count == 0 ? 0 : Math.Round(used.Average(), 2));
        }).ToList());
    }

    /// <summary>
    /// 办结结果: the applications concluded between from and to (China dates, by the day they finished; default the last twelve
    /// months) per process, by how they came out: 准予许可, 不予许可, 不予受理, 已撤回, 终止办理, 撤销许可, or ended without any of these. One grouped
    /// count over the outcome the stimuli recorded; counts only, like the rest of the dashboard.
    /// </summary>
    public static async Task<Ok<List<ProcessOutcomes>>> Outcomes(string? from, string? to, string? definitionId, ApprovalDbContext db, DeadlineService deadlines,
        TimeProvider time, CancellationToken ct)
    {
        var (start, end, _) = Period(from, to, deadlines.Today(time.GetUtcNow()));
        var (after, before) = Approvals.Calendar.ChinaTime.UtcBounds(start, end);
        var concluded = db.Instances.AsNoTracking().Where(i => i.FinishedAt >= after && i.FinishedAt < before && i.Outcome != null);
        if (!string.IsNullOrEmpty(definitionId)) concluded = concluded.Where(i => i.DefinitionId == definitionId);
        var counts = await concluded.GroupBy(i => new { i.DefinitionId, i.Outcome }).Select(g => new { g.Key.DefinitionId, g.Key.Outcome, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(c => c.DefinitionId).Distinct().ToList();
        var names = await db.DefinitionVersions.AsNoTracking().Where(v => v.IsLatest && ids.Contains(v.DefinitionId)).Select(v => new { v.DefinitionId, v.Name })
            .ToDictionaryAsync(v => v.DefinitionId, v => v.Name, ct);
        return TypedResults.Ok(counts.GroupBy(c => c.DefinitionId).Select(g =>
            {
                int Of(string outcome) => g.Where(c => c.Outcome == outcome).Sum(c => c.Count);
                return new ProcessOutcomes(g.Key, names.GetValueOrDefault(g.Key, g.Key), Of(ApplicationOutcomes.Approved), Of(ApplicationOutcomes.Denied),
                    Of(ApplicationOutcomes.NotAccepted), Of(ApplicationOutcomes.Withdrawn), Of(ApplicationOutcomes.Terminated), Of(ApplicationOutcomes.Revoked),
                    Of(ApplicationOutcomes.Ended), g.Sum(c => c.Count));
            })
            .OrderByDescending(p => p.Total).ThenBy(p => p.DefinitionId, StringComparer.Ordinal).ToList());
    }

    /// <summary>A report's period of China dates: to defaults to today, from to the first of the month eleven months before it.</summary>
    private static (DateOnly Start, DateOnly End, int Months) Period(string? from, string? to, DateOnly today)
    {
        var end = to is null ? today : Platform.QueryValues.Date(to, "to");
        var start = from is null ? new DateOnly(end.Year, end.Month, 1).AddMonths(-11) : Platform.QueryValues.Date(from, "from");
        if (end < start) throw new BadRequestException("'to' must not be before 'from'.", ErrorCodes.DateRange, "to");
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month + 1;
        if (months > MaxMonths) throw new BadRequestException($"A report covers at most {MaxMonths} months.", ErrorCodes.DateRange, "from");
        return (start, end, months);
    }
}
