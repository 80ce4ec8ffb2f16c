using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

// Elsa 3's structured control flow: activities with embedded ports (then/else, body, switch cases) that schedule their
// children and are called back when those are done. In a flowchart each completes on "Done" once its children are done.

[Activity("Elsa", "If", Category = "分支", DisplayName = "条件 (If)", Ports = ["then", "else"], Outputs = ["result"],
    Description = "按条件运行 Then 或 Else 中的活动，完成后继续 Done。")]
public sealed class If : Activity
{
    [Input(DisplayName = "条件", Description = "如 JavaScript: variables.fee > 0")]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        context.SetOutput("result", Condition);
        var slot = Condition ? "then" : "else";
        return ValueTask.FromResult(context.HasChild(slot) ? ActivityResult.ScheduleChildren(slot) : ActivityResult.Complete("Done"));
    }
}

/// <summary>One case of a (flow) switch as Studio saves it: <c>{"label":..,"condition":{"type":..,"value":..},"activity":..}</c>.</summary>
internal sealed record SwitchCase(int Index, string Label, string ExpressionType, JsonNode? Condition)
{
    public static IReadOnlyList<SwitchCase> Read(JsonNode? cases) =>
        (cases as JsonArray ?? []).Select((c, i) => new SwitchCase(i,
            c?["label"] is JsonValue l && l.TryGetValue<string>(out var label) ? label : $"Case {i + 1}",
            c?["condition"]?["type"] is JsonValue t && t.TryGetValue<string>(out var type) ? type : "Literal",
            c?["condition"]?["value"]?.DeepClone())).ToList();

    public static IEnumerable<(string, string, JsonNode?)> Expressions(ActivityNodeInputs inputs) =>
        Read(inputs["cases"]?.Value).Where(c => c.Condition is not null).Select(c => ($"Case '{c.Label}'", c.ExpressionType, c.Condition));

    /// <summary>The matching cases in order: only the first with MatchFirst (Elsa's default), all with MatchAny.</summary>
    public static async Task<List<SwitchCase>> MatchAsync(ActivityContext context, JsonNode? cases, string? mode)
    {
        var matches = new List<SwitchCase>();
        foreach (var c in Read(cases))
        {
            if (c.Condition is null) continue;
            var source = c.Condition is JsonValue v && v.TryGetValue<string>(out var text) ? text : c.Condition.ToJsonString();
            var value = await context.EvaluateScriptAsync(c.ExpressionType, source);
            bool matched;
            try { matched = ValueConverter.Convert(value, typeof(bool?)) as bool? == true; }
            catch (FormatException e) { throw new ActivityFaultException($"Case '{c.Label}': the condition gave {value?.ToJsonString()}, not true or false.", e); }
            if (!matched) continue;
            matches.Add(c);
            if (mode != "MatchAny") break;
        }
        return matches;
    }

    public static IEnumerable<string> ValidateMode(ActivityNodeInputs inputs)
    {
        if (inputs["mode"] is { ExpressionType: "Literal" } m && m.Value is JsonValue v && v.TryGetValue<string>(out var mode) && mode is not ("MatchFirst" or "MatchAny"))
            yield return $"Switch mode must be MatchFirst or MatchAny, not '{mode}'.";
    }
}

[Activity("Elsa", "Switch", Category = "分支", DisplayName = "多路分支 (Switch)", Ports = ["default"],
    Description = "运行条件成立的分支中的活动（MatchFirst 只运行第一个，MatchAny 运行全部），都不成立时运行 Default。")]
public sealed class Switch : Activity
{
    [Input(DisplayName = "分支", Description = "每个分支：名称、条件和要运行的活动。", UIHint = "switch-editor", IsWrapped = false, Order = 0)]
    public JsonNode? Cases { get; set; }

    [Input(DisplayName = "匹配方式", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst", Order = 1)]
    public string Mode { get; set; } = "MatchFirst";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var matches = await SwitchCase.MatchAsync(context, Cases, Mode);
        string[] slots = matches.Count > 0 ? matches.Select(c => Slot(c.Index)).ToArray() : ["default"];
        slots = slots.Where(context.HasChild).ToArray();
        return slots.Length > 0 ? ActivityResult.ScheduleChildren(slots) : ActivityResult.Complete("Done");
    }

    private static string Slot(int index) => $"case{index}";

    public override IEnumerable<(string Slot, JsonNode? Activity)> EmbeddedActivities(JsonObject activity, ActivityAttribute meta) =>
        SwitchCase.Read(activity["cases"]).Select(c => (Slot(c.Index), activity["cases"]![c.Index]?["activity"]))
            .Append(("default", activity["default"]));

    public override IEnumerable<(string Name, string ExpressionType, JsonNode? Source)> EmbeddedExpressions(ActivityNodeInputs inputs) =>
        SwitchCase.Expressions(inputs);

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames) => SwitchCase.ValidateMode(inputs);
}

