using System.Globalization;
using System.Security.Claims;
using System.Text;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Audit;

/// <summary>The signed-in user of the current request, for audit records written by services.</summary>
public sealed class HttpActorAccessor(IHttpContextAccessor http) : IActorAccessor
{
    public Actor Current => http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user.ToActor() : Actor.System;
}

/// <summary>One chain that no longer matches the latest checkpoint (or a problem of the checkpoint file itself).</summary>
/// <remarks><c>FileNumber</c>: the application's file number, which the auditor's page names the finding by (null when the
/// application is gone or has none).</remarks>
public sealed record AnchorFindingView(string Chain, string? InstanceId, long Sequence, string Code, string Detail, string? FileNumber = null);

public sealed record CheckpointSummary(string Id, DateTimeOffset CreatedAt, string Root, int Chains, bool Signed, string? SealKeyId, string LineHash);

public sealed record CheckpointCreated(string Id, DateTimeOffset CreatedAt, string Root, int Chains, bool Signed, string? SealKeyId, string LineHash,
    string? Warning, IReadOnlyList<AnchorFindingView> CarriedForward);

/// <remarks><c>FileNumber</c>: the application's (its chain is the application's id), for the page to name the row by.</remarks>
public sealed record AuditView(long Sequence, string Chain, DateTimeOffset Timestamp, string Actor, string Roles, string? Department,
    string Action, string Target, string? InstanceId, string Summary, string PreviousHash, string Hash, string? FileNumber = null);

