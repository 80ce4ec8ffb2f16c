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

/// <summary>Finds published workflow definitions that other workflows use as activities (Elsa's workflow-definition activities).</summary>
public interface IWorkflowDefinitionResolver
{
    /// <summary>The published version of <paramref name="definitionId"/>, loaded; null when there is none.</summary>
    Flowchart? Resolve(string definitionId);
}

/// <summary>
/// Reads an Elsa 3 workflow definition model (3.0 and 3.1+ connection formats, Flowchart or Sequence roots, containers at
/// any depth) and validates all of it in one pass, so a designer sees every problem at once. Anything the engine cannot
/// honour is a named problem with its activity id, never a silent drop.
/// </summary>
public sealed class FlowchartLoader(ActivityRegistry activities, ExpressionEvaluators expressions, IWorkflowDefinitionResolver? children = null)
{
    private ActivityRegistry Activities => activities;
    private ExpressionEvaluators Expressions => expressions;
    private IWorkflowDefinitionResolver? Children => children;

    public const string FlowchartType = "Elsa.Flowchart";
    public const string SequenceType = "Elsa.Sequence";
    public const string FlowNodeType = "Elsa.FlowNode";

    // Keys every activity may carry that are not inputs: identity, designer layout, Elsa's bookkeeping.
    private static readonly HashSet<string> CommonKeys = new(StringComparer.Ordinal)
    {
        "id", "nodeId", "name", "type", "version", "customProperties", "metadata", "canStartWorkflow", "runAsynchronously",
        "source", "applicationProperties", "displayName", "description", "$type", "$id",
    };

    private static readonly HashSet<string> ChildWorkflowKeys = new(StringComparer.Ordinal)
    {
        "workflowDefinitionId", "workflowDefinitionVersionId", "latestAvailablePublishedVersion", "latestAvailablePublishedVersionId",
    };

    /// <exception cref="WorkflowValidationException">The definition has problems.</exception>
    public Flowchart LoadOrThrow(JsonNode? model)
    {
        var result = Load(model);
        return result.Flowchart ?? throw new WorkflowValidationException(result.Problems);
    }

    public LoadResult Load(JsonNode? model)
    {
        if (model is not JsonObject definition)
            return new LoadResult(null, [new(null, "The workflow definition must be a JSON object.")]);
        if (definition["root"] is not JsonObject root)
            return new LoadResult(null, [new(null, "The workflow definition has no 'root' activity.")]);
        var pass = new Pass(this, definition);
        // An object expected where the model has another JSON kind (a number as a variable, a string as an input):
        // System.Text.Json's indexers throw, and that is the model's problem, not the host's.
        try { return pass.Run(root); }
        catch (InvalidOperationException e) when (e.Source == "System.Text.Json")
        {
            return new LoadResult(null, [new(null, $"The workflow definition has a value of the wrong JSON kind: {e.Message}")]);
        }
    }

    /// <summary>One load: collects nodes, containers, connections and problems.</summary>
    private sealed class Pass(FlowchartLoader loader, JsonObject definition)
    {
        private readonly List<ValidationProblem> _problems = [];
        private readonly List<ActivityNode> _nodes = [];
        private readonly Dictionary<string, ActivityType?> _types = new(StringComparer.Ordinal);
        private readonly Dictionary<string, IReadOnlyList<string>> _childOutcomes = new(StringComparer.Ordinal);
        private readonly List<ContainerInfo> _containers = [];
        private readonly List<Connection> _connections = [];
        private readonly List<VariableDefinition> _variables = [];
        private List<string> _outputNames = [];

        private void Problem(string? activityId, string message) => _problems.Add(new ValidationProblem(activityId, message));

        /// <summary>A container's list: absent is empty; anything but an array is a problem, never a silently empty list.</summary>
        private JsonArray List(string containerId, JsonObject container, string key)
        {
            switch (container[key])
            {
                case null: return [];
                case JsonArray list: return list;
                default:
                    Problem(containerId, $"'{key}' must be a list.");
                    return [];
            }
        }

