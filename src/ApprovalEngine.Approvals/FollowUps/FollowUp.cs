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
[Activity("Approvals", "FollowUp", Category = "审批", DisplayName = "服务跟进 (FollowUp)",
    Description = "责任部门对服务作出回应：差评整改、回访、投诉建议答复。",
    Outcomes = ["Done"])]
public sealed class FollowUp : HumanStep
{
    public const string FollowUpsVariable = "followUps";

    [Input(DisplayName = "责任部门", Description = "作出回应的部门；留空为流程输入 department。", Order = 0)]
    public string? Department { get; set; }

    [Input(DisplayName = "待办标题", Description = "待办列表中显示的任务标题。", Required = true, Order = 1)]
    public string Title { get; set; } = "";

    [Input(DisplayName = "办理说明", Description = "责任部门需要做的事。", UIHint = "multiline", Order = 2)]
    public string? Instructions { get; set; }

    [Input(DisplayName = "办理时限（工作日）", Description = "0 = 使用流程输入 deadlineWorkingDays。", DefaultValue = "0", Order = 3)]
    public int DeadlineWorkingDays { get; set; }

    [Input(DisplayName = "办结结果", Description = "完成任务的唯一结果，如 Rectified（已整改）、CalledBack（已回访）、Replied（已答复）。", Required = true, Order = 4)]
    public string Outcome { get; set; } = "";

    [Input(DisplayName = "仅当输入为真", Description = "除非该流程输入为 true（如 realName 实名），否则跳过本环节。", Order = 5)]
    public string? OnlyWhenInput { get; set; }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (WorkingDaysProblem(inputs, "deadlineWorkingDays", 0, MaxDeadlineWorkingDays, "办理时限") is { } deadline) yield return deadline;
    }

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
