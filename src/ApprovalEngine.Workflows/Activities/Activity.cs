using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities;

/// <summary>
/// A step of a flowchart. A fresh instance is created for every execution and its <see cref="InputAttribute"/>
/// properties are bound from the evaluated expressions, so activities may keep per-execution fields.
/// </summary>
public abstract class Activity
{
    /// <summary>Runs the activity: complete with outcomes, suspend on a bookmark, or fault.</summary>
    public abstract ValueTask<ActivityResult> ExecuteAsync(ActivityContext context);

    /// <summary>Continues the activity after a stimulus arrived for one of its bookmarks.</summary>
    public virtual ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus) =>
        ValueTask.FromResult(ActivityResult.Complete("Done"));

    /// <summary>
    /// Called when every embedded child this activity scheduled (<see cref="ActivityResult.ScheduleChildren"/>) is done:
    /// nothing inside it is scheduled or waiting any more. Loops schedule the next iteration here.
    /// </summary>
    public virtual ValueTask<ActivityResult> ChildrenCompletedAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityResult.Complete("Done"));

    /// <summary>
    /// The embedded children in the saved JSON, by slot name; by default the keys named in <see cref="ActivityAttribute.Ports"/>.
    /// Switch overrides it for the activity of each case.
    /// </summary>
    public virtual IEnumerable<(string Slot, JsonNode? Activity)> EmbeddedActivities(JsonObject activity, ActivityAttribute meta) =>
        meta.Ports.Select(p => (p, activity[p]));

    /// <summary>The outcomes of this node; dynamic activities (fork branches) read them from their configured inputs.</summary>
    public virtual IReadOnlyList<string> GetOutcomes(ActivityNodeInputs inputs, ActivityAttribute meta) => meta.Outcomes;

    /// <summary>Expressions held inside raw inputs (switch case conditions), checked at load like wrapped inputs.</summary>
    public virtual IEnumerable<(string Name, string ExpressionType, JsonNode? Source)> EmbeddedExpressions(ActivityNodeInputs inputs) => [];

    /// <summary>Checks beyond input types, run when a definition is loaded; returns one message per problem.</summary>
    public virtual IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames) => [];
}
