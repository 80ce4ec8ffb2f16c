using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using TaskStatus = ApprovalEngine.Persistence.Tasks.TaskStatus;

namespace ApprovalEngine.Host.Applicants;

/// <summary>
/// The progress query code (进度查询码): 8 digits derived from the application id with a server key, so the acceptance
/// notice can print it on every download without the code being stored; the instance keeps only its SHA-256, set at
/// acceptance, and lookups compare against that (a later key change does not invalidate codes already given out).
/// </summary>
public sealed class QueryCodes(IConfiguration configuration)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(configuration["Applicants:QueryCodeKey"] is { Length: >= 32 } k ? k
        : configuration["Seals:MasterSecret"] is { Length: > 0 } m ? "query-code:" + m : "query-code:unconfigured");

    public string Derive(string instanceId)
    {
        var mac = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("progress-query-code:" + instanceId));
        return (BitConverter.ToUInt64(mac, 0) % 100_000_000UL).ToString("D8");
    }

    public static string Hash(string instanceId, string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{instanceId}:{code.Trim()}")));
}

/// <summary>Gives an application its query code when the window accepts it (inside the acceptance stimulus).</summary>
public sealed class QueryCodeObserver(QueryCodes codes) : IStimulusObserver
{
    public Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        if (context.Instance.QueryCodeHash is null && result.Journal.Any(j => j.ActivityType == "Approvals.Acceptance" && j.Outcome == Outcomes.Accepted))
            context.Instance.QueryCodeHash = QueryCodes.Hash(context.Instance.Id, codes.Derive(context.Instance.Id));
        return Task.CompletedTask;
    }
}

public sealed record ProgressRequest(string? FileNumber, string? QueryCode);
/// <remarks><c>Kind</c>: Acceptance, Review or Decision (a decision's Approved is a grant, 准予许可).</remarks>
public sealed record ProgressStep(string Title, string Department, DateTimeOffset Since, DateTimeOffset? CompletedAt, string? Outcome, string? Kind = null);
public sealed record ProgressView(
    string FileNumber, string Matter, string HolderInitial, string Status, IReadOnlyList<ProgressStep> Current, IReadOnlyList<ProgressStep> Done,
    int? WorkingDaysUsed, int? WorkingDaysLeft, int? LimitWorkingDays, string? DueDate, string? Decision, string? DecisionUrl, string? CertificateNumber, string? CertificateUrl,
    ProgressDelivery? Delivery = null, bool DueDateProvisional = false, string? EndReason = null);

/// <summary>
/// How the certificate reaches the applicant and the Art. 44 date it is due by (no address or phone: the lookup is by
/// file number and query code). <c>Method</c> is null until the window records it; <c>State</c> is the clock's
/// on-track / warning / overdue / completed.
/// </summary>
public sealed record ProgressDelivery(string CertificateNumber, string? Method, string? Courier, string? TrackingNumber, string? PostedOn, string? DeliveredOn,
    string DueDate, string State, bool? OnTime);

public sealed class ProgressLimits
{
    public int PerClientPerMinute { get; set; } = 30;
    public int PerNumberPerMinute { get; set; } = 10;
}

/// <summary>
/// Public progress lookup (办件查询) by file number and query code, no login. A wrong code and an unknown number get
/// the same 404; lookups are limited per client (the rate limiter's policy) and per file number (guessing codes of
/// one application from many addresses), 429 with Retry-After. Only the holder's initial and the matter are shown.
/// </summary>
public static class ProgressLookup
{
    public const string Policy = "progress";

