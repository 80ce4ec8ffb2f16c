using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Tests;

/// <summary>Builds workflow definitions in the exact JSON shape Elsa Studio saves, so tests exercise the real loader.</summary>
public sealed class WorkflowJson
{
    private readonly JsonArray _activities = [];
    private readonly JsonArray _connections = [];
    private readonly JsonArray _variables = [];

    public WorkflowJson Activity(string id, string type, params (string Input, string ExpressionType, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = id, ["version"] = 1, ["metadata"] = new JsonObject() };
        foreach (var (input, expressionType, value) in inputs)
            activity[input] = new JsonObject { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value } };
        _activities.Add(activity);
        return this;
    }

    public WorkflowJson Raw(JsonObject activity) { _activities.Add(activity); return this; }

    public WorkflowJson Start(string id = "start") => Activity(id, "Elsa.Start");
    public WorkflowJson End(string id = "end") => Activity(id, "Elsa.End");
    public WorkflowJson Event(string id, string? resultVariable = null) => resultVariable is null
        ? Activity(id, "Elsa.Event", ("eventName", "Literal", id))
        : Activity(id, "Elsa.Event", ("eventName", "Literal", id), ("resultVariable", "Literal", resultVariable));
    public WorkflowJson Fork(string id, params string[] branches) =>
        Activity(id, "Elsa.FlowFork", ("branches", "Object", new JsonArray(branches.Select(b => (JsonNode)b).ToArray()).ToJsonString()));
    public WorkflowJson Join(string id, string mode = "WaitAll") => Activity(id, "Elsa.FlowJoin", ("mode", "Literal", mode));
    public WorkflowJson Decision(string id, string javaScript) => Activity(id, "Elsa.FlowDecision", ("condition", "JavaScript", javaScript));

    public WorkflowJson Variable(string name, JsonNode? value = null)
    {
        _variables.Add(new JsonObject { ["id"] = name, ["name"] = name, ["typeName"] = "Object", ["value"] = value });
        return this;
    }

    public WorkflowJson Connect(string source, string target, string port = "Done")
    {
        _connections.Add(new JsonObject
        {
            ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
            ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
            ["vertices"] = new JsonArray(),
        });
        return this;
    }

    /// <summary>Connects a chain with Done ports: a -> b -> c.</summary>
    public WorkflowJson Chain(params string[] ids)
    {
        for (var i = 1; i < ids.Length; i++) Connect(ids[i - 1], ids[i]);
        return this;
    }

    public JsonObject Build(string name = "Test workflow", string? definitionId = null) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = name,
        ["variables"] = _variables.DeepClone(),
        ["root"] = new JsonObject
        {
            ["type"] = "Elsa.Flowchart",
            ["id"] = "flow1",
            ["activities"] = _activities.DeepClone(),
            ["connections"] = _connections.DeepClone(),
        },
    };
}
