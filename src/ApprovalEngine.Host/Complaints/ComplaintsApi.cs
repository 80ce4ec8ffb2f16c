using System.Threading.RateLimiting;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Complaints;
using ApprovalEngine.Persistence.Evaluations;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Host.Complaints;

public sealed record ComplaintRatingRequest(string? Phone, int? Rating, string? Comment);

/// <summary>A complaint as its complainant and staff see it (the phone is shown to staff only).</summary>
public sealed record ComplaintView(
    string Number, string Kind, string? InstanceId, string Department, string DepartmentName, string Content, string? Name, string? Phone, DateTimeOffset CreatedAt,
    string? TaskId, string? DueDate, string? Reply, DateTimeOffset? RepliedAt, bool? RepliedWithinLimit, int? Rating, string? RatingComment)
{
    public static ComplaintView From(ComplaintRecord c, Persistence.Tasks.TaskRecord? task, string departmentName, bool staff) => new(
        c.Number, c.Kind, c.InstanceId, c.Department, departmentName, c.Content, c.Name, staff ? c.Phone : null, c.CreatedAt, task?.Id,
        task?.DueDate?.ToString("yyyy-MM-dd"), c.Reply, c.RepliedAt, c.RepliedWithinLimit, c.Rating, c.RatingComment);
}

/// <summary>
/// Limits of the anonymous complaint endpoints (per client address, fixed one-minute windows): filing, and reading or
/// rating one; reads and ratings of one complaint number are limited across clients too (guessing its phone number).
/// </summary>
public sealed class ComplaintLimits
{
    public int FilePerClientPerMinute { get; set; } = 5;
    public int LookupPerClientPerMinute { get; set; } = 30;
    public int LookupPerNumberPerMinute { get; set; } = 10;
}

public sealed record ComplaintTimelinessRow(string Department, int Total, int Replied, int RepliedWithinLimit, int OpenOverdue, double WithinLimitRate);

/// <summary>
/// Complaints and suggestions: anyone files one with a phone number (a signed-in applicant's is theirs too); the department's
/// reply task runs on the working-day clock and is answered from the worklist (outcome Replied with the reply as opinion).
/// </summary>
public static class ComplaintsApi
{
    public const string FilePolicy = "complaints-file", LookupPolicy = "complaints-lookup", NumberLimiter = "complaints";

