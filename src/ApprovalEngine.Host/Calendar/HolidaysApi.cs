using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Calendar;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ApprovalEngine.Host.Calendar;

public sealed record HolidayVersionView(int Year, int Version, string Format, int OffDays, int WorkDays, string Sha256, string UploadedBy,
    DateTimeOffset UploadedAt, bool Current, string? AppliedBy, DateTimeOffset? AppliedAt)
{
    public static HolidayVersionView From(HolidayYearRecord r) =>
        new(r.Year, r.Version, r.Format, r.OffDays, r.WorkDays, r.Sha256, r.UploadedBy, r.UploadedAt, r.IsCurrent, r.AppliedBy, r.AppliedAt);
}

/// <summary>A deadline a schedule moves, with the application's file number and matter so the admin can tell them apart.</summary>
public sealed record DeadlineMoveView(string DeadlineId, string InstanceId, string DefinitionId, string Kind, string Label, string Description, string? Department,
    string OldDueDate, string NewDueDate, string? FileNumber, string? Matter)
{
    public static DeadlineMoveView From(DeadlineMove m, (string? FileNumber, string? Matter) application) =>
        new(m.DeadlineId, m.InstanceId, m.DefinitionId, m.Kind.ToString(), m.Label, m.Describe(), m.Department, m.OldDueDate.ToString("O"), m.NewDueDate.ToString("O"),
            application.FileNumber, application.Matter);
}

public sealed record HolidayPreview(int Year, int Version, int MovedDeadlines, IReadOnlyList<DeadlineMoveView> Moves);
public sealed record CalendarYears(int FirstKnownYear, int LastKnownYear, string InForce, IReadOnlyList<HolidayVersionView> Versions);
public sealed record CoverageView(int FirstKnownYear, int LastKnownYear, IReadOnlyList<int> MissingYears, int AffectedOpenDeadlines);

/// <summary>
/// Holiday data for new years: an administrator uploads the State Council schedule (holiday-cn JSON or iCalendar),
/// previews which open deadlines move, and applies it; office pages read the coverage to show a banner.
/// </summary>
public static class HolidaysApi
{
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void AddHolidayCalendar(this WebApplicationBuilder builder)
    {
        var refresh = Platform.Intervals.Check("Calendar:RefreshInterval", builder.Configuration.GetValue("Calendar:RefreshInterval", TimeSpan.FromSeconds(10)),
            TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        builder.Services.AddHostedService(sp => new CalendarRefreshService(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<CalendarSource>(),
            refresh, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<CalendarRefreshService>>()));
        builder.Services.AddHealthChecks().AddCheck<CalendarCoverageCheck>("holiday-calendar", tags: ["ready"]);
    }

    public static void MapHolidaysApi(this IEndpointRouteBuilder app)
    {
        var years = app.MapGroup("/api/calendar").WithTags("Calendar");
        years.MapGet("/coverage", Coverage).RequireAuthorization(Policies.Staff);
        years.MapGet("/years", List).RequireAuthorization(Policies.Staff);
        // The body is read by hand (two formats), so the document says what it takes and what it answers.
        years.MapPost("/years/{year:int}", Upload).RequireAuthorization(Policies.Admin).DisableAntiforgery()
            .Accepts<System.Text.Json.Nodes.JsonObject>("application/json", "text/calendar")
            .ProducesProblem(400).ProducesProblem(413).ProducesProblem(415);
        years.MapGet("/years/{year:int}/versions/{version:int}/preview", Preview).RequireAuthorization(Policies.Admin).ProducesProblem(404);
        years.MapPost("/years/{year:int}/versions/{version:int}/apply", Apply).RequireAuthorization(Policies.Admin).ProducesProblem(404).ProducesProblem(409);
    }

    public static async Task<Results<Created<HolidayVersionView>, ProblemHttpResult>> Upload(int year, HttpRequest request, HolidayService holidays, CancellationToken ct)
    {
        var mediaType = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        var format = mediaType switch
        {
            "application/json" => HolidayFormats.HolidayCn,
            "text/calendar" => HolidayFormats.ICalendar,
            _ => null,
        };
        if (format is null)
            return Invalid(415, ErrorCodes.UnsupportedMediaType, "Send holiday-cn JSON as application/json or an iCalendar file as text/calendar.", []);
        if (request.ContentLength > HolidayService.MaxUploadBytes)
            return Invalid(413, ErrorCodes.TooLarge, $"A holiday schedule is at most {HolidayService.MaxUploadBytes} bytes.", []);
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, ct);
        if (body.Length > HolidayService.MaxUploadBytes) return Invalid(413, ErrorCodes.TooLarge, $"A holiday schedule is at most {HolidayService.MaxUploadBytes} bytes.", []);
        string content;
        // Strict UTF-8 (a GBK file decoded leniently turned 元旦 into replacement characters and a misleading problem);
        // a byte order mark, as Windows Notepad writes, is not part of the text.
        try { content = StrictUtf8.GetString(body.GetBuffer(), 0, (int)body.Length).TrimStart('\uFEFF'); }
        catch (System.Text.DecoderFallbackException)
        {
            return Invalid(400, ErrorCodes.HolidayDataInvalid, "The file is not UTF-8 text; save it as UTF-8 and upload it again.",
                [new("encoding-invalid", "body", "The file is not UTF-8 text; save it as UTF-8 and upload it again.")]);
        }
        try
        {
            var record = await holidays.UploadAsync(year, format, content, request.HttpContext.User.ToActor(), ct);
            return TypedResults.Created($"/api/calendar/years/{year}/versions/{record.Version}/preview", HolidayVersionView.From(record));
        }
        catch (HolidayScheduleInvalidException e)
        {
            return Invalid(400, ErrorCodes.HolidayDataInvalid, $"{e.Problems.Count} problem(s) in the {year} schedule; nothing was stored. First: {e.Problems[0].Message}", e.Problems);
        }
    }

