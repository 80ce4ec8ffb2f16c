using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Persistence.Instances;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ApprovalEngine.Host.Auth;

public static class Roles
{
    public const string Admin = "admin";
    public const string Designer = "designer";
    public const string Reviewer = "reviewer";
    public const string Auditor = "auditor";
    public const string Clerk = "clerk";
    /// <summary>Staff roles. The applicant role is deliberately not among them: staff policies refuse applicants.</summary>
    public static readonly string[] All = [Admin, Designer, Reviewer, Auditor, Clerk];
    /// <summary>Staff who handle or oversee applications. Designers draw processes and read no application (need-to-know).</summary>
    public static readonly string[] Casework = [Admin, Reviewer, Auditor, Clerk];
    /// <summary>A citizen or an organisation's authorised user on the online channel (see Applicants/ApplicantIdentity.cs).</summary>
    public const string Applicant = "applicant";
    public const string DepartmentClaim = "department";
}

public sealed class AuthOptions : IValidatableObject
{
    public string Issuer { get; set; } = "approvalengine";
    public string Audience { get; set; } = "approvalengine";
    /// <summary>HMAC key (at least 32 bytes) for tokens this host or a shared issuer signs.</summary>
    public string? SigningKey { get; set; }
    /// <summary>OpenID Connect authority whose published keys validate tokens (instead of a shared key).</summary>
    public string? Authority { get; set; }
    /// <summary>Enables POST /api/dev/token. Refused outside Development (and the test suite's Testing environment).</summary>
    public bool DevTokens { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (string.IsNullOrEmpty(SigningKey) && string.IsNullOrEmpty(Authority))
            yield return new ValidationResult("Auth: configure SigningKey or Authority.");
        if (SigningKey is { Length: > 0 } key && Encoding.UTF8.GetByteCount(key) < 32)
            yield return new ValidationResult("Auth:SigningKey must be at least 32 bytes.");
        if (DevTokens && string.IsNullOrEmpty(SigningKey))
            yield return new ValidationResult("Auth:DevTokens needs Auth:SigningKey to sign with.");
    }

    public SymmetricSecurityKey? Key => string.IsNullOrEmpty(SigningKey) ? null : new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey));
}

public static class AuthSetup
{
    public static void AddAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration("Auth").ValidateDataAnnotations()
            .Validate(o => !o.DevTokens || Security.StartupSecrets.AllowsDevTokens(builder.Environment), "Auth:DevTokens is allowed only in Development.")
            .ValidateOnStart();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                var o = auth.Value;
                jwt.MapInboundClaims = false;
                if (!string.IsNullOrEmpty(o.Authority)) jwt.Authority = o.Authority;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = o.Issuer, ValidAudience = o.Audience, IssuerSigningKey = o.Key,
                    ValidateIssuerSigningKey = o.Key is not null,
                    NameClaimType = "name", RoleClaimType = "role",
                    // The 5-minute default would accept a token for minutes after it expired; clocks are NTP-synchronised.
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    // EventSource cannot send headers: the event stream alone also takes the token from ?access_token=.
                    OnMessageReceived = ctx =>
                    {
                        if (ctx.Request.Path.Equals(Live.EventsApi.Path, StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(ctx.Request.Headers.Authorization)
                            && ctx.Request.Query["access_token"] is [{ Length: > 0 } token])
                            ctx.Token = token;
                        return Task.CompletedTask;
                    },
                    OnChallenge = async ctx =>
                    {
                        ctx.HandleResponse();
                        await WriteProblem(ctx.HttpContext, 401, "Unauthorized", "A valid bearer token is required.");
                    },
                    OnForbidden = ctx => WriteProblem(ctx.HttpContext, 403, "Forbidden", "Your role does not allow this action."),
                };
            });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Design, p => p.RequireRole(Roles.Designer, Roles.Admin))
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Intake, p => p.RequireRole(Roles.Clerk, Roles.Admin))
            .AddPolicy(Policies.Audit, p => p.RequireRole(Roles.Auditor, Roles.Admin))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.All))
            .AddPolicy(Policies.Casework, p => p.RequireRole(Roles.Casework));
        builder.AddApplicantIdentity();
    }

    public static void UseAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
    }

    private static Task WriteProblem(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http, ProblemDetails = { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    /// <summary>The signed-in user as the engine records them.</summary>
    public static Actor ToActor(this ClaimsPrincipal user) => user.IsApplicant()
        ? Applicants.ApplicantIdentity.ToApplicantActor(user)
        : new(
            user.FindFirstValue("name") ?? user.FindFirstValue("sub") ?? "anonymous",
            user.FindAll("role").Select(c => c.Value).ToList(),
            user.FindFirstValue(Roles.DepartmentClaim));

    /// <summary>An applicant's token (role applicant and no staff role).</summary>
    public static bool IsApplicant(this ClaimsPrincipal user) =>
        user.HasClaim("role", Roles.Applicant) && !Roles.All.Any(r => user.HasClaim("role", r));
}

public static class Policies
{
    public const string Design = "design";
    public const string Admin = "admin";
    public const string Intake = "intake";
    public const string Audit = "audit";
    public const string Staff = "staff";
    /// <summary>Staff who handle or oversee applications (<see cref="Roles.Casework"/>): the licence library names holders.</summary>
    public const string Casework = "casework";
    /// <summary>An applicant with a valid subject (identity number checked, name, kind).</summary>
    public const string Applicant = "applicant";
}
