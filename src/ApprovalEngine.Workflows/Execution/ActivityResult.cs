using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Execution;

/// <summary>What an activity asks the engine to do next.</summary>
public abstract record ActivityResult
{
    /// <summary>Done: follow the connections leaving these outcomes (ports).</summary>
    public static ActivityResult Complete(params string[] outcomes) => new Completed(outcomes);

    /// <summary>
    /// Wait for a stimulus; with <paramref name="dueAt"/> the engine's timer sweeper delivers it. An activity that
    /// hands the bookmark id to a side effect (a task pointing at its bookmark) chooses it with <paramref name="bookmarkId"/>.
    /// </summary>
    public static ActivityResult Suspend(string name, JsonNode? payload = null, DateTimeOffset? dueAt = null, string? bookmarkId = null) =>
        new Suspended(name, payload, dueAt, bookmarkId);

    /// <summary>
    /// Wait on several bookmarks at once (a countersign opens one task per signer); the activity is resumed once per
    /// bookmark and may keep waiting on the rest with no new bookmark (an empty list).
    /// </summary>
    public static ActivityResult SuspendMany(IReadOnlyList<Suspended> bookmarks) => new SuspendedMany(bookmarks);

    /// <summary>Nothing to do yet and nothing to wait on by itself (a join waiting for other branches).</summary>
    public static ActivityResult Wait(string reason) => new Waiting(reason);

    public static ActivityResult Fault(string message, string? code = null) => new Faulted(message, code);

    /// <summary>End the whole workflow now, discarding every other pending step.</summary>
    public static ActivityResult FinishWorkflow() => new Finished();

    /// <summary>Complete the enclosing container (the workflow at the root) with these outcomes, discarding its other pending steps.</summary>
    public static ActivityResult CompleteContainer(params string[] outcomes) => new ContainerCompleted(outcomes);

    /// <summary>
    /// Run these embedded children (slot names, e.g. <c>then</c>, <c>body</c>); the activity's
    /// <see cref="Activities.Activity.ChildrenCompletedAsync"/> is called when all of them are done.
    /// </summary>
    public static ActivityResult ScheduleChildren(params string[] slots) => new ChildrenScheduled(slots);

    /// <summary>
    /// Run these embedded children once per item, side by side (ParallelForEach): each run has its own item scope, may wait on
    /// its own bookmarks, and the activity is called back when all of them are done.
    /// </summary>
    public static ActivityResult ScheduleChildrenPerItem(int items, params string[] slots) => new ChildrenScheduled(slots, items);

    /// <summary>End the nearest enclosing loop (Elsa's Break), discarding the rest of its current iteration.</summary>
    public static ActivityResult Break() => new BreakLoop();

    public sealed record ChildrenScheduled(IReadOnlyList<string> Slots, int? PerItem = null) : ActivityResult;
    public sealed record BreakLoop : ActivityResult;
    public sealed record Completed(IReadOnlyList<string> Outcomes) : ActivityResult;
    public sealed record Suspended(string Name, JsonNode? Payload, DateTimeOffset? DueAt, string? BookmarkId = null) : ActivityResult;
    public sealed record SuspendedMany(IReadOnlyList<Suspended> Bookmarks) : ActivityResult;
    public sealed record Waiting(string Reason) : ActivityResult;
    public sealed record Faulted(string Message, string? Code = null) : ActivityResult;
    public sealed record Finished : ActivityResult;
    public sealed record ContainerCompleted(IReadOnlyList<string> Outcomes) : ActivityResult;
}
