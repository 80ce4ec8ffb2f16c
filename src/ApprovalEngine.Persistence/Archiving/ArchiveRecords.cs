using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Archiving;

// The archive tables have the shape of their hot tables (same columns, same names), so the archiver copies by one
// explicit column list taken from these types and a read can put the two side by side (UNION ALL). Keys are copied,
// never generated: an archived journal line keeps its id.

/// <summary>A journal line of an archived application (table archive_journal; see <see cref="Storage.JournalRecord"/>).</summary>
public sealed class ArchivedJournalRecord
{
    public long Id { get; set; }
    public required string InstanceId { get; set; }
    public int Sequence { get; set; }
    public DateTimeOffset Timestamp { get; set; }
    public string? ActivityId { get; set; }
    public string? ActivityType { get; set; }
    public required string EventName { get; set; }
    public string? Outcome { get; set; }
    public string? Message { get; set; }
    public string? PayloadJson { get; set; }
    public string? Actor { get; set; }
    public string? Department { get; set; }
    public int Month { get; set; }
}

/// <summary>A delivered outbox message of an archived application (table archive_outbox; see <see cref="Outbox.OutboxRecord"/>).</summary>
public sealed class ArchivedOutboxRecord
{
    public required string Id { get; set; }
    public required string Channel { get; set; }
    public required string Recipient { get; set; }
    public required string Topic { get; set; }
    public string? InstanceId { get; set; }
    public required string PayloadJson { get; set; }
    public required string IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
}

internal static class ArchiveModel
{
    public static void Configure(Microsoft.EntityFrameworkCore.ModelBuilder b)
    {
        b.Entity<ArchivedJournalRecord>(e =>
        {
            e.ToTable("archive_journal");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.ActivityId).HasMaxLength(128);
            e.Property(x => x.ActivityType).HasMaxLength(128);
            e.Property(x => x.EventName).HasMaxLength(64);
            e.Property(x => x.Outcome).HasMaxLength(256);
            e.Property(x => x.Actor).HasMaxLength(128);
            e.Property(x => x.Department).HasMaxLength(64);
            e.HasIndex(x => new { x.InstanceId, x.Sequence }).IsUnique();
        });
        b.Entity<ArchivedOutboxRecord>(e =>
        {
            e.ToTable("archive_outbox");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Channel).HasMaxLength(32);
            e.Property(x => x.Recipient).HasMaxLength(128);
            e.Property(x => x.Topic).HasMaxLength(64);
            e.Property(x => x.InstanceId).HasMaxLength(64);
            e.Property(x => x.IdempotencyKey).HasMaxLength(128);
            e.Property(x => x.LockedBy).HasMaxLength(256);
            e.HasIndex(x => x.InstanceId);
        });
    }
}
