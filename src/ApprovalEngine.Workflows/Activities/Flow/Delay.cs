using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

/// <summary>Suspends on a durable timer bookmark; the host's timer sweeper resumes it when due.</summary>
[Activity("Elsa", "Delay", Category = "定时", DisplayName = "延时 (Delay)", Description = "等待一段时间（持久化，重启后继续）。")]
public sealed class Delay : Activity
{
    [Input(DisplayName = "Time span", Description = "How long to wait, as d.hh:mm:ss.", DefaultValue = "00:01:00")]
    public TimeSpan TimeSpan { get; set; }

    // Elsa's in-process vs bookmark choice; every delay here is a durable timer, which is Elsa's NonBlocking behaviour.
    [Input(DisplayName = "Strategy", Description = "Accepted for Elsa compatibility: every delay is a durable timer.", Options = ["Auto", "Blocking", "NonBlocking"], DefaultValue = "Auto")]
    public string? Strategy { get; set; }

    [Input(DisplayName = "Auto blocking threshold", Description = "Accepted for Elsa compatibility; not used.")]
    public TimeSpan? AutoBlockingThreshold { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Suspend("Timer", dueAt: context.Now + TimeSpan));
}

/// <summary>
/// Inside a flowchart a timer waits one interval, like <see cref="Delay"/>. With <c>canStartWorkflow</c> in a published
/// definition it is a recurring trigger: the host starts a new instance every interval, which goes on from here at once.
/// </summary>
[Activity("Elsa", "Timer", Category = "定时", DisplayName = "定时器 (Timer)", Description = "等待一个间隔（持久化，重启后继续）。")]
public sealed class Timer : Activity
{
    [Input(Description = "The interval, as d.hh:mm:ss.", DefaultValue = "00:01:00")]
    public TimeSpan Interval { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(context.TakeTrigger() is not null ? ActivityResult.Complete("Done") : ActivityResult.Suspend("Timer", dueAt: context.Now + Interval));
}