/// <summary>History search and chain verification for auditors.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("/", Search);
        audit.MapGet("/verify", Verify);
        audit.MapPost("/checkpoints", CreateCheckpoint);
    }

    /// <summary>Anchors every chain head now (as the background service does every Audit:Checkpoints:Interval).</summary>
    public static async Task<IResult> CreateCheckpoint(AuditAnchoring anchoring, CancellationToken ct)
    {
        CheckpointResult result;
        try { result = await anchoring.CreateAsync(ct); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Results.Problem(statusCode: 503, title: "Checkpoint sink unavailable",
                detail: $"The checkpoint file could not be written: {e.Message}", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.CheckpointSinkUnavailable });
        }
        var c = result.Checkpoint;
        return Results.Created($"/api/audit/checkpoints/{c.Id}", new CheckpointCreated(c.Id, c.CreatedAt, c.Root, c.Heads.Count, result.Signed, c.Seal?.SealId,
            c.LineHash, result.Warning, result.CarriedForward.Select(View).ToList()));
    }

    private static AnchorFindingView View(AnchorFinding f) => new(f.Chain, f.InstanceId, f.Sequence, f.Code, f.Detail);

    /// <summary>Registers checkpoints: the file sink (relative paths under the content root) and the periodic service.</summary>
    public static void AddAuditAnchoring(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuditAnchorOptions.SectionName).Get<AuditAnchorOptions>() ?? new AuditAnchorOptions();
        Platform.Intervals.Check($"{AuditAnchorOptions.SectionName}:Interval", options.Interval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30), zeroTurnsOff: true);
        builder.Services.AddSingleton(options);
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(sp =>
        {
            var root = sp.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
            return new CheckpointFile(string.IsNullOrEmpty(options.FilePath) ? CheckpointFile.DefaultPathFor(database, root) : Path.Combine(root, options.FilePath));
        });
        builder.Services.AddScoped<AuditAnchoring>();
        builder.Services.AddHostedService<AuditCheckpointService>();
    }

    /// <summary>format=csv or json exports the whole filtered result (up to 100,000 rows) as a download.</summary>
    public static async Task<IResult> Search(ApprovalDbContext db, string? instanceId, string? actor, string? action, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, string? format, string? correlationId, string? applicant, CancellationToken ct)
    {
        if (format is not (null or "csv" or "json")) throw new BadRequestException("'format' must be csv or json.", ErrorCodes.Format, "format");
        (from, to) = (Platform.QueryValues.Moment(from, "from"), Platform.QueryValues.Moment(to, "to"));
        if (from > to) throw new BadRequestException("'from' must not be after 'to'.", ErrorCodes.DateRange, "from");
        // Npgsql writes timestamptz parameters only in UTC; callers send China time (+08:00).
        (from, to) = (from?.ToUniversalTime(), to?.ToUniversalTime());
        var query = db.Set<AuditRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(instanceId)) query = query.Where(a => a.Chain == instanceId);
        // An application's records form its chain (chain = instance id): find it by file number or applicant too.
        if (!string.IsNullOrEmpty(correlationId))
            query = query.Where(a => db.Instances.Any(i => i.Id == a.Chain && i.CorrelationId == correlationId));
        if (!string.IsNullOrEmpty(applicant))
            query = query.Where(a => db.Instances.Any(i => i.Id == a.Chain && i.Applicant != null && i.Applicant.Contains(applicant)));
        if (!string.IsNullOrEmpty(actor)) query = query.Where(a => a.Actor == actor);
        if (!string.IsNullOrEmpty(action)) query = query.Where(a => a.Action == action);
        if (from is not null) query = query.Where(a => a.Timestamp >= from);
        if (to is not null) query = query.Where(a => a.Timestamp <= to);
        query = query.OrderByDescending(a => a.Timestamp).ThenByDescending(a => a.Id);
        var rows = query.Select(a => new AuditView(a.Sequence, a.Chain, a.Timestamp, a.Actor, a.Roles, a.Department, a.Action, a.Target, a.InstanceId, a.Summary, a.PreviousHash, a.Hash,
            db.Instances.Where(i => i.Id == a.Chain).Select(i => i.CorrelationId).FirstOrDefault()));
        if (format == "json")
            return Results.File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(await rows.Take(100_000).ToListAsync(ct), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                "application/json", "audit.json");
        if (format == "csv") return Results.File(Encoding.UTF8.GetBytes(Csv(await rows.Take(100_000).ToListAsync(ct))), "text/csv", "audit.csv");
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var items = await rows.Skip(p * size).Take(size).ToListAsync(ct);
        return Results.Ok(new PagedList<AuditView>(items, await PageTotals.TotalAsync(query, p * size, size, items.Count, ct), p, size));
    }

    /// <summary>
    /// Verifies an instance's chain (or the system chain when no instance is given) row by row, and against the latest
    /// checkpoint in the file sink: that instance's anchored head, or, without an instance, every anchored chain.
    /// </summary>
    public static async Task<IResult> Verify(string? instanceId, ApprovalDbContext db, AuditAnchoring anchoring, CancellationToken ct)
    {
        var chain = string.IsNullOrEmpty(instanceId) ? null : instanceId;
        var (checkpoint, findings) = await anchoring.VerifyAsync(chain, ct);
        // An instance that was anchored and is gone is a finding, not a 404: deleting it must not make the question disappear.
        if (chain is not null && !await db.Instances.AnyAsync(i => i.Id == chain, ct) && !findings.Any(f => f.Chain == chain))
            throw new NotFoundException($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound, "instanceId");
        var result = await AuditTrail.VerifyAsync(db, chain ?? AuditTrail.SystemChain, ct);
        var summary = checkpoint is null ? null
            : new CheckpointSummary(checkpoint.Id, checkpoint.CreatedAt, checkpoint.Root, checkpoint.Heads.Count, checkpoint.Seal is not null, checkpoint.Seal?.SealId, checkpoint.LineHash);
        return Results.Ok(new
        {
            ok = result.Ok && findings.Count == 0,
            // The chain asked about verifies row by row; findings may still concern it or other anchored chains.
            rowsOk = result.Ok,
            records = result.Records,
            firstBrokenSequence = result.FirstBrokenSequence ?? findings.FirstOrDefault(f => f.Chain == (chain ?? AuditTrail.SystemChain))?.Sequence,
            problem = result.Problem ?? findings.FirstOrDefault()?.Detail,
            checkpoint = summary,
            findings = await WithFileNumbersAsync(findings, db, ct),
        });
    }

    private static async Task<List<AnchorFindingView>> WithFileNumbersAsync(IReadOnlyList<AnchorFinding> findings, ApprovalDbContext db, CancellationToken ct)
    {
        var ids = findings.Where(f => f.InstanceId is not null).Select(f => f.InstanceId!).Distinct().ToList();
        var numbers = ids.Count == 0 ? [] : await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id) && i.CorrelationId != null)
            .ToDictionaryAsync(i => i.Id, i => i.CorrelationId!, ct);
        return findings.Select(f => View(f) with { FileNumber = f.InstanceId is null ? null : numbers.GetValueOrDefault(f.InstanceId) }).ToList();
    }

    private static string Csv(List<AuditView> rows) =>
        Platform.QueryValues.Csv("chain,sequence,timestamp,actor,roles,department,action,target,summary,previous_hash,hash",
            rows.Select(r => new[] { r.Chain, r.Sequence.ToString(CultureInfo.InvariantCulture), r.Timestamp.ToString("O"), r.Actor, r.Roles,
                r.Department ?? "", r.Action, r.Target, r.Summary, r.PreviousHash, r.Hash }));
}

/// <summary>Anchors the audit chains every Audit:Checkpoints:Interval (first at start-up) on hosts that run background work.</summary>
public sealed class AuditCheckpointService(IServiceScopeFactory scopes, AuditAnchorOptions options, TimeProvider time,
    IOptions<Platform.StartupOptions> startup, ILogger<AuditCheckpointService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!startup.Value.RunTimers || options.Interval <= TimeSpan.Zero) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<AuditAnchoring>().CreateAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Audit checkpoint failed; retrying at the next interval"); }
            try { await Task.Delay(options.Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