        public LoadResult Run(JsonObject root)
        {
            ReadVariables(definition["variables"], null);
            var inputNames = Names(definition["inputs"], "input");
            _outputNames = Names(definition["outputs"], "output");
            var outcomes = (definition["outcomes"] as JsonArray ?? []).Select(o => Text(o)).OfType<string>().ToList();

            // A root that is a single plain activity (or a workflow used as an activity) runs inside an implicit sequence.
            string startId;
            if (IsContainerType(Text(root["type"])))
                startId = ReadActivity(root, null, 0) ?? "";
            else
            {
                startId = "$root";
                var child = ReadActivity(root, startId, 0);
                _nodes.Add(new ActivityNode(startId, SequenceType, "Root", new Dictionary<string, InputValue>()));
                _containers.Add(new ContainerInfo(startId, ContainerKind.Sequence, child, child is null ? [] : [child]));
            }

            CheckBreaks();
            if (_problems.Count > 0 || startId.Length == 0) return new LoadResult(null, _problems);
            var flowchart = new Flowchart(Text(definition["name"]) ?? "Untitled", startId, _nodes, _connections, _variables, _containers)
            {
                DefinitionId = Text(definition["definitionId"]),
                InputNames = inputNames,
                OutputNames = _outputNames,
                Outcomes = outcomes,
            };
            return new LoadResult(flowchart, []);
        }

        private List<string> Names(JsonNode? list, string what)
        {
            var names = new List<string>();
            foreach (var item in list as JsonArray ?? [])
            {
                var name = Text(item?["name"]);
                if (string.IsNullOrWhiteSpace(name)) { Problem(null, $"A workflow {what} has no name."); continue; }
                if (names.Contains(name)) { Problem(null, $"Workflow {what} '{name}' is declared twice."); continue; }
                names.Add(name);
            }
            return names;
        }

        private void ReadVariables(JsonNode? list, string? ownerId)
        {
            foreach (var v in list as JsonArray ?? [])
            {
                var name = Text(v?["name"]);
                if (string.IsNullOrWhiteSpace(name)) { Problem(ownerId, "A variable has no name."); continue; }
                if (_variables.Any(r => r.Name == name)) { Problem(ownerId, $"Variable '{name}' is declared twice."); continue; }
                var typeName = Text(v?["typeName"]) ?? "Object";
                _variables.Add(new VariableDefinition(name, typeName, VariableValues.Default(v?["value"], typeName)) { Id = Text(v?["id"]) });
            }
        }

        private static bool IsContainerType(string? type) => type is FlowchartType or SequenceType or FlowNodeType;

