using ApprovalEngine.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using ApprovalEngine.Persistence.Organisation;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Departments;

/// <summary>A department's display names; codes stay codes everywhere else.</summary>
public sealed class DepartmentEntry
{
    public string? Name { get; set; }
    public string? NameEn { get; set; }
    public string? Head { get; set; }
}

public sealed class UserEntry
{
    public string? Name { get; set; }
    /// <summary>Seeds the directory on first start (the member's departments and positions).</summary>
    public string[] Departments { get; set; } = [];
    public string[] Positions { get; set; } = [];
}

/// <summary>Configuration <c>Directory:Departments:{code}</c> and <c>Directory:Users:{user}</c>.</summary>
public sealed class DirectoryOptions
{
    public Dictionary<string, DepartmentEntry> Departments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, UserEntry> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Display names for department codes and user ids, so pages show names and never ids. The organisation directory in
/// the database is the source; configuration only seeds it (and names what it does not know yet).
/// </summary>
public sealed class StaffDirectory(IOptionsMonitor<DirectoryOptions> options, OrganisationDirectory organisation)
{
    /// <summary>The zh-CN name of a department; an unknown code is shown as itself rather than hidden.</summary>
    public string DepartmentName(string? code) =>
        code is null ? "" : organisation.Current.Departments.GetValueOrDefault(code)?.Name
                            ?? options.CurrentValue.Departments.GetValueOrDefault(code)?.Name ?? code;

    /// <summary>
    /// A denial's reason as the decision step records it ("fire: 消防车道宽度不足") names the department by its code; what
    /// the applicant reads names it ("消防救援支队：消防车道宽度不足").
    /// </summary>
    public string WithDepartmentName(string reason)
    {
        var colon = reason.IndexOf(": ", StringComparison.Ordinal);
        if (colon <= 0 || !reason[..colon].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return reason;
        var name = DepartmentName(reason[..colon]);
        return name == reason[..colon] ? reason : $"{name}：{reason[(colon + 2)..]}";
    }

    public string? UserName(string? user) =>
        user is null ? null : organisation.Current.Staff.GetValueOrDefault(user)?.Name
                              ?? options.CurrentValue.Users.GetValueOrDefault(user)?.Name ?? user;

    public IEnumerable<DepartmentView> Departments()
    {
        var snapshot = organisation.Current;
        return snapshot.Departments.Values.OrderBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => new DepartmentView(d.Code, d.Name, d.NameEn ?? d.Code, d.Head, d.ParentCode,
                d.Head is null ? null : snapshot.Staff.GetValueOrDefault(d.Head)?.Name ?? d.Head));
    }

    /// <summary>What the configuration says, as the directory's first content.</summary>
    public (List<DepartmentRecord> Departments, List<StaffRecord> Staff) Seed()
    {
        var config = options.CurrentValue;
        var staff = config.Users.Select(u => new StaffRecord
        {
            Id = u.Key, Name = u.Value.Name ?? u.Key, Departments = string.Join(",", u.Value.Departments.Where(config.Departments.ContainsKey)),
            Positions = string.Join(",", u.Value.Positions.Where(Positions.All.Contains)),
        }).ToList();
        var departments = config.Departments.Select(d => new DepartmentRecord
        {
            Code = d.Key, Name = d.Value.Name ?? d.Key, NameEn = d.Value.NameEn,
            Head = d.Value.Head is { } head && config.Users.ContainsKey(head) ? head : null,
        }).ToList();
        return (departments, staff);
    }
}

public sealed record DepartmentView(string Code, string Name, string NameEn, string? Head, string? Parent = null, string? HeadName = null);

public sealed record MeView(string User, string Name, IReadOnlyList<string> Roles, string? Department, string? DepartmentName);

/// <summary>Who am I, and the department directory (anyone signed in).</summary>
public static class DirectoryApi
{
    public static void AddStaffDirectory(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectoryOptions>().BindConfiguration("Directory");
        builder.Services.AddSingleton<StaffDirectory>();
    }

    public static void MapDirectoryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", Me).WithTags("Directory").RequireAuthorization();
        app.MapGet("/api/directory/departments", Departments).WithTags("Directory").RequireAuthorization();
    }

    public static Ok<MeView> Me(HttpContext http, StaffDirectory directory)
    {
        var actor = http.User.ToActor();
        return TypedResults.Ok(new MeView(actor.Name, directory.UserName(actor.Name)!, actor.Roles, actor.Department,
            actor.Department is null ? null : directory.DepartmentName(actor.Department)));
    }

    public static Ok<List<DepartmentView>> Departments(StaffDirectory directory) => TypedResults.Ok(directory.Departments().ToList());

    /// <summary>Copies the configured directory into an empty database (first start only).</summary>
    public static async Task SeedOrganisationAsync(this WebApplication app)
    {
        using var scope = app.Services.CreateScope();
        var (departments, staff) = scope.ServiceProvider.GetRequiredService<StaffDirectory>().Seed();
        if (await scope.ServiceProvider.GetRequiredService<OrganisationService>().SeedAsync(departments, staff, CancellationToken.None))
            app.Logger.LogInformation("Organisation directory seeded from configuration: {Departments} departments, {Staff} staff", departments.Count, staff.Count);
    }
}
