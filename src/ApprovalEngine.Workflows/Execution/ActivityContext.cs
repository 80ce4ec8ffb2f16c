using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Definitions;

namespace ApprovalEngine.Workflows.Execution;

/// <summary>What an executing activity may see and change. Side effects leave only as <see cref="AddEffect"/> records.</summary>
public sealed class ActivityContext
{
    private readonly WorkflowRun _run;

    internal ActivityContext(WorkflowRun run, ActivityNode node, string? arrivedFrom)
    {
        _run = run;
        Node = node;
        ArrivedFrom = arrivedFrom;
    }

    public ActivityNode Node { get; }
    public Flowchart Flowchart => _run.Flowchart;
    public string InstanceId => _run.InstanceId;

    /// <summary>The activity whose outcome scheduled this one; null for the start activity and for resumes.</summary>
    public string? ArrivedFrom { get; }

    public DateTimeOffset Now => _run.Now;
    public JsonObject Input => _run.State.Input;
    public IReadOnlyDictionary<string, JsonNode?> Variables => _run.State.Variables;

    public JsonNode? GetVariable(string name) => _run.State.Variables.GetValueOrDefault(name);
    public void SetVariable(string name, JsonNode? value) => _run.State.Variables[name] = value;

    /// <summary>State of this node that survives suspension (cleared only by the activity itself).</summary>
    public JsonObject ActivityState
    {
        get
        {
            if (!_run.State.ActivityState.TryGetValue(Node.Id, out var s))
                _run.State.ActivityState[Node.Id] = s = [];
            return s;
        }
    }

    /// <summary>Record a domain side effect (task to create, message to send); the host applies it in the stimulus transaction.</summary>
    public void AddEffect(object effect) => _run.Effects.Add(new WorkflowEffect(Node.Id, effect));

    /// <summary>True when the designer connected something to this node's <paramref name="outcome"/> port.</summary>
    public bool IsConnected(string outcome) => Flowchart.Outbound(Node.Id, outcome).Any();

    /// <summary>A new sortable id for bookmarks, tasks and other records an activity creates.</summary>
    public static string NewId() => WorkflowRun.NewId();

    public void Log(string eventName, string? message = null, JsonNode? payload = null) =>
        _run.Journal(Node, eventName, message: message, payload: payload);

    /// <summary>Discard every pending step upstream of this activity (a WaitAny join's race is over).</summary>
    public void CancelAncestors() => _run.CancelActivities(Flowchart.Ancestors(Node.Id), $"cancelled by {Node.DisplayName}");
}

/// <summary>A side effect an activity requested, tagged with the node that asked for it.</summary>
public sealed record WorkflowEffect(string ActivityId, object Effect);
