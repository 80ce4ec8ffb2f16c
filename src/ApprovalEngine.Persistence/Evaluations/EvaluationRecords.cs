using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Evaluations;

/// <summary>The five levels of GB/T 39735-2020 (好差评); the two lowest are bad reviews that must be rectified.</summary>
public enum EvaluationLevel { VeryDissatisfied = 1, Dissatisfied = 2, Fair = 3, Satisfied = 4, VerySatisfied = 5 }

/// <summary>Where the rating was given: online (the applicant's own channel) or on the window's tablet.</summary>
public static class EvaluationChannels
{
    public const string Online = "online", Window = "window";
    public static readonly IReadOnlySet<string> All = new HashSet<string> { Online, Window };
}

/// <summary>One rating of the service an application received; one per application and channel.</summary>
public sealed class EvaluationRecord
{
    public required string Id { get; set; }
    public required string InstanceId { get; set; }
    /// <summary>The file number (the application's correlation id, else its id) the provincial platform keys on.</summary>
    public required string FileNumber { get; set; }
    public required string DefinitionId { get; set; }
    public required string Matter { get; set; }
    public required string Channel { get; set; }
    public EvaluationLevel Level { get; set; }
    public string? Comment { get; set; }
    /// <summary>The department answerable for the service (the window for the counter, else the last deciding department).</summary>
    public required string Department { get; set; }
    /// <summary>The staff member who served (window clerk); null when unknown.</summary>
    public string? Staff { get; set; }
    /// <summary>A real-name review (the evaluator left name and phone or signed in): a bad one needs a callback.</summary>
    public bool RealName { get; set; }
    public string? EvaluatorName { get; set; }
    public string? EvaluatorPhone { get; set; }
    public string? EvaluatorSubjectId { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>For a bad review: the rectification case (a workflow instance) and its outcome.</summary>
    public string? RectificationInstanceId { get; set; }
    public string? RectificationResult { get; set; }
    public DateTimeOffset? RectifiedAt { get; set; }
    public string? CallbackNote { get; set; }
    public DateTimeOffset? CalledBackAt { get; set; }
    /// <summary>When the rectification case closed (after the callback, for a real-name review).</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    public bool IsBad => Level <= EvaluationLevel.Dissatisfied;
}

internal static class CareModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<EvaluationRecord>(e =>
        {
            e.ToTable("evaluations");
            e.HasKey(x => x.Id);
            foreach (var p in new[] { "Id", "InstanceId", "RectificationInstanceId", "DefinitionId", "Department" }) e.Property(p).HasMaxLength(64);
            e.Property(x => x.FileNumber).HasMaxLength(128);
            e.Property(x => x.Matter).HasMaxLength(256);
            e.Property(x => x.Channel).HasMaxLength(16);
            e.Property(x => x.Comment).HasMaxLength(1000);
            e.Property(x => x.Staff).HasMaxLength(128);
            e.Property(x => x.RecordedBy).HasMaxLength(128);
            e.Property(x => x.EvaluatorName).HasMaxLength(128);
            e.Property(x => x.EvaluatorPhone).HasMaxLength(32);
            e.Property(x => x.EvaluatorSubjectId).HasMaxLength(32);
            e.Property(x => x.Level).HasConversion<int>();
            e.HasIndex(x => new { x.InstanceId, x.Channel }).IsUnique();
            e.HasIndex(x => x.RectificationInstanceId);
            e.HasIndex(x => x.CreatedAt);
        });
        b.Entity<Complaints.ComplaintRecord>(e =>
        {
            e.ToTable("complaints");
            e.HasKey(x => x.Id);
            foreach (var p in new[] { "Id", "InstanceId", "ReplyInstanceId", "Department", "Kind" }) e.Property(p).HasMaxLength(64);
            e.Property(x => x.Number).HasMaxLength(64);
            e.Property(x => x.Content).HasMaxLength(4000);
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.Phone).HasMaxLength(32);
            e.Property(x => x.SubjectId).HasMaxLength(32);
            e.Property(x => x.FiledBy).HasMaxLength(128);
            e.Property(x => x.Reply).HasMaxLength(4000);
            e.Property(x => x.RepliedBy).HasMaxLength(128);
            e.Property(x => x.RatingComment).HasMaxLength(1000);
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => x.ReplyInstanceId);
            e.HasIndex(x => new { x.Department, x.CreatedAt });
            e.HasIndex(x => x.SubjectId);
        });
    }
}
