using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Flow;

[Activity("Elsa", "FlowJoin", Category = "分支", DisplayName = "汇聚 (Join)",
    Description = "合并分支：WaitAll 等所有进行中的来路到齐，WaitAny 等第一条（其余撤销），WaitAllInbound 等每条连入的连线都走过。")]
public sealed class FlowJoin : Activity
{
    [Input(Options = ["WaitAll", "WaitAny", "WaitAllInbound"], DefaultValue = "WaitAll")]
    public string Mode { get; set; } = "WaitAll";

    // Arrivals are counted per incoming *activity*, not per connection: a review wired to the join from both
    // its Approved and Rejected ports is one branch. A branch that loops back (rejected, corrected, reviewed
    // again) arrives only when it finally leaves towards the join, and no other branch's bookmark is touched,
    // which is exactly what Elsa issue 7724 gets wrong. A branch that can no longer run (a decision took the other
    // way) is not waited for, as in Elsa ("active branches only").
    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Mode == "WaitAny")
        {
            context.ActivityState.Remove("arrived");
            context.CancelAncestors();
            context.UnscheduleSelf();
            return ValueTask.FromResult(ActivityResult.Complete("Done"));
        }
        if (Mode == "WaitAllInbound") return ValueTask.FromResult(WaitAllInbound(context));

        var arrived = context.ActivityState["arrived"] as JsonArray ?? [];
        if (context.ArrivedFrom is { } from && !arrived.Any(a => a!.GetValue<string>() == from)) arrived.Add(from);
        context.ActivityState["arrived"] = arrived;
        if (context.JoinReady(arrived))
        {
            // Reset so the join works again if the flow loops back through it.
            context.ActivityState.Remove("arrived");
            return ValueTask.FromResult(ActivityResult.Complete("Done"));
        }
        var expected = context.Flowchart.ForwardSources(context.Node.Id).Count;
        return ValueTask.FromResult(ActivityResult.Wait($"{arrived.Count} of {expected} branches arrived"));
    }

    /// <summary>Every inbound connection (source and port) must have been followed; a branch not taken blocks the join.</summary>
    private static ActivityResult WaitAllInbound(ActivityContext context)
    {
        var followed = context.ActivityState["followed"] as JsonArray ?? [];
        if (context.ArrivedFrom is { } from)
        {
            var key = $"{from}:{context.ArrivedVia}";
            if (!followed.Any(f => f!.GetValue<string>() == key)) followed.Add(key);
        }
        var all = context.Flowchart.Inbound(context.Node.Id).Select(c => $"{c.Source}:{c.SourcePort}").ToHashSet();
        if (all.IsSubsetOf(followed.Select(f => f!.GetValue<string>())))
        {
            context.ActivityState.Remove("followed");
            context.UnscheduleSelf();
            return ActivityResult.Complete("Done");
        }
        context.ActivityState["followed"] = followed;
        // Elsa keeps the instance running (suspended) on a join whose inbound connections were not all followed.
        return context.HasBookmark ? ActivityResult.Wait($"{followed.Count} of {all.Count} connections followed") : ActivityResult.Suspend("FlowJoin:WaitAllInbound");
    }

    public override IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames)
    {
        if (inputs["mode"] is { ExpressionType: "Literal" } mode && mode.Value?.GetValue<string>() is { } m && m is not ("WaitAll" or "WaitAny" or "WaitAllInbound"))
            yield return $"Join mode must be WaitAll, WaitAny or WaitAllInbound, not '{m}'.";
    }
}