    public static void AddProgressLookup(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Applicants:Progress").Get<ProgressLimits>() ?? new ProgressLimits();
        builder.Services.AddSingleton<QueryCodes>();
        builder.Services.AddScoped<IStimulusObserver, QueryCodeObserver>();
        builder.Services.AddSingleton(new PerNumberLimiter(limits.PerNumberPerMinute));
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = 429;
            o.OnRejected = (ctx, ct) => TooMany(ctx.HttpContext, ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1), ct,
                "Too many requests from this client; try again later.");
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PerClientPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
        });
    }

    public static void MapProgressLookup(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/public/progress", Lookup).WithTags("Progress lookup").AllowAnonymous().RequireRateLimiting(Policy);

    public static async Task<IResult> Lookup(ProgressRequest request, PerNumberLimiter perNumber, ApprovalDbContext db, DeadlineService deadlines,
        StaffDirectory directory, SealService seals, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var number = request.FileNumber?.Trim();
        var code = request.QueryCode?.Trim();
        if (string.IsNullOrEmpty(number) || number.Length > 128) throw new BadRequestException("'fileNumber' is required (at most 128 characters).", ErrorCodes.ValidationField, "fileNumber");
        if (string.IsNullOrEmpty(code) || code.Length > 32) throw new BadRequestException("'queryCode' is required (at most 32 characters).", ErrorCodes.ValidationField, "queryCode");
        using var lease = perNumber.Acquire(number);
        if (!lease.IsAcquired)
        {
            await TooMany(http, lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1), ct, "Too many lookups of this file number; try again later.");
            return Results.Empty;
        }

        var candidates = await db.Instances.AsNoTracking().Where(i => i.CorrelationId == number && i.QueryCodeHash != null).ToListAsync(ct);
        var instance = candidates.FirstOrDefault(i => CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(i.QueryCodeHash!), Encoding.ASCII.GetBytes(QueryCodes.Hash(i.Id, code))));
        // The same answer for an unknown number and a wrong code: the endpoint must not confirm that a number exists.
        if (instance is null) throw new NotFoundException("No application matches this file number and query code.", ErrorCodes.ProgressNotFound);
        return TypedResults.Ok(await ViewAsync(db, instance, deadlines, directory, seals, time, ct));
    }

    public static async Task<ProgressView> ViewAsync(ApprovalDbContext db, InstanceRecord instance, DeadlineService deadlines, StaffDirectory directory,
        SealService seals, TimeProvider time, CancellationToken ct)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.InstanceId == instance.Id).OrderBy(t => t.CreatedAt).ToListAsync(ct);
        ProgressStep Step(Persistence.Tasks.TaskRecord t) => new(t.Title, directory.DepartmentName(t.Department), t.CreatedAt, t.CompletedAt, t.Outcome, t.Kind.ToString());
        var current = tasks.Where(t => t.Status is TaskStatus.Open or TaskStatus.Claimed).Select(Step).ToList();
        var done = tasks.Where(t => t.Status == TaskStatus.Completed).Select(Step).ToList();
        var statutory = await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == instance.Id && d.Kind == DeadlineKind.Statutory)
            .OrderByDescending(d => d.StartedAt).FirstOrDefaultAsync(ct);
        var standing = statutory is null ? null : deadlines.Standing(statutory, time.GetUtcNow());
        // The licence in force: a replacement (换发) supersedes the first issue.
        var certificate = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.InstanceId == instance.Id).OrderByDescending(c => c.IssuedAt).Select(c => c.Number).FirstOrDefaultAsync(ct);
        // The printed decision letter (JD…, once issued), which its QR code verifies; the decision step's own sealed record
        // shares its kind under an id printed nowhere.
        var decisionLetter = await db.Set<SealedDocumentRecord>().AsNoTracking()
            .Where(d => d.InstanceId == instance.Id && d.Kind == "decision" && d.Id.StartsWith(Documents.DocumentService.DecisionLetterPrefix))
            .Select(d => d.Id).FirstOrDefaultAsync(ct);
        var status = await StatusAsync(db, instance, tasks, ct);
        var decision = status is "approved" or "denied" ? status : null;
        return new ProgressView(instance.CorrelationId ?? instance.Id, instance.Name, Initial(instance.Applicant), status, current, done,
            standing?.Used, standing?.Left, standing?.TotalWorkingDays,
            standing?.Due.ToString("yyyy-MM-dd"), decision, decisionLetter is null ? null : seals.VerificationUrl(decisionLetter),
            certificate, certificate is null ? null : seals.VerificationUrl(certificate), await DeliveryAsync(db, instance.Id, deadlines, time, ct),
            // Counted on weekends alone where next year's official holidays are not published yet: the page says it may move.
            standing is not null && standing.Due.Year > deadlines.CalendarFor(instance.DefinitionId).KnownYears.Last,
            status is ApplicationOutcomes.Withdrawn or ApplicationOutcomes.Terminated ? await EndReasonAsync(db, instance, ct) : null);
    }

    /// <summary>Why a withdrawn or terminated application ended: the reason its cancellation gave (null for none).</summary>
    private static async Task<string?> EndReasonAsync(ApprovalDbContext db, InstanceRecord instance, CancellationToken ct) =>
        ApplicationOutcomes.CancelReason(await Persistence.Archiving.Archiver.Journal(db, instance.Id, instance.Month)
            .Where(j => j.EventName == ApplicationOutcomes.CancelledEvent).OrderByDescending(j => j.Sequence).Select(j => j.Message).FirstOrDefaultAsync(ct));

    /// <summary>The delivery of the licence in force (the latest issued), or null before any certificate.</summary>
    private static async Task<ProgressDelivery?> DeliveryAsync(ApprovalDbContext db, string instanceId, DeadlineService deadlines, TimeProvider time, CancellationToken ct)
    {
        var clock = await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == instanceId && d.Kind == DeadlineKind.Delivery)
            .OrderByDescending(d => d.StartedAt).FirstOrDefaultAsync(ct);
        if (clock?.TaskId is not { } number) return null;
        var delivery = await db.Set<Persistence.Licences.DeliveryRecord>().AsNoTracking().SingleOrDefaultAsync(d => d.CertificateNumber == number, ct);
        var view = Deadlines.DeadlineView.From(clock, deadlines.Standing(clock, time.GetUtcNow()));
        return new ProgressDelivery(number, delivery?.Method, delivery?.Courier, delivery?.TrackingNumber, delivery?.PostedOn?.ToString("O"), delivery?.DeliveredOn?.ToString("O"),
            view.DueDate, view.State, view.CompletedOnTime);
    }

    /// <summary>inProgress | awaitingCorrection | approved | denied | notAccepted | ended | withdrawn | awaitingAcceptance.</summary>
    public static async Task<string> StatusAsync(ApprovalDbContext db, InstanceRecord instance, List<Persistence.Tasks.TaskRecord> tasks, CancellationToken ct) =>
        Settled(instance) ?? Open(tasks, await db.CorrectionNotices.AnyAsync(n => n.InstanceId == instance.Id && n.ResolvedAt == null, ct));

    /// <summary>The same, for a list that read its open correction notices in one query.</summary>
    public static string Status(InstanceRecord instance, List<Persistence.Tasks.TaskRecord> tasks, bool awaitingCorrection) =>
        Settled(instance) ?? Open(tasks, awaitingCorrection);

    /// <summary>
    /// The status an application has for good, or null while it runs: its outcome (<see cref="ApplicationOutcomes"/>, the word
    /// the office's list and application page show too), or ended for one that stopped on a fault.
    /// </summary>
    private static string? Settled(InstanceRecord instance) => instance.Outcome ?? (instance.FinishedAt is not null ? ApplicationOutcomes.Ended : null);

    private static string Open(List<Persistence.Tasks.TaskRecord> tasks, bool awaitingCorrection) =>
        awaitingCorrection ? "awaitingCorrection"
        : tasks.Any(t => t.Kind == TaskKind.Acceptance && t.Outcome == Outcomes.Accepted) ? "inProgress" : "awaitingAcceptance";

    /// <summary>"苏*": the first character only (need-to-know: the public page names no one).</summary>
    public static string Initial(string? holder) => string.IsNullOrEmpty(holder) ? "*" : char.IsSurrogate(holder[0]) && holder.Length > 1 ? holder[..2] + "*" : holder[..1] + "*";

    /// <summary>429 problem details with Retry-After (whole seconds, at least 1); shared by every anonymous endpoint's limits.</summary>
    public static async ValueTask TooMany(HttpContext http, TimeSpan retryAfter, CancellationToken ct, string detail)
    {
        http.Response.StatusCode = 429;
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            // ASP.NET has no type of its own for 429 (it has one for the 4xx it maps): RFC 6585 defines the status.
            ProblemDetails = { Type = "https://tools.ietf.org/html/rfc6585#section-4", Status = 429, Title = "Too many requests", Detail = detail, Extensions = { ["code"] = ErrorCodes.TooManyRequests } },
        });
    }
}

/// <summary>Lookups per file number (fixed window per minute), across all clients.</summary>
public sealed class PerNumberLimiter(int perMinute)
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(number =>
        RateLimitPartition.GetFixedWindowLimiter(number, _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));

    public RateLimitLease Acquire(string number) => _limiter.AttemptAcquire(number.ToUpperInvariant());
}
