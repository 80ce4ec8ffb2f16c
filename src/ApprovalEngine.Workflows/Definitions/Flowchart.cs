using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Definitions;

/// <summary>An input as Studio saves it: <c>{"typeName":..,"expression":{"type":"Literal","value":..}}</c>, or raw JSON when unwrapped.</summary>
public sealed record InputValue(string ExpressionType, JsonNode? Value)
{
    /// <summary>Unwrapped inputs (Elsa's variable references) carry their JSON as-is.</summary>
    public const string Raw = "Raw";
}

/// <summary>One node of the flowchart, with its configured inputs keyed by camelCase input name.</summary>
public sealed record ActivityNode(string Id, string Type, string? Name, IReadOnlyDictionary<string, InputValue> Inputs)
{
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}

/// <summary>A directed edge from an outcome (port) of one activity to another activity.</summary>
public sealed record Connection(string Source, string SourcePort, string Target);

/// <summary>A workflow variable declared on the definition, with its default value.</summary>
public sealed record VariableDefinition(string Name, string TypeName, JsonNode? DefaultValue);

/// <summary>The engine's validated, immutable view of an Elsa <c>Elsa.Flowchart</c> workflow definition.</summary>
public sealed class Flowchart
{
    private readonly ILookup<(string Source, string Port), Connection> _outbound;
    private readonly ILookup<string, Connection> _inbound;

    public Flowchart(string name, string startActivityId, IReadOnlyList<ActivityNode> activities,
        IReadOnlyList<Connection> connections, IReadOnlyList<VariableDefinition> variables)
    {
        Name = name;
        StartActivityId = startActivityId;
        Activities = activities.ToDictionary(a => a.Id);
        Connections = connections;
        Variables = variables;
        _outbound = connections.ToLookup(c => (c.Source, c.SourcePort));
        _inbound = connections.ToLookup(c => c.Target);
    }

    public string Name { get; }
    public string StartActivityId { get; }
    public IReadOnlyDictionary<string, ActivityNode> Activities { get; }
    public IReadOnlyList<Connection> Connections { get; }
    public IReadOnlyList<VariableDefinition> Variables { get; }

    public IEnumerable<Connection> Outbound(string activityId, string port) => _outbound[(activityId, port)];
    public IEnumerable<Connection> Inbound(string activityId) => _inbound[activityId];

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
