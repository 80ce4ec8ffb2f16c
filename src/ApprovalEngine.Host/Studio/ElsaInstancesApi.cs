using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Studio;

/// <summary>
/// Elsa's read-only instance endpoints for Studio's instance list and viewer, answered from our instance rows and
/// journal. Activity executions are derived from the journal (see <see cref="InstanceJournal"/>).
/// </summary>
public static class ElsaInstancesApi
{
    public static void MapElsaInstances(this RouteGroupBuilder api)
    {
        api.MapPost("/workflow-instances", List);
        api.MapGet("/workflow-instances/{id}", Get);
        api.MapGet("/workflow-instances/{id}/journal", Journal);
        api.MapPost("/workflow-instances/{id}/journal", FilteredJournal);
        api.MapGet("/workflow-instances/{id}/variables", Variables);
        api.MapGet("/workflow-instances/{id}/execution-state", ExecutionState);
        api.MapGet("/activity-executions/list", ActivityExecutions);
        api.MapGet("/activity-execution-summaries/list", ActivityExecutionSummaries);
        api.MapGet("/activity-executions/by-id", ActivityExecutionById);
        api.MapPost("/activity-executions/report", Report);
    }

    public static async Task<Ok<ElsaPage<ElsaInstanceSummary>>> List(ElsaInstanceListRequest? request, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        var r = request ?? new ElsaInstanceListRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        var list = await access.VisibleInListAsync(db.Instances.AsNoTracking(), ct);
        var definitionIds = (r.DefinitionIds ?? []).Concat(r.DefinitionId is { Length: > 0 } one ? [one] : []).ToList();
        var allowed = AllowedStatuses(r);
        var term = r.SearchTerm?.Trim();
        IQueryable<InstanceRecord> Filter(IQueryable<InstanceRecord> query)
        {
            if (definitionIds.Count > 0) query = query.Where(i => definitionIds.Contains(i.DefinitionId));
            if (!string.IsNullOrWhiteSpace(r.CorrelationId)) query = query.Where(i => i.CorrelationId == r.CorrelationId);
            if (r.Version is { } version) query = query.Where(i => i.DefinitionVersion == version);
            if (allowed is not null) query = query.Where(i => allowed.Contains(i.Status));
            if (!string.IsNullOrEmpty(term)) query = query.Where(i => i.Id == term || i.Name.Contains(term) || (i.CorrelationId != null && i.CorrelationId.Contains(term)));
            return query;
        }
        var query = Filter(list.Shown);

        var descending = r.OrderDirection != ElsaOrderDirection.Ascending;
        query = (r.OrderBy ?? ElsaInstanceOrder.Created) switch
        {
            ElsaInstanceOrder.LastExecuted => descending ? query.OrderByDescending(i => i.UpdatedAt) : query.OrderBy(i => i.UpdatedAt),
            ElsaInstanceOrder.Finished => descending ? query.OrderByDescending(i => i.FinishedAt) : query.OrderBy(i => i.FinishedAt),
            ElsaInstanceOrder.Name => descending ? query.OrderByDescending(i => i.Name) : query.OrderBy(i => i.Name),
            _ => descending ? query.OrderByDescending(i => i.CreatedAt) : query.OrderBy(i => i.CreatedAt),
        };
        var page = r.Page is >= 0 and <= Instances.InstancesApi.MaxPage ? r.Page.Value : 0;
        var size = r.PageSize is > 0 and <= 500 ? r.PageSize.Value : 50;
        var rows = await query.Skip(page * size).Take(size).ToListAsync(ct);
        // Elsa's page has no field for a count that stopped at the cap: Studio shows 10,000 and pages through them.
        var (total, _) = await list.TotalAsync(Filter, page * size, size, rows.Count, ct);
        return TypedResults.Ok(new ElsaPage<ElsaInstanceSummary>(rows.Select(Summary).ToList(), total, []));
    }

    public static async Task<Results<Ok<ElsaInstance>, NotFound>> Get(string id, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        if (await LoadAsync(id, "elsa:instance", db, access, ct) is not (var instance, var map, var journal)) return TypedResults.NotFound();
        var state = WorkflowRuntime.ReadState(instance);
        var (status, subStatus) = InstanceJournal.Status(instance.Status);
        var openExecutions = journal.Executions.Where(e => e.HasBookmarks).GroupBy(e => e.ActivityId).ToDictionary(g => g.Key, g => g.Last().Id);
        var bookmarks = state.Bookmarks.Select(b => new ElsaBookmark(b.Id, b.Name, "", b.Payload?.DeepClone(), map.NodeId(b.ActivityId),
            openExecutions.GetValueOrDefault(b.ActivityId) ?? b.Id)).ToList();
        var faulted = instance.Status == WorkflowStatus.Faulted;
        var fault = faulted ? new ElsaException("WorkflowFault", state.Fault ?? instance.Fault ?? "The workflow faulted.") : null;
        var faultedAt = journal.Executions.LastOrDefault(e => e.Status == ElsaActivityStatus.Faulted);
        IReadOnlyList<ElsaIncident> incidents = faulted
            ? [new ElsaIncident(state.FaultedActivityId ?? map.RootId, map.NodeId(state.FaultedActivityId), faultedAt?.Id,
                faultedAt?.ActivityType ?? map.RootType, fault!.Message, fault, instance.FinishedAt ?? instance.UpdatedAt)]
            : [];
        var workflowState = new ElsaWorkflowState(instance.Id, instance.DefinitionId, instance.DefinitionVersionId, instance.DefinitionVersion,
            instance.CorrelationId, status, subStatus, bookmarks, incidents, faulted ? new ElsaFault(fault, fault!.Message, state.FaultedActivityId) : null,
            [], [], state.Input.DeepClone().AsObject(), state.Output.DeepClone().AsObject(), [], instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt);
        return TypedResults.Ok(new ElsaInstance(instance.Id, instance.DefinitionId, instance.DefinitionVersionId, instance.DefinitionVersion,
            workflowState, status, subStatus, instance.CorrelationId, instance.Name, incidents.Count, instance.CreatedAt, instance.UpdatedAt, instance.FinishedAt));
    }

