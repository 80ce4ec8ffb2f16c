using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ApprovalEngine.Workflows.Expressions;

/// <summary>
/// The JavaScript API Elsa 3 gives scripts, built as plain JS over JSON copies: <c>variables</c>, <c>getVariable(name)</c>,
/// <c>setVariable(name, v)</c>, <c>get&lt;Variable&gt;()</c>/<c>set&lt;Variable&gt;(v)</c>, <c>input</c>, <c>getInput(name)</c>,
/// <c>get&lt;Input&gt;()</c>, <c>output</c>, <c>get&lt;Output&gt;From&lt;Activity&gt;()</c>, <c>getOutputFrom(activity, output)</c>,
/// <c>getLastResult()</c>, <c>workflowInstanceId</c>, <c>correlationId</c> (and their getters), <c>isNullOrEmpty</c>,
/// <c>isNullOrWhiteSpace</c>. Variables changed by the script are written back through the scope.
/// </summary>
public static partial class ElsaApi
{
    [GeneratedRegex("^[A-Za-z_$][A-Za-z0-9_$]*$")]
    private static partial Regex Identifier();

    public static string Prelude(ExpressionScope scope, JsonObject variables)
    {
        var js = new StringBuilder();
        js.Append("const variables = ").Append(variables.ToJsonString()).Append(";\n");
        js.Append("const input = Object.freeze(").Append(scope.Input.ToJsonString()).Append(");\n");
        js.Append("const output = Object.freeze(").Append((scope.Output ?? []).ToJsonString()).Append(");\n");
        var outputs = new JsonObject((scope.ActivityOutputs ?? new Dictionary<string, JsonObject>())
            .Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value.DeepClone())));
        js.Append("const __outputs = Object.freeze(").Append(outputs.ToJsonString()).Append(");\n");
        js.Append("const __lastResult = ").Append(scope.LastResult?.ToJsonString() ?? "undefined").Append(";\n");
        js.Append("const workflowInstanceId = ").Append(Str(scope.WorkflowInstanceId)).Append(";\n");
        js.Append("const correlationId = ").Append(Str(scope.CorrelationId)).Append(";\n");
        js.Append("""
            function getVariable(name) { return variables[name]; }
            function setVariable(name, value) { variables[name] = value; }
            function getInput(name) {
              if (name === undefined) return input;
              if (name in input) return input[name];
              const key = Object.keys(input).find(k => k.toLowerCase() === String(name).toLowerCase());
              return key === undefined ? undefined : input[key];
            }
            function getOutputFrom(activity, name) { const o = __outputs[activity]; return o === undefined ? undefined : (name === undefined ? o : o[name]); }
            function getLastResult() { return __lastResult; }
            function getWorkflowInstanceId() { return workflowInstanceId; }
            function getCorrelationId() { return correlationId; }
            function isNullOrEmpty(s) { return s === null || s === undefined || s === ''; }
            function isNullOrWhiteSpace(s) { return s === null || s === undefined || String(s).trim() === ''; }

            """);
        // Inputs first: a variable with the same name wins, as the later declaration.
        foreach (var name in scope.InputNames.Concat(scope.Input.Select(kv => kv.Key)).Distinct())
            if (Identifier().IsMatch(name))
                js.Append($"function get{Pascal(name)}() {{ return getInput({Str(name)}); }}\n");
        foreach (var (activity, values) in scope.ActivityOutputs ?? new Dictionary<string, JsonObject>())
            foreach (var (output, _) in values)
                if (Identifier().IsMatch(activity) && Identifier().IsMatch(output))
                    js.Append($"function get{Pascal(output)}From{Pascal(activity)}() {{ return getOutputFrom({Str(activity)}, {Str(output)}); }}\n");
        foreach (var (name, _) in variables)
            if (Identifier().IsMatch(name))
                js.Append($"function get{Pascal(name)}() {{ return variables[{Str(name)}]; }} function set{Pascal(name)}(v) {{ variables[{Str(name)}] = v; }}\n");
        return js.ToString();
    }

    /// <summary>Writes back every variable the script changed (compared as JSON).</summary>
    public static void WriteBack(string variablesJson, JsonObject before, Action<string, JsonNode?> set)
    {
        if (JsonNode.Parse(variablesJson) is not JsonObject after) return;
        foreach (var (name, value) in after)
            if (!before.TryGetPropertyValue(name, out var old) || !JsonNode.DeepEquals(old, value))
                set(name, value?.DeepClone());
    }

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private static string Str(string? s) => s is null ? "null" : JsonSerializer.Serialize(s);
}
