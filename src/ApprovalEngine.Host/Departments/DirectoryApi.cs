using ApprovalEngine.Host.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
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
}

/// <summary>Configuration <c>Directory:Departments:{code}</c> and <c>Directory:Users:{user}</c>.</summary>
public sealed class DirectoryOptions
{
    public Dictionary<string, DepartmentEntry> Departments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    public Dictionary<string, UserEntry> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Display names for department codes and user ids, so pages show names and never ids.</summary>
public sealed class StaffDirectory(IOptionsMonitor<DirectoryOptions> options)
{
    /// <summary>The zh-CN name of a department; an unknown code is shown as itself rather than hidden.</summary>
    public string DepartmentName(string? code) =>
        code is null ? "" : options.CurrentValue.Departments.GetValueOrDefault(code)?.Name ?? code;

    public string? UserName(string? user) =>
        user is null ? null : options.CurrentValue.Users.GetValueOrDefault(user)?.Name ?? user;

    public IEnumerable<DepartmentView> Departments() =>
        options.CurrentValue.Departments.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new DepartmentView(d.Key, d.Value.Name ?? d.Key, d.Value.NameEn ?? d.Key, d.Value.Head));
}

public sealed record DepartmentView(string Code, string Name, string NameEn, string? Head);

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
}
