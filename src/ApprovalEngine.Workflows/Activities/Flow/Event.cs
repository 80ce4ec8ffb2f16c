using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

/// <summary>A generic human or external step: waits until its bookmark is resumed, then stores the stimulus payload.</summary>
[Activity("Elsa", "Event", Category = "基础", DisplayName = "等待事件 (Event)", Kind = ActivityKind.Trigger, Description = "等待一个命名事件送达本实例。")]
public sealed class Event : Activity
{
    [Input(DisplayName = "Event name", Required = true)]
    public string EventName { get; set; } = "";

    [Input(DisplayName = "Result variable", Description = "Optional variable that receives the event payload.")]
    public string? ResultVariable { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend("Event:" + EventName));

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        if (!string.IsNullOrEmpty(ResultVariable)) context.SetVariable(ResultVariable, stimulus.Payload?.DeepClone());
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}
