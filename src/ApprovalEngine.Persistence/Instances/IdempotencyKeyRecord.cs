using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>
/// An Idempotency-Key a caller sent with a start, and what it produced: a retry after a lost reply finds the first
/// instance instead of creating a second application. Stored in the start's own transaction, kept with the instances.
/// </summary>
public sealed class IdempotencyKeyRecord
{
    public const int MaxKeyLength = 200;

    public required string Caller { get; set; }
    public required string Key { get; set; }
    /// <summary>SHA-256 of the request (definition, correlation id, input): the same key with another body is refused.</summary>
    public required string RequestHash { get; set; }
    public required string InstanceId { get; set; }
    /// <summary>The status the first start answered with, so a replay answers the same.</summary>
    public WorkflowStatus ResponseStatus { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