[Activity("Elsa", "FlowSwitch", Category = "分支", DisplayName = "多路分支 (FlowSwitch)", Outcomes = ["Default"],
    Description = "按条件成立的分支继续（MatchFirst 只走第一个，MatchAny 走全部），都不成立时走 Default。")]
public sealed class FlowSwitch : Activity
{
    [Input(DisplayName = "分支", Description = "每个分支：名称（即出口）和条件。", UIHint = "flow-switch-editor", IsWrapped = false, Order = 0)]
    public JsonNode? Cases { get; set; }

    [Input(DisplayName = "匹配方式", Options = ["MatchFirst", "MatchAny"], DefaultValue = "MatchFirst", Order = 1)]
    public string Mode { get; set; } = "MatchFirst";

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var matches = await SwitchCase.MatchAsync(context, Cases, Mode);
        return ActivityResult.Complete(matches.Count > 0 ? matches.Select(c => c.Label).ToArray() : ["Default"]);
    }

    public override IReadOnlyList<string> GetOutcomes(ActivityNodeInputs inputs, ActivityAttribute meta) =>
        SwitchCase.Read(inputs["cases"]?.Value).Select(c => c.Label).Append("Default").Distinct().ToList();

    public override IEnumerable<(string Name, string ExpressionType, JsonNode? Source)> EmbeddedExpressions(ActivityNodeInputs inputs) =>
        SwitchCase.Expressions(inputs);

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        foreach (var dup in SwitchCase.Read(inputs["cases"]?.Value).GroupBy(c => c.Label).Where(g => g.Count() > 1))
            yield return $"Case '{dup.Key}' is named twice.";
        foreach (var problem in SwitchCase.ValidateMode(inputs)) yield return problem;
    }
}

/// <summary>
/// What ForEach and ParallelForEach share: the items are evaluated once and kept with the activity, and the body sees
/// the item as the variables CurrentValue and CurrentIndex (Elsa declares them in the body's scope; here they are
/// set for the loop's duration and the previous values come back when it ends, so nested loops shadow as in Elsa).
/// </summary>
internal static class Iteration
{
    private static readonly string[] LoopVariables = ["CurrentValue", "CurrentIndex"];

    /// <exception cref="ActivityFaultException">The items are not a list.</exception>
    public static void Begin(ActivityContext context, JsonNode? items)
    {
        var list = items switch
        {
            null => [],
            JsonArray a => a.DeepClone().AsArray(),
            JsonValue v when v.TryGetValue<string>(out var s) && s.TrimStart().StartsWith('[') => JsonNode.Parse(s) as JsonArray ?? [],
            JsonValue v when v.TryGetValue<string>(out var s) && string.IsNullOrWhiteSpace(s) => [],
            _ => throw new ActivityFaultException($"Items must be a list (JSON array), not {items.ToJsonString()}."),
        };
        var state = context.ActivityState;
        state.Clear();
        state["items"] = list;
        state["index"] = 0;
        var saved = new JsonObject();
        foreach (var name in LoopVariables)
            if (context.Variables.TryGetValue(name, out var value)) saved[name] = value?.DeepClone();
        state["saved"] = saved;
    }

    /// <summary>Sets up the next item; false when there is none (or a Break ended the loop), after restoring the variables.</summary>
    public static bool Next(ActivityContext context, out JsonNode? value, out int index)
    {
        var state = context.ActivityState;
        var items = state["items"] as JsonArray ?? [];
        index = state["index"]?.GetValue<int>() ?? 0;
        if (context.IsBreaking || index >= items.Count)
        {
            End(context);
            value = null;
            return false;
        }
        value = items[index]?.DeepClone();
        state["index"] = index + 1;
        context.SetVariable("CurrentValue", value?.DeepClone());
        context.SetVariable("CurrentIndex", index);
        return true;
    }

