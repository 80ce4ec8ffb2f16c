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

    /// <summary>The outcomes of this node; dynamic activities (fork branches) read them from their configured inputs.</summary>
    public virtual IReadOnlyList<string> GetOutcomes(ActivityNodeInputs inputs, ActivityAttribute meta) => meta.Outcomes;

    /// <summary>Checks beyond input types, run when a definition is loaded; returns one message per problem.</summary>
    public virtual IEnumerable<string> Validate(ActivityNodeInputs inputs, IReadOnlySet<string> variableNames) => [];
}
