using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Approvals.FollowUps;

/// <summary>
/// A department's follow-up on the service given: rectifying a bad review, calling the reviewer back, replying to a
/// complaint. It is an ordinary task on the working-day clock (worklist, warning, escalation), addressed to the
/// department named in the workflow input unless the designer fixes one. The reply is kept in the <c>followUps</c>
/// variable under the activity id.
/// </summary>
[Activity("Approvals", "FollowUp", Category = "Approvals", DisplayName = "Service follow-up",
    Description = "A department answers for the service: rectification of a bad review, a callback, a complaint reply.",
    Outcomes = ["Done"])]
public sealed class FollowUp : HumanStep
{
    public const string FollowUpsVariable = "followUps";

    [Input(Description = "The department that answers; empty = the workflow input 'department'.", Order = 0)]
    public string? Department { get; set; }

    [Input(Description = "The task title shown in the worklist.", Required = true, Order = 1)]
    public string Title { get; set; } = "";

    [Input(Description = "What the department must do.", UIHint = "multiline", Order = 2)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "Deadline (working days)", Description = "0 = the workflow input 'deadlineWorkingDays'.", DefaultValue = "0", Order = 3)]
    public int DeadlineWorkingDays { get; set; }

    [Input(Description = "The one outcome that completes the task, e.g. Rectified, CalledBack, Replied.", Required = true, Order = 4)]
    public string Outcome { get; set; } = "";

    [Input(DisplayName = "Only when input", Description = "Skip the step unless this workflow input is true (e.g. realName).", Order = 5)]
    public string? OnlyWhenInput { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!string.IsNullOrEmpty(OnlyWhenInput) && !(context.Input[OnlyWhenInput] is JsonValue flag && flag.TryGetValue<bool>(out var on) && on))
            return ValueTask.FromResult(ActivityResult.Complete("Done"));
        var department = string.IsNullOrWhiteSpace(Department) ? context.Input["department"]?.GetValue<string>() : Department;
        if (string.IsNullOrWhiteSpace(department))
            return ValueTask.FromResult(ActivityResult.Fault("The follow-up has no department: set 'department' or start the workflow with a 'department' input."));
        var days = DeadlineWorkingDays > 0 ? DeadlineWorkingDays : context.Input["deadlineWorkingDays"]?.GetValue<int>() ?? 5;
        return ValueTask.FromResult(OpenTask(context, TaskKind.Review, department, Title, Instructions, days, [], [Outcome],
            new JsonObject { ["followUp"] = context.Input.DeepClone() }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        var completion = TaskCompletion.From(stimulus.Payload);
        var followUps = context.GetVariable(FollowUpsVariable) as JsonObject ?? [];
        followUps[context.Node.Id] = new JsonObject
        {
            ["outcome"] = completion.Outcome, ["opinion"] = completion.Opinion, ["by"] = completion.Actor, ["department"] = completion.Department, ["at"] = context.Now,
        };
        context.SetVariable(FollowUpsVariable, followUps.DeepClone());
        return ValueTask.FromResult(CloseTask(context, completion, "", completion.Department ?? "", () => ActivityResult.Complete("Done")));
    }
}
