namespace ApprovalEngine.Persistence.Audit;

/// <summary>
/// One append-only audit record. Each carries the hash of the previous record of its chain (one chain per
/// instance, one "system" chain), so editing or deleting a row breaks the chain where it happened.
/// </summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public required string Chain { get; set; }
    public long Sequence { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public required string Actor { get; set; }
    public required string Roles { get; set; }
    public string? Department { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? InstanceId { get; set; }
    /// <summary>JSON: what changed, before and after, in a few fields.</summary>
    public required string Summary { get; set; }
    public required string PreviousHash { get; set; }
    public required string Hash { get; set; }
    /// <summary>The chain's start month (<see cref="AuditHeadRecord.Month"/>); PostgreSQL partitions the audit records by it. Not hashed.</summary>
    public int Month { get; set; }
}

/// <summary>
/// The last link of each chain. Appends update it with an optimistic-concurrency check, which serializes
/// writers of one chain and makes a deleted tail record detectable (the head remembers the last sequence).
/// </summary>
public sealed class AuditHeadRecord
{
    public required string Chain { get; set; }
    public long Sequence { get; set; }
    public required string Hash { get; set; }
    public int Revision { get; set; }
    /// <summary>The month (yyyymm, UTC) the chain's first record was written; every record of the chain carries it.</summary>
    public int Month { get; set; }
}
