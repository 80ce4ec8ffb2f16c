using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Organisation;

public sealed record DepartmentInput(string? Code, string? Name, string? NameEn, string? Parent, string? Head);

public sealed record StaffInput(string? Id, string? Name, IReadOnlyList<string>? Departments, IReadOnlyList<string>? Positions, bool? Active);

public sealed record SubstituteInput(string? StaffId, string? SubstituteId, DateOnly? From, DateOnly? To, string? Reason);

/// <summary>
/// Admin changes to the directory. Each change is validated whole (400 naming the field, nothing stored), written with
/// its audit record on the system chain in one transaction, and makes this host's cached directory reload.
/// </summary>
public sealed partial class OrganisationService(ApprovalDbContext db, AuditTrail audit, OrganisationDirectory directory, TimeProvider time)
{
    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")]
    private static partial Regex StaffIdPattern();

    public async Task<DepartmentRecord> CreateDepartmentAsync(DepartmentInput input, CancellationToken ct)
    {
        var code = input.Code?.Trim() ?? "";
        if (!CodePattern().IsMatch(code))
            throw new BadRequestException("'code' must be 1-64 lowercase letters, digits or dashes, starting with a letter.", ErrorCodes.ValidationField, "code");
        if (await db.Set<DepartmentRecord>().AnyAsync(d => d.Code == code, ct))
            throw new ConflictException($"Department '{code}' already exists.", ErrorCodes.DepartmentExists, "code");
        var department = new DepartmentRecord { Code = code, Name = "" };
        await ApplyDepartmentAsync(department, input, ct);
        db.Add(department);
        await audit.AppendSystemAsync(db, "directory.department-created", $"department:{code}", Describe(department), ct);
        return await SaveAsync(department, ct);
    }

    public async Task<DepartmentRecord> UpdateDepartmentAsync(string code, DepartmentInput input, CancellationToken ct)
    {
        var department = await db.Set<DepartmentRecord>().SingleOrDefaultAsync(d => d.Code == code, ct)
                         ?? throw new NotFoundException($"Department '{code}' does not exist.", ErrorCodes.DepartmentNotFound, "code");
        var before = Describe(department);
        await ApplyDepartmentAsync(department, input, ct);
        department.Revision++;
        await audit.AppendSystemAsync(db, "directory.department-changed", $"department:{code}", new JsonObject { ["before"] = before, ["after"] = Describe(department) }, ct);
        return await SaveAsync(department, ct);
    }

    public async Task DeleteDepartmentAsync(string code, CancellationToken ct)
    {
        var department = await db.Set<DepartmentRecord>().SingleOrDefaultAsync(d => d.Code == code, ct)
                         ?? throw new NotFoundException($"Department '{code}' does not exist.", ErrorCodes.DepartmentNotFound, "code");
        if (await db.Set<DepartmentRecord>().AnyAsync(d => d.ParentCode == code, ct))
            throw new ConflictException($"Department '{code}' still has sub-departments.", ErrorCodes.DepartmentInUse, "code");
        var members = await db.Set<StaffRecord>().AsNoTracking().Select(s => s.Departments).ToListAsync(ct);
        if (members.Any(m => StaffRecord.Split(m).Contains(code)))
            throw new ConflictException($"Staff still belong to department '{code}'; move them first.", ErrorCodes.DepartmentInUse, "code");
        db.Remove(department);
        await audit.AppendSystemAsync(db, "directory.department-deleted", $"department:{code}", Describe(department), ct);
        await SaveAsync(department, ct);
    }

    private async Task ApplyDepartmentAsync(DepartmentRecord department, DepartmentInput input, CancellationToken ct)
    {
        department.Name = Text(input.Name, "name", 128, required: true)!;
        department.NameEn = Text(input.NameEn, "nameEn", 128, required: false);
        var parent = string.IsNullOrWhiteSpace(input.Parent) ? null : input.Parent.Trim();
        if (parent is not null)
        {
            // Walk up from the proposed parent: reaching this department again would make a circle.
            var all = await db.Set<DepartmentRecord>().AsNoTracking().ToDictionaryAsync(d => d.Code, d => d.ParentCode, ct);
            if (!all.ContainsKey(parent)) throw new BadRequestException($"Parent department '{parent}' does not exist.", ErrorCodes.DepartmentNotFound, "parent");
            for (var at = parent; at is not null; at = all.GetValueOrDefault(at))
                if (at == department.Code) throw new BadRequestException("A department cannot be its own ancestor.", ErrorCodes.DepartmentParentCycle, "parent");
        }
        department.ParentCode = parent;
        var head = string.IsNullOrWhiteSpace(input.Head) ? null : input.Head.Trim();
        if (head is not null && !await db.Set<StaffRecord>().AnyAsync(s => s.Id == head && s.Active, ct))
            throw new BadRequestException($"The head '{head}' is not an active member of staff.", ErrorCodes.StaffNotFound, "head");
        department.Head = head;
    }

