using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Audit;

/// <remarks><c>FileNumber</c>: the application's, which the auditor searches and reads it by (null once it is gone).</remarks>
public sealed record AccessView(string InstanceId, string Actor, string Roles, string? Department, string What, DateTimeOffset ReadAt, string? FileNumber = null);

/// <summary>Who read which application: the need-to-know access log, for auditors.</summary>
public static class AccessAuditApi
{
    public static void MapAccessAuditApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/audit/access", Search).WithTags("Audit").RequireAuthorization(Policies.Audit);

    /// <summary>Newest first; one row per actor, application, part read and minute; <c>correlationId</c> an application by its file number.</summary>
    public static async Task<Ok<PagedList<AccessView>>> Search(ApprovalDbContext db, string? instanceId, string? actor, DateTimeOffset? from, DateTimeOffset? to,
        int? page, int? pageSize, string? correlationId, CancellationToken ct)
    {
        (from, to) = (Platform.QueryValues.Moment(from, "from"), Platform.QueryValues.Moment(to, "to"));
        if (from > to) throw new BadRequestException("'from' must not be after 'to'.", ErrorCodes.DateRange, "from");
        // Npgsql writes timestamptz parameters only in UTC; callers send China time (+08:00).
        (from, to) = (from?.ToUniversalTime(), to?.ToUniversalTime());
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var query = db.Set<AccessRecord>().AsNoTracking();
        if (!string.IsNullOrEmpty(instanceId)) query = query.Where(a => a.InstanceId == instanceId);
        if (!string.IsNullOrEmpty(correlationId)) query = query.Where(a => db.Instances.Any(i => i.Id == a.InstanceId && i.CorrelationId == correlationId));
        if (!string.IsNullOrEmpty(actor)) query = query.Where(a => a.Actor == actor);
        if (from is not null) query = query.Where(a => a.ReadAt >= from);
        if (to is not null) query = query.Where(a => a.ReadAt <= to);
        var items = await query.OrderByDescending(a => a.ReadAt).ThenByDescending(a => a.Id).Skip(p * size).Take(size)
            .Select(a => new AccessView(a.InstanceId, a.Actor, a.Roles, a.Department, a.What, a.ReadAt,
                db.Instances.Where(i => i.Id == a.InstanceId).Select(i => i.CorrelationId).FirstOrDefault())).ToListAsync(ct);
        return TypedResults.Ok(new PagedList<AccessView>(items, await PageTotals.TotalAsync(query, p * size, size, items.Count, ct), p, size));
    }
}