    public static async Task<Ok<HolidayPreview>> Preview(int year, int version, HolidayService holidays, ApprovalDbContext db, CancellationToken ct)
    {
        var moves = await holidays.PreviewAsync(await holidays.VersionAsync(year, version, ct), ct);
        return TypedResults.Ok(await ViewAsync(year, version, moves, db, ct));
    }

    public static async Task<Ok<HolidayPreview>> Apply(int year, int version, HttpContext http, HolidayService holidays, ApprovalDbContext db, CancellationToken ct)
    {
        var (_, moves) = await holidays.ApplyAsync(year, version, http.User.ToActor(), ct);
        return TypedResults.Ok(await ViewAsync(year, version, moves, db, ct));
    }

    private static async Task<HolidayPreview> ViewAsync(int year, int version, IReadOnlyList<DeadlineMove> moves, ApprovalDbContext db, CancellationToken ct)
    {
        var ids = moves.Select(m => m.InstanceId).Distinct().ToList();
        var applications = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id))
            .Select(i => new { i.Id, i.CorrelationId, i.Name }).ToDictionaryAsync(i => i.Id, i => ((string?)i.CorrelationId, (string?)i.Name), ct);
        return new HolidayPreview(year, version, moves.Count,
            moves.Select(m => DeadlineMoveView.From(m, applications.GetValueOrDefault(m.InstanceId))).ToList());
    }

    public static async Task<Ok<CalendarYears>> List(ApprovalDbContext db, CalendarSource calendars, CancellationToken ct)
    {
        var versions = await db.HolidayYears.AsNoTracking().OrderBy(h => h.Year).ThenBy(h => h.Version).ToListAsync(ct);
        var (first, last) = calendars.Current.KnownYears;
        return TypedResults.Ok(new CalendarYears(first, last, calendars.Stamp, versions.Select(HolidayVersionView.From).ToList()));
    }

    public static async Task<Ok<CoverageView>> Coverage(HolidayService holidays, CancellationToken ct)
    {
        var c = await holidays.CoverageAsync(ct);
        return TypedResults.Ok(new CoverageView(c.FirstKnownYear, c.LastKnownYear, c.MissingYears, c.AffectedOpenDeadlines));
    }

    private static ProblemHttpResult Invalid(int status, string code, string detail, IReadOnlyList<Approvals.Calendar.HolidayProblem> problems) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = status, Title = status == 400 ? "Bad request" : "Unsupported upload", Detail = detail,
            Extensions =
            {
                ["code"] = code, ["field"] = problems.Count > 0 ? problems[0].Field : status == 415 ? "Content-Type" : "body",
                ["problems"] = problems.Select(p => new { p.Code, p.Field, p.Date, p.Message }).ToList(),
            },
        });
}

/// <summary>/health/ready is Degraded (still 200) while open deadlines run into a year without official holiday data.</summary>
public sealed class CalendarCoverageCheck(IServiceScopeFactory scopes) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var c = await scope.ServiceProvider.GetRequiredService<HolidayService>().CoverageAsync(ct);
        if (c.MissingYears.Count == 0) return HealthCheckResult.Healthy($"Official holiday data {c.FirstKnownYear}-{c.LastKnownYear}.");
        var years = string.Join(", ", c.MissingYears);
        return HealthCheckResult.Degraded(
            $"No official holiday data for {years}: {c.AffectedOpenDeadlines} open deadline(s) reach it and are counted weekends-only. " +
            $"Load the State Council schedule with POST /api/calendar/years/{c.MissingYears[0]}.",
            data: new Dictionary<string, object> { ["missingYears"] = c.MissingYears, ["affectedOpenDeadlines"] = c.AffectedOpenDeadlines });
    }
}

/// <summary>Keeps this replica's calendar in step with the versions applied on any replica.</summary>
public sealed class CalendarRefreshService(IServiceScopeFactory scopes, CalendarSource calendars, TimeSpan interval, TimeProvider time, ILogger<CalendarRefreshService> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken ct)
    {
        await RefreshAsync(ct); // before the host serves requests: no deadline is ever counted on the embedded data alone
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
            await RefreshAsync(stoppingToken);
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            using var scope = scopes.CreateScope();
            if (await calendars.RefreshAsync(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>(), ct))
                logger.LogInformation("Working-day calendar now uses holiday data {Versions}", calendars.Stamp);
        }
        catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Refreshing the holiday calendar failed; keeping {Versions}", calendars.Stamp); }
    }
}

/// <summary>/health/ready as JSON, so a Degraded check says why: {"status","checks":[{"name","status","description","data"}]}.</summary>
public static class HealthJson
{
    public static Task WriteAsync(HttpContext http, HealthReport report) =>
        http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description, data = e.Value.Data }),
        });
}
