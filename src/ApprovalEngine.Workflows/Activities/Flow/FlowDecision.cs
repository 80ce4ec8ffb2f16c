using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "FlowDecision", Category = "Branching", DisplayName = "Decision",
    Description = "Continues on True or False depending on a condition.", Outcomes = ["True", "False"])]
public sealed class FlowDecision : Activity
{
    [Input(Description = "The condition, e.g. JavaScript: variables.fee > 0", Required = true)]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(Condition ? "True" : "False"));
}
