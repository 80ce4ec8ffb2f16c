using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

/// <summary>
/// Asks the host to store a child workflow as its own instance, in the parent's stimulus transaction: <see cref="Result"/> is
/// what the child's first run did (state, journal, bookmarks, effects), computed under <see cref="InstanceId"/>.
/// </summary>
public sealed record ChildInstanceEffect(string InstanceId, string DefinitionId, string? CorrelationId, ExecutionResult Result);

/// <summary>
/// Child workflows. One that ends at once without side effects runs inside the parent (its lines go to the parent's journal,
/// as Elsa runs a workflow-definition activity). Any other becomes its own stored instance; a parent that waits for it suspends
/// on a <see cref="BookmarkName"/> bookmark, which the host resumes with <see cref="Completion"/> when the child ends.
/// </summary>
public static class ChildWorkflows
{
    public const string BookmarkName = "ChildWorkflow";

    /// <summary>Runs the child under a new instance id; the id is kept only when the child is stored.</summary>
    internal static async Task<(string Id, ExecutionResult Result)> RunAsync(ActivityContext context, string definitionId, JsonObject input, string? correlationId)
    {
        var id = ActivityContext.NewId();
        return (id, await context.RunChildAsync(definitionId, input, correlationId, id));
    }

    /// <summary>Ended at once and asked for nothing: nothing of it needs storing.</summary>
    internal static bool RunsInline(ExecutionResult result) => result.State.Status == WorkflowStatus.Finished && result.Effects.Count == 0;

    internal static void CopyLines(ActivityContext context, ExecutionResult result)
    {
        foreach (var line in result.Journal.Where(j => j.EventName == "WriteLine"))
            context.Log("WriteLine", line.Message);
    }

    /// <summary>Stores the child as its own instance; with <paramref name="waitingBookmarkId"/> its end resumes that bookmark of this instance.</summary>
    internal static void Store(ActivityContext context, string id, string definitionId, string? correlationId, ExecutionResult result, string? waitingBookmarkId)
    {
        result.State.ParentInstanceId = context.InstanceId;
        result.State.ParentBookmarkId = waitingBookmarkId;
        context.AddEffect(new ChildInstanceEffect(id, definitionId, correlationId, result));
        context.Log("ChildWorkflowStarted", $"{definitionId} -> {id} ({result.State.Status})",
            new JsonObject { ["childInstanceId"] = id, ["definitionId"] = definitionId, ["status"] = result.State.Status.ToString() });
    }

    /// <summary>Suspends the parent until the stored child ends.</summary>
    internal static ActivityResult Wait(ActivityContext context, string id, string definitionId, string? correlationId, ExecutionResult result)
    {
        var bookmarkId = ActivityContext.NewId();
        Store(context, id, definitionId, correlationId, result, bookmarkId);
        return ActivityResult.Suspend(BookmarkName, new JsonObject { ["childInstanceId"] = id, ["definitionId"] = definitionId }, bookmarkId: bookmarkId);
    }

    /// <summary>What a waiting parent receives when its child ends (the payload of the resume).</summary>
    public static JsonObject Completion(string childInstanceId, WorkflowState child) => new()
    {
        ["workflowInstanceId"] = childInstanceId,
        ["status"] = child.Status.ToString(),
        ["output"] = child.Output.DeepClone(),
        ["outcomes"] = new JsonArray(child.Outcomes.Select(o => (JsonNode)o).ToArray()),
        ["fault"] = child.Fault,
    };

    /// <summary>Elsa's ExecuteWorkflowResult: a faulted or cancelled workflow is Finished with that sub-status; a waiting one is Running.</summary>
    internal static JsonObject ElsaResult(string instanceId, string status, JsonNode? output) => new()
    {
        ["workflowInstanceId"] = instanceId,
        ["status"] = status is nameof(WorkflowStatus.Suspended) or nameof(WorkflowStatus.Running) ? "Running" : "Finished",
        ["subStatus"] = status == nameof(WorkflowStatus.Running) ? "Executing" : status,
        ["output"] = output?.DeepClone() ?? new JsonObject(),
    };

    internal static string FaultMessage(string definitionId, WorkflowState state) =>
        $"Child workflow '{definitionId}' faulted: {state.Fault}";
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
        var (id, result) = await ChildWorkflows.RunAsync(context, DefinitionId, Input, context.CorrelationId);
        switch (result.State.Status)
        {
            case WorkflowStatus.Faulted:
                return ActivityResult.Fault(ChildWorkflows.FaultMessage(DefinitionId, result.State));
            case WorkflowStatus.Finished:
                if (ChildWorkflows.RunsInline(result)) ChildWorkflows.CopyLines(context, result);
                else ChildWorkflows.Store(context, id, DefinitionId, context.CorrelationId, result, null);
                return Done(context, result.State.Output, result.State.Outcomes);
            default:
                return ChildWorkflows.Wait(context, id, DefinitionId, context.CorrelationId, result);
        }
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        var child = stimulus.Payload as JsonObject ?? [];
        var status = child["status"]?.GetValue<string>();
        if (status != nameof(WorkflowStatus.Finished))
            return ValueTask.FromResult(ActivityResult.Fault($"Child workflow '{DefinitionId}' ({child["workflowInstanceId"]}) ended {status}: {child["fault"]}"));
        var outcomes = (child["outcomes"] as JsonArray ?? []).Select(o => o!.GetValue<string>()).ToList();
        return ValueTask.FromResult(Done(context, child["output"] as JsonObject ?? [], outcomes));
    }

    private static ActivityResult Done(ActivityContext context, JsonObject output, IReadOnlyList<string> outcomes)
    {
        foreach (var (name, value) in output) context.SetOutput(name, value?.DeepClone());
        return ActivityResult.Complete(outcomes.Count > 0 ? outcomes.ToArray() : ["Done"]);
    }
}

