using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Applicants;

/// <summary>
/// Whom an application belongs to: a natural person (resident identity number, GB 11643) or an organisation
/// (unified social credit code, GB 32100). Every authorised user of an organisation acts for the same subject, so
/// they share its applications.
/// </summary>
public sealed record ApplicantSubject(string Id, string Kind, string Name)
{
    public const string Person = "person";
    public const string Organisation = "organisation";

    /// <summary>The subject if the three values form a valid one, else the first problem as (field, message).</summary>
    public static (ApplicantSubject? Subject, string? Field, string? Problem) TryCreate(string? id, string? kind, string? name)
    {
        var trimmedId = id?.Trim().ToUpperInvariant();
        var trimmedName = name?.Trim();
        if (kind is not (Person or Organisation)) return (null, "subjectKind", $"'subjectKind' must be \"{Person}\" or \"{Organisation}\".");
        if (string.IsNullOrEmpty(trimmedId)) return (null, "subjectId", "'subjectId' is required.");
        if (kind == Person && !IdentityNumbers.IsValidResidentId(trimmedId))
            return (null, "subjectId", "'subjectId' is not a valid resident identity number (GB 11643: 18 characters, birth date, check digit).");
        if (kind == Organisation && !IdentityNumbers.IsValidUnifiedSocialCreditCode(trimmedId))
            return (null, "subjectId", "'subjectId' is not a valid unified social credit code (GB 32100: 18 characters, check character).");
        if (string.IsNullOrEmpty(trimmedName) || trimmedName.Length > 256 || trimmedName.Any(char.IsControl))
            return (null, "subjectName", "'subjectName' is required: 1 to 256 characters without control characters.");
        return (new ApplicantSubject(trimmedId, kind, trimmedName), null, null);
    }

    /// <summary>The subject, or 400 naming the field at fault.</summary>
    public static ApplicantSubject Create(string? id, string? kind, string? name)
    {
        var (subject, field, problem) = TryCreate(id, kind, name);
        return subject ?? throw new BadRequestException(problem!, field == "subjectId" ? ErrorCodes.ApplicantSubjectInvalid : ErrorCodes.ValidationField, field);
    }
}

/// <summary>Applications owned by an applicant subject: the one rule for what an applicant may see and act on.</summary>
public static class ApplicantOwnership
{
    /// <summary>The instances <paramref name="subject"/> owns (a filter on any instance query).</summary>
    public static IQueryable<InstanceRecord> Owned(this IQueryable<InstanceRecord> instances, ApplicantSubject subject) =>
        instances.Where(i => i.OwnerSubjectId == subject.Id);

    /// <summary>
    /// The application when <paramref name="subject"/> owns it; otherwise 404 exactly as for an unknown id, so an
    /// applicant cannot probe which file numbers exist.
    /// </summary>
    /// <param name="field">Where the caller sent the id: the route's <c>id</c>, or a body's <c>instanceId</c>.</param>
    public static async Task<InstanceRecord> EnsureOwnedAsync(ApprovalDbContext db, string instanceId, ApplicantSubject subject, CancellationToken ct, string field = "id") =>
        await db.Instances.AsNoTracking().Owned(subject).SingleOrDefaultAsync(i => i.Id == instanceId, ct)
        ?? throw new NotFoundException($"Application '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound, field);
}
