using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Organisation;

/// <summary>A department of the organisation directory; <see cref="Code"/> is what processes and tokens name.</summary>
public sealed class DepartmentRecord
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public string? NameEn { get; set; }
    public string? ParentCode { get; set; }
    /// <summary>Staff id of the department head (escalations, task operations on the department's tasks).</summary>
    public string? Head { get; set; }
    public int Revision { get; set; }
}

/// <summary>A member of staff. Departments and positions are comma-separated codes: the directory is small and read whole.</summary>
public sealed class StaffRecord
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string Departments { get; set; } = "";
    public string Positions { get; set; } = "";
    public bool Active { get; set; } = true;
    public int Revision { get; set; }

    public IReadOnlyList<string> DepartmentList => Split(Departments);
    public IReadOnlyList<string> PositionList => Split(Positions);

    internal static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Who acts for whom, on which days (China Standard Time dates, both inclusive).</summary>
public sealed class SubstituteRecord
{
    public required string Id { get; set; }
    public required string StaffId { get; set; }
    public required string SubstituteId { get; set; }
    public DateOnly From { get; set; }
    public DateOnly To { get; set; }
    public string? Reason { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Positions in a department's internal chain (承办 -> 审核 -> 批准).</summary>
public static class Positions
{
    public const string Handler = "handler", Checker = "checker", Approver = "approver";
    public static readonly IReadOnlyList<string> All = [Handler, Checker, Approver];
}

public static class OrganisationModel
{
    /// <summary>The directory tables, shared by both providers' models.</summary>
    public static void Configure(ModelBuilder b)
    {
        b.Entity<DepartmentRecord>(e =>
        {
            e.ToTable("departments");
            e.HasKey(x => x.Code);
            e.Property(x => x.Code).HasMaxLength(64);
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.NameEn).HasMaxLength(128);
            e.Property(x => x.ParentCode).HasMaxLength(64);
            e.Property(x => x.Head).HasMaxLength(128);
            e.Property(x => x.Revision).IsConcurrencyToken();
        });
        b.Entity<StaffRecord>(e =>
        {
            e.ToTable("staff");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(128);
            e.Property(x => x.Name).HasMaxLength(128);
            e.Property(x => x.Departments).HasMaxLength(1024);
            e.Property(x => x.Positions).HasMaxLength(256);
            e.Property(x => x.Revision).IsConcurrencyToken();
            e.Ignore(x => x.DepartmentList);
            e.Ignore(x => x.PositionList);
        });
        b.Entity<SubstituteRecord>(e =>
        {
            e.ToTable("substitutes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.StaffId).HasMaxLength(128);
            e.Property(x => x.SubstituteId).HasMaxLength(128);
            e.Property(x => x.Reason).HasMaxLength(512);
            e.Property(x => x.CreatedBy).HasMaxLength(128);
            e.HasIndex(x => new { x.StaffId, x.From });
        });
    }
}
