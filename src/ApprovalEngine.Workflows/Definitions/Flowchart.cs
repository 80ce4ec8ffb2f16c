using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Definitions;

/// <summary>An input as Studio saves it: <c>{"typeName":..,"expression":{"type":"Literal","value":..}}</c>, or raw JSON when unwrapped.</summary>
public sealed record InputValue(string ExpressionType, JsonNode? Value)
{
    /// <summary>Unwrapped inputs (Elsa's variable references) carry their JSON as-is.</summary>
    public const string Raw = "Raw";
}

/// <summary>Where an activity output is stored: a workflow variable or a workflow output (Elsa's <c>memoryReference</c>).</summary>
public sealed record OutputTarget(string Name, bool IsWorkflowOutput);

/// <summary>
/// How a container runs its children: by connections (Flowchart), one after the other (Sequence), or as an activity
/// decides (Activity: If, Switch, loops schedule their embedded children and are called back when those are done).
/// </summary>
public enum ContainerKind { Flowchart, Sequence, Activity }

/// <summary>An activity that holds other activities (Elsa.Flowchart, Elsa.Sequence, Elsa.FlowNode), at any depth.</summary>
public sealed record ContainerInfo(string Id, ContainerKind Kind, string? StartId, IReadOnlyList<string> Children);

/// <summary>One node of the workflow, with its configured inputs keyed by camelCase input name.</summary>
public sealed record ActivityNode(string Id, string Type, string? Name, IReadOnlyDictionary<string, InputValue> Inputs)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;

    /// <summary>The container this node runs in; null for the root.</summary>
    public string? ContainerId { get; init; }

    /// <summary>Outputs (camelCase name) bound to a variable or workflow output.</summary>
    public IReadOnlyDictionary<string, OutputTarget> OutputBindings { get; init; } = new Dictionary<string, OutputTarget>();

    /// <summary>A workflow definition used as an activity: the child definition id (Elsa's <c>workflowDefinitionId</c>).</summary>
    public string? WorkflowDefinitionId { get; init; }

    /// <summary>Embedded children (Elsa's <c>[Port] IActivity</c> properties: then, else, body, switch cases) by slot name.</summary>
    public IReadOnlyDictionary<string, string> Slots { get; init; } = new Dictionary<string, string>();

    /// <summary>Elsa's <c>canStartWorkflow</c>: a trigger that starts new instances (HTTP endpoint, timer).</summary>
    public bool CanStartWorkflow { get; init; }
}

/// <summary>A directed edge from an outcome (port) of one activity to another activity.</summary>
public sealed record Connection(string Source, string SourcePort, string Target);

/// <summary>A workflow variable declared on the definition, with its default value.</summary>
public sealed record VariableDefinition(string Name, string TypeName, JsonNode? DefaultValue)
{
    public string? Id { get; init; }
}

/// <summary>The engine's validated, immutable view of an Elsa workflow definition (any root, nested containers).</summary>
public sealed class Flowchart
{
    private readonly ILookup<(string Source, string Port), Connection> _outbound;
    private readonly ILookup<string, Connection> _inbound;

    public Flowchart(string name, string startActivityId, IReadOnlyList<ActivityNode> activities,
        IReadOnlyList<Connection> connections, IReadOnlyList<VariableDefinition> variables,
        IReadOnlyList<ContainerInfo>? containers = null)
    {
        Name = name;
        StartActivityId = startActivityId;
        Activities = activities.ToDictionary(a => a.Id);
        Connections = connections;
        Variables = variables;
        Containers = (containers ?? []).ToDictionary(c => c.Id);
        _outbound = connections.ToLookup(c => (c.Source, c.SourcePort));
        _inbound = connections.ToLookup(c => c.Target);
    }

    public string Name { get; }

    /// <summary>The first activity scheduled when an instance starts (the root container when the root is one).</summary>
    public string StartActivityId { get; }
    public IReadOnlyDictionary<string, ActivityNode> Activities { get; }
    public IReadOnlyList<Connection> Connections { get; }
    public IReadOnlyList<VariableDefinition> Variables { get; }
    public IReadOnlyDictionary<string, ContainerInfo> Containers { get; }

    /// <summary>The definition id, when the definition names one (child workflows are found by it).</summary>
    public string? DefinitionId { get; init; }

    /// <summary>Declared workflow inputs and outputs (names), and the outcomes it can complete with as an activity.</summary>
    public IReadOnlyList<string> InputNames { get; init; } = [];
    public IReadOnlyList<string> OutputNames { get; init; } = [];
    public IReadOnlyList<string> Outcomes { get; init; } = [];

    public IEnumerable<Connection> Outbound(string activityId, string port) => _outbound[(activityId, port)];
    public IEnumerable<Connection> Inbound(string activityId) => _inbound[activityId];

    /// <summary>True when <paramref name="activityId"/> is <paramref name="containerId"/> or nested (at any depth) inside it.</summary>
    public bool IsWithin(string activityId, string containerId)
    {
        for (var id = (string?)activityId; id is not null; id = Activities.GetValueOrDefault(id)?.ContainerId)
            if (id == containerId) return true;
        return false;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<string>> _reach = new();

    /// <summary>True when a path of connections leads from <paramref name="from"/> to <paramref name="to"/> (not counting the empty path).</summary>
    public bool CanReach(string from, string to) => _reach.GetOrAdd(from, f =>
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(_outbound.Where(g => g.Key.Source == f).SelectMany(g => g).Select(c => c.Target));
        while (stack.TryPop(out var id))
            if (seen.Add(id))
                foreach (var c in _outbound.Where(g => g.Key.Source == id).SelectMany(g => g)) stack.Push(c.Target);
        return seen;
    }).Contains(to);

    /// <summary>
    /// Inbound sources of <paramref name="activityId"/> that are not loop-backs (a source the activity itself leads to),
    /// i.e. the branches an implicit or explicit join waits for.
    /// </summary>
    public IReadOnlySet<string> ForwardSources(string activityId) =>
        Inbound(activityId).Select(c => c.Source).Where(s => s != activityId && !CanReach(activityId, s)).ToHashSet();

    /// <summary>Every activity from which <paramref name="activityId"/> can be reached (not including itself unless on a cycle).</summary>
    public IReadOnlySet<string> Ancestors(string activityId)
    {
        var seen = new HashSet<string>();
        var stack = new Stack<string>(Inbound(activityId).Select(c => c.Source));
        while (stack.TryPop(out var id))
            if (seen.Add(id))
                foreach (var c in Inbound(id)) stack.Push(c.Source);
        return seen;
    }
}
