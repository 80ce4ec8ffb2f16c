using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "Start", Category = "Flow", Description = "The entry point of the workflow.", IsStart = true)]
public sealed class Start : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete("Done"));
}

[Activity("Elsa", "End", Category = "Flow", Description = "Ends the workflow; any other pending steps are discarded.", Outcomes = [], IsTerminal = true)]
public sealed class End : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow());
}