    /// <summary>The loop is over: the variables get their values from before it back.</summary>
    public static void End(ActivityContext context)
    {
        var state = context.ActivityState;
        var saved = state["saved"] as JsonObject ?? [];
        foreach (var name in LoopVariables)
            if (saved.TryGetPropertyValue(name, out var old)) context.SetVariable(name, old?.DeepClone());
            else context.RemoveVariable(name);
        state.Clear();
    }

    public static int Count(ActivityContext context) => (context.ActivityState["items"] as JsonArray ?? []).Count;
}

/// <summary>ForEach and ParallelForEach: the items, evaluated once when the loop starts.</summary>
public abstract class ItemLoop : Activity
{
    [Input(DisplayName = "列表", Description = "要逐项处理的值（JSON 数组）。")]
    public JsonNode? Items { get; set; }
}

[Activity("Elsa", "ForEach", Category = "循环", DisplayName = "逐项循环 (ForEach)", Ports = ["body"], Outputs = ["currentValue"], IsLoop = true,
    Description = "对列表中的每一项依次运行 Body（当前项：变量 CurrentValue、CurrentIndex 和输出 CurrentValue），全部完成后继续 Done。")]
public sealed class ForEach : ItemLoop
{
    public const string TypeName = "Elsa.ForEach";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Iteration.Begin(context, Items);
        return ValueTask.FromResult(Iterate(context));
    }

    public override ValueTask<ActivityResult> ChildrenCompletedAsync(ActivityContext context) => ValueTask.FromResult(Iterate(context));

    private static ActivityResult Iterate(ActivityContext context)
    {
        if (!Iteration.Next(context, out var value, out _)) return ActivityResult.Complete("Done");
        context.SetOutput("currentValue", value);
        return ActivityResult.ScheduleChildren("body");
    }
}

/// <summary>
/// Elsa's ParallelForEach: one body per item, all scheduled at once. The bodies advance side by side; each sees its own
/// item (CurrentValue, CurrentIndex) and its own activity outputs, may wait on its own bookmarks (a review per item), and
/// the loop continues with Done when every body is done. As in Elsa it does not catch Break: a Break ends only its item's body.
/// </summary>
[Activity("Elsa", "ParallelForEach", Category = "循环", DisplayName = "并行逐项 (ParallelForEach)", Ports = ["body"],
    Description = "对列表中的每一项同时运行 Body（当前项：变量 CurrentValue、CurrentIndex；各项的活动输出互不干扰），各项可分别等待，全部完成后继续 Done。Body 中的 Break 只结束该项。")]
public sealed class ParallelForEach : ItemLoop
{
    public const string TypeName = "Elsa.ParallelForEach";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        Iteration.Begin(context, Items);
        return ValueTask.FromResult(ActivityResult.ScheduleChildrenPerItem(Iteration.Count(context), "body"));
    }

    public override ValueTask<ActivityResult> ChildrenCompletedAsync(ActivityContext context)
    {
        Iteration.End(context);
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }
}

[Activity("Elsa", "While", Category = "循环", DisplayName = "当型循环 (While)", Ports = ["body"], IsLoop = true,
    Description = "条件成立时反复运行 Body（每轮之前重新求值条件），不成立时继续 Done。")]
public sealed class While : Activity
{
    [Input(DisplayName = "条件", Description = "每轮之前求值，如 JavaScript: getCount() < 3")]
    public bool Condition { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(Iterate(context));

    // Inputs are bound afresh for every callback, so Condition is the condition evaluated now.
    public override ValueTask<ActivityResult> ChildrenCompletedAsync(ActivityContext context) => ValueTask.FromResult(Iterate(context));

    private ActivityResult Iterate(ActivityContext context)
    {
        var breaking = context.IsBreaking;
        context.ActivityState.Clear();
        return !breaking && Condition ? ActivityResult.ScheduleChildren("body") : ActivityResult.Complete("Done");
    }
}

[Activity("Elsa", "Break", Category = "循环", DisplayName = "跳出循环 (Break)", Outcomes = [], IsTerminal = true,
    Description = "结束最近的 ForEach 或 While 循环（放弃本轮余下的步骤），循环继续 Done。在 ParallelForEach 中只结束当前项，外层的 ForEach 或 While 在本轮结束后结束。")]
public sealed class Break : Activity
{
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityResult.Break());
}
