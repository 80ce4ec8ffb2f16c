using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "SetVariable", Category = "基础", DisplayName = "设置变量 (SetVariable)", Description = "给一个工作流变量赋值。")]
public sealed class SetVariable : Activity
{
    // Studio saves the variable reference unwrapped: {"id":..,"name":..,"typeName":..}; a plain name is accepted too.
    [Input(UIHint = "variable-picker", IsWrapped = false, Required = true, Order = 0)]
    public JsonNode? Variable { get; set; }

    [Input(Description = "The value to assign.", Order = 1)]
    public JsonNode? Value { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.SetVariable(NameOf(Variable)!, Value?.DeepClone());
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        var name = NameOf(inputs["variable"]?.Value);
        if (name is null) yield return "Choose the variable to set.";
        else if (!variableNames.Contains(name)) yield return $"Variable '{name}' is not declared on the workflow.";
    }

    private static string? NameOf(JsonNode? reference) => reference switch
    {
        JsonObject o => o["name"]?.GetValue<string>(),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => null,
    };
}
