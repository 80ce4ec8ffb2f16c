using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Applicants;
using ApprovalEngine.Persistence.Evaluations;
using ApprovalEngine.Persistence.Notifications;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Host.Evaluations;

public sealed record WindowEvaluationRequest(string? InstanceId, int? Level, string? Comment, string? EvaluatorName, string? EvaluatorPhone);
public sealed record OnlineEvaluationRequest(string? InstanceId, int? Level, string? Comment);

/// <summary>An evaluation as staff and the evaluator see it; the evaluator's phone is shown to staff only.</summary>
public sealed record EvaluationView(
    string Id, string InstanceId, string FileNumber, string Matter, string Channel, int Level, bool Bad, string? Comment, string Department, string? Staff,
    bool RealName, string? EvaluatorName, string? EvaluatorPhone, DateTimeOffset CreatedAt, string? RectificationInstanceId, string? RectificationTaskId,
    string? RectificationDueDate, string? RectificationResult, DateTimeOffset? RectifiedAt, string? CallbackNote, DateTimeOffset? CalledBackAt, DateTimeOffset? ClosedAt)
{
    public static EvaluationView From(EvaluationRecord e, Persistence.Tasks.TaskRecord? task, bool staff) => new(
        e.Id, e.InstanceId, e.FileNumber, e.Matter, e.Channel, (int)e.Level, e.IsBad, e.Comment, e.Department, staff ? e.Staff : null, e.RealName,
        staff ? e.EvaluatorName : null, staff ? e.EvaluatorPhone : null, e.CreatedAt, e.RectificationInstanceId, task?.Id, task?.DueDate?.ToString("yyyy-MM-dd"),
        e.RectificationResult, e.RectifiedAt, e.CallbackNote, e.CalledBackAt, e.ClosedAt);
}

public sealed record SatisfactionRow(string Key, int Total, int VerySatisfied, int Satisfied, int Fair, int Dissatisfied, int VeryDissatisfied, int Bad, double SatisfactionRate, int Rectified);

