using System.Globalization;
using System.Text;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Deadlines;

public sealed record StepAverage(string Key, int Count, double AverageWorkingDays);
public sealed record OverdueItem(string DeadlineId, string InstanceId, string Kind, string Label, string? Department, string DueDate, string? CompletedOn, int WorkingDaysOverdue,
    string? FileNumber = null, string? ImplementationCode = null, string? ProjectCode = null);

/// <summary>An application's national codes as reports print them.</summary>
public sealed record ApplicationCodesRow(string? FileNumber, string? ImplementationCode, string? ProjectCode);

public sealed record TimelinessReport(
    string From, string To, string? DefinitionId, int Completed, int OnTime, int CompletedAhead, double OnTimeRate, double CompletedAheadRate,
    IReadOnlyList<StepAverage> AverageWorkingDaysPerStep, IReadOnlyList<StepAverage> AverageWorkingDaysPerDepartment, IReadOnlyList<OverdueItem> Overdue,
    int OpenOverdue, int OpenOverdueListed);

/// <summary>Timeliness of an office: how many applications were decided within the statutory period, ahead of it, and what is late.</summary>
public static class ReportsApi
{
    /// <summary>The JSON report lists at most this many open overdue deadlines (the longest overdue); the CSV lists all.</summary>
    public const int OpenOverdueListed = 1000;

    public static void MapReportsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/reports/timeliness", Timeliness).WithTags("Reports").RequireAuthorization(Policies.Staff);

    /// <summary>
    /// Applications decided between from and to (inclusive); format=csv exports one row per deadline. The rates and averages
    /// are for all staff (a designer weighs a process by them); the rows that name applications (the overdue list, the CSV)
    /// only for those who handle or oversee applications: designers read none (need-to-know).
    /// </summary>
    public static async Task<IResult> Timeliness(string? from, string? to, string? definitionId, string? format,
        ApprovalDbContext db, DeadlineService deadlines, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var namesApplications = Roles.Casework.Any(http.User.IsInRole);
        if (format == "csv" && !namesApplications)
            throw new ForbiddenException("The CSV lists applications; it is for staff who handle or oversee them (not designers).", ErrorCodes.Forbidden, "format");
        var start = Platform.QueryValues.Date(from, "from");
        var end = Platform.QueryValues.Date(to, "to");
        if (end < start) throw new BadRequestException("'to' must not be before 'from'.", ErrorCodes.DateRange, "to");
        if (format is not (null or "json" or "csv")) throw new BadRequestException("'format' must be json or csv.", ErrorCodes.Format, "format");

        var completed = db.Deadlines.AsNoTracking().Where(d => d.CompletedOn >= start && d.CompletedOn <= end && d.Outcome != "Cancelled");
        if (!string.IsNullOrEmpty(definitionId)) completed = completed.Where(d => d.DefinitionId == definitionId);
        var rows = await completed.ToListAsync(ct);
        var today = deadlines.Today(time.GetUtcNow());
        var open = db.Deadlines.AsNoTracking().Where(d => d.CompletedAt == null && d.DueDate < today);
        if (!string.IsNullOrEmpty(definitionId)) open = open.Where(d => d.DefinitionId == definitionId);
        // The CSV lists every open overdue deadline; the JSON the longest overdue, with how many there are in all.
        var ordered = open.OrderBy(d => d.DueDate).ThenBy(d => d.Id);
        var late = await (format == "csv" ? ordered : ordered.Take(OpenOverdueListed)).ToListAsync(ct);
        var openOverdue = format == "csv" ? late.Count : await PageTotals.TotalAsync(ordered, 0, OpenOverdueListed, late.Count, ct);

        var codes = await CodesAsync(db, rows.Concat(late).Select(d => d.InstanceId), ct);
        if (format == "csv") return Results.File(Encoding.UTF8.GetBytes(Csv(rows, late, deadlines, today, codes)), "text/csv", $"timeliness-{start:yyyyMMdd}-{end:yyyyMMdd}.csv");

        var applications = rows.Where(d => d.Kind == DeadlineKind.Statutory).ToList();
        var onTime = applications.Count(d => d.CompletedOn <= d.DueDate);
        var ahead = applications.Count(d => d.CompletedOn < d.DueDate);
        var steps = rows.Where(d => d.Kind == DeadlineKind.Step && d.WorkingDaysUsed is not null).ToList();
        var overdue = !namesApplications ? [] : late.Select(d => Overdue(d, deadlines, today, codes))
            .Concat(rows.Where(d => d.CompletedOn > d.DueDate).Select(d => Overdue(d, deadlines, today, codes))).ToList();
        return Results.Ok(new TimelinessReport(start.ToString("O"), end.ToString("O"), definitionId, applications.Count, onTime, ahead,
            Rate(onTime, applications.Count), Rate(ahead, applications.Count),
            Averages(steps, d => d.Label), Averages(steps, d => d.Department ?? "-"), overdue, openOverdue, namesApplications ? late.Count : 0));
    }

