using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "FlowJoin", Category = "Branching", DisplayName = "Join",
    Description = "Merges branches: WaitAll continues when every incoming activity has arrived, WaitAny on the first (cancelling the rest).")]
public sealed class FlowJoin : Activity
{
    [Input(Options = ["WaitAll", "WaitAny"], DefaultValue = "WaitAll")]
    public string Mode { get; set; } = "WaitAll";

    // Arrivals are counted per incoming *activity*, not per connection: a review wired to the join from both
    // its Approved and Rejected ports is one branch. A branch that loops back (rejected, corrected, reviewed
    // again) arrives only when it finally leaves towards the join, and no other branch's bookmark is touched,
    // which is exactly what Elsa issue 7724 gets wrong.
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Mode == "WaitAny")
        {
            context.ActivityState.Remove("arrived");
            context.CancelAncestors();
            return ValueTask.FromResult(ActivityResult.Complete("Done"));
        }

        var expected = context.Flowchart.Inbound(context.Node.Id).Select(c => c.Source).ToHashSet();
        var arrived = (context.ActivityState["arrived"] as JsonArray ?? []).Select(n => n!.GetValue<string>()).ToHashSet();
        if (context.ArrivedFrom is { } from) arrived.Add(from);

        if (expected.IsSubsetOf(arrived))
        {
            // Reset so the join works again if the flow loops back through it.
            context.ActivityState.Remove("arrived");
            return ValueTask.FromResult(ActivityResult.Complete("Done"));
        }
        context.ActivityState["arrived"] = new JsonArray(arrived.Order().Select(a => (JsonNode)a).ToArray());
        return ValueTask.FromResult(ActivityResult.Wait($"{arrived.Count} of {expected.Count} branches arrived"));
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (inputs["mode"] is { ExpressionType: "Literal" } mode && mode.Value?.GetValue<string>() is { } m && m is not ("WaitAll" or "WaitAny"))
            yield return $"Join mode must be WaitAll or WaitAny, not '{m}'.";
    }
}
