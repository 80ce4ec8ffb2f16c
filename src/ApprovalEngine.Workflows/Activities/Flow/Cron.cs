using ApprovalEngine.Workflows.Execution;
using Cronos;

namespace ApprovalEngine.Workflows.Activities.Flow;

/// <summary>
/// Elsa's Cron. Inside a flowchart it waits until the next occurrence of the expression (a durable timer, UTC), as
/// Elsa does when the workflow was not started by it. With <c>canStartWorkflow</c> in a published definition it is a
/// recurring trigger: the host starts a new instance at every occurrence, and the instance goes on from here at once.
/// </summary>
[Activity("Elsa", "Cron", Category = "定时", DisplayName = "定时触发 (Cron)", Kind = ActivityKind.Trigger,
    Description = "等到 CRON 表达式下一次匹配的时刻（UTC；5 段，或以秒开头的 6 段）。")]
public sealed class Cron : Activity
{
    [Input(Description = "The CRON expression, e.g. 0 0 * * * * (every hour).", Required = true)]
    public string CronExpression { get; set; } = "";

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (context.TakeTrigger() is not null) return ValueTask.FromResult(ActivityResult.Complete("Done"));
        if (Parse(CronExpression, out var error) is not { } expression)
            return ValueTask.FromResult(ActivityResult.Fault(error!));
        var next = expression.GetNextOccurrence(context.Now, TimeZoneInfo.Utc);
        return ValueTask.FromResult(next is { } due
            ? ActivityResult.Suspend("Cron", dueAt: due)
            : ActivityResult.Fault($"The cron expression '{CronExpression}' has no future occurrence."));
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (inputs["cronExpression"] is { ExpressionType: "Literal", Value: System.Text.Json.Nodes.JsonValue v } && v.TryGetValue<string>(out var text)
            && Parse(text, out var error) is null)
            yield return error!;
    }

    /// <summary>The next occurrence strictly after <paramref name="after"/> (UTC); null when the expression is invalid or has none.</summary>
    public static DateTimeOffset? Next(string expression, DateTimeOffset after) => Parse(expression, out _)?.GetNextOccurrence(after, TimeZoneInfo.Utc);

    // Elsa parses with seconds (six fields); the classic five-field form is accepted too.
    private static CronExpression? Parse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        try
        {
            return Cronos.CronExpression.Parse(trimmed, trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 5 ? CronFormat.Standard : CronFormat.IncludeSeconds);
        }
        catch (CronFormatException e)
        {
            error = $"Error when parsing cron expression: {e.Message}";
            return null;
        }
    }
}
