using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "FlowDecision", Category = "分支", DisplayName = "判断 (FlowDecision)",
    Description = "按条件走 True 或 False。", Outcomes = ["True", "False"])]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition, e.g. JavaScript: variables.fee > 0", Required = true)]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(Condition ? "True" : "False"));
}
