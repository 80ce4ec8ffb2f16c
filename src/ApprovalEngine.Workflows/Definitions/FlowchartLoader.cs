using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Workflows.Definitions;

/// <summary>The result of loading: a runnable flowchart when <see cref="Problems"/> is empty.</summary>
public sealed record LoadResult(Flowchart? Flowchart, IReadOnlyList<ValidationProblem> Problems)
{
    public bool IsValid => Problems.Count == 0;
}

/// <summary>
/// Reads an Elsa 3 workflow definition model as Studio saves it and validates all of it in one pass,
/// so a designer sees every problem at once instead of fixing them one save at a time.
/// </summary>
public sealed class FlowchartLoader(ActivityRegistry activities, ExpressionEvaluators expressions)
{
    /// <exception cref="WorkflowValidationException">The definition has problems.</exception>
    public Flowchart LoadOrThrow(JsonNode? model)
    {
        var result = Load(model);
        return result.Flowchart ?? throw new WorkflowValidationException(result.Problems);
    }

    public LoadResult Load(JsonNode? model)
    {
        var problems = new List<ValidationProblem>();
        void Problem(string? activityId, string message) => problems.Add(new ValidationProblem(activityId, message));

        if (model is not JsonObject definition)
            return new LoadResult(null, [new(null, "The workflow definition must be a JSON object.")]);
        if (definition["root"] is not JsonObject root)
            return new LoadResult(null, [new(null, "The workflow definition has no 'root' activity.")]);
        if (Text(root["type"]) != "Elsa.Flowchart")
            Problem(null, $"The root activity must be of type 'Elsa.Flowchart', not '{Text(root["type"]) ?? "(none)"}'.");

        var variables = ReadVariables(definition, Problem);
        var variableNames = variables.Select(v => v.Name).ToHashSet(StringComparer.Ordinal);

        var nodes = new List<ActivityNode>();
        var types = new Dictionary<string, ActivityType>();
        foreach (var (item, index) in (root["activities"] as JsonArray ?? []).Select((a, i) => (a, i)))
        {
            if (item is not JsonObject activity) { Problem(null, $"activities[{index}] is not an object."); continue; }
            var id = Text(activity["id"]);
            if (string.IsNullOrWhiteSpace(id)) { Problem(null, $"activities[{index}] has no id."); continue; }
            if (types.ContainsKey(id) || nodes.Any(n => n.Id == id)) { Problem(id, "Duplicate activity id."); continue; }
            var typeName = Text(activity["type"]) ?? "";
            if (!activities.TryGet(typeName, out var type))
            {
                Problem(id, $"Unknown activity type '{typeName}'.");
                nodes.Add(new ActivityNode(id, typeName, Text(activity["name"]), new Dictionary<string, InputValue>()));
                continue;
            }
            var inputs = ReadInputs(id, activity, type, Problem);
            var node = new ActivityNode(id, typeName, Text(activity["name"]), inputs);
            foreach (var message in type.Prototype.Validate(new ActivityNodeInputs(inputs), variableNames))
                Problem(id, message);
            nodes.Add(node);
            types[id] = type;
        }

        var byId = nodes.ToDictionary(n => n.Id);
        var connections = new List<Connection>();
        foreach (var (item, index) in (root["connections"] as JsonArray ?? []).Select((c, i) => (c, i)))
        {
            var source = Text(item?["source"]?["activity"]);
            var port = Text(item?["source"]?["port"]) ?? "Done";
            var target = Text(item?["target"]?["activity"]);
            var ok = true;
            if (source is null || !byId.ContainsKey(source)) { Problem(source, $"connections[{index}] starts at unknown activity '{source}'."); ok = false; }
            if (target is null || !byId.ContainsKey(target)) { Problem(target, $"connections[{index}] ends at unknown activity '{target}'."); ok = false; }
            if (!ok) continue;
            if (types.TryGetValue(source!, out var sourceType))
            {
                var outcomes = sourceType.Outcomes(byId[source!]);
                if (!outcomes.Contains(port))
                    Problem(source, $"connections[{index}] leaves from port '{port}', but the activity's outcomes are: {string.Join(", ", outcomes)}.");
            }
            connections.Add(new Connection(source!, port, target!));
        }

        var start = FindStart(nodes, connections, Problem);
        if (start is not null)
        {
            var reached = Reachable(start, connections);
            foreach (var node in nodes.Where(n => !reached.Contains(n.Id)))
                Problem(node.Id, $"'{node.DisplayName}' cannot be reached from the start.");
        }

        return problems.Count > 0 || start is null
            ? new LoadResult(null, problems)
            : new LoadResult(new Flowchart(Text(definition["name"]) ?? "Untitled", start, nodes, connections, variables), problems);
    }

