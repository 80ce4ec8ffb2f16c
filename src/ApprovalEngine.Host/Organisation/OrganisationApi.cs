using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence.Organisation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApprovalEngine.Host.Organisation;

public sealed record StaffView(string Id, string Name, IReadOnlyList<string> Departments, IReadOnlyList<string> Positions, bool Active)
{
    public static StaffView From(StaffRecord s) => new(s.Id, s.Name, s.DepartmentList, s.PositionList, s.Active);
}

public sealed record SubstituteView(string Id, string StaffId, string? StaffName, string SubstituteId, string? SubstituteName,
    DateOnly From, DateOnly To, string? Reason, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record DepartmentRecordView(string Code, string Name, string? NameEn, string? Parent, string? Head)
{
    public static DepartmentRecordView From(DepartmentRecord d) => new(d.Code, d.Name, d.NameEn, d.ParentCode, d.Head);
}

/// <summary>
/// The organisation directory: departments, staff with their positions, substitutes on leave. Anyone signed in reads it
/// (names and pick lists); admins change it, each change audited on the system chain.
/// </summary>
public static class OrganisationApi
{
    public static void MapOrganisationApi(this IEndpointRouteBuilder app)
    {
        var directory = app.MapGroup("/api/directory").WithTags("Directory").RequireAuthorization();
        directory.MapPost("/departments", CreateDepartment).RequireAuthorization(Policies.Admin);
        directory.MapPut("/departments/{code}", UpdateDepartment).RequireAuthorization(Policies.Admin);
        directory.MapDelete("/departments/{code}", DeleteDepartment).RequireAuthorization(Policies.Admin);
        directory.MapGet("/staff", Staff);
        directory.MapPost("/staff", CreateStaff).RequireAuthorization(Policies.Admin);
        directory.MapPut("/staff/{id}", UpdateStaff).RequireAuthorization(Policies.Admin);
        directory.MapGet("/substitutes", Substitutes);
        directory.MapPost("/substitutes", CreateSubstitute).RequireAuthorization(Policies.Admin);
        directory.MapDelete("/substitutes/{id}", DeleteSubstitute).RequireAuthorization(Policies.Admin);
    }

    public static async Task<Created<DepartmentRecordView>> CreateDepartment(DepartmentInput input, OrganisationService service, CancellationToken ct)
    {
        var d = await service.CreateDepartmentAsync(input, ct);
        return TypedResults.Created($"/api/directory/departments/{d.Code}", DepartmentRecordView.From(d));
    }

    public static async Task<Ok<DepartmentRecordView>> UpdateDepartment(string code, DepartmentInput input, OrganisationService service, CancellationToken ct) =>
        TypedResults.Ok(DepartmentRecordView.From(await service.UpdateDepartmentAsync(code, input, ct)));

    public static async Task<NoContent> DeleteDepartment(string code, OrganisationService service, CancellationToken ct)
    {
        await service.DeleteDepartmentAsync(code, ct);
        return TypedResults.NoContent();
    }

    /// <summary>?department= narrows to one department's members; ?position= to one position; inactive members are listed too.</summary>
    public static Ok<List<StaffView>> Staff(OrganisationDirectory directory, string? department, string? position) =>
        TypedResults.Ok(directory.Current.Staff.Values.OrderBy(s => s.Id, StringComparer.Ordinal)
            .Where(s => department is null || s.DepartmentList.Contains(department))
            .Where(s => position is null || s.PositionList.Contains(position))
            .Select(StaffView.From).ToList());

    public static async Task<Created<StaffView>> CreateStaff(StaffInput input, OrganisationService service, CancellationToken ct)
    {
        var s = await service.CreateStaffAsync(input, ct);
        return TypedResults.Created($"/api/directory/staff/{s.Id}", StaffView.From(s));
    }

    public static async Task<Ok<StaffView>> UpdateStaff(string id, StaffInput input, OrganisationService service, CancellationToken ct) =>
        TypedResults.Ok(StaffView.From(await service.UpdateStaffAsync(id, input, ct)));

    /// <summary>?staffId= one member's substitutes; ?on=yyyy-MM-dd those in force that day.</summary>
    public static Ok<List<SubstituteView>> Substitutes(OrganisationDirectory directory, string? staffId, DateOnly? on)
    {
        var snapshot = directory.Current;
        return TypedResults.Ok(snapshot.Substitutes
            .Where(s => staffId is null || string.Equals(s.StaffId, staffId, StringComparison.OrdinalIgnoreCase))
            .Where(s => on is null || (s.From <= on && on <= s.To))
            .Select(s => new SubstituteView(s.Id, s.StaffId, snapshot.Staff.GetValueOrDefault(s.StaffId)?.Name, s.SubstituteId,
                snapshot.Staff.GetValueOrDefault(s.SubstituteId)?.Name, s.From, s.To, s.Reason, s.CreatedBy, s.CreatedAt))
            .ToList());
    }

    public static async Task<Created<SubstituteView>> CreateSubstitute(SubstituteInput input, OrganisationService service, HttpContext http, CancellationToken ct)
    {
        var s = await service.CreateSubstituteAsync(input, http.User.ToActor().Name, ct);
        return TypedResults.Created($"/api/directory/substitutes/{s.Id}",
            new SubstituteView(s.Id, s.StaffId, null, s.SubstituteId, null, s.From, s.To, s.Reason, s.CreatedBy, s.CreatedAt));
    }

    public static async Task<NoContent> DeleteSubstitute(string id, OrganisationService service, CancellationToken ct)
    {
        await service.DeleteSubstituteAsync(id, ct);
        return TypedResults.NoContent();
    }
}
