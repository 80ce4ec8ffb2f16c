using ApprovalEngine.Approvals.Deadlines;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Deadlines;

public sealed record DepartmentWorkload(string Department, string DepartmentName, int Open, int Claimed, int Warning, int Overdue);
public sealed record StepWorkload(string DefinitionId, string DefinitionName, string ActivityId, string StepName, int Open, int Warning, int Overdue);
public sealed record Workload(IReadOnlyList<DepartmentWorkload> ByDepartment, IReadOnlyList<StepWorkload> ByStep, int AtRisk, int Overdue);
public sealed record TrendMonth(string Month, int Completed, int OnTime, int Ahead, int Overdue, double AverageWorkingDays);

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
    }

    public static async Task<Ok<Workload>> GetWorkload(ApprovalDbContext db, DeadlineService deadlines, StaffDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.Status == TaskStatus.Open || t.Status == TaskStatus.Claimed)
            .Select(t => new { t.Id, t.Department, t.DefinitionId, t.ActivityId, t.Title, t.Status }).ToListAsync(ct);
        var now = time.GetUtcNow();
        // A task's own step clock; the newest one when a step was re-opened.
        var health = (await db.Deadlines.AsNoTracking().Where(d => d.TaskId != null && d.CompletedAt == null).ToListAsync(ct))
            .GroupBy(d => d.TaskId!)
            .ToDictionary(g => g.Key, g => deadlines.Standing(g.OrderByDescending(d => d.StartedAt).First(), now).Health);
        var names = await db.DefinitionVersions.AsNoTracking().Where(v => v.IsLatest).Select(v => new { v.DefinitionId, v.Name })
            .ToDictionaryAsync(v => v.DefinitionId, v => v.Name, ct);
        var rows = tasks.Select(t => (Task: t, Health: health.GetValueOrDefault(t.Id, DeadlineHealth.OnTrack))).ToList();

        var byDepartment = rows.GroupBy(r => r.Task.Department).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DepartmentWorkload(g.Key, directory.DepartmentName(g.Key),
                g.Count(r => r.Task.Status == TaskStatus.Open), g.Count(r => r.Task.Status == TaskStatus.Claimed),
                g.Count(r => r.Health == DeadlineHealth.Warning), g.Count(r => r.Health == DeadlineHealth.Overdue)))
            .ToList();
        var byStep = rows.GroupBy(r => (r.Task.DefinitionId, r.Task.ActivityId))
            .Select(g => new StepWorkload(g.Key.DefinitionId, names.GetValueOrDefault(g.Key.DefinitionId, g.Key.DefinitionId), g.Key.ActivityId,
                g.First().Task.Title, g.Count(), g.Count(r => r.Health == DeadlineHealth.Warning), g.Count(r => r.Health == DeadlineHealth.Overdue)))
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
        var today = deadlines.Today(time.GetUtcNow());
        var end = to is null ? today : Platform.QueryValues.Date(to, "to");
        var start = from is null ? new DateOnly(end.Year, end.Month, 1).AddMonths(-11) : Platform.QueryValues.Date(from, "from");
        if (end < start) throw new BadRequestException("'to' must not be before 'from'.", ErrorCodes.DateRange, "to");
        var months = (end.Year - start.Year) * 12 + end.Month - start.Month + 1;
        if (months > MaxMonths) throw new BadRequestException($"A trend covers at most {MaxMonths} months.", ErrorCodes.DateRange, "from");

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
}