    public static Task<Results<Ok<ElsaPage<ElsaJournalRecord>>, NotFound>> Journal(string id, int? skip, int? take, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct) =>
        FilteredJournal(id, null, skip, take, db, access, ct);

    public static async Task<Results<Ok<ElsaPage<ElsaJournalRecord>>, NotFound>> FilteredJournal(string id, ElsaJournalRequest? request, int? skip, int? take,
        ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        if (await LoadAsync(id, "elsa:journal", db, access, ct) is not (var _, var map, var journal)) return TypedResults.NotFound();
        var f = request?.Filter;
        var records = journal.Entries.Select(e => InstanceJournal.ToElsa(e.Row, e.ActivityInstanceId, map))
            .Where(r => f?.ActivityIds is not { Length: > 0 } ids || ids.Contains(r.ActivityId))
            .Where(r => f?.ActivityNodeIds is not { Length: > 0 } nodes || nodes.Contains(r.NodeId))
            .Where(r => f?.ExcludedActivityTypes is not { Length: > 0 } excluded || !excluded.Contains(r.ActivityType))
            .Where(r => f?.EventNames is not { Length: > 0 } events || events.Contains(r.EventName))
            .ToList();
        var page = records.Skip(Math.Max(skip ?? 0, 0)).Take(take is > 0 ? take.Value : 100).ToList();
        return TypedResults.Ok(new ElsaPage<ElsaJournalRecord>(page, records.Count, []));
    }

    public static async Task<Results<Ok<ElsaList<ElsaResolvedVariable>>, NotFound>> Variables(string id, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        if (await LoadAsync(id, "elsa:variables", db, access, ct, withJournal: false) is not (var instance, var map, var _)) return TypedResults.NotFound();
        var items = WorkflowRuntime.ReadState(instance).Variables
            .Select(v => new ElsaResolvedVariable(map.VariableIds.GetValueOrDefault(v.Key) ?? v.Key, v.Key, v.Value?.DeepClone())).ToList();
        return TypedResults.Ok(new ElsaList<ElsaResolvedVariable>(items, items.Count));
    }

