using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence.Organisation;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Supervision;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Supervision;

public sealed record PushView(string Id, string InstanceId, string Department, JsonNode Payload, DateTimeOffset CreatedAt,
    DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, JsonNode Feedback)
{
    public static PushView From(SupervisionPushRecord p) => new(p.Id, p.InstanceId, p.Department, JsonNode.Parse(p.PayloadJson)!,
        p.CreatedAt, p.AcknowledgedAt, p.AcknowledgedBy, JsonNode.Parse(p.FeedbackJson)!);
}

public sealed record FeedbackRequest(string? Findings);

/// <summary>The supervision side of the double push.</summary>
public static class SupervisionApi
{
    public static void MapSupervisionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/supervision").WithTags("Supervision").RequireAuthorization(Policies.Staff);
        api.MapGet("/", List);
        api.MapPost("/{pushId}/ack", Acknowledge);
        api.MapPost("/{pushId}/feedback", Feedback);
    }

    public static async Task<Ok<List<PushView>>> List(string? department, string? instanceId, SupervisionService service, OrganisationDirectory organisation,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        Persistence.Access.ApplicationAccess.RequireDepartment(actor);
        // Supervising departments see what was pushed to them (the directory's departments of the caller); admins and auditors see all.
        var visibleTo = Persistence.Access.ApplicationAccess.SeesAll(actor) ? null : organisation.WorkingDepartments(actor, time.GetUtcNow());
        return TypedResults.Ok((await service.ListAsync(department, visibleTo, instanceId, ct)).Select(PushView.From).ToList());
    }

    public static async Task<Ok<PushView>> Acknowledge(string pushId, SupervisionService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(PushView.From(await service.AcknowledgeAsync(pushId, http.User.ToActor(), ct)));

    public static async Task<Ok<PushView>> Feedback(string pushId, FeedbackRequest request, SupervisionService service, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(PushView.From(await service.FeedbackAsync(pushId, request.Findings, http.User.ToActor(), ct)));
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
