using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ApprovalEngine.Host.Auth;

public sealed record DevTokenRequest(string? User, string[]? Roles, string? Department);
public sealed record DevTokenResponse(string Token, DateTimeOffset ExpiresAt);
public sealed record DevApplicantTokenRequest(string? User, string? SubjectId, string? SubjectKind, string? SubjectName);

/// <summary>Development sign-in: any user with any roles. Only mapped when Auth:DevTokens is on, in Development (or the test suite's Testing environment).</summary>
public static class DevTokensApi
{
    public static void MapDevTokens(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (!options.DevTokens || !Security.StartupSecrets.AllowsDevTokens(app.Environment)) return;
        app.MapPost("/api/dev/token", IssueToken).WithTags("Development").AllowAnonymous();
        app.MapGet("/api/dev/users", DemoUsers).WithTags("Development").AllowAnonymous();
        app.MapPost("/api/dev/applicant-token", IssueApplicantToken).WithTags("Development").AllowAnonymous();
        app.MapGet("/api/dev/applicants", () => TypedResults.Ok(Platform.DemoSeeder.Applicants)).WithTags("Development").AllowAnonymous();
        app.Logger.LogWarning("Development tokens are ON: anyone can sign in as anyone at POST /api/dev/token");
    }

    /// <summary>The demo users with their names from the organisation directory: the sign-in page shows no sign-in ids or codes.</summary>
    private static Ok<List<DemoUserView>> DemoUsers(Departments.StaffDirectory directory) =>
        TypedResults.Ok(Platform.DemoSeeder.Users.Select(u => new DemoUserView(u.User, u.Role, u.Department, u.Description, directory.UserName(u.User),
            u.Department is null ? null : directory.DepartmentName(u.Department))).ToList());

    private static Results<Ok<DevTokenResponse>, ProblemHttpResult> IssueToken(DevTokenRequest request, IOptions<AuthOptions> auth)
    {
        if (string.IsNullOrWhiteSpace(request.User))
            return TypedResults.Problem("'user' is required.", statusCode: 400, title: "Bad request");
        var roles = request.Roles ?? [];
        var unknown = roles.Except(Roles.All).ToList();
        if (roles.Length == 0 || unknown.Count > 0)
            return TypedResults.Problem($"'roles' must name at least one of: {string.Join(", ", Roles.All)}." +
                                        (unknown.Count > 0 ? $" Unknown: {string.Join(", ", unknown)}." : ""), statusCode: 400, title: "Bad request");
        if (roles.Contains(Roles.Reviewer) && string.IsNullOrWhiteSpace(request.Department))
            return TypedResults.Problem("A reviewer needs a 'department'.", statusCode: 400, title: "Bad request");

        var claims = new List<Claim> { new("sub", request.User), new("name", request.User) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        if (!string.IsNullOrWhiteSpace(request.Department)) claims.Add(new Claim(Roles.DepartmentClaim, request.Department));
        return TypedResults.Ok(Sign(claims, auth.Value));
    }

    /// <summary>
    /// Development sign-in of an applicant: the same claims the identity platform's mapped token carries. The identity
    /// number is checked (GB 11643 / GB 32100) so test data is as real as production's.
    /// </summary>
    private static Ok<DevTokenResponse> IssueApplicantToken(DevApplicantTokenRequest request, IOptions<AuthOptions> auth)
    {
        var subject = Persistence.Applicants.ApplicantSubject.Create(request.SubjectId, request.SubjectKind, request.SubjectName);
        var user = string.IsNullOrWhiteSpace(request.User) ? subject.Id : request.User.Trim();
        if (user.Length > 64) throw new Persistence.BadRequestException("'user' must be at most 64 characters.", Persistence.ErrorCodes.ValidationField, "user");
        return TypedResults.Ok(Sign(Applicants.ApplicantIdentity.Claims(user, subject), auth.Value));
    }

    private static DevTokenResponse Sign(List<Claim> claims, AuthOptions o)
    {
        // Wall-clock time, not the injected business clock: the JWT handler validates lifetimes against the real clock.
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddHours(8);
        var token = new JwtSecurityToken(o.Issuer, o.Audience, claims, now.UtcDateTime, expires.UtcDateTime,
            new SigningCredentials(o.Key, SecurityAlgorithms.HmacSha256));
        return new DevTokenResponse(new JwtSecurityTokenHandler().WriteToken(token), expires);
    }
}

public sealed record DemoUserView(string User, string Role, string? Department, string Description, string? Name, string? DepartmentName);
