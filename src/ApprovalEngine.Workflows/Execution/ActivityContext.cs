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

    /// <summary>The port of <see cref="ArrivedFrom"/> whose connection scheduled this activity.</summary>
    public string? ArrivedVia { get; init; }

    /// <summary>Every forward branch of this join has arrived (in <paramref name="arrived"/>) or can no longer run.</summary>
    public bool JoinReady(System.Text.Json.Nodes.JsonArray arrived) => Node.ContainerId is { } c ? _run.JoinReady(Node.Id, arrived, c) : true;

    /// <summary>Drops this activity's other scheduled runs (a WaitAny join that already fired).</summary>
    public void UnscheduleSelf() => _run.Unschedule(Node.Id);

    /// <summary>Drops this activity's other pending bookmarks (the signers who no longer need to vote).</summary>
    public void CancelOwnBookmarks(string reason) => _run.CancelBookmarksOf(Node.Id, reason);

    /// <summary>
    /// The payload of the trigger that started this instance at this activity (the HTTP request), once: a trigger activity
    /// completes with it instead of waiting. Null for every other execution.
    /// </summary>
    public JsonNode? TakeTrigger()
    {
        if (_run.Trigger is not { } trigger || trigger.ActivityId != Node.Id) return null;
        _run.Trigger = null;
        return trigger.Payload ?? new JsonObject();
    }

    public bool HasBookmark => _run.State.Bookmarks.Any(b => b.ActivityId == Node.Id && b.Scope == _run.Scope);

    public DateTimeOffset Now => _run.Now;
    public JsonObject Input => _run.State.Input;
    public IReadOnlyDictionary<string, JsonNode?> Variables => _run.State.Variables;

    public JsonNode? GetVariable(string name) => _run.State.Variables.GetValueOrDefault(name);

    /// <summary>Sets a variable, converted to its declared type when that is unambiguous (Elsa variables are typed).</summary>
    public void SetVariable(string name, JsonNode? value)
    {
        var declared = Flowchart.Variables.FirstOrDefault(v => v.Name == name);
        _run.State.Variables[name] = declared is null ? value : VariableValues.Coerce(value, declared.TypeName);
    }

    /// <summary>Removes a variable the activity declared for its children (a loop's CurrentValue when it ends).</summary>
    public void RemoveVariable(string name) => _run.State.Variables.Remove(name);

    /// <summary>True when the designer put an activity into this embedded port (<c>then</c>, <c>body</c>, a switch case).</summary>
    public bool HasChild(string slot) => Node.Slots.ContainsKey(slot);

    /// <summary>
    /// Records an activity output: kept for <c>get&lt;Output&gt;From&lt;Activity&gt;()</c> and <c>getLastResult()</c>, and written to the
    /// variable or workflow output the designer bound it to (Elsa's <c>memoryReference</c>).
    /// </summary>
    public void SetOutput(string name, JsonNode? value)
    {
        Record(Node.Id, name, value);
        _run.State.LastResult = value?.DeepClone();
        if (_run.Scope is { } item)
        {
            // Inside a ParallelForEach the items run side by side: each keeps its own, so it never reads another item's output.
            Record(_run.StateKey(Node.Id), name, value);
            _run.State.ItemLastResults[item] = value?.DeepClone();
        }
        if (!Node.OutputBindings.TryGetValue(name, out var target)) return;
        if (target.IsWorkflowOutput) SetWorkflowOutput(target.Name, value?.DeepClone());
        else SetVariable(target.Name, value?.DeepClone());
    }

    private void Record(string key, string name, JsonNode? value)
    {
        if (!_run.State.ActivityOutputs.TryGetValue(key, out var outputs))
            _run.State.ActivityOutputs[key] = outputs = [];
        outputs[name] = value?.DeepClone();
    }

    public void SetWorkflowOutput(string name, JsonNode? value) => _run.State.Output[name] = value;

    public string? CorrelationId
    {
        get => _run.State.CorrelationId;
        set => _run.State.CorrelationId = value;
    }

    public void SetInstanceName(string? name) => _run.State.Name = name;

    /// <summary>Evaluates code held in an input (RunJavaScript's script) with the same API expressions get.</summary>
    public ValueTask<JsonNode?> EvaluateScriptAsync(string expressionType, string source, CancellationToken ct = default) =>
        _run.Engine.EvaluateScriptAsync(expressionType, source, _run, ct);

    /// <summary>
    /// Runs a published workflow definition as instance <paramref name="childInstanceId"/> within this stimulus, to its end or
    /// its first wait (Elsa's workflow-definition activity, ExecuteWorkflow, DispatchWorkflow).
    /// </summary>
    /// <exception cref="ActivityFaultException">The definition is not published on this host.</exception>
    public Task<ExecutionResult> RunChildAsync(string definitionId, JsonObject input, string? correlationId, string childInstanceId, CancellationToken ct = default) =>
        _run.Engine.RunChildAsync(childInstanceId, definitionId, input, correlationId, ct);

    /// <summary>Sends requests to the external systems the host allows (SendHttpRequest).</summary>
    public OutboundHttp Http => _run.Engine.Http;

    /// <summary>State of this node that survives suspension (cleared only by the activity itself).</summary>
    public JsonObject ActivityState
    {
        get
        {
            // Inside a ParallelForEach body each item has its own state (see WorkflowRun.Scope).
            var key = _run.StateKey(Node.Id);
            if (!_run.State.ActivityState.TryGetValue(key, out var s))
                _run.State.ActivityState[key] = s = [];
            return s;
        }
    }

    /// <summary>A Break inside this loop ended the current iteration; the loop completes in its callback.</summary>
    public bool IsBreaking => ActivityState[WorkflowRun.Breaking] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    /// <summary>Record a domain side effect (task to create, message to send); the host applies it in the stimulus transaction.</summary>
    public void AddEffect(object effect) => _run.Effects.Add(new WorkflowEffect(Node.Id, effect));

    /// <summary>
    /// True when the designer connected this node's <paramref name="outcome"/> port to another activity. A connection back to
    /// the node itself does not count: it draws on the canvas a loop the activity runs itself (a correction round).
    /// </summary>
    public bool IsConnected(string outcome) => Flowchart.Outbound(Node.Id, outcome).Any(c => c.Target != Node.Id);

    /// <summary>A new sortable id for bookmarks, tasks and other records an activity creates.</summary>
    public static string NewId() => WorkflowRun.NewId();

    public void Log(string eventName, string? message = null, JsonNode? payload = null) =>
        _run.Journal(Node, eventName, message: message, payload: payload);

    /// <summary>Discard every pending step upstream of this activity (a WaitAny join's race is over).</summary>
    public void CancelAncestors() => _run.CancelActivities(Flowchart.Ancestors(Node.Id), $"cancelled by {Node.DisplayName}");
}

/// <summary>A side effect an activity requested, tagged with the node that asked for it.</summary>
public sealed record WorkflowEffect(string ActivityId, object Effect);
