using System.Text.Json;
using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Intake;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Intake;

/// <summary>How an application was accepted: <c>standard</c>, or 容缺受理 / 告知承诺 with the commitment and where supply or verification stands.</summary>
public sealed record AcceptanceModeView(
    string Mode, IReadOnlyList<string> Materials, string? CommitmentSignedBy, string? CommitmentText, string? AcceptedBy, DateTimeOffset? AcceptedAt,
    DateOnly? SupplyDueDate, string? LapseAction, string? SupplyStatus, DateTimeOffset? SuppliedAt, string? SuppliedBy, DateTimeOffset? LapsedAt,
    string? VerificationStatus, string? VerificationDepartment, string? VerificationTaskId, DateTimeOffset? VerifiedAt, string? VerifiedBy, string? VerificationOpinion)
{
    public static readonly AcceptanceModeView Standard = new("standard", [], null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    public static AcceptanceModeView From(AcceptanceModeRecord r) => new(
        r.Mode, JsonSerializer.Deserialize<List<string>>(r.MaterialsJson)!, r.CommitmentSignedBy, r.CommitmentText, r.AcceptedBy, r.AcceptedAt,
        r.SupplyDueDate, r.LapseAction, r.SupplyStatus, r.SuppliedAt, r.SuppliedBy, r.LapsedAt,
        r.VerificationStatus, r.VerificationDepartment, r.VerificationTaskId, r.VerifiedAt, r.VerifiedBy, r.VerificationOpinion);
}

public sealed record CreditMarkView(string Id, string SubjectId, string SubjectName, string Reason, string Source, string CreatedBy, DateTimeOffset CreatedAt,
    DateOnly? ValidUntil, DateTimeOffset? RemovedAt, string? RemovedBy)
{
    public static CreditMarkView From(CreditMarkRecord m, bool maskPersonId = false) =>
        new(m.Id, maskPersonId && IdentityNumbers.IsValidResidentId(m.SubjectId) ? IdentityNumbers.Mask(m.SubjectId)! : m.SubjectId,
            m.SubjectName, m.Reason, m.Source, m.CreatedBy, m.CreatedAt, m.ValidUntil, m.RemovedAt, m.RemovedBy);
}

/// <summary>
/// 容缺受理 and 告知承诺 around the window's acceptance (the mode itself is chosen when completing the acceptance task, field
/// <c>acceptance</c>), and the bad-credit list that refuses both modes.
/// </summary>
public static class AcceptanceModesApi
{
    public static void MapAcceptanceModesApi(this IEndpointRouteBuilder app)
    {
        var instance = app.MapGroup("/api/instances/{id}").WithTags("Acceptance modes").RequireAuthorization(Policies.Staff);
        instance.MapGet("/acceptance-mode", Get);
        instance.MapPost("/deferred-materials/supplied", Supplied).RequireAuthorization(Policies.Intake);

        var credit = app.MapGroup("/api/credit-marks").WithTags("Acceptance modes");
        credit.MapGet("/", ListMarks).RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Auditor, Roles.Clerk));
        credit.MapPost("/", AddMark).RequireAuthorization(Policies.Admin);
        credit.MapDelete("/{markId}", RemoveMark).RequireAuthorization(Policies.Admin);
    }

    public static async Task<Ok<AcceptanceModeView>> Get(string id, AcceptanceModeService modes, ApplicationAccess access, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "acceptance-mode", ct);
        return TypedResults.Ok(await modes.FindAsync(id, ct) is { } row ? AcceptanceModeView.From(row) : AcceptanceModeView.Standard);
    }

    /// <summary>The window confirms every deferred material has been uploaded (under its name, since the acceptance).</summary>
    public static async Task<Ok<AcceptanceModeView>> Supplied(string id, AcceptanceModeService modes, ApplicationAccess access, HttpContext http, CancellationToken ct)
    {
        // The answer names the commitment's signer: a read, recorded once the supply succeeded (a refusal changes nothing).
        await access.EnsureCanReadAsync(id, null, ct);
        var supplied = await modes.SupplyAsync(id, http.User.ToActor(), ct);
        await access.RecordReadAsync(id, "acceptance-mode", ct);
        return TypedResults.Ok(AcceptanceModeView.From(supplied));
    }

    /// <summary>By page with the total, newest first: <c>subjectId</c> one applicant's marks exactly, <c>q</c> part of a code or name; removed marks only with includeRemoved=true.</summary>
    public static async Task<Ok<PagedList<CreditMarkView>>> ListMarks(CreditList credit, string? subjectId, string? q, bool? includeRemoved, int? page, int? pageSize,
        HttpContext http, CancellationToken ct)
    {
        // A clerk consults the list; a person's full resident ID is need-to-know of admins and auditors (credit codes are public).
        var masked = !ApplicationAccess.SeesAll(http.User.ToActor());
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var ordered = credit.Query(subjectId, q, includeRemoved == true);
        var (rows, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        return TypedResults.Ok(new PagedList<CreditMarkView>(rows.Select(m => CreditMarkView.From(m, masked)).ToList(), total, p, size));
    }

    public static async Task<Created<CreditMarkView>> AddMark(CreditMarkInput input, CreditList credit, HttpContext http, CancellationToken ct)
    {
        var mark = await credit.AddAsync(input, http.User.ToActor().Name, ct);
        return TypedResults.Created($"/api/credit-marks/{mark.Id}", CreditMarkView.From(mark));
    }

    public static async Task<Ok<CreditMarkView>> RemoveMark(string markId, CreditList credit, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(CreditMarkView.From(await credit.RemoveAsync(markId, http.User.ToActor().Name, ct)));
}
