using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Execution;

public enum WorkflowStatus { Running, Suspended, Finished, Cancelled, Faulted }

/// <summary>
/// A suspended activity waiting for a stimulus; <see cref="DueAt"/> makes it a durable timer. <see cref="Scope"/> is the
/// ParallelForEach item it waits in (null outside any): its resume runs with that item's loop variables and state.
/// </summary>
public sealed record Bookmark(
    string Id, string ActivityId, string ActivityType, string Name, JsonNode? Payload,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt = null, string? Scope = null);

/// <summary>What arrives with a resume: the caller's data and who sent it.</summary>
public sealed record ResumeStimulus(JsonNode? Payload = null, string? Actor = null);

/// <summary>The whole persistent state of one workflow instance; serialized as JSON on the instance row.</summary>
public sealed class WorkflowState
{
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
    public Dictionary<string, JsonNode?> Variables { get; set; } = [];
    public JsonObject Input { get; set; } = [];

    /// <summary>Workflow outputs (Elsa's SetOutput and outputs bound to workflow outputs).</summary>
    public JsonObject Output { get; set; } = [];

    /// <summary>
    /// The outputs each activity produced, by activity id (for <c>get&lt;Output&gt;From&lt;Activity&gt;()</c>); inside a
    /// ParallelForEach item also by "id@scope", so the item reads its own (the plain id holds the latest of any item).
    /// </summary>
    public Dictionary<string, JsonObject> ActivityOutputs { get; set; } = [];

    /// <summary>The last activity output produced (Elsa's <c>getLastResult()</c>).</summary>
    public JsonNode? LastResult { get; set; }

    /// <summary>
    /// The last output produced inside each running ParallelForEach item, by item scope (see <see cref="Bookmark.Scope"/>): an
    /// item's <c>getLastResult()</c> sees its own. Its activity outputs are in <see cref="ActivityOutputs"/> as "id@scope".
    /// Both are dropped when the loop is done.
    /// </summary>
    public Dictionary<string, JsonNode?> ItemLastResults { get; set; } = [];

    public string? CorrelationId { get; set; }

    /// <summary>The instance name an Elsa <c>SetName</c> activity gave it.</summary>
    public string? Name { get; set; }

    /// <summary>Outcomes the workflow completed with (Elsa's <c>Complete</c>); a parent continues on them.</summary>
    public List<string> Outcomes { get; set; } = [];

    public List<Bookmark> Bookmarks { get; set; } = [];

    /// <summary>Per-activity memory that must survive suspension, e.g. which branches already reached a join.</summary>
    public Dictionary<string, JsonObject> ActivityState { get; set; } = [];

    /// <summary>
    /// A child instance another workflow waits on (ExecuteWorkflow, DispatchWorkflow, a workflow used as an activity): the
    /// parent instance and the bookmark its end resumes. Null for top-level instances and children nobody waits for.
    /// </summary>
    public string? ParentInstanceId { get; set; }
    public string? ParentBookmarkId { get; set; }

    public string? Fault { get; set; }
    /// <summary>Stable machine code of the fault when known (e.g. <c>expression-time-limit</c>).</summary>
    public string? FaultCode { get; set; }
    public string? FaultedActivityId { get; set; }
}

/// <summary>One line of the instance journal (Elsa calls it the workflow execution log).</summary>
public sealed record JournalEntry(
    DateTimeOffset Timestamp, string? ActivityId, string? ActivityType, string EventName,
    string? Outcome = null, string? Message = null, JsonNode? Payload = null, string? Actor = null);
