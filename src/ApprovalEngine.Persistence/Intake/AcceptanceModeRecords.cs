using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Intake;

/// <summary>
/// An application the window accepted as 容缺受理 (deferred materials) or under 告知承诺制 (commitment), kept with the
/// application: the applicant's signed commitment, which materials it covers, and where the supply or the verification stands.
/// </summary>
public sealed class AcceptanceModeRecord
{
    public required string InstanceId { get; set; }
    /// <summary><c>deferred</c> or <c>commitment</c> (see <see cref="Approvals.Reviews.AcceptanceModes"/>).</summary>
    public required string Mode { get; set; }
    /// <summary>JSON array: the materials to be supplied later, or the proofs the commitment replaces.</summary>
    public required string MaterialsJson { get; set; }
    public required string CommitmentSignedBy { get; set; }
    public string? CommitmentText { get; set; }
    public required string AcceptedBy { get; set; }
    public DateTimeOffset AcceptedAt { get; set; }

    // 容缺受理: the supply deadline (a China Standard Time day, never after the statutory due date) and what a lapse does.
    public DateOnly? SupplyDueDate { get; set; }
    public string? LapseAction { get; set; }
    /// <summary><c>pending</c>, <c>supplied</c> or <c>lapsed</c>.</summary>
    public string? SupplyStatus { get; set; }
    public DateTimeOffset? SuppliedAt { get; set; }
    public string? SuppliedBy { get; set; }
    public DateTimeOffset? LapsedAt { get; set; }

    // 告知承诺: the verification after the approval.
    public int? VerificationWorkingDays { get; set; }
    public string? VerificationDepartment { get; set; }
    /// <summary><c>awaiting-decision</c>, <c>pending</c> (task open), <c>verified</c>, or <c>false</c> (approval and licence revoked).</summary>
    public string? VerificationStatus { get; set; }
    public string? VerificationTaskId { get; set; }
    public DateTimeOffset? VerifiedAt { get; set; }
    public string? VerifiedBy { get; set; }
    public string? VerificationOpinion { get; set; }
    public int Revision { get; set; }
}

/// <summary>
/// A bad credit mark (失信记录) on an applicant: such applicants are refused 容缺受理 and 告知承诺. Kept by admins (or, in
/// production, loaded from the credit platform through the same API); a false commitment found at verification adds one.
/// </summary>
public sealed class CreditMarkRecord
{
    public required string Id { get; set; }
    /// <summary>Unified social credit code (GB 32100) or resident ID (GB 11643).</summary>
    public required string SubjectId { get; set; }
    public required string SubjectName { get; set; }
    public required string Reason { get; set; }
    /// <summary>Where the mark comes from: <c>admin</c>, <c>credit-platform</c>, <c>commitment-verification</c>.</summary>
    public required string Source { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Until when it counts (a China Standard Time day, inclusive); null = until removed.</summary>
    public DateOnly? ValidUntil { get; set; }
    public DateTimeOffset? RemovedAt { get; set; }
    public string? RemovedBy { get; set; }
}

public static class VerificationStatuses
{
    public const string AwaitingDecision = "awaiting-decision", Pending = "pending", Verified = "verified", False = "false";
}

public static class AcceptanceModeModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<AcceptanceModeRecord>(e =>
        {
            e.ToTable("acceptance_modes");
            e.HasKey(x => x.InstanceId);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.Mode).HasMaxLength(16);
            e.Property(x => x.CommitmentSignedBy).HasMaxLength(128);
            e.Property(x => x.CommitmentText).HasMaxLength(2000);
            e.Property(x => x.AcceptedBy).HasMaxLength(128);
            e.Property(x => x.LapseAction).HasMaxLength(16);
            e.Property(x => x.SupplyStatus).HasMaxLength(16);
            e.Property(x => x.SuppliedBy).HasMaxLength(128);
            e.Property(x => x.VerificationDepartment).HasMaxLength(64);
            e.Property(x => x.VerificationStatus).HasMaxLength(32);
            e.Property(x => x.VerificationTaskId).HasMaxLength(64);
            e.Property(x => x.VerifiedBy).HasMaxLength(128);
            e.Property(x => x.VerificationOpinion).HasMaxLength(4000);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
        b.Entity<CreditMarkRecord>(e =>
        {
            e.ToTable("credit_marks");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.SubjectId).HasMaxLength(18);
            e.Property(x => x.SubjectName).HasMaxLength(256);
            e.Property(x => x.Reason).HasMaxLength(512);
            e.Property(x => x.Source).HasMaxLength(64);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.Property(x => x.RemovedBy).HasMaxLength(128);
            e.HasIndex(x => x.SubjectId);
            e.HasIndex(x => x.SubjectName);
        });
    }
}