/// <summary>好差评 (国办发〔2019〕51号, GB/T 39735-2020): ratings on the window tablet and online, rectification, reports, the provincial feed.</summary>
public static class EvaluationsApi
{
    public static void MapEvaluationsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/evaluations").WithTags("Evaluations");
        staff.MapPost("", RecordAtWindow).RequireAuthorization(Policies.Intake);
        staff.MapGet("", List).RequireAuthorization(Policies.Staff);
        staff.MapGet("/feed", Feed).RequireAuthorization(Policies.Audit);
        app.MapGet("/api/reports/evaluations", Report).WithTags("Reports").RequireAuthorization(Policies.Staff);
        var applicant = app.MapGroup("/api/applicant/evaluations").WithTags("Applicant").RequireAuthorization(Policies.Applicant);
        applicant.MapPost("", RecordOnline);
        applicant.MapGet("", Mine);
    }

    /// <summary>
    /// The window tablet: the applicant rates the counter service they just had (real name when they leave name and phone). Only
    /// at the window the application came through: another window's clerk may not read it, nor rate it in its name (that took
    /// the application's one window rating and could start a rectification).
    /// </summary>
    public static async Task<Created<EvaluationView>> RecordAtWindow(WindowEvaluationRequest request, EvaluationService service, ApprovalDbContext db,
        Persistence.Access.ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        var instanceId = await ResolveAsync(db, request.InstanceId, ct);
        await access.EnsureCanReadAsync(instanceId, null, ct);
        var evaluation = await service.EvaluateAsync(new EvaluationRequest(instanceId, EvaluationChannels.Window, request.Level, request.Comment,
            request.EvaluatorName, request.EvaluatorPhone, null), http.User.ToActor(), ct);
        // The answer carries the application's file number and matter: a read, recorded once the rating is written.
        await access.RecordReadAsync(instanceId, "evaluation", ct);
        return TypedResults.Created($"/api/evaluations?instanceId={evaluation.InstanceId}", await ViewAsync(db, evaluation, true, ct));
    }

    /// <summary>The applicant's own rating of an ended application: real name (signed in), reachable at the application's contact.</summary>
    public static async Task<Created<EvaluationView>> RecordOnline(OnlineEvaluationRequest request, EvaluationService service, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.InstanceId)) throw new BadRequestException("'instanceId' is required.", ErrorCodes.ValidationField, "instanceId");
        var subject = http.User.Subject();
        var instance = await ApplicantOwnership.EnsureOwnedAsync(db, request.InstanceId, subject, ct, "instanceId");
        var contact = ApplicantContact.FromInput(Persistence.Instances.WorkflowRuntime.ReadState(instance).Input);
        var evaluation = await service.EvaluateAsync(new EvaluationRequest(instance.Id, EvaluationChannels.Online, request.Level, request.Comment,
            subject.Name, contact.Phone, subject.Id), http.User.ToActor(), ct);
        return TypedResults.Created("/api/applicant/evaluations", await ViewAsync(db, evaluation, false, ct));
    }

    /// <summary>
    /// The applicant's ratings by page, newest first, with the rectification result of each bad one; <c>instanceId</c> those
    /// of one of their applications (its page asks for its own, however many others the applicant rated since).
    /// </summary>
    public static async Task<Ok<PagedList<EvaluationView>>> Mine(string? instanceId, int? page, int? pageSize, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var owned = db.Instances.Owned(http.User.Subject()).Select(i => i.Id);
        var query = db.Set<EvaluationRecord>().AsNoTracking().Where(e => owned.Contains(e.InstanceId));
        if (!string.IsNullOrWhiteSpace(instanceId)) query = query.Where(e => e.InstanceId == instanceId);
        var ordered = query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id);
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        return TypedResults.Ok(new PagedList<EvaluationView>(await ViewsAsync(db, rows, false, ct), total, p, size));
    }

    /// <summary>
    /// Staff list by page, with the total; a reviewer sees the ratings their own department answers for. <c>status=open</c>
    /// the bad reviews whose rectification (and callback) is not done, oldest first (the most urgent); <c>status=closed</c>
    /// those done, latest first; otherwise all, newest first.
    /// </summary>
    public static async Task<Ok<PagedList<EvaluationView>>> List(string? instanceId, string? department, bool? bad, string? status, int? page, int? pageSize,
        ApprovalDbContext db, Persistence.Organisation.OrganisationDirectory organisation, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        if (status is not (null or "" or "open" or "closed"))
            throw new BadRequestException("'status' must be open or closed (or absent for all).", ErrorCodes.ValidationField, "status");
        var actor = http.User.ToActor();
        var query = db.Set<EvaluationRecord>().AsNoTracking();
        // Need-to-know: staff see their departments' (the directory's and the token's), clerks their window's; admins and auditors see all.
        if (!Persistence.Access.ApplicationAccess.SeesAll(actor))
        {
            var mine = organisation.WorkingDepartments(actor, time.GetUtcNow()).ToArray();
            query = query.Where(e => mine.Contains(e.Department));
        }
        if (!string.IsNullOrEmpty(department)) query = query.Where(e => e.Department == department);
        if (!string.IsNullOrEmpty(instanceId)) query = query.Where(e => e.InstanceId == instanceId);
        if (bad == true) query = query.Where(e => e.Level <= EvaluationLevel.Dissatisfied);
        var ordered = status switch
        {
            "open" => query.Where(e => e.RectificationInstanceId != null && e.ClosedAt == null).OrderBy(e => e.CreatedAt).ThenBy(e => e.Id),
            "closed" => query.Where(e => e.ClosedAt != null).OrderByDescending(e => e.ClosedAt).ThenByDescending(e => e.Id),
            _ => query.OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.Id),
        };
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        return TypedResults.Ok(new PagedList<EvaluationView>(await ViewsAsync(db, rows, true, ct), total, p, size));
    }

    /// <summary>Satisfaction by department, matter, staff or month: rate = (very satisfied + satisfied + fair) / all.</summary>
    public static async Task<Ok<List<SatisfactionRow>>> Report(string? from, string? to, string? by, ApprovalDbContext db, CancellationToken ct)
    {
        var (start, end) = await RangeAsync(from, to);
        Func<EvaluationRecord, string> key = by switch
        {
            null or "department" => e => e.Department,
            "matter" => e => e.Matter,
            "staff" => e => e.Staff ?? "",
            "month" => e => e.CreatedAt.InChina().ToString("yyyy-MM", CultureInfo.InvariantCulture),
            _ => throw new BadRequestException("'by' must be department, matter, staff or month.", ErrorCodes.ValidationField, "by"),
        };
        var rows = await db.Set<EvaluationRecord>().AsNoTracking().Where(e => e.CreatedAt >= start && e.CreatedAt < end).ToListAsync(ct);
        return TypedResults.Ok(rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            int Count(EvaluationLevel l) => g.Count(e => e.Level == l);
            var total = g.Count();
            var bad = g.Count(e => e.IsBad);
            return new SatisfactionRow(g.Key, total, Count(EvaluationLevel.VerySatisfied), Count(EvaluationLevel.Satisfied), Count(EvaluationLevel.Fair),
                Count(EvaluationLevel.Dissatisfied), Count(EvaluationLevel.VeryDissatisfied), bad, Math.Round((double)(total - bad) / total, 4), g.Count(e => e.IsBad && e.ClosedAt != null));
        }).ToList());
    }

    /// <summary>
    /// The provincial platform's feed: every rating in the period keyed by file number, without personal data, sealed with
    /// the bureau seal over its RFC 8785 canonical JSON (verify with POST /api/public/verify like a decision).
    /// </summary>
    public static async Task<Ok<JsonObject>> Feed(string? from, string? to, ApprovalDbContext db, SealService seals, TimeProvider time, CancellationToken ct)
    {
        var (start, end) = await RangeAsync(from, to);
        var rows = await db.Set<EvaluationRecord>().AsNoTracking().Where(e => e.CreatedAt >= start && e.CreatedAt < end).ToListAsync(ct);
        var feed = new JsonObject
        {
            ["kind"] = "service-evaluations", ["from"] = from, ["to"] = to, ["generatedAt"] = Utc(time.GetUtcNow()),
            ["evaluations"] = new JsonArray(rows.OrderBy(e => e.FileNumber, StringComparer.Ordinal).ThenBy(e => e.Channel, StringComparer.Ordinal).Select(e => (JsonNode)new JsonObject
            {
                ["fileNumber"] = e.FileNumber, ["matter"] = e.Matter, ["channel"] = e.Channel, ["level"] = (int)e.Level, ["department"] = e.Department,
                ["evaluatedAt"] = Utc(e.CreatedAt), ["bad"] = e.IsBad, ["rectified"] = e.IsBad ? e.ClosedAt != null : null,
            }).ToArray()),
        };
        var (key, keyId, protector) = await seals.SigningKeyAsync("bureau", ct);
        var seal = DecisionSeal.Seal(protector, key, feed, keyId, DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds()));
        return TypedResults.Ok(new JsonObject { ["feed"] = feed, ["seal"] = JsonSerializer.SerializeToNode(seal, SealService.Json) });
    }

    private static string Utc(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Task<(DateTimeOffset, DateTimeOffset)> RangeAsync(string? from, string? to)
    {
        var start = Platform.QueryValues.Date(from, "from");
        var end = Platform.QueryValues.Date(to, "to");
        if (end < start) throw new BadRequestException("'to' must not be before 'from'.", ErrorCodes.DateRange, "to");
        return Task.FromResult(ChinaTime.UtcBounds(start, end));
    }

    private static async Task<string> ResolveAsync(ApprovalDbContext db, string? idOrFileNumber, CancellationToken ct)
    {
        var value = idOrFileNumber?.Trim();
        if (string.IsNullOrEmpty(value)) throw new BadRequestException("'instanceId' is required (the application id or file number).", ErrorCodes.ValidationField, "instanceId");
        return await db.Instances.AsNoTracking().Where(i => i.Id == value || i.CorrelationId == value).OrderByDescending(i => i.CreatedAt).Select(i => i.Id).FirstOrDefaultAsync(ct)
               ?? throw new BadRequestException($"Application '{value}' does not exist.", ErrorCodes.ValidationField, "instanceId");
    }

    private static async Task<EvaluationView> ViewAsync(ApprovalDbContext db, EvaluationRecord e, bool staff, CancellationToken ct) =>
        (await ViewsAsync(db, [e], staff, ct)).Single();

    private static async Task<List<EvaluationView>> ViewsAsync(ApprovalDbContext db, List<EvaluationRecord> rows, bool staff, CancellationToken ct)
    {
        var cases = rows.Where(e => e.RectificationInstanceId != null).Select(e => e.RectificationInstanceId!).ToList();
        var tasks = await db.Tasks.AsNoTracking().Where(t => cases.Contains(t.InstanceId) && t.ActivityId == CareWorkflows.RectifyStep).ToListAsync(ct);
        return rows.Select(e => EvaluationView.From(e, tasks.FirstOrDefault(t => t.InstanceId == e.RectificationInstanceId), staff)).ToList();
    }
}
