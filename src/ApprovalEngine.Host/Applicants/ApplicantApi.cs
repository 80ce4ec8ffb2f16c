using ApprovalEngine.Approvals.Calendar;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Host.Documents;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Host.Licences;
using ApprovalEngine.Host.Tasks;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Applicants;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Applicants;

/// <summary>The signed-in applicant as the online channel shows them.</summary>
public sealed record ApplicantMe(string User, string SubjectId, string SubjectKind, string SubjectName);

public sealed record ApplyRequest(string? DefinitionId, JsonObject? Fields);
public sealed record ApplicationCreated(string Id, string FileNumber, string Status);
public sealed record WithdrawRequest(string? Reason);

public sealed record ApplicationSummary(string Id, string FileNumber, string DefinitionId, string Matter, string? Project, string Status, DateTimeOffset SubmittedAt, DateTimeOffset UpdatedAt);
public sealed record CorrectionView(string Id, string RequestedBy, IReadOnlyList<string> Missing, string? Opinion, DateTimeOffset CreatedAt, DateTimeOffset? ResolvedAt);
public sealed record ApplicantMaterialView(string Id, string Name, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, bool SharedLicence);
public sealed record ApplicationDetail(
    string Id, string FileNumber, string DefinitionId, string Matter, string Status, DateTimeOffset SubmittedAt, JsonObject Fields,
    IReadOnlyList<GuideMaterial> RequiredMaterials, IReadOnlyList<ApplicantMaterialView> Materials, IReadOnlyList<CorrectionView> Corrections,
    ProgressView Progress, bool CanWithdraw, IReadOnlyList<DocumentListing> Documents, string? QueryCode, ApplicationResult? Result = null);

/// <summary>
/// Why an application ended as it did, in the applicant's words on their page (the notices and letters say the same):
/// <c>notAccepted</c> with the window's reason and, where the matter is another office's, the agency to apply to;
/// <c>denied</c> with each department's reason and the decision's opinion; <c>approved</c> with its opinion.
/// </summary>
public sealed record ApplicationResult(string Outcome, string? Reason, IReadOnlyList<string> Reasons, string? CompetentAgency, string? Opinion, string? AppealRights);