    private static List<VariableDefinition> ReadVariables(JsonObject definition, Action<string?, string> problem)
    {
        var result = new List<VariableDefinition>();
        foreach (var v in definition["variables"] as JsonArray ?? [])
        {
            var name = Text(v?["name"]);
            if (string.IsNullOrWhiteSpace(name)) { problem(null, "A workflow variable has no name."); continue; }
            if (result.Any(r => r.Name == name)) { problem(null, $"Variable '{name}' is declared twice."); continue; }
            result.Add(new VariableDefinition(name, Text(v?["typeName"]) ?? "Object", v?["value"]?.DeepClone()));
        }
        return result;
    }

    private Dictionary<string, InputValue> ReadInputs(string id, JsonObject activity, ActivityType type, Action<string?, string> problem)
    {
        var inputs = new Dictionary<string, InputValue>(StringComparer.Ordinal);
        foreach (var input in type.Inputs)
        {
            var raw = activity[input.Name];
            if (!input.Attribute.IsWrapped)
            {
                if (raw is not null) inputs[input.Name] = new InputValue(InputValue.Raw, raw.DeepClone());
                else if (input.Attribute.Required) problem(id, $"Input '{input.Name}' is required.");
                continue;
            }
            var expression = raw?["expression"];
            var expressionType = Text(expression?["type"]);
            var value = expression?["value"];
            if (expression is null || expressionType is null || IsEmpty(value))
            {
                if (input.Attribute.Required && input.Attribute.DefaultValue is null) problem(id, $"Input '{input.Name}' is required.");
                continue;
            }
            if (!expressions.TryGet(expressionType, out var evaluator))
            {
                problem(id, $"Input '{input.Name}' uses unknown expression type '{expressionType}' (known: {string.Join(", ", expressions.All.Select(e => e.Type))}).");
                continue;
            }
            if (evaluator.Check(value) is { } syntax) { problem(id, $"Input '{input.Name}': {syntax}"); continue; }
            if (evaluator is LiteralEvaluator or ObjectEvaluator)
            {
                // Constant values can be checked now, so a typo in "deadline days" is caught at save, not at run time.
                try { ValueConverter.Convert(evaluator.Evaluate(value, new ExpressionScope(new Dictionary<string, JsonNode?>(), [])), input.Type); }
                catch (Exception e) when (e is FormatException or ExpressionException) { problem(id, $"Input '{input.Name}': {e.Message}"); continue; }
            }
            inputs[input.Name] = new InputValue(expressionType, value?.DeepClone());
        }
        return inputs;
    }

    private static string? FindStart(List<ActivityNode> nodes, List<Connection> connections, Action<string?, string> problem)
    {
        var starts = nodes.Where(n => n.Type == "Elsa.Start").ToList();
        if (starts.Count > 1) { problem(starts[1].Id, "A workflow can have only one Start activity."); return null; }
        if (starts.Count == 1) return starts[0].Id;
        var roots = nodes.Where(n => connections.All(c => c.Target != n.Id)).ToList();
        if (roots.Count == 1) return roots[0].Id;
        problem(null, nodes.Count == 0
            ? "The workflow has no activities, so it has no start."
            : "The workflow has no start: add a Start activity (or leave exactly one activity without incoming connections).");
        return null;
    }

    private static HashSet<string> Reachable(string start, List<Connection> connections)
    {
        var next = connections.ToLookup(c => c.Source, c => c.Target);
        var seen = new HashSet<string> { start };
        var stack = new Stack<string>([start]);
        while (stack.TryPop(out var id))
            foreach (var t in next[id])
                if (seen.Add(t)) stack.Push(t);
        return seen;
    }

    private static bool IsEmpty(JsonNode? value) => value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);

    private static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