/// <summary>The inputs ExecuteWorkflow and DispatchWorkflow share (Elsa declares them on both).</summary>
public abstract class ChildWorkflowActivity : Activity
{
    [Input(DisplayName = "工作流定义", Description = "要运行的已发布工作流的定义 ID。", Required = true, Order = 0)]
    public string WorkflowDefinitionId { get; set; } = "";

    [Input(DisplayName = "关联号", Order = 1)]
    public string? CorrelationId { get; set; }

    [Input(DisplayName = "输入", Description = "传给子工作流的输入（JSON 对象）。", Order = 2)]
    public JsonNode? Input { get; set; }

    [Input(DisplayName = "等待完成", UIHint = "checkbox", Order = 3)]
    public bool WaitForCompletion { get; set; }

    /// <summary>A copy of <see cref="Input"/> for the child; null (the step faults) when it is not a JSON object.</summary>
    protected JsonObject? ChildInput() => Input switch
    {
        null => [],
        JsonObject o => o.DeepClone().AsObject(),
        _ => null,
    };
}

[Activity("Elsa", "ExecuteWorkflow", Category = "工作流", DisplayName = "执行工作流 (ExecuteWorkflow)",
    Description = "运行一个已发布的工作流并取得其输出（Result: workflowInstanceId, status, output）；可等待它完成（跨人工步骤、定时器与重启）。", Outputs = ["result"])]
public sealed class ExecuteWorkflow : ChildWorkflowActivity
{
    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (ChildInput() is not { } input) return ActivityResult.Fault("Input of ExecuteWorkflow must be a JSON object.");
        var correlationId = CorrelationId ?? context.CorrelationId;
        var (id, result) = await ChildWorkflows.RunAsync(context, WorkflowDefinitionId, input, correlationId);
        var state = result.State;
        if (state.Status == WorkflowStatus.Faulted) return ActivityResult.Fault(ChildWorkflows.FaultMessage(WorkflowDefinitionId, state));
        if (ChildWorkflows.RunsInline(result))
        {
            // Not stored: it is named after the step that ran it.
            ChildWorkflows.CopyLines(context, result);
            id = $"{context.InstanceId}/{context.Node.Id}";
        }
        else if (state.Status != WorkflowStatus.Finished && WaitForCompletion)
            return ChildWorkflows.Wait(context, id, WorkflowDefinitionId, correlationId, result);
        else
            ChildWorkflows.Store(context, id, WorkflowDefinitionId, correlationId, result, null);
        context.SetOutput("result", ChildWorkflows.ElsaResult(id, state.Status.ToString(), state.Output));
        return ActivityResult.Complete("Done");
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        var child = stimulus.Payload as JsonObject ?? [];
        context.SetOutput("result", ChildWorkflows.ElsaResult(child["workflowInstanceId"]?.GetValue<string>() ?? "",
            child["status"]?.GetValue<string>() ?? "", child["output"]));
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

/// <summary>
/// Elsa's DispatchWorkflow: starts the child as its own instance (in this stimulus) and goes on, or, with WaitForCompletion,
/// waits for it; Result is then the child's output.
/// </summary>
[Activity("Elsa", "DispatchWorkflow", Category = "工作流", DisplayName = "派发工作流 (DispatchWorkflow)",
    Description = "启动一个已发布工作流的新实例；可不等待（发出即走）或等待其完成（Result 为其输出）。", Outputs = ["result"])]
public sealed class DispatchWorkflow : ChildWorkflowActivity
{
    // Elsa's dispatch channel selects a queue of its background dispatcher; this host starts the child in the same transaction.
    [Input(DisplayName = "通道", Description = "Elsa 的派发通道；本主机忽略。", Order = 4)]
    public string? ChannelName { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (ChildInput() is not { } input) return ActivityResult.Fault("Input of DispatchWorkflow must be a JSON object.");
        input["ParentInstanceId"] = context.InstanceId;
        var (id, result) = await ChildWorkflows.RunAsync(context, WorkflowDefinitionId, input, CorrelationId);
        if (WaitForCompletion && result.State.Status is WorkflowStatus.Suspended or WorkflowStatus.Running)
            return ChildWorkflows.Wait(context, id, WorkflowDefinitionId, CorrelationId, result);
        ChildWorkflows.Store(context, id, WorkflowDefinitionId, CorrelationId, result, null);
        if (WaitForCompletion) context.SetOutput("result", result.State.Output.DeepClone());
        return ActivityResult.Complete("Done");
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus)
    {
        context.SetOutput("result", (stimulus.Payload as JsonObject)?["output"]?.DeepClone() ?? new JsonObject());
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}
