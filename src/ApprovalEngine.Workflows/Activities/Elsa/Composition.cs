using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

/// <summary>
/// Runs a child workflow to its end inside the parent's stimulus. A child that would wait (a task, a timer) cannot be
/// kept as its own instance yet, so that faults clearly instead of being dropped.
/// </summary>
internal static class ChildWorkflows
{
    public static async Task<(WorkflowState? State, string? Fault)> RunAsync(ActivityContext context, string definitionId, JsonObject input, string? correlationId)
    {
        var result = await context.RunChildAsync(definitionId, input, correlationId);
        foreach (var line in result.Journal.Where(j => j.EventName == "WriteLine"))
            context.Log("WriteLine", line.Message);
        return result.State.Status switch
        {
            WorkflowStatus.Finished when result.Effects.Count == 0 => (result.State, null),
            WorkflowStatus.Finished => (null, $"Child workflow '{definitionId}' requested side effects ({result.Effects.Count}); child workflows may only compute."),
            WorkflowStatus.Faulted => (null, $"Child workflow '{definitionId}' faulted: {result.State.Fault}"),
            _ => (null, $"Child workflow '{definitionId}' waits at '{string.Join(", ", result.State.Bookmarks.Select(b => b.ActivityId))}'; child workflows that wait are not supported on this host yet."),
        };
    }
}

/// <summary>A published workflow definition used as an activity (Elsa lists it in the palette under its name).</summary>
[Activity("Elsa", "WorkflowDefinitionActivity", Category = "工作流", DisplayName = "子工作流", IsBrowsable = false)]
public sealed class WorkflowDefinitionActivity : Activity
{
    public const string TypeName = "Elsa.WorkflowDefinitionActivity";

    public string DefinitionId { get; set; } = "";
    public JsonObject Input { get; } = [];

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (state, fault) = await ChildWorkflows.RunAsync(context, DefinitionId, Input, context.CorrelationId);
        if (state is null) return ActivityResult.Fault(fault!);
        foreach (var (name, value) in state.Output) context.SetOutput(name, value?.DeepClone());
        return ActivityResult.Complete(state.Outcomes.Count > 0 ? state.Outcomes.ToArray() : ["Done"]);
    }
}

[Activity("Elsa", "ExecuteWorkflow", Category = "工作流", DisplayName = "执行工作流 (ExecuteWorkflow)",
    Description = "运行一个已发布的工作流并取得其输出（Result: workflowInstanceId, status, output）。", Outputs = ["result"])]
public sealed class ExecuteWorkflow : Activity
{
    [Input(DisplayName = "工作流定义", Description = "要执行的工作流定义 ID。", Required = true, Order = 0)]
    public string WorkflowDefinitionId { get; set; } = "";

    [Input(DisplayName = "关联号", Order = 1)]
    public string? CorrelationId { get; set; }

    [Input(DisplayName = "输入", Description = "传给子工作流的输入（JSON 对象）。", Order = 2)]
    public JsonNode? Input { get; set; }

    [Input(DisplayName = "等待完成", UIHint = "checkbox", Order = 3)]
    public bool WaitForCompletion { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Input is not (null or JsonObject)) return ActivityResult.Fault("Input of ExecuteWorkflow must be a JSON object.");
        var (state, fault) = await ChildWorkflows.RunAsync(context, WorkflowDefinitionId, (Input?.DeepClone() as JsonObject) ?? [], CorrelationId ?? context.CorrelationId);
        if (state is null) return ActivityResult.Fault(fault!);
        context.SetOutput("result", new JsonObject
        {
            ["workflowInstanceId"] = $"{context.InstanceId}/{context.Node.Id}",
            ["status"] = "Finished",
            ["subStatus"] = "Finished",
            ["output"] = state.Output.DeepClone(),
        });
        return ActivityResult.Complete("Done");
    }
}