    public static async Task<Results<Ok<ElsaExecutionState>, NotFound>> ExecutionState(string id, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "elsa:execution-state", ct);
        var row = await db.Instances.AsNoTracking().Where(i => i.Id == id).Select(i => new { i.Status, i.UpdatedAt }).SingleOrDefaultAsync(ct);
        if (row is null) return TypedResults.NotFound();
        var (status, subStatus) = InstanceJournal.Status(row.Status);
        return TypedResults.Ok(new ElsaExecutionState(status, subStatus, subStatus, row.UpdatedAt));
    }

    public static async Task<Ok<ElsaList<ElsaActivityExecution>>> ActivityExecutions(string? workflowInstanceId, string? activityNodeId, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        var items = (await ExecutionsAsync(workflowInstanceId, activityNodeId, db, access, ct)).Select(e => Record(workflowInstanceId!, e)).ToList();
        return TypedResults.Ok(new ElsaList<ElsaActivityExecution>(items, items.Count));
    }

    public static async Task<Ok<ElsaList<ElsaActivityExecutionSummary>>> ActivityExecutionSummaries(string? workflowInstanceId, string? activityNodeId, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        var items = (await ExecutionsAsync(workflowInstanceId, activityNodeId, db, access, ct))
            .Select(e => new ElsaActivityExecutionSummary(e.Id, workflowInstanceId!, e.ActivityId, e.NodeId, e.ActivityType, 1, e.ActivityName,
                e.StartedAt, e.HasBookmarks, [], e.Status, e.CompletedAt)).ToList();
        return TypedResults.Ok(new ElsaList<ElsaActivityExecutionSummary>(items, items.Count));
    }

    /// <summary>Execution ids are "{instanceId}:{journal sequence}", so the instance is found from the id alone.</summary>
    public static async Task<Results<Ok<ElsaActivityExecution>, NotFound>> ActivityExecutionById(string? id, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        var instanceId = id?.Split(':')[0];
        if (instanceId is null || await LoadAsync(instanceId, "elsa:activity-executions", db, access, ct) is not (var _, var _, var journal)) return TypedResults.NotFound();
        return journal.Executions.FirstOrDefault(e => e.Id == id) is { } e ? TypedResults.Ok(Record(instanceId, e)) : TypedResults.NotFound();
    }

    /// <summary>Per-node counters that colour the activities in the instance viewer.</summary>
    public static async Task<Ok<ElsaActivityReport>> Report(ElsaActivityReportRequest request, ApprovalDbContext db, Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        if (request.WorkflowInstanceId is null || await LoadAsync(request.WorkflowInstanceId, "elsa:activity-report", db, access, ct) is not (var _, var _, var journal))
            return TypedResults.Ok(new ElsaActivityReport([]));
        var wanted = request.ActivityNodeIds is { Length: > 0 } nodes ? nodes.ToHashSet(StringComparer.Ordinal) : null;
        var stats = journal.Executions.Where(e => wanted?.Contains(e.NodeId) ?? true).GroupBy(e => (e.ActivityId, e.NodeId))
            .Select(g => new ElsaActivityStats(g.Key.ActivityId, g.Key.NodeId, g.Count(), g.Count(e => e.Status == ElsaActivityStatus.Completed),
                g.Count(e => e.Status == ElsaActivityStatus.Running), g.Any(e => e.HasBookmarks), g.Any(e => e.Status == ElsaActivityStatus.Faulted), null))
            .ToList();
        return TypedResults.Ok(new ElsaActivityReport(stats));
    }

    private static ElsaInstanceSummary Summary(InstanceRecord i)
    {
        var (status, subStatus) = InstanceJournal.Status(i.Status);
        return new ElsaInstanceSummary(i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, status, subStatus, i.CorrelationId, i.Name,
            i.Status == WorkflowStatus.Faulted ? 1 : 0, i.CreatedAt, i.UpdatedAt, i.FinishedAt);
    }

    private static ElsaActivityExecution Record(string instanceId, ActivityExecution e) => new(
        e.Id, instanceId, e.ActivityId, e.NodeId, e.ActivityType, 1, e.ActivityName, null,
        e.Outcome is null ? null : new JsonObject { ["outcomes"] = new JsonArray(e.Outcome.Split(',').Select(o => (JsonNode)o).ToArray()) },
        null, new JsonObject { ["events"] = new JsonArray(e.Events.Select(n => (JsonNode)n).ToArray()) }, [],
        e.Fault is null ? null : new ElsaException("ActivityFault", e.Fault), e.StartedAt, e.HasBookmarks, e.Status,
        e.Status == ElsaActivityStatus.Faulted ? 1 : 0, e.CompletedAt);

    private static async Task<IReadOnlyList<ActivityExecution>> ExecutionsAsync(string? instanceId, string? nodeId, ApprovalDbContext db,
        Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(instanceId) || await LoadAsync(instanceId, "elsa:activity-executions", db, access, ct) is not (var _, var _, var journal)) return [];
        return journal.Executions.Where(e => string.IsNullOrEmpty(nodeId) || e.NodeId == nodeId).ToList();
    }

    private static async Task<(InstanceRecord Instance, FlowchartMap Map, InstanceJournal Journal)?> LoadAsync(string id, string what, ApprovalDbContext db,
        Persistence.Access.ApplicationAccess access, CancellationToken ct, bool withJournal = true)
    {
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct);
        if (instance is null) return null;
        // Every instance view of Studio goes through here: need-to-know applies and the read is recorded.
        await access.EnsureCanReadAsync(id, what, ct);
        var model = await db.DefinitionVersions.AsNoTracking().Where(v => v.Id == instance.DefinitionVersionId).Select(v => v.ModelJson).SingleOrDefaultAsync(ct);
        var map = FlowchartMap.From(model);
        var rows = withJournal ? await Persistence.Archiving.Archiver.Journal(db, id, instance.Month).OrderBy(j => j.Sequence).ToListAsync(ct) : [];
        return (instance, map, InstanceJournal.Build(id, rows, map));
    }

    /// <summary>Elsa filters by (status, sub-status); ours is one status, so both filters narrow one set.</summary>
    private static List<WorkflowStatus>? AllowedStatuses(ElsaInstanceListRequest r)
    {
        IEnumerable<WorkflowStatus>? allowed = null;
        var statuses = (r.Statuses ?? []).Concat(r.Status is { } s ? [s] : []).ToList();
        if (statuses.Count > 0)
            allowed = Enum.GetValues<WorkflowStatus>().Where(x => statuses.Contains(InstanceJournal.Status(x).Status));
        var subStatuses = (r.SubStatuses ?? []).Concat(r.SubStatus is { } ss ? [ss] : []).ToList();
        if (subStatuses.Count > 0)
            allowed = (allowed ?? Enum.GetValues<WorkflowStatus>()).Where(x => subStatuses.Contains(InstanceJournal.Status(x).SubStatus));
        if (r.HasIncidents is { } incidents)
            allowed = (allowed ?? Enum.GetValues<WorkflowStatus>()).Where(x => (x == WorkflowStatus.Faulted) == incidents);
        return allowed?.ToList();
    }
}