        /// <summary>Reads one activity (recursively for containers); returns its id, or null when it has none.</summary>
        private string? ReadActivity(JsonNode? item, string? containerId, int index)
        {
            if (item is not JsonObject activity) { Problem(containerId, $"activities[{index}] is not an object."); return null; }
            var id = Text(activity["id"]);
            if (string.IsNullOrWhiteSpace(id)) { Problem(containerId, $"activities[{index}] has no id."); return null; }
            if (_types.ContainsKey(id)) { Problem(id, "Duplicate activity id."); return null; }
            var typeName = Text(activity["type"]) ?? "";
            var name = Text(activity["name"]);
            var canStart = activity["customProperties"]?["canStartWorkflow"] is JsonValue cs && cs.TryGetValue<bool>(out var b1) && b1
                           || activity["canStartWorkflow"] is JsonValue cs2 && cs2.TryGetValue<bool>(out var b2) && b2;
            _types[id] = null;

            switch (typeName)
            {
                case FlowchartType:
                    ReadVariables(activity["variables"], id);
                    ReadFlowchart(id, activity);
                    break;
                case SequenceType:
                {
                    ReadVariables(activity["variables"], id);
                    var ids = List(id, activity, "activities").Select((a, i) => ReadActivity(a, id, i)).OfType<string>().ToList();
                    _containers.Add(new ContainerInfo(id, ContainerKind.Sequence, ids.FirstOrDefault(), ids));
                    break;
                }
                case FlowNodeType:
                {
                    var body = activity["body"] is JsonObject ? ReadActivity(activity["body"], id, 0) : null;
                    _containers.Add(new ContainerInfo(id, ContainerKind.Sequence, body, body is null ? [] : [body]));
                    break;
                }
                default:
                    if (loader.Activities.TryGet(typeName, out var type))
                    {
                        _types[id] = type;
                        var slots = ReadEmbedded(id, activity, type);
                        var (inputs, outputs) = ReadPorts(id, activity, type);
                        foreach (var message in type.Prototype.Validate(new ActivityNodeInputs(inputs), _variables.Select(v => v.Name).ToHashSet()))
                            Problem(id, message);
                        CheckEmbeddedExpressions(id, type.Prototype.EmbeddedExpressions(new ActivityNodeInputs(inputs)));
                        _nodes.Add(new ActivityNode(id, typeName, name, inputs)
                        {
                            ContainerId = containerId, OutputBindings = outputs, CanStartWorkflow = canStart, Slots = slots,
                        });
                        return id;
                    }
                    if (Text(activity["workflowDefinitionId"]) is { Length: > 0 } childId)
                        return ReadChildWorkflow(id, typeName, name, childId, activity, containerId, canStart);
                    Problem(id, $"Unknown activity type '{typeName}' ({name ?? id}): it is not one of this host's activities.");
                    ReadHeld(id, activity);
                    return id;
            }
            _nodes.Add(new ActivityNode(id, typeName, name, new Dictionary<string, InputValue>()) { ContainerId = containerId, CanStartWorkflow = canStart });
            return id;
        }

        /// <summary>
        /// Reads what an activity of an unknown type holds (a code-first ParallelForEach&lt;User&gt;'s body, a custom container's
        /// branches), so a refusal names every unsupported activity at once, not only the outermost.
        /// </summary>
        private void ReadHeld(string id, JsonObject activity)
        {
            var index = 0;
            void Visit(JsonNode? node)
            {
                switch (node)
                {
                    case JsonObject o when Text(o["type"]) is not null && Text(o["id"]) is not null:
                        ReadActivity(o, id, index++);
                        break;
                    case JsonObject o:
                        foreach (var (_, value) in o) Visit(value);
                        break;
                    case JsonArray a:
                        foreach (var item in a) Visit(item);
                        break;
                }
            }
            foreach (var (key, value) in activity)
                if (key is not ("metadata" or "customProperties")) Visit(value);
        }

        /// <summary>Reads the activities embedded in ports (then, else, body, switch cases) as children of <paramref name="id"/>.</summary>
        private Dictionary<string, string> ReadEmbedded(string id, JsonObject activity, ActivityType type)
        {
            var slots = new Dictionary<string, string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var (slot, child) in type.Prototype.EmbeddedActivities(activity, type.Meta))
            {
                if (child is null) continue;
                if (ReadActivity(child, id, index++) is { } childId) slots[slot] = childId;
            }
            if (type.Meta.Ports.Length > 0)
                _containers.Add(new ContainerInfo(id, ContainerKind.Activity, null, slots.Values.ToList()));
            return slots;
        }

        private void CheckEmbeddedExpressions(string id, IEnumerable<(string Name, string ExpressionType, JsonNode? Source)> expressions)
        {
            foreach (var (name, expressionType, source) in expressions)
            {
                if (!loader.Expressions.TryGet(expressionType, out var evaluator))
                    Problem(id, $"{name} uses unknown expression type '{expressionType}', which this host does not support (supported: {string.Join(", ", loader.Expressions.All.Select(e => e.Type))}).");
                else if (evaluator.Check(source) is { } syntax)
                    Problem(id, $"{name}: {syntax}");
            }
        }