    /// <summary>The limits (the progress lookup's mechanism: the rate limiter's per-client policies plus a per-number limiter).</summary>
    public static void AddComplaintLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Complaints:RateLimits").Get<ComplaintLimits>() ?? new ComplaintLimits();
        builder.Services.AddKeyedSingleton(NumberLimiter, new PerNumberLimiter(limits.LookupPerNumberPerMinute));
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(FilePolicy, http => PerClient(http, limits.FilePerClientPerMinute));
            o.AddPolicy(LookupPolicy, http => PerClient(http, limits.LookupPerClientPerMinute));
        });
    }

    private static RateLimitPartition<string> PerClient(HttpContext http, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    public static void MapComplaintsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/complaints").WithTags("Complaints");
        api.MapPost("", File).AllowAnonymous().RequireRateLimiting(FilePolicy);
        api.MapGet("/{number}", Get).AllowAnonymous().RequireRateLimiting(LookupPolicy);
        api.MapPost("/{number}/rating", Rate).AllowAnonymous().RequireRateLimiting(LookupPolicy);
        api.MapGet("", List).RequireAuthorization(Policies.Staff);
        app.MapGet("/api/applicant/complaints", Mine).WithTags("Applicant").RequireAuthorization(Policies.Applicant);
        app.MapGet("/api/reports/complaints", Report).WithTags("Reports").RequireAuthorization(Policies.Staff);
    }

    public static async Task<Created<ComplaintView>> File(ComplaintRequest request, ComplaintService service, ApprovalDbContext db, StaffDirectory directory, HttpContext http, CancellationToken ct)
    {
        var applicant = http.User.IsApplicant() ? http.User.Subject() : null;
        var actor = http.User.Identity?.IsAuthenticated == true ? http.User.ToActor() : new Actor("public", ["public"]);
        var complaint = await service.FileAsync(request, applicant?.Id, actor, ct);
        return TypedResults.Created($"/api/complaints/{complaint.Number}", await ViewAsync(db, directory, complaint, false, ct));
    }

    /// <summary>By number and the phone it was filed with (or as the applicant who filed it); anything else answers 404.</summary>
    public static async Task<IResult> Get(string number, string? phone, ComplaintService service, ApprovalDbContext db, StaffDirectory directory,
        [FromKeyedServices(NumberLimiter)] PerNumberLimiter perNumber, HttpContext http, CancellationToken ct)
    {
        using var lease = perNumber.Acquire(number);
        if (!lease.IsAcquired) return await TooManyAsync(http, lease, ct);
        return TypedResults.Ok(await ViewAsync(db, directory, await service.FindAsync(number, phone, Applicant(http), ct), false, ct));
    }

    public static async Task<IResult> Rate(string number, ComplaintRatingRequest request, ComplaintService service, ApprovalDbContext db, StaffDirectory directory,
        [FromKeyedServices(NumberLimiter)] PerNumberLimiter perNumber, HttpContext http, CancellationToken ct)
    {
        using var lease = perNumber.Acquire(number);
        if (!lease.IsAcquired) return await TooManyAsync(http, lease, ct);
        var actor = http.User.Identity?.IsAuthenticated == true ? http.User.ToActor() : new Actor("public", ["public"]);
        return TypedResults.Ok(await ViewAsync(db, directory, await service.RateAsync(number, request.Phone, Applicant(http), request.Rating, request.Comment, actor, ct), false, ct));
    }

    private static async Task<IResult> TooManyAsync(HttpContext http, RateLimitLease lease, CancellationToken ct)
    {
        await ProgressLookup.TooMany(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1), ct,
            "Too many requests for this complaint number; try again later.");
        return Results.Empty;
    }

    /// <summary>
    /// The signed-in applicant's own complaints and suggestions by page, newest first, with the total (an organisation's are
    /// shared by its users, and it files for years: no cap).
    /// </summary>
    public static async Task<Ok<PagedList<ComplaintView>>> Mine(int? page, int? pageSize, ApprovalDbContext db, StaffDirectory directory, HttpContext http, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var subject = http.User.Subject().Id;
        var ordered = db.Set<ComplaintRecord>().AsNoTracking().Where(c => c.SubjectId == subject).OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Number);
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        return TypedResults.Ok(new PagedList<ComplaintView>(await ViewsAsync(db, directory, rows, false, ct), total, p, size));
    }

    /// <summary>
    /// Staff list by page, with the total: <c>status=open</c> the unanswered, oldest first (the most urgent: the limit runs
    /// from filing); <c>status=replied</c> the answered, latest answer first; otherwise all, newest first. <c>q</c> finds a
    /// part of the number or the content. A reviewer sees their own departments'; admins and auditors all.
    /// </summary>
    public static async Task<Ok<PagedList<ComplaintView>>> List(string? department, string? status, string? q, int? page, int? pageSize, ApprovalDbContext db,
        StaffDirectory directory, Persistence.Organisation.OrganisationDirectory organisation, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        if (status is not (null or "" or "open" or "replied"))
            throw new BadRequestException("'status' must be open or replied (or absent for all).", ErrorCodes.ValidationField, "status");
        var term = q?.Trim();
        if (term is { Length: > 128 }) throw new BadRequestException("'q' must be at most 128 characters.", ErrorCodes.ValidationField, "q");
        var actor = http.User.ToActor();
        var query = db.Set<ComplaintRecord>().AsNoTracking();
        // Need-to-know: staff see their departments' (the directory's and the token's), clerks their window's; admins and auditors see all.
        if (!Persistence.Access.ApplicationAccess.SeesAll(actor))
        {
            var mine = organisation.WorkingDepartments(actor, time.GetUtcNow()).ToArray();
            query = query.Where(c => mine.Contains(c.Department));
        }
        if (!string.IsNullOrEmpty(department)) query = query.Where(c => c.Department == department);
        if (!string.IsNullOrEmpty(term)) query = query.Where(c => c.Number.Contains(term) || c.Content.Contains(term));
        var ordered = status switch
        {
            "open" => query.Where(c => c.RepliedAt == null).OrderBy(c => c.CreatedAt).ThenBy(c => c.Id),
            "replied" => query.Where(c => c.RepliedAt != null).OrderByDescending(c => c.RepliedAt).ThenByDescending(c => c.Id),
            _ => query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id),
        };
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        return TypedResults.Ok(new PagedList<ComplaintView>(await ViewsAsync(db, directory, rows, true, ct), total, p, size));
    }

    /// <summary>Share of complaints filed in the period that were answered within the limit, per department (the goal is 100%).</summary>
    public static async Task<Ok<List<ComplaintTimelinessRow>>> Report(string? from, string? to, ApprovalDbContext db, StaffDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var start = Platform.QueryValues.Date(from, "from");
        var end = Platform.QueryValues.Date(to, "to");
        if (end < start) throw new BadRequestException("'to' must not be before 'from'.", ErrorCodes.DateRange, "to");
        var (lo, hi) = ChinaTime.UtcBounds(start, end);
        var rows = await db.Set<ComplaintRecord>().AsNoTracking().Where(c => c.CreatedAt >= lo && c.CreatedAt < hi).ToListAsync(ct);
        var views = await ViewsAsync(db, directory, rows, true, ct);
        var today = time.GetUtcNow().ChinaDate().ToString("yyyy-MM-dd");
        return TypedResults.Ok(views.GroupBy(v => v.Department).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var within = g.Count(v => v.RepliedWithinLimit == true);
            return new ComplaintTimelinessRow(g.Key, g.Count(), g.Count(v => v.RepliedAt != null), within,
                g.Count(v => v.RepliedAt == null && v.DueDate is { } due && string.CompareOrdinal(due, today) < 0), Math.Round((double)within / g.Count(), 4));
        }).ToList());
    }

    private static string? Applicant(HttpContext http) => http.User.IsApplicant() ? http.User.Subject().Id : null;

    private static async Task<ComplaintView> ViewAsync(ApprovalDbContext db, StaffDirectory directory, ComplaintRecord c, bool staff, CancellationToken ct) =>
        (await ViewsAsync(db, directory, [c], staff, ct)).Single();

    private static async Task<List<ComplaintView>> ViewsAsync(ApprovalDbContext db, StaffDirectory directory, List<ComplaintRecord> rows, bool staff, CancellationToken ct)
    {
        var cases = rows.Where(c => c.ReplyInstanceId != null).Select(c => c.ReplyInstanceId!).ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => cases.Contains(t.InstanceId) && t.ActivityId == CareWorkflows.ReplyStep).ToListAsync(ct);
        return rows.Select(c => ComplaintView.From(c, tasks.FirstOrDefault(t => t.InstanceId == c.ReplyInstanceId), directory.DepartmentName(c.Department), staff)).ToList();
    }
}
