using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

// Elsa 3's standard primitives with Elsa's type names, input names and outcomes. Studio shows the Chinese display
// names and categories; the type names stay Elsa's so workflows written for Elsa load unchanged.

/// <summary>Elsa writes the line to the console; here it is a journal line, which is where an operator looks.</summary>
[Activity("Elsa", "WriteLine", Category = "基础", DisplayName = "输出一行 (WriteLine)", Description = "把一行文字写入实例日志。")]
public sealed class WriteLine : Activity
{
    [Input(DisplayName = "文字", Description = "要写入的文字。")]
    public string? Text { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.Log("WriteLine", Text ?? "");
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

[Activity("Elsa", "SetOutput", Category = "基础", DisplayName = "设置输出 (SetOutput)", Description = "设置工作流的一个输出值。")]
public sealed class SetOutput : Activity
{
    [Input(DisplayName = "输出名称", Description = "工作流输出的名称。", Required = true)]
    public string OutputName { get; set; } = "";

    [Input(DisplayName = "输出值", Description = "要设置的值。")]
    public JsonNode? OutputValue { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.SetWorkflowOutput(OutputName, OutputValue?.DeepClone());
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

[Activity("Elsa", "Correlate", Category = "基础", DisplayName = "设置关联号 (Correlate)", Description = "设置工作流实例的关联号。")]
public sealed class Correlate : Activity
{
    [Input(DisplayName = "关联号", Description = "实例的关联号。", Required = true)]
    public string CorrelationId { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.CorrelationId = CorrelationId;
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

[Activity("Elsa", "SetName", Category = "基础", DisplayName = "设置实例名称 (SetName)", Description = "设置工作流实例的名称。")]
public sealed class SetName : Activity
{
    [Input(DisplayName = "名称", Description = "实例名称。")]
    public string? Value { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.SetInstanceName(Value);
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

[Activity("Elsa", "Fault", Category = "基础", DisplayName = "故障 (Fault)", Description = "以指定的错误使工作流进入故障状态。", Outcomes = [], IsTerminal = true)]
public sealed class Fault : Activity
{
    [Input(DisplayName = "错误代码")]
    public string? Code { get; set; }

    [Input(DisplayName = "错误类别")]
    public string? Category { get; set; }

    [Input(DisplayName = "错误信息", UIHint = "multiline")]
    public string? Message { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Fault(string.Join(" ", new[] { Code is { Length: > 0 } ? $"[{Code}]" : null, Category, Message }.Where(s => !string.IsNullOrEmpty(s)))));
}

/// <summary>Completes the enclosing flowchart (the workflow at the root) with outcomes; a parent workflow continues on them.</summary>
[Activity("Elsa", "Complete", Category = "流程", DisplayName = "完成 (Complete)", Description = "以指定结果完成当前流程图（在根上即完成工作流）。", Outcomes = [], IsTerminal = true)]
public sealed class Complete : Activity
{
    [Input(DisplayName = "结果", Description = "完成时的结果（一个或多个）。", UIHint = "outcome-picker")]
    public JsonNode? Outcomes { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.CompleteContainer(Names(Outcomes)));

    // Elsa stores a single outcome as a string and several as a JSON array (sometimes as JSON text).
    internal static string[] Names(JsonNode? value) => value switch
    {
        null => ["Done"],
        JsonArray a => a.Select(o => o?.ToString()).OfType<string>().ToArray(),
        JsonValue v when v.TryGetValue<string>(out var s) && s.TrimStart().StartsWith('[') => Names(JsonNode.Parse(s)),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length == 0 ? ["Done"] : [s],
        _ => [value.ToString()],
    };
}

[Activity("Elsa", "Finish", Category = "流程", DisplayName = "结束工作流 (Finish)", Description = "立即结束整个工作流。", Outcomes = [], IsTerminal = true)]
public sealed class Finish : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow());
}

[Activity("Elsa", "RunJavaScript", Category = "脚本", DisplayName = "运行 JavaScript (RunJavaScript)",
    Description = "运行一段 JavaScript（与表达式相同的 API 和限制），返回值作为输出 Result。", Outputs = ["result"])]
public sealed class RunJavaScript : Activity
{
    [Input(DisplayName = "脚本", Description = "要运行的 JavaScript。", UIHint = "code-editor")]
    public string? Script { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (!string.IsNullOrWhiteSpace(Script)) context.SetOutput("result", await context.EvaluateScriptAsync("JavaScript", Script));
        return ActivityResult.Complete("Done");
    }
}