        /// <summary>
        /// Break ends the nearest enclosing loop (inside a ParallelForEach: that item's body); outside one it would do nothing,
        /// which is surely a mistake.
        /// </summary>
        private void CheckBreaks()
        {
            var byId = _nodes.ToDictionary(n => n.Id);
            foreach (var node in _nodes.Where(n => n.Type == "Elsa.Break"))
            {
                var inLoop = false;
                for (var c = node.ContainerId; c is not null && !inLoop; c = byId.GetValueOrDefault(c)?.ContainerId)
                    inLoop = _types.GetValueOrDefault(c) is { Meta.IsLoop: true } || byId.GetValueOrDefault(c)?.Type == Workflows.Activities.Elsa.ParallelForEach.TypeName;
                if (!inLoop) Problem(node.Id, "Break must be inside a loop (ForEach, While or ParallelForEach).");
            }
        }

        private string ReadChildWorkflow(string id, string typeName, string? name, string childId, JsonObject activity, string? containerId, bool canStart)
        {
            var child = loader.Children?.Resolve(childId);
            if (child is null)
            {
                Problem(id, $"Workflow-definition activity '{typeName}' uses workflow definition '{childId}', which is not published on this host (publish it first).");
                return id;
            }
            var known = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var input in child.InputNames) known[JsonNamingPolicy.CamelCase.ConvertName(input)] = input;
            var inputs = new Dictionary<string, InputValue>(StringComparer.Ordinal);
            var outputs = new Dictionary<string, OutputTarget>(StringComparer.Ordinal);
            var outputNames = child.OutputNames.ToDictionary(o => JsonNamingPolicy.CamelCase.ConvertName(o), o => o, StringComparer.Ordinal);
            foreach (var (key, value) in activity)
            {
                if (CommonKeys.Contains(key) || ChildWorkflowKeys.Contains(key) || IsNothing(value)) continue;
                if (known.TryGetValue(key, out var inputName))
                {
                    if (ReadExpression(id, key, value, typeof(JsonNode)) is { } input) inputs[inputName] = input;
                }
                else if (outputNames.TryGetValue(key, out var outputName))
                {
                    if (ReadBinding(id, key, value) is { } target) outputs[outputName] = target;
                }
                else Problem(id, $"'{key}' is neither an input nor an output of workflow '{child.Name}' ({childId}).");
            }
            _childOutcomes[id] = ["Done", .. child.Outcomes];
            _nodes.Add(new ActivityNode(id, typeName, name, inputs)
            {
                ContainerId = containerId, OutputBindings = outputs, WorkflowDefinitionId = childId, CanStartWorkflow = canStart,
            });
            return id;
        }

        private void ReadFlowchart(string id, JsonObject flowchart)
        {
            var childIds = new List<string>();
            foreach (var (item, index) in List(id, flowchart, "activities").Select((a, i) => (a, i)))
                if (ReadActivity(item, id, index) is { } childId) childIds.Add(childId);
            var children = childIds.ToHashSet(StringComparer.Ordinal);

            var connections = new List<Connection>();
            foreach (var (item, index) in List(id, flowchart, "connections").Select((c, i) => (c, i)))
            {
                if (item is not JsonObject c) { Problem(id, $"connections[{index}] is not an object."); continue; }
                // Elsa 3.1+: {"source":{"activity","port"},"target":{"activity","port"}}; Elsa 3.0: "source":"id","sourcePort","target":"id","targetPort".
                var (source, sourcePort) = Endpoint(c["source"], c["sourcePort"]);
                var (target, targetPort) = Endpoint(c["target"], c["targetPort"]);
                var ok = true;
                if (source is null || !children.Contains(source)) { Problem(source ?? id, $"connections[{index}] starts at unknown activity '{source}'."); ok = false; }
                if (target is null || !children.Contains(target)) { Problem(target ?? id, $"connections[{index}] ends at unknown activity '{target}'."); ok = false; }
                if (!ok) continue;
                var port = sourcePort ?? "Done";
                if (targetPort is not (null or "In"))
                    Problem(target, $"connections[{index}] enters port '{targetPort}'; only 'In' is supported.");
                var outcomes = OutcomesOf(source!);
                if (outcomes is not null && !outcomes.Contains(port))
                    Problem(source, $"connections[{index}] leaves from port '{port}', but the activity's outcomes are: {string.Join(", ", outcomes)}.");
                connections.Add(new Connection(source!, port, target!));
            }
            _connections.AddRange(connections);

            var start = FindStart(id, flowchart, childIds, connections);
            if (start is not null)
            {
                var reached = Reachable(start, connections);
                foreach (var child in childIds.Where(c => !reached.Contains(c)))
                    Problem(child, $"'{_nodes.FirstOrDefault(n => n.Id == child)?.DisplayName ?? child}' cannot be reached from the start.");
            }
            _containers.Add(new ContainerInfo(id, ContainerKind.Flowchart, start, childIds));
        }

        private IReadOnlyList<string>? OutcomesOf(string activityId)
        {
            if (_childOutcomes.TryGetValue(activityId, out var childOutcomes)) return childOutcomes;
            var node = _nodes.FirstOrDefault(n => n.Id == activityId);
            if (node is null) return null;
            if (_types.GetValueOrDefault(activityId) is { } type) return type.Outcomes(node);
            return IsContainerType(node.Type) ? ["Done"] : null;
        }

        private static (string? Activity, string? Port) Endpoint(JsonNode? end, JsonNode? legacyPort) => end switch
        {
            JsonObject o => (Text(o["activity"]), Text(o["port"])),
            JsonValue => (Text(end), Text(legacyPort)),
            _ => (null, null),
        };

        /// <summary>Elsa's order: the explicit start, a Start activity, a trigger that can start the workflow, the only activity without inbound connections, else the first.</summary>
        private string? FindStart(string flowchartId, JsonObject flowchart, List<string> childIds, List<Connection> connections)
        {
            if (childIds.Count == 0) return null;
            if (Text(flowchart["start"]) is { Length: > 0 } explicitStart)
            {
                if (childIds.Contains(explicitStart)) return explicitStart;
                Problem(flowchartId, $"The flowchart's start '{explicitStart}' is not one of its activities.");
                return null;
            }
            var nodes = _nodes.Where(n => childIds.Contains(n.Id)).ToList();
            var starts = nodes.Where(n => n.Type == "Elsa.Start").ToList();
            if (starts.Count > 1) { Problem(starts[1].Id, "A flowchart can have only one Start activity."); return null; }
            if (starts.Count == 1) return starts[0].Id;
            if (nodes.FirstOrDefault(n => n.CanStartWorkflow) is { } trigger) return trigger.Id;
            var roots = childIds.Where(id => connections.All(c => c.Target != id)).ToList();
            return roots.Count >= 1 ? roots[0] : childIds[0];
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

        private (Dictionary<string, InputValue>, Dictionary<string, OutputTarget>) ReadPorts(string id, JsonObject activity, ActivityType type)
        {
            var inputs = new Dictionary<string, InputValue>(StringComparer.Ordinal);
            var outputs = new Dictionary<string, OutputTarget>(StringComparer.Ordinal);
            var declared = type.Inputs.ToDictionary(i => i.Name, StringComparer.Ordinal);
            var outputNames = type.Meta.Outputs.ToHashSet(StringComparer.Ordinal);
            foreach (var input in type.Inputs)
            {
                var raw = activity[input.Name];
                if (!input.Attribute.IsWrapped)
                {
                    if (raw is not null) inputs[input.Name] = new InputValue(InputValue.Raw, raw.DeepClone());
                    else if (input.Attribute.Required) Problem(id, $"Input '{input.Name}' is required.");
                    continue;
                }
                if (raw is null || raw["expression"] is null || IsEmpty(raw["expression"]?["value"]))
                {
                    if (input.Attribute.Required && input.Attribute.DefaultValue is null) Problem(id, $"Input '{input.Name}' is required.");
                    continue;
                }
                if (ReadExpression(id, input.Name, raw, input.Type) is { } value) inputs[input.Name] = value;
            }
            foreach (var (key, value) in activity)
            {
                if (CommonKeys.Contains(key) || declared.ContainsKey(key) || type.Meta.Ports.Contains(key) || IsNothing(value)) continue;
                if (outputNames.Contains(key))
                {
                    if (ReadBinding(id, key, value) is { } target) outputs[key] = target;
                }
                else if (value is JsonObject o && o.ContainsKey("memoryReference") && !o.ContainsKey("expression"))
                    Problem(id, $"Output '{key}' is not an output of {type.TypeName}; its binding cannot be honoured.");
                else
                    Problem(id, $"Unsupported setting '{key}' on {type.TypeName}: this host does not implement it.");
            }
            return (inputs, outputs);
        }

        /// <summary>An output bound to memory: a variable (by id or name) or a workflow output (by name).</summary>
        private OutputTarget? ReadBinding(string id, string key, JsonNode? value)
        {
            var memory = Text(value?["memoryReference"]?["id"]);
            if (memory is null) { Problem(id, $"Output '{key}' has no memoryReference."); return null; }
            if ((_variables.FirstOrDefault(v => v.Id == memory) ?? _variables.FirstOrDefault(v => v.Name == memory)) is { } variable)
                return new OutputTarget(variable.Name, false);
            if (_outputNames.FirstOrDefault(o => string.Equals(o, memory, StringComparison.OrdinalIgnoreCase)) is { } output)
                return new OutputTarget(output, true);
            Problem(id, $"Output '{key}' is bound to '{memory}', which is neither a variable nor a workflow output.");
            return null;
        }

        private InputValue? ReadExpression(string id, string name, JsonNode? raw, Type targetType)
        {
            var expression = raw?["expression"];
            var expressionType = Text(expression?["type"]);
            var value = expression?["value"];
            if (expressionType is null)
            {
                // Elsa's unwrapped inputs on workflow activities may be plain JSON.
                return raw is JsonObject o && o.ContainsKey("expression") ? null : new InputValue("Literal", raw?.DeepClone());
            }
            if (IsEmpty(value)) return null;
            if (!loader.Expressions.TryGet(expressionType, out var evaluator))
            {
                Problem(id, $"Input '{name}' uses unknown expression type '{expressionType}', which this host does not support (supported: {string.Join(", ", loader.Expressions.All.Select(e => e.Type))}).");
                return null;
            }
            if (evaluator.Check(value) is { } syntax) { Problem(id, $"Input '{name}': {syntax}"); return null; }
            if (evaluator is LiteralEvaluator or ObjectEvaluator)
            {
                // Constant values can be checked now, so a typo in "deadline days" is caught at save, not at run time.
                try { ValueConverter.Convert(evaluator.Evaluate(value, ExpressionScope.Empty), targetType); }
                catch (Exception e) when (e is FormatException or ExpressionException) { Problem(id, $"Input '{name}': {e.Message}"); return null; }
            }
            return new InputValue(expressionType, value?.DeepClone());
        }
    }

    private static bool IsNothing(JsonNode? value) => value switch
    {
        null => true,
        JsonValue v when v.TryGetValue<bool>(out var b) => !b,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0,
        JsonArray a => a.Count == 0,
        JsonObject o when o.ContainsKey("expression") => o["expression"] is null || IsEmpty(o["expression"]?["value"]),
        _ => false,
    };

    private static bool IsEmpty(JsonNode? value) => value is null || (value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);

    internal static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
