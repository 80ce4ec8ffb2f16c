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

namespace ApprovalEngine.Host.Audit;

/// <summary>The signed-in user of the current request, for audit records written by services.</summary>
public sealed class HttpActorAccessor(IHttpContextAccessor http) : IActorAccessor
{
    public Actor Current => http.HttpContext?.User is { Identity.IsAuthenticated: true } user ? user.ToActor() : Actor.System;
}

public sealed record AuditView(long Sequence, string Chain, DateTimeOffset Timestamp, string Actor, string Roles, string? Department,
    string Action, string Target, string? InstanceId, string Summary, string PreviousHash, string Hash);

/// <summary>History search and chain verification for auditors.</summary>
public static class AuditApi
{
    public static void MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(Policies.Audit);
        audit.MapGet("/", Search);
        audit.MapGet("/verify", Verify);
    }

    /// <summary>format=csv or json exports the whole filtered result (up to 100,000 rows) as a download.</summary>
    public static async Task<IResult> Search(ApprovalDbContext db, string? instanceId, string? actor, string? action, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, string? format, CancellationToken ct)
    {
        if (format is not (null or "csv" or "json")) throw new BadRequestException("'format' must be csv or json.", ErrorCodes.Format, "format");
        if (from > to) throw new BadRequestException("'from' must not be after 'to'.", ErrorCodes.DateRange, "from");
        var query = db.Set<AuditRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(instanceId)) query = query.Where(a => a.Chain == instanceId);
        if (!string.IsNullOrEmpty(actor)) query = query.Where(a => a.Actor == actor);
        if (!string.IsNullOrEmpty(action)) query = query.Where(a => a.Action == action);
        if (from is not null) query = query.Where(a => a.Timestamp >= from);
        if (to is not null) query = query.Where(a => a.Timestamp <= to);
        query = query.OrderByDescending(a => a.Timestamp).ThenByDescending(a => a.Id);
        var rows = query.Select(a => new AuditView(a.Sequence, a.Chain, a.Timestamp, a.Actor, a.Roles, a.Department, a.Action, a.Target, a.InstanceId, a.Summary, a.PreviousHash, a.Hash));
        if (format == "json")
            return Results.File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(await rows.Take(100_000).ToListAsync(ct), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)),
                "application/json", "audit.json");
        if (format == "csv") return Results.File(Encoding.UTF8.GetBytes(Csv(await rows.Take(100_000).ToListAsync(ct))), "text/csv", "audit.csv");
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var total = await query.CountAsync(ct);
        return Results.Ok(new PagedList<AuditView>(await rows.Skip(p * size).Take(size).ToListAsync(ct), total, p, size));
    }

    /// <summary>Verifies an instance's chain, or the system chain when no instance is given.</summary>
    public static async Task<IResult> Verify(string? instanceId, ApprovalDbContext db, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(instanceId) && !await db.Instances.AnyAsync(i => i.Id == instanceId, ct))
            throw new NotFoundException($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound);
        var result = await AuditTrail.VerifyAsync(db, string.IsNullOrEmpty(instanceId) ? AuditTrail.SystemChain : instanceId, ct);
        return result.Ok
            ? Results.Ok(new { ok = true, records = result.Records })
            : Results.Ok(new { ok = false, firstBrokenSequence = result.FirstBrokenSequence, problem = result.Problem, records = result.Records });
    }

    private static string Csv(List<AuditView> rows) =>
        Platform.QueryValues.Csv("chain,sequence,timestamp,actor,roles,department,action,target,summary,previous_hash,hash",
            rows.Select(r => new[] { r.Chain, r.Sequence.ToString(CultureInfo.InvariantCulture), r.Timestamp.ToString("O"), r.Actor, r.Roles,
                r.Department ?? "", r.Action, r.Target, r.Summary, r.PreviousHash, r.Hash }));
}
