using System.Security.Claims;
using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Applicants;
using ApprovalEngine.Persistence.Instances;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ApprovalEngine.Host.Applicants;

/// <summary>The claims an applicant's principal carries inside this host (whatever the identity provider called them).</summary>
public static class ApplicantClaims
{
    /// <summary>18-character resident identity number (GB 11643) or unified social credit code (GB 32100).</summary>
    public const string SubjectId = "subject_id";
    /// <summary>The person's or the organisation's name.</summary>
    public const string SubjectName = "subject_name";
    /// <summary><c>person</c> or <c>organisation</c>.</summary>
    public const string SubjectKind = "subject_kind";
}

/// <summary>
/// Applicants signing in through the provincial unified identity platform (an OpenID Connect provider), section
/// <c>Applicants:Identity</c>. Its tokens are validated by their own scheme, so they never pass a staff policy; the
/// platform's claim names are mapped to <see cref="ApplicantClaims"/> by configuration.
/// </summary>
public sealed class ApplicantIdentityOptions
{
    /// <summary>The platform's OIDC authority (its discovery document gives the signing keys). Empty: no platform sign-in.</summary>
    public string? Authority { get; set; }
    /// <summary>The audience (client id) the platform issues tokens for.</summary>
    public string Audience { get; set; } = "approvalengine-applicant";
    /// <summary>Dev/test only: accept http:// authorities.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
    /// <summary>The platform's claim holding the identity number (resident ID or credit code).</summary>
    public string SubjectIdClaim { get; set; } = "idcard_or_uscc";
    public string SubjectNameClaim { get; set; } = "name";
    /// <summary>The platform's claim saying person or organisation; values mapped by <see cref="KindValues"/>. When absent the kind follows from the number's check character.</summary>
    public string SubjectKindClaim { get; set; } = "user_type";
    /// <summary>Platform value -> person | organisation, e.g. {"1":"person","2":"organisation"}.</summary>
    public Dictionary<string, string> KindValues { get; set; } = new() { ["1"] = ApplicantSubject.Person, ["2"] = ApplicantSubject.Organisation };
    /// <summary>The platform's claim identifying the signed-in user (an organisation has several); recorded as the actor.</summary>
    public string UserIdClaim { get; set; } = "sub";
}

public static class ApplicantIdentity
{
    /// <summary>Authentication scheme of the provincial platform's tokens.</summary>
    public const string PlatformScheme = "ApplicantPlatform";

    public static void AddApplicantIdentity(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Applicants:Identity").Get<ApplicantIdentityOptions>() ?? new ApplicantIdentityOptions();
        builder.Services.AddSingleton(Options.Create(options));
        var schemes = new List<string> { JwtBearerDefaults.AuthenticationScheme };
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            schemes.Add(PlatformScheme);
            builder.Services.AddAuthentication().AddJwtBearer(PlatformScheme, jwt =>
            {
                jwt.Authority = options.Authority;
                jwt.Audience = options.Audience;
                jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAudience = options.Audience, NameClaimType = "name", RoleClaimType = "role", ClockSkew = TimeSpan.FromSeconds(30),
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = ctx =>
                    {
                        // The platform's own claims are replaced by ours; a token without a valid subject is refused.
                        var mapped = Map(ctx.Principal!, options);
                        if (mapped is null) ctx.Fail("The identity platform's token carries no valid subject (identity number, name, kind).");
                        else ctx.Principal = mapped;
                        return Task.CompletedTask;
                    },
                };
            });
        }
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policies.Applicant, p => p
            .AddAuthenticationSchemes([.. schemes])
            .RequireRole(Roles.Applicant)
            .RequireAssertion(ctx => ctx.User.IsApplicant() && TryGetSubject(ctx.User) is not null));
    }

    /// <summary>The platform's principal rewritten to this host's applicant claims, or null when its subject is not valid.</summary>
    public static ClaimsPrincipal? Map(ClaimsPrincipal platform, ApplicantIdentityOptions options)
    {
        var id = platform.FindFirstValue(options.SubjectIdClaim)?.Trim().ToUpperInvariant();
        var rawKind = platform.FindFirstValue(options.SubjectKindClaim);
        var kind = rawKind is not null && options.KindValues.TryGetValue(rawKind, out var k) ? k
            : IdentityNumbers.IsValidResidentId(id) ? ApplicantSubject.Person
            : IdentityNumbers.IsValidUnifiedSocialCreditCode(id) ? ApplicantSubject.Organisation : null;
        var (subject, _, _) = ApplicantSubject.TryCreate(id, kind, platform.FindFirstValue(options.SubjectNameClaim));
        var user = platform.FindFirstValue(options.UserIdClaim);
        if (subject is null || string.IsNullOrWhiteSpace(user)) return null;
        return Principal(user, subject, "platform");
    }

    /// <summary>The principal of an applicant user acting for <paramref name="subject"/> (the dev sign-in issues the same claims).</summary>
    public static ClaimsPrincipal Principal(string user, ApplicantSubject subject, string authenticationType) =>
        new(new ClaimsIdentity(Claims(user, subject), authenticationType, "name", "role"));

    public static List<Claim> Claims(string user, ApplicantSubject subject) =>
    [
        new("sub", user), new("name", subject.Name), new("role", Roles.Applicant),
        new(ApplicantClaims.SubjectId, subject.Id), new(ApplicantClaims.SubjectName, subject.Name), new(ApplicantClaims.SubjectKind, subject.Kind),
    ];

    /// <summary>The subject the signed-in applicant acts for, or null when the claims do not form a valid one.</summary>
    public static ApplicantSubject? TryGetSubject(ClaimsPrincipal user) =>
        ApplicantSubject.TryCreate(user.FindFirstValue(ApplicantClaims.SubjectId), user.FindFirstValue(ApplicantClaims.SubjectKind),
            user.FindFirstValue(ApplicantClaims.SubjectName)).Subject;

    /// <summary>The subject of an applicant principal (endpoints behind <see cref="Policies.Applicant"/> always have one).</summary>
    public static ApplicantSubject Subject(this ClaimsPrincipal user) =>
        TryGetSubject(user) ?? throw new ForbiddenException("Your token carries no valid applicant subject.", ErrorCodes.Forbidden);

    /// <summary>
    /// An applicant in the journal and audit: "applicant:{user}". The prefix keeps an applicant from ever matching a
    /// staff member of the same name in need-to-know rules.
    /// </summary>
    public static Actor ToApplicantActor(ClaimsPrincipal user) =>
        ActorOf(user.FindFirstValue("sub") ?? user.FindFirstValue(ApplicantClaims.SubjectId) ?? "unknown");

    /// <summary>The applicant signed in as <paramref name="user"/> (the platform's user id, claim sub).</summary>
    public static Actor ActorOf(string user) => new($"applicant:{user}", [Roles.Applicant]);
}
