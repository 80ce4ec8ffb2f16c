using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "Start", Category = "流程", DisplayName = "开始 (Start)", Description = "工作流的入口。", IsStart = true)]
public sealed class Start : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Complete("Done"));
}

[Activity("Elsa", "End", Category = "流程", DisplayName = "结束 (End)", Description = "结束工作流；其余待办环节一并撤销。", Outcomes = [], IsTerminal = true)]
public sealed class End : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow());
}