/// <summary>
/// The applicant's own channel (网上办事). Everything acts for the subject in the token and only on its applications:
/// another subject's application answers 404 as an unknown one. Applications start, take materials, resubmit and
/// withdraw through the same services as at the counter, so the window sees the same acceptance task and the clock
/// follows the same rules; each action is journalled and audited with the applicant (applicant:{user}) as actor.
/// </summary>
public static class ApplicantApi
{
    public static void MapApplicantApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/applicant").WithTags("Applicant").RequireAuthorization(Policies.Applicant);
        api.MapGet("/me", Me);
        api.MapGet("/licences", Licences);
        api.MapPost("/applications", Apply);
        api.MapGet("/applications", List);
        api.MapGet("/applications/{id}", Get);
        api.MapPost("/applications/{id}/materials", Upload).DisableAntiforgery();
        api.MapPost("/applications/{id}/materials/shared", Share);
        api.MapPost("/applications/{id}/resubmission", Resubmit);
        api.MapPost("/applications/{id}/withdraw", Withdraw);
        api.MapGet("/applications/{id}/documents", Documents);
        api.MapGet("/applications/{id}/documents/{key}/pdf", DocumentPdf);
    }

    public static Ok<ApplicantMe> Me(HttpContext http)
    {
        var subject = http.User.Subject();
        return TypedResults.Ok(new ApplicantMe(http.User.FindFirst("sub")?.Value ?? subject.Id, subject.Id, subject.Kind, subject.Name));
    }

    /// <summary>The subject's licences that are valid now (to satisfy a material instead of an upload).</summary>
    public static Task<Ok<List<LicenceView>>> Licences(HttpContext http, ApprovalDbContext db, SealService seals, IConfiguration configuration, TimeProvider time, CancellationToken ct) =>
        LicencesApi.Valid(http.User.Subject().Name, http.User.Subject().Id, db, seals, configuration, time, ct);

    public static async Task<Created<ApplicationCreated>> Apply(ApplyRequest request, DefinitionStore definitions, WorkflowRuntime runtime, FileNumbers fileNumbers,
        TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var subject = http.User.Subject();
        if (string.IsNullOrWhiteSpace(request.DefinitionId)) throw new BadRequestException("'definitionId' is required.", ErrorCodes.ValidationField, "definitionId");
        var guide = await ServiceGuides.RequireAsync(definitions, request.DefinitionId.Trim(), ct);
        if (!guide.Online) throw new BadRequestException($"'{guide.Matter}' cannot be applied for online; see the guide for where to go.", ErrorCodes.ApplicationNotOnline, "definitionId");
        var (instance, fileNumber) = await StartOnlineAsync(guide, request.Fields, subject, http.User.ToActor(), runtime, fileNumbers, time.GetUtcNow().ChinaDate(), ct);
        return TypedResults.Created($"/api/applicant/applications/{instance.Id}", new ApplicationCreated(instance.Id, fileNumber, instance.Status.ToString()));
    }

    /// <summary>
    /// An online application of <paramref name="subject"/>: the form checked against the guide, the applicant named by the
    /// subject, a file number from the window's register, and the process started owned by the subject (the demo data
    /// files its applicants' applications the same way).
    /// </summary>
    public static async Task<(InstanceRecord Instance, string FileNumber)> StartOnlineAsync(ServiceGuide guide, JsonObject? fields, ApplicantSubject subject,
        Actor actor, WorkflowRuntime runtime, FileNumbers fileNumbers, DateOnly today, CancellationToken ct)
    {
        var input = FormFields.Validate(guide.Form, fields, today);
        // The applicant is the subject the platform vouched for, never a typed name (licence reuse relies on it).
        input["applicant"] = subject.Name;
        input["applicantId"] = subject.Id;
        input["applicantKind"] = subject.Kind;
        input["channel"] = "online";
        // The same register as the window's: area code + date + serial (FileNumbers:Pattern).
        var fileNumber = await fileNumbers.NextAsync(guide.DefinitionId, ct);
        return (await runtime.StartAsync(guide.DefinitionId, fileNumber, input, actor, ct, owner: subject), fileNumber);
    }

    /// <summary>
    /// The applicant's own applications by page, newest first, with the total: <c>state=open</c> those still being handled,
    /// <c>finished</c> those that ended (decided, not accepted, withdrawn); an enterprise files for years, so no cap.
    /// </summary>
    public static async Task<Ok<PagedList<ApplicationSummary>>> List(string? state, int? page, int? pageSize, HttpContext http, ApprovalDbContext db, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var subject = http.User.Subject();
        var owned = db.Instances.AsNoTracking().Owned(subject);
        owned = state switch
        {
            null or "" => owned,
            "open" => owned.Where(i => i.FinishedAt == null),
            "finished" => owned.Where(i => i.FinishedAt != null),
            _ => throw new BadRequestException("'state' must be open or finished (or absent for all).", ErrorCodes.ValidationField, "state"),
        };
        var ordered = owned.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id);
        var (instances, total) = await PageTotals.PageAsync(ordered, p, size, ct);
        var ids = instances.Select(i => i.Id).ToList();
        var tasks = (await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.InstanceId)).ToListAsync(ct)).ToLookup(t => t.InstanceId);
        var correcting = (await db.CorrectionNotices.AsNoTracking().Where(n => ids.Contains(n.InstanceId) && n.ResolvedAt == null).Select(n => n.InstanceId).ToListAsync(ct)).ToHashSet();
        var list = instances.Select(i => new ApplicationSummary(i.Id, i.CorrelationId ?? i.Id, i.DefinitionId, i.Name, i.ProjectName,
            ProgressLookup.Status(i, tasks[i.Id].ToList(), correcting.Contains(i.Id)),
            i.CreatedAt, i.UpdatedAt)).ToList();
        return TypedResults.Ok(new PagedList<ApplicationSummary>(list, total, p, size));
    }

    public static async Task<Ok<ApplicationDetail>> Get(string id, HttpContext http, ApprovalDbContext db, DefinitionStore definitions, DocumentService documents,
        DeadlineService deadlines, StaffDirectory directory, SealService seals, AccessLog accessLog, IActorAccessor actors, QueryCodes codes, TimeProvider time,
        DocumentOptions documentOptions, IConfiguration configuration, CancellationToken ct)
    {
        var subject = http.User.Subject();
        var instance = await ApplicantOwnership.EnsureOwnedAsync(db, id, subject, ct);
        await accessLog.RecordAsync(actors.Current, id, "details", ct);
        var version = await definitions.ForExecutionAsync(instance.DefinitionVersionId, ct);
        var guide = version is null ? null : ServiceGuides.From(version.DefinitionId, version.Version, version.ModelJson);
        var materials = await db.Materials.AsNoTracking().Where(m => m.InstanceId == id).OrderBy(m => m.UploadedAt)
            .Select(m => new ApplicantMaterialView(m.Id, m.Name, m.FileName, m.ContentType, m.Size, m.UploadedAt, m.ContentType == LicencesApi.SharedLicenceContentType))
            .ToListAsync(ct);
        var notices = await db.CorrectionNotices.AsNoTracking().Where(n => n.InstanceId == id).OrderBy(n => n.CreatedAt).ToListAsync(ct);
        var corrections = notices.Select(n => new CorrectionView(n.Id, directory.DepartmentName(n.RequestedBy), JsonSerializer.Deserialize<List<string>>(n.MissingJson) ?? [],
            n.Opinion, n.CreatedAt, n.ResolvedAt)).ToList();
        var progress = await ProgressLookup.ViewAsync(db, instance, deadlines, directory, seals, time, ct);
        var fields = WorkflowRuntime.ReadState(instance).Input.DeepClone().AsObject();
        documents.Owner = subject;
        var documentList = await documents.ListAsync(id, ct);
        return TypedResults.Ok(new ApplicationDetail(instance.Id, instance.CorrelationId ?? instance.Id, instance.DefinitionId, instance.Name, progress.Status,
            instance.CreatedAt, fields, guide?.Materials ?? [], materials, corrections, progress, CanWithdraw(instance),
            documentList.Where(d => d.Issued || d.Kind != DocumentService.Certificate).ToList(),
            // The owner sees their own query code (as on the acceptance notice) once the window has accepted.
            instance.QueryCodeHash is null ? null : codes.Derive(instance.Id),
            Result(instance, progress.Status, directory, documentOptions.AppealRightsFor(configuration[$"Deadlines:Processes:{instance.DefinitionId}:Jurisdiction"]))));
    }

    /// <param name="appealRights">The rights the refusal notice and the denial letter print (the jurisdiction's, in Chinese).</param>
    private static ApplicationResult? Result(InstanceRecord instance, string status, StaffDirectory directory, string appealRights)
    {
        var variables = WorkflowRuntime.ReadState(instance).Variables;
        static string? Text(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
        if (status == "notAccepted" && variables.GetValueOrDefault("notAccepted") is JsonObject refusal)
            return new("notAccepted", Text(refusal["reason"]), [], Text(refusal["competentAgency"]), null, appealRights);
        if (status is not ("approved" or "denied") || variables.GetValueOrDefault(Approvals.Reviews.Decision.DecisionVariable) is not JsonObject decision) return null;
        var reasons = (decision["reasons"] as JsonArray ?? []).Select(Text).OfType<string>().Select(directory.WithDepartmentName).ToList();
        return new(status, null, reasons, null, Text(decision["opinion"]), status == "denied" ? appealRights : null);
    }

    /// <summary>multipart/form-data "name" and "file": the counter's upload with its checks (type by content, size, name).</summary>
    public static async Task<Created<MaterialView>> Upload(string id, HttpRequest request, MaterialService service, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        await ApplicantOwnership.EnsureOwnedAsync(db, id, http.User.Subject(), ct);
        var created = await TasksApi.UploadMaterialAsync(id, request, service, http, ct);
        return TypedResults.Created($"/api/applicant/applications/{id}", created.Value);
    }

    /// <summary>{"name","licenceNumber"}: one of the subject's own valid licences stands for the material.</summary>
    public static async Task<Created<SharedMaterial>> Share(string id, ShareLicenceRequest request, ApprovalDbContext db, WorkflowRuntime runtime, SealService seals,
        IActorAccessor actors, IConfiguration configuration, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        await ApplicantOwnership.EnsureOwnedAsync(db, id, http.User.Subject(), ct);
        return await LicencesApi.ShareAsync(id, request, db, runtime, seals, actors, configuration, time, ct);
    }

    /// <summary>The corrections are complete: the window's own rule (everything listed supplied after the notice), then the clock resumes.</summary>
    public static async Task<Ok<InstanceCreated>> Resubmit(string id, MaterialService service, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        await ApplicantOwnership.EnsureOwnedAsync(db, id, http.User.Subject(), ct);
        return TypedResults.Ok(InstanceCreated.From(await service.ResubmitAsync(id, http.User.ToActor(), ct)));
    }

    /// <summary>Withdraws the application (撤回申请) while no decision has been made; afterwards 409 application-decided.</summary>
    public static async Task<Ok<InstanceCreated>> Withdraw(string id, WithdrawRequest? request, WorkflowRuntime runtime, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        var instance = await ApplicantOwnership.EnsureOwnedAsync(db, id, http.User.Subject(), ct);
        var reason = request?.Reason?.Trim();
        if (reason is { Length: > 500 }) throw new BadRequestException("'reason' must be at most 500 characters.", ErrorCodes.ValidationField, "reason");
        if (!CanWithdraw(instance))
            throw new ConflictException("The application has been decided or has ended; it can no longer be withdrawn.", ErrorCodes.ApplicationDecided);
        var cancelled = await runtime.CancelAsync(id, string.IsNullOrEmpty(reason) ? ApplicationOutcomes.WithdrawnByApplicant : $"{ApplicationOutcomes.WithdrawnByApplicant}: {reason}",
            http.User.ToActor(), ct, ApplicationOutcomes.Withdrawn, undecidedOnly: true);
        return TypedResults.Ok(InstanceCreated.From(cancelled));
    }

    public static async Task<Ok<List<DocumentListing>>> Documents(string id, DocumentService documents, HttpContext http, CancellationToken ct)
    {
        documents.Owner = http.User.Subject();
        return TypedResults.Ok(await documents.ListAsync(id, ct));
    }

    public static async Task<FileContentHttpResult> DocumentPdf(string id, string key, DocumentService documents, HttpContext http, CancellationToken ct)
    {
        documents.Owner = http.User.Subject();
        var file = await documents.PdfAsync(id, key, ct);
        return TypedResults.File(file.Pdf, "application/pdf", file.FileName);
    }

    /// <summary>Running and not settled: neither decided nor refused at the window.</summary>
    private static bool CanWithdraw(InstanceRecord instance) => instance.FinishedAt is null && instance.Outcome is null;
}
