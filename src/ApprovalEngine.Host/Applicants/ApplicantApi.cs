using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence.Applicants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApprovalEngine.Host.Applicants;

/// <summary>The signed-in applicant as the online channel shows them.</summary>
public sealed record ApplicantMe(string User, string SubjectId, string SubjectKind, string SubjectName);

/// <summary>The applicant's own channel (网上办事): everything here acts for the subject in the token and only on its applications.</summary>
public static class ApplicantApi
{
    public static void MapApplicantApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/applicant").WithTags("Applicant").RequireAuthorization(Policies.Applicant);
        api.MapGet("/me", Me);
    }

    public static Ok<ApplicantMe> Me(HttpContext http)
    {
        var subject = http.User.Subject();
        return TypedResults.Ok(new ApplicantMe(http.User.FindFirst("sub")?.Value ?? subject.Id, subject.Id, subject.Kind, subject.Name));
    }
}