    public async Task<StaffRecord> CreateStaffAsync(StaffInput input, CancellationToken ct)
    {
        var id = input.Id?.Trim() ?? "";
        if (!StaffIdPattern().IsMatch(id))
            throw new BadRequestException("'id' must be 1-128 letters, digits, '.', '_', '@' or '-' (the user's sign-in name).", ErrorCodes.ValidationField, "id");
        if (await db.Set<StaffRecord>().AnyAsync(s => s.Id == id, ct))
            throw new ConflictException($"Staff member '{id}' already exists.", ErrorCodes.StaffExists, "id");
        var staff = new StaffRecord { Id = id, Name = "" };
        await ApplyStaffAsync(staff, input, ct);
        db.Add(staff);
        await audit.AppendSystemAsync(db, "directory.staff-created", $"staff:{id}", Describe(staff), ct);
        return await SaveAsync(staff, ct);
    }

    public async Task<StaffRecord> UpdateStaffAsync(string id, StaffInput input, CancellationToken ct)
    {
        var staff = await db.Set<StaffRecord>().SingleOrDefaultAsync(s => s.Id == id, ct)
                    ?? throw new NotFoundException($"Staff member '{id}' does not exist.", ErrorCodes.StaffNotFound, "id");
        var before = Describe(staff);
        await ApplyStaffAsync(staff, input, ct);
        staff.Revision++;
        await audit.AppendSystemAsync(db, "directory.staff-changed", $"staff:{id}", new JsonObject { ["before"] = before, ["after"] = Describe(staff) }, ct);
        return await SaveAsync(staff, ct);
    }

    private async Task ApplyStaffAsync(StaffRecord staff, StaffInput input, CancellationToken ct)
    {
        staff.Name = Text(input.Name, "name", 128, required: true)!;
        var departments = (input.Departments ?? []).Select(d => d?.Trim() ?? "").Distinct().ToList();
        var known = await db.Set<DepartmentRecord>().AsNoTracking().Select(d => d.Code).ToListAsync(ct);
        if (departments.FirstOrDefault(d => !known.Contains(d)) is { } unknown)
            throw new BadRequestException($"Department '{unknown}' does not exist.", ErrorCodes.DepartmentNotFound, "departments");
        var positions = (input.Positions ?? []).Select(p => p?.Trim() ?? "").Distinct().ToList();
        if (positions.FirstOrDefault(p => !Positions.All.Contains(p)) is { } bad)
            throw new BadRequestException($"Position '{bad}' is not one of: {string.Join(", ", Positions.All)}.", ErrorCodes.PositionUnknown, "positions");
        staff.Departments = string.Join(",", departments);
        staff.Positions = string.Join(",", positions);
        staff.Active = input.Active ?? true;
    }

