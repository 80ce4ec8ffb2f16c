using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Deadlines;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Organisation;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Supervision;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Supervision;

/// <summary>A push as the supervising department sees it, with its acknowledgement clock (null for pushes made before clocks were kept).</summary>
public sealed record PushView(string Id, string InstanceId, string Department, string? DepartmentName, string? FileNumber, JsonNode Payload, DateTimeOffset CreatedAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, JsonNode Feedback, DeadlineView? Acknowledgement)
{
    public static PushView From(SupervisionPushRecord p, string? departmentName, DeadlineView? acknowledgement)
    {
        var payload = JsonNode.Parse(p.PayloadJson)!;
        return new(p.Id, p.InstanceId, p.Department, departmentName, payload["codes"]?["fileNumber"]?.GetValue<string>(), payload,
            p.CreatedAt, p.AcknowledgedAt, p.AcknowledgedBy, JsonNode.Parse(p.FeedbackJson)!, acknowledgement);
    }
}

public sealed record FeedbackRequest(string? Findings);

/// <summary>The supervision side of the double push.</summary>
public static class SupervisionApi
{
    public static void MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/supervision").WithTags("Supervision").RequireAuthorization(Policies.Staff);
        api.MapGet("/", List);
        api.MapGet("/pending-count", CountPending);
        api.MapPost("/{pushId}/ack", Acknowledge);
        api.MapPost("/{pushId}/feedback", Feedback);
    }

    /// <summary>
    /// By page with the total: <c>status=pending</c> (to acknowledge, oldest first) or <c>acknowledged</c>, <c>q</c> part of the
    /// file number. Supervising departments see what was pushed to them (the directory's departments of the caller); admins and
    /// auditors see all.
    /// </summary>
    public static async Task<Ok<PagedList<PushView>>> List(string? department, string? instanceId, string? status, string? q, int? page, int? pageSize,
        SupervisionService service, ApprovalDbContext db, DeadlineService deadlines, StaffDirectory directory, OrganisationDirectory organisation,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var visibleTo = PushesVisibleTo(http.User.ToActor(), organisation, time);
        var ordered = service.Query(department, visibleTo, instanceId, string.IsNullOrEmpty(status) ? null : status, q?.Trim());
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        return TypedResults.Ok(new PagedList<PushView>(await ViewsAsync(rows, db, deadlines, directory, time, ct), total, p, size));
    }

    /// <summary>
    /// The departments whose pushes the caller sees: the directory's departments of a supervising reviewer (who must name a
    /// department), null (all) for admins and auditors.
    /// </summary>
    private static IReadOnlyList<string>? PushesVisibleTo(Persistence.Instances.Actor actor, OrganisationDirectory organisation, TimeProvider time)
    {
        Persistence.Access.ApplicationAccess.RequireDepartment(actor);
        return Persistence.Access.ApplicationAccess.SeesAll(actor) ? null : organisation.WorkingDepartments(actor, time.GetUtcNow());
    }

    /// <summary>
    /// The pushes waiting for the caller's departments to acknowledge (admins and auditors: all departments'), read from the
    /// pending pushes' own index. The office asks on sign-in and as its pages change, so a new push shows in the menu.
    /// </summary>
    public static async Task<Ok<PendingCount>> CountPending(SupervisionService service, OrganisationDirectory organisation, TimeProvider time,
        HttpContext http, CancellationToken ct)
    {
        var visibleTo = PushesVisibleTo(http.User.ToActor(), organisation, time);
        var count = await service.Query(null, visibleTo, null, "pending", null).Take(PendingCount.Cap + 1).CountAsync(ct);
        return TypedResults.Ok(PendingCount.Of(count));
    }

    public static async Task<Ok<PushView>> Acknowledge(string pushId, SupervisionService service, ApprovalDbContext db, DeadlineService deadlines,
        StaffDirectory directory, TimeProvider time, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await ViewsAsync([await service.AcknowledgeAsync(pushId, http.User.ToActor(), ct)], db, deadlines, directory, time, ct)).Single());

    public static async Task<Ok<PushView>> Feedback(string pushId, FeedbackRequest request, SupervisionService service, ApprovalDbContext db,
        DeadlineService deadlines, StaffDirectory directory, TimeProvider time, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok((await ViewsAsync([await service.FeedbackAsync(pushId, request.Findings, http.User.ToActor(), ct)], db, deadlines, directory, time, ct)).Single());

    /// <summary>The pushes with their acknowledgement clocks, read in one query (the clock's task id is the push id).</summary>
    private static async Task<List<PushView>> ViewsAsync(List<SupervisionPushRecord> rows, ApprovalDbContext db, DeadlineService deadlines,
        StaffDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        var instances = rows.Select(r => r.InstanceId).Distinct().ToList();
        var clocks = (await db.Deadlines.AsNoTracking()
                .Where(d => instances.Contains(d.InstanceId) && d.Kind == DeadlineKind.Acknowledgement && d.TaskId != null && ids.Contains(d.TaskId))
                .ToListAsync(ct))
            .ToDictionary(d => d.TaskId!);
        var now = time.GetUtcNow();
        return rows.Select(r => PushView.From(r, directory.DepartmentName(r.Department),
            clocks.TryGetValue(r.Id, out var d) ? DeadlineView.From(d, deadlines.Standing(d, now)) : null)).ToList();
    }
}

/// <summary>Delivers outbox webhooks in the background on every replica; leases keep each delivery attempt single.</summary>
public sealed class OutboxService(OutboxDispatcher dispatcher, TimeProvider time, IOptions<Platform.StartupOptions> startup, ILogger<OutboxService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!startup.Value.RunTimers) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await dispatcher.DispatchDueAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Outbox dispatch failed; retrying"); }
            try { await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
