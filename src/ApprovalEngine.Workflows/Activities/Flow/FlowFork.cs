using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "FlowFork", Category = "分支", DisplayName = "并行分支 (Fork)",
    Description = "同时开始所有命名的分支。", Outcomes = [])]
public sealed class FlowFork : Activity
{
    [Input(Description = "The branch names; each becomes an outcome.", UIHint = "dynamic-outcomes", Required = true)]
    public string[] Branches { get; set; } = [];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(Branches));

    // Branches are constants in the designer (an Object expression holding a JSON array), so ports are known at load time.
    public override IReadOnlyList<string> GetOutcomes(ActivityNodeInputs inputs, ActivityAttribute meta)
    {
        if (inputs["branches"] is not { } branches) return [];
        try
        {
            var value = branches.ExpressionType == "Object"
                ? new ObjectEvaluator().Evaluate(branches.Value, ExpressionScope.Empty)
                : branches.Value;
            return ValueConverter.Convert(value, typeof(string[])) as string[] ?? [];
        }
        catch (Exception e) when (e is FormatException or ExpressionException) { return []; }
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        var names = GetOutcomes(inputs, null!);
        if (names.Count == 0) yield return "A fork needs at least one branch.";
        foreach (var dup in names.GroupBy(n => n).Where(g => g.Count() > 1))
            yield return $"Branch '{dup.Key}' is named twice.";
    }
}
