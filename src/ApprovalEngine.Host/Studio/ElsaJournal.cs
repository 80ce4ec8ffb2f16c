using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Host.Studio;

/// <summary>Where each activity of a stored definition version sits in Studio's designer: Studio addresses activities by node id.</summary>
public sealed class FlowchartMap
{
    private readonly Dictionary<string, (string NodeId, string? Name, string Type)> _activities = new(StringComparer.Ordinal);

    private FlowchartMap(string rootId, string rootNodeId, string rootType)
    {
        RootId = rootId;
        RootNodeId = rootNodeId;
        RootType = rootType;
    }

    public string RootId { get; }
    public string RootNodeId { get; }
    public string RootType { get; }
    public IReadOnlyDictionary<string, string> VariableIds { get; private init; } = new Dictionary<string, string>();

    public static FlowchartMap From(string? modelJson)
    {
        var model = modelJson is null ? null : JsonNode.Parse(modelJson) as JsonObject;
        var root = model?["root"] as JsonObject;
        var rootId = Text(root?["id"]) ?? "flowchart";
        // The node ids Studio is served (ElsaDefinitionsApi) come from the same rule, so the viewer finds nested steps too.
        var activities = new Dictionary<string, (string NodeId, string? Name, string Type)>(StringComparer.Ordinal);
        var rootNodeId = ElsaNodeIds.DefaultRoot;
        if (root is not null)
            ElsaNodeIds.Fill(root, (activity, id, nodeId) =>
            {
                if (ReferenceEquals(activity, root)) rootNodeId = nodeId;
                else if (id is not null) activities.TryAdd(id, (nodeId, Text(activity["name"]), Text(activity["type"]) ?? ""));
            });
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var v in model?["variables"] as JsonArray ?? [])
            if (Text(v?["name"]) is { } name) variables[name] = Text(v?["id"]) ?? name;
        var map = new FlowchartMap(rootId, rootNodeId, Text(root?["type"]) ?? "Elsa.Flowchart") { VariableIds = variables };
        foreach (var (id, activity) in activities) map._activities[id] = activity;
        return map;
    }

    public string NodeId(string? activityId) =>
        activityId is null ? RootNodeId : _activities.TryGetValue(activityId, out var a) ? a.NodeId : $"{RootNodeId}:{activityId}";

    public string? Name(string? activityId) => activityId is not null && _activities.TryGetValue(activityId, out var a) ? a.Name ?? activityId : activityId;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>One run of one activity, reconstructed from the journal (our engine keeps no separate activity-execution table).</summary>
public sealed class ActivityExecution
{
    public required string Id { get; init; }
    public required string ActivityId { get; init; }
    public required string NodeId { get; init; }
    public required string ActivityType { get; init; }
    public string? ActivityName { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public ElsaActivityStatus Status { get; set; } = ElsaActivityStatus.Running;
    public bool HasBookmarks { get; set; }
    public string? Outcome { get; set; }
    public string? Fault { get; set; }
    public List<string> Events { get; } = [];
}

/// <summary>
/// Projects our journal onto Elsa's journal records and activity executions. An execution opens at "Started" and
/// closes at "Completed", "Waiting" (a join that ran and waits for more branches), "Cancelled" or "Faulted";
/// "Suspended"/"Resumed" and domain events belong to the execution that is open for that activity.
/// </summary>
public sealed class InstanceJournal
{
    private InstanceJournal(List<(JournalRecord Row, string ActivityInstanceId)> entries, List<ActivityExecution> executions)
    {
        Entries = entries;
        Executions = executions;
    }

    public IReadOnlyList<(JournalRecord Row, string ActivityInstanceId)> Entries { get; }
    public IReadOnlyList<ActivityExecution> Executions { get; }

    public static InstanceJournal Build(string instanceId, IEnumerable<JournalRecord> rows, FlowchartMap map)
    {
        var entries = new List<(JournalRecord, string)>();
        var executions = new List<ActivityExecution>();
        var open = new Dictionary<string, ActivityExecution>(StringComparer.Ordinal);
        foreach (var row in rows.OrderBy(r => r.Sequence))
        {
            if (row.ActivityId is not { } activityId)
            {
                entries.Add((row, $"{instanceId}:workflow"));
                continue;
            }
            ActivityExecution Open()
            {
                var e = new ActivityExecution
                {
                    Id = $"{instanceId}:{row.Sequence}", ActivityId = activityId, NodeId = map.NodeId(activityId),
                    ActivityType = row.ActivityType ?? "", ActivityName = map.Name(activityId), StartedAt = row.Timestamp,
                };
                executions.Add(e);
                open[activityId] = e;
                return e;
            }
            var execution = row.EventName == "Started" || !open.TryGetValue(activityId, out var current) ? Open() : current;
            execution.Events.Add(row.EventName);
            switch (row.EventName)
            {
                case "Suspended":
                    execution.HasBookmarks = true;
                    break;
                case "Resumed":
                    execution.HasBookmarks = false;
                    break;
                case "Completed" or "Waiting":
                    Close(execution, ElsaActivityStatus.Completed);
                    execution.Outcome = row.Outcome;
                    break;
                case "Cancelled":
                    Close(execution, ElsaActivityStatus.Canceled);
                    break;
                case "Faulted":
                    Close(execution, ElsaActivityStatus.Faulted);
                    execution.Fault = row.Message;
                    break;
            }
            entries.Add((row, execution.Id));

            void Close(ActivityExecution e, ElsaActivityStatus status)
            {
                e.Status = status;
                e.CompletedAt = row.Timestamp;
                e.HasBookmarks = false;
                open.Remove(activityId);
            }
        }
        return new InstanceJournal(entries, executions);
    }

    public static ElsaJournalRecord ToElsa(JournalRecord row, string activityInstanceId, FlowchartMap map)
    {
        var payload = row.PayloadJson is null ? null : JsonNode.Parse(row.PayloadJson);
        var details = payload as JsonObject ?? (payload is null ? new JsonObject() : new JsonObject { ["value"] = payload });
        if (row.Outcome is { Length: > 0 } outcome) details["outcomes"] = new JsonArray(outcome.Split(',').Select(o => (JsonNode)o).ToArray());
        if (row.Actor is { } actor) details["actor"] = actor;
        return new ElsaJournalRecord(
            row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), activityInstanceId, null,
            row.ActivityId ?? map.RootId, row.ActivityType ?? map.RootType, 1, row.ActivityId is null ? "Workflow" : map.Name(row.ActivityId),
            map.NodeId(row.ActivityId), row.Timestamp, row.Sequence, row.EventName, row.Message, null, null, details.Count == 0 ? null : details);
    }

    /// <summary>Elsa's two-level status for ours: it has no Suspended/Cancelled/Faulted top level.</summary>
    public static (ElsaWorkflowStatus Status, ElsaWorkflowSubStatus SubStatus) Status(WorkflowStatus status) => status switch
    {
        WorkflowStatus.Running => (ElsaWorkflowStatus.Running, ElsaWorkflowSubStatus.Executing),
        WorkflowStatus.Suspended => (ElsaWorkflowStatus.Running, ElsaWorkflowSubStatus.Suspended),
        WorkflowStatus.Finished => (ElsaWorkflowStatus.Finished, ElsaWorkflowSubStatus.Finished),
        WorkflowStatus.Cancelled => (ElsaWorkflowStatus.Finished, ElsaWorkflowSubStatus.Cancelled),
        _ => (ElsaWorkflowStatus.Finished, ElsaWorkflowSubStatus.Faulted),
    };
}