    private static List<StepAverage> Averages(List<DeadlineRecord> steps, Func<DeadlineRecord, string> key) =>
        steps.GroupBy(key).Select(g => new StepAverage(g.Key, g.Count(), Math.Round(g.Average(d => d.WorkingDaysUsed!.Value), 2))).OrderBy(a => a.Key).ToList();

    private static OverdueItem Overdue(DeadlineRecord d, DeadlineService deadlines, DateOnly today, Dictionary<string, ApplicationCodesRow> codes)
    {
        var c = codes.GetValueOrDefault(d.InstanceId);
        return new(d.Id, d.InstanceId, d.Kind.ToString(), d.Label, d.Department, d.DueDate.ToString("O"), d.CompletedOn?.ToString("O"),
            deadlines.CalendarFor(d.DefinitionId).WorkingDaysBetween(d.DueDate, d.CompletedOn ?? today), c?.FileNumber, c?.ImplementationCode, c?.ProjectCode);
    }

    /// <summary>File number, item implementation code (from the process version) and investment project code per application.</summary>
    public static async Task<Dictionary<string, ApplicationCodesRow>> CodesAsync(ApprovalDbContext db, IEnumerable<string> instanceIds, CancellationToken ct)
    {
        var ids = instanceIds.Distinct().ToList();
        var instances = new List<(string Id, string? CorrelationId, string? ProjectCode, string VersionId)>();
        // In chunks: a year's report can name thousands of applications, beyond a statement's parameter limit.
        foreach (var chunk in ids.Chunk(500))
            instances.AddRange((await db.Instances.AsNoTracking().Where(i => chunk.Contains(i.Id))
                .Select(i => new { i.Id, i.CorrelationId, i.ProjectCode, i.DefinitionVersionId }).ToListAsync(ct))
                .Select(i => (i.Id, i.CorrelationId, i.ProjectCode, i.DefinitionVersionId)));
        var versionIds = instances.Select(i => i.VersionId).Distinct().ToList();
        var itemCodes = (await db.DefinitionVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).Select(v => new { v.Id, v.ModelJson }).ToListAsync(ct))
            .ToDictionary(v => v.Id, v => Persistence.Definitions.ProcessCodes.ImplementationCode(System.Text.Json.Nodes.JsonNode.Parse(v.ModelJson)));
        return instances.ToDictionary(i => i.Id, i => new ApplicationCodesRow(i.CorrelationId, itemCodes.GetValueOrDefault(i.VersionId), i.ProjectCode));
    }

    private static double Rate(int part, int whole) => whole == 0 ? 0 : Math.Round(100.0 * part / whole, 2);

    private static string Csv(List<DeadlineRecord> completed, List<DeadlineRecord> late, DeadlineService deadlines, DateOnly today, Dictionary<string, ApplicationCodesRow> codes) =>
        Platform.QueryValues.Csv("deadline_id,instance_id,definition_id,kind,label,department,start_date,due_date,completed_on,working_days_used,limit_working_days,extension_working_days,on_time,ahead,file_number,implementation_code,project_code",
            completed.Concat(late).Select(d => new[]
            {
                d.Id, d.InstanceId, d.DefinitionId, d.Kind.ToString(), d.Label, d.Department ?? "", d.StartDate.ToString("O"), d.DueDate.ToString("O"),
                d.CompletedOn?.ToString("O") ?? "", (d.WorkingDaysUsed ?? deadlines.Standing(d, deadlines.StartOfDay(today)).Used).ToString(CultureInfo.InvariantCulture),
                d.LimitWorkingDays.ToString(CultureInfo.InvariantCulture), d.ExtensionWorkingDays.ToString(CultureInfo.InvariantCulture),
                d.CompletedOn is { } on && on <= d.DueDate ? "yes" : "no", d.CompletedOn is { } a && a < d.DueDate ? "yes" : "no",
                codes.GetValueOrDefault(d.InstanceId)?.FileNumber ?? "", codes.GetValueOrDefault(d.InstanceId)?.ImplementationCode ?? "", codes.GetValueOrDefault(d.InstanceId)?.ProjectCode ?? "",
            }));

}
