using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Execution;

public enum WorkflowStatus { Running, Suspended, Finished, Cancelled, Faulted }

/// <summary>A suspended activity waiting for a stimulus; <see cref="DueAt"/> makes it a durable timer.</summary>
public sealed record Bookmark(
    string Id, string ActivityId, string ActivityType, string Name, JsonNode? Payload,
    DateTimeOffset CreatedAt, DateTimeOffset? DueAt = null);

/// <summary>What arrives with a resume: the caller's data and who sent it.</summary>
public sealed record ResumeStimulus(JsonNode? Payload = null, string? Actor = null);

/// <summary>The whole persistent state of one workflow instance; serialized as JSON on the instance row.</summary>
public sealed class WorkflowState
{
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;
    public Dictionary<string, JsonNode?> Variables { get; set; } = [];
    public JsonObject Input { get; set; } = [];
    public List<Bookmark> Bookmarks { get; set; } = [];

    /// <summary>Per-activity memory that must survive suspension, e.g. which branches already reached a join.</summary>
    public Dictionary<string, JsonObject> ActivityState { get; set; } = [];

    public string? Fault { get; set; }
    public string? FaultedActivityId { get; set; }
}

/// <summary>One line of the instance journal (Elsa calls it the workflow execution log).</summary>
public sealed record JournalEntry(
    DateTimeOffset Timestamp, string? ActivityId, string? ActivityType, string EventName,
    string? Outcome = null, string? Message = null, JsonNode? Payload = null, string? Actor = null);