    public async Task<SubstituteRecord> CreateSubstituteAsync(SubstituteInput input, string createdBy, CancellationToken ct)
    {
        var staffId = input.StaffId?.Trim() ?? "";
        var substituteId = input.SubstituteId?.Trim() ?? "";
        if (!await db.Set<StaffRecord>().AnyAsync(s => s.Id == staffId, ct))
            throw new BadRequestException($"Staff member '{staffId}' does not exist.", ErrorCodes.StaffNotFound, "staffId");
        if (!await db.Set<StaffRecord>().AnyAsync(s => s.Id == substituteId && s.Active, ct))
            throw new BadRequestException($"The substitute '{substituteId}' is not an active member of staff.", ErrorCodes.StaffNotFound, "substituteId");
        if (string.Equals(staffId, substituteId, StringComparison.OrdinalIgnoreCase))
            throw new BadRequestException("Nobody can be their own substitute.", ErrorCodes.ValidationField, "substituteId");
        var from = input.From ?? throw new BadRequestException("'from' (yyyy-MM-dd) is required.", ErrorCodes.Date, "from");
        var to = input.To ?? throw new BadRequestException("'to' (yyyy-MM-dd) is required.", ErrorCodes.Date, "to");
        if (to < from) throw new BadRequestException("'to' is before 'from'.", ErrorCodes.DateRange, "to");
        if (from.Year is < 1900 or > 2199 || to.Year is < 1900 or > 2199) throw new BadRequestException("Dates must lie between 1900 and 2199.", ErrorCodes.Date, "from");
        if (await db.Set<SubstituteRecord>().AnyAsync(s => s.StaffId == staffId && s.From <= to && from <= s.To, ct))
            throw new ConflictException($"{staffId} already has a substitute for part of {from:yyyy-MM-dd}..{to:yyyy-MM-dd}.", ErrorCodes.SubstituteOverlap, "from");
        var record = new SubstituteRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), StaffId = staffId, SubstituteId = substituteId, From = from, To = to,
            Reason = Text(input.Reason, "reason", 512, required: false), CreatedBy = createdBy, CreatedAt = time.GetUtcNow(),
        };
        db.Add(record);
        await audit.AppendSystemAsync(db, "directory.substitute-created", $"staff:{staffId}", Describe(record), ct);
        return await SaveAsync(record, ct);
    }

    public async Task DeleteSubstituteAsync(string id, CancellationToken ct)
    {
        var record = await db.Set<SubstituteRecord>().SingleOrDefaultAsync(s => s.Id == id, ct)
                     ?? throw new NotFoundException($"Substitute entry '{id}' does not exist.", ErrorCodes.SubstituteNotFound, "id");
        db.Remove(record);
        await audit.AppendSystemAsync(db, "directory.substitute-deleted", $"staff:{record.StaffId}", Describe(record), ct);
        await SaveAsync(record, ct);
    }

    /// <summary>
    /// First start: copies the configured departments and users (<c>Directory:*</c> in appsettings) into the empty directory,
    /// so existing deployments keep their names; afterwards the database is the source and configuration is ignored.
    /// </summary>
    public async Task<bool> SeedAsync(IEnumerable<DepartmentRecord> departments, IEnumerable<StaffRecord> staff, CancellationToken ct)
    {
        if (await db.Set<DepartmentRecord>().AnyAsync(ct) || await db.Set<StaffRecord>().AnyAsync(ct)) return false;
        var seededDepartments = departments.ToList();
        var seededStaff = staff.ToList();
        db.AddRange(seededStaff);
        db.AddRange(seededDepartments);
        await audit.AppendSystemAsync(db, "directory.seeded", "directory", new JsonObject
        {
            ["departments"] = seededDepartments.Count, ["staff"] = seededStaff.Count,
        }, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (!ct.IsCancellationRequested)
        {
            // Another replica seeded at the same moment; its copy stands.
            db.ChangeTracker.Clear();
            return false;
        }
        directory.Invalidate();
        return true;
    }

    private async Task<T> SaveAsync<T>(T record, CancellationToken ct)
    {
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { throw new ConflictException("The directory was changed by someone else meanwhile; reload and retry.", ErrorCodes.ConcurrentChange); }
        directory.Invalidate();
        return record;
    }

    private static string? Text(string? value, string field, int max, bool required)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
            return required ? throw new BadRequestException($"'{field}' is required.", ErrorCodes.ValidationField, field) : null;
        if (text.Length > max) throw new BadRequestException($"'{field}' must be at most {max} characters.", ErrorCodes.ValidationField, field);
        if (text.Any(char.IsControl)) throw new BadRequestException($"'{field}' must not contain control characters.", ErrorCodes.ValidationField, field);
        return text;
    }

    private static JsonObject Describe(DepartmentRecord d) => new()
    {
        ["code"] = d.Code, ["name"] = d.Name, ["nameEn"] = d.NameEn, ["parent"] = d.ParentCode, ["head"] = d.Head,
    };

    private static JsonObject Describe(StaffRecord s) => new()
    {
        ["id"] = s.Id, ["name"] = s.Name, ["departments"] = s.Departments, ["positions"] = s.Positions, ["active"] = s.Active,
    };

    private static JsonObject Describe(SubstituteRecord s) => new()
    {
        ["id"] = s.Id, ["staffId"] = s.StaffId, ["substituteId"] = s.SubstituteId, ["from"] = s.From.ToString("yyyy-MM-dd"),
        ["to"] = s.To.ToString("yyyy-MM-dd"), ["reason"] = s.Reason,
    };
}
