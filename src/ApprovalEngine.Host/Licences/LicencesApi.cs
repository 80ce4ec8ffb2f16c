using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Documents;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Host.Tasks;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Licences;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using ApprovalEngine.Workflows.Execution;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Licences;

/// <summary>An issued e-licence as the library shows it, with its standing now (seal and validity checked at the time of asking).</summary>
/// <remarks>
/// <c>Status</c>: valid, revoked, replaced, expired, or invalid (the seal does not verify). <c>Code</c> is the verification
/// code (licence-revoked, licence-replaced, outside-validity, seal codes); <c>ReasonCode</c> the revocation's or
/// replacement's stable reason code (see <see cref="LicenceReasonCodes"/>).
/// </remarks>
public sealed record LicenceView(string Number, string Type, string TypeName, string Holder, string Matter, string Scope, string IssuingAuthority,
    DateOnly ValidFrom, DateOnly ValidUntil, DateTimeOffset IssuedAt, string Status, string? Reason, string? Code, string InstanceId, string VerificationUrl,
    string? ReasonCode = null, DateTimeOffset? RevokedAt = null, string? RevokedBy = null, string? RevocationReason = null, string? ReplacedBy = null, string? Replaces = null,
    string? HolderIdMasked = null);

/// <summary>The holder's full identity number, for staff who may read the licence's application (the read is logged).</summary>
public sealed record LicenceHolderId(string Number, string Holder, string? HolderId);

/// <summary>Body of a revocation: a reason for people and a stable reason code (GET /api/licences/reason-codes lists them).</summary>
public sealed record RevokeLicenceRequest(string? Reason, string? ReasonCode);

/// <summary>Body of a replacement; holder, scope and validUntil are what the new licence states differently (left out: unchanged).</summary>
public sealed record ReplaceLicenceRequest(string? Reason, string? ReasonCode, string? Holder, string? Scope, DateOnly? ValidUntil);

public sealed record LicenceReplacement(LicenceView Replaced, LicenceView Replacement);

public sealed record LicenceReasonCodeList(IReadOnlyList<string> Revocation, IReadOnlyList<string> Replacement);


public sealed record ShareLicenceRequest(string? Name, string? LicenceNumber);

public sealed record SharedMaterial(MaterialView Material, LicenceView Licence);

/// <summary>
/// The electronic licence library (电子证照库): every certificate this host issued, searchable by staff, and the
/// window's reuse of a holder's valid licence as an application material instead of an upload (免提交).
/// </summary>
public static class LicencesApi
{
    /// <summary>How a shared licence is stored as a material: the sealed certificate document itself.</summary>
    public const string SharedLicenceContentType = "application/vnd.approvalengine.licence+json";

    public static void MapLicencesApi(this IEndpointRouteBuilder app)
    {
        var licences = app.MapGroup("/api/licences").WithTags("Licences");
        licences.MapGet("/", Search).RequireAuthorization(Policies.Casework);
        licences.MapGet("/valid", Valid).RequireAuthorization(Policies.Intake);
        licences.MapGet("/reason-codes", ReasonCodes).RequireAuthorization(Policies.Casework);
        licences.MapGet("/{number}/holder-id", HolderId).RequireAuthorization(Policies.Casework);
        licences.MapPost("/{number}/revoke", Revoke).RequireAuthorization(Policies.Admin);
        licences.MapPost("/{number}/replace", Replace).RequireAuthorization(Policies.Admin);
        app.MapPost("/api/instances/{id}/materials/shared", Share).WithTags("Licences").RequireAuthorization(Policies.Intake);
    }

    /// <summary>Staff search by holder (contains), number (exact) and type (the issuing process id), newest first; pages from 0 as every list.</summary>
    public static async Task<Ok<PagedList<LicenceView>>> Search(string? holder, string? number, string? type, int? page, int? pageSize,
        ApprovalDbContext db, SealService seals, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var (p, size) = InstancesApi.Paging(page, pageSize);
        var query = db.Set<CertificateRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(holder)) query = query.Where(c => c.Holder.Contains(holder.Trim()));
        if (!string.IsNullOrWhiteSpace(number)) query = query.Where(c => c.Number == number.Trim());
        if (!string.IsNullOrWhiteSpace(type)) query = query.Where(c => db.Instances.Any(i => i.Id == c.InstanceId && i.DefinitionId == type.Trim()));
        var rows = await RowsAsync(db, query.OrderByDescending(c => c.IssuedAt).Skip(p * size).Take(size), ct);
        var total = await PageTotals.TotalAsync(query, p * size, size, rows.Count, ct);
        var lookup = await seals.LookupAsync(ct);
        return TypedResults.Ok(new PagedList<LicenceView>(rows.Select(r => View(r, lookup, configuration, time)).ToList(), total, p, size));
    }

    /// <summary>
    /// The window's question: which licences does this holder have that are valid right now? With <c>holderId</c> (credit
    /// code or resident ID) a licence recording an identity number matches on it alone (two people may share a name, a
    /// renamed company keeps its code); a licence without one matches on the exact name.
    /// </summary>
    public static async Task<Ok<List<LicenceView>>> Valid(string? holder, string? holderId, ApprovalDbContext db, SealService seals, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(holder)) throw new BadRequestException("'holder' (the holder's exact name) is required.", ErrorCodes.ValidationField, "holder");
        var name = holder.Trim();
        var id = holderId?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(id) && !Approvals.Licences.IdentityNumbers.IsValidHolderId(id))
            throw new BadRequestException("'holderId' must be a unified social credit code (GB 32100) or a resident ID number (GB 11643) with a valid check character.",
                ErrorCodes.ValidationField, "holderId");
        var query = string.IsNullOrEmpty(id)
            ? db.Set<CertificateRecord>().AsNoTracking().Where(c => c.Holder == name)
            : db.Set<CertificateRecord>().AsNoTracking().Where(c => c.HolderId == id || (c.HolderId == null && c.Holder == name));
        var rows = await RowsAsync(db, query.OrderByDescending(c => c.IssuedAt), ct);
        var lookup = await seals.LookupAsync(ct);
        return TypedResults.Ok(rows.Select(r => View(r, lookup, configuration, time)).Where(v => v.Status == "valid").ToList());
    }

    /// <summary>
    /// Need-to-know: the full identity number only for staff who may read the application that issued the licence (403
    /// otherwise), and each such read is recorded in the access log like any read of the application's data.
    /// </summary>
    public static async Task<Ok<LicenceHolderId>> HolderId(string number, ApprovalDbContext db, ApplicationAccess access, CancellationToken ct)
    {
        var record = await db.Set<CertificateRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Number == number.Trim(), ct)
                     ?? throw new NotFoundException($"No licence numbered '{number}' is in the library.", ErrorCodes.LicenceNotFound, "number");
        await access.EnsureCanReadAsync(record.InstanceId, $"licence-holder-id:{record.Number}", ct);
        return TypedResults.Ok(new LicenceHolderId(record.Number, record.Holder, record.HolderId));
    }

    public static Ok<LicenceReasonCodeList> ReasonCodes() => TypedResults.Ok(new LicenceReasonCodeList(LicenceReasonCodes.Revocation, LicenceReasonCodes.Replacement));

    /// <summary>Revokes a licence with a reason (one stimulus on its application: journal line and audit record); verification reports it from now on.</summary>
    public static async Task<Ok<LicenceView>> Revoke(string number, RevokeLicenceRequest request, LicenceService service, IActorAccessor actors,
        ApprovalDbContext db, SealService seals, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var record = await service.RevokeAsync(number, request.Reason, request.ReasonCode, actors.Current, ct);
        return TypedResults.Ok(await ViewAsync(db, record.Number, seals, configuration, time, ct));
    }

    /// <summary>Replaces a licence with a new sealed licence that names the replaced one; the old one is reported as replaced.</summary>
    public static async Task<Created<LicenceReplacement>> Replace(string number, ReplaceLicenceRequest request, LicenceService service, IActorAccessor actors,
        ApprovalDbContext db, SealService seals, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        // A licence is valid for years, not centuries: 9999-12-31 is a typing slip, and it would be sealed into the new licence.
        if (request.ValidUntil is { } until && (until <= DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) || until > Platform.QueryValues.MaxDate))
            throw new BadRequestException($"'validUntil' must be after today and at most {Platform.QueryValues.MaxDate:yyyy-MM-dd}.", ErrorCodes.Date, "validUntil");
        var (old, replacement) = await service.ReplaceAsync(number, request.Reason, request.ReasonCode,
            new LicenceChanges(request.Holder, request.Scope, request.ValidUntil), actors.Current, ct);
        return TypedResults.Created($"/api/licences?number={Uri.EscapeDataString(replacement.Number)}",
            new LicenceReplacement(await ViewAsync(db, old.Number, seals, configuration, time, ct), await ViewAsync(db, replacement.Number, seals, configuration, time, ct)));
    }

    private static async Task<LicenceView> ViewAsync(ApprovalDbContext db, string number, SealService seals, IConfiguration configuration, TimeProvider time, CancellationToken ct) =>
        View((await RowsAsync(db, db.Set<CertificateRecord>().AsNoTracking().Where(c => c.Number == number), ct)).Single(), await seals.LookupAsync(ct), configuration, time);

    /// <summary>
    /// Satisfies the material <c>name</c> of the application with the holder's licence from the library: its seal and
    /// validity are verified now, and the sealed certificate is recorded as the material (one stimulus, journaled).
    /// </summary>
    public static async Task<Created<SharedMaterial>> Share(string id, ShareLicenceRequest request, ApprovalDbContext db, WorkflowRuntime runtime,
        SealService seals, Persistence.Access.ApplicationAccess access, IActorAccessor actors, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        // Need-to-know first: a clerk of another window learns nothing about the application, not even that it exists.
        await access.EnsureCanReadAsync(id, null, ct);
        return await ShareAsync(id, request, db, runtime, seals, actors, configuration, time, ct);
    }

    /// <summary>The sharing itself, for a caller that has decided who may add to the application (the window above, the owner online).</summary>
    public static async Task<Created<SharedMaterial>> ShareAsync(string id, ShareLicenceRequest request, ApprovalDbContext db, WorkflowRuntime runtime,
        SealService seals, IActorAccessor actors, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 256)
            throw new BadRequestException("'name' (which required material the licence stands for) is required, at most 256 characters.", ErrorCodes.ValidationField, "name");
        if (string.IsNullOrWhiteSpace(request.LicenceNumber)) throw new BadRequestException("'licenceNumber' is required.", ErrorCodes.ValidationField, "licenceNumber");
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, ct)
                       ?? throw new NotFoundException($"Application '{id}' does not exist.", ErrorCodes.InstanceNotFound);
        if (instance.FinishedAt is not null)
            throw new ConflictException($"The application is {instance.Status.ToString().ToLowerInvariant()}; no more materials are accepted.", ErrorCodes.MaterialsClosed);
        var licenceNumber = request.LicenceNumber.Trim();
        var row = (await RowsAsync(db, db.Set<CertificateRecord>().AsNoTracking().Where(c => c.Number == licenceNumber), ct)).SingleOrDefault()
                  ?? throw new NotFoundException($"No licence numbered '{request.LicenceNumber}' is in the library.", ErrorCodes.LicenceNotFound, "licenceNumber");

        // A licence serves its own holder's applications only: by identity number when both record one, else by the exact name.
        var applicant = WorkflowRuntime.ReadState(instance).Input["applicant"]?.ToString();
        var applicantId = instance.OwnerSubjectId ?? Persistence.Intake.AcceptanceModeService.SubjectIdOf(instance);
        var sameHolder = row.Certificate.HolderId is { } holderId && applicantId is not null
            ? string.Equals(holderId, applicantId.Trim().ToUpperInvariant(), StringComparison.Ordinal)
            : string.Equals(applicant?.Trim(), row.Certificate.Holder, StringComparison.Ordinal);
        if (!sameHolder)
            throw new ConflictException($"Licence {row.Certificate.Number} is not held by this application's applicant.", ErrorCodes.LicenceOtherHolder, "licenceNumber");
        var licence = View(row, await seals.LookupAsync(ct), configuration, time);
        if (licence.Status != "valid")
            throw new ConflictException($"Licence {licence.Number} cannot be used: {licence.Reason}", ErrorCodes.LicenceInvalid, "licenceNumber");
        // A material that names a licence type is satisfied by a licence of that type only (a business licence is no land-use certificate).
        var model = await db.DefinitionVersions.AsNoTracking().Where(v => v.Id == instance.DefinitionVersionId).Select(v => v.ModelJson).SingleAsync(ct);
        var wanted = Applicants.ServiceGuides.From(instance.DefinitionId, instance.DefinitionVersion, model)?.Materials.FirstOrDefault(m => m.Name == name)?.LicenceType;
        if (wanted is not null && wanted != licence.Type)
            throw new ConflictException($"The material '{name}' takes a {DocumentService.CertificateTitle(configuration, wanted)} ({wanted}); licence {licence.Number} is a {licence.TypeName} ({licence.Type}).",
                ErrorCodes.LicenceWrongType, "licenceNumber");

        var content = Encoding.UTF8.GetBytes(row.Certificate.DocumentJson);
        var actor = actors.Current;
        var material = new MaterialRecord
        {
            Id = ActivityContext.NewId(), InstanceId = id, Name = name, FileName = $"{licence.Number}.json", ContentType = SharedLicenceContentType,
            Size = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content, UploadedBy = actor.Name, UploadedAt = time.GetUtcNow(),
        };
        await runtime.RecordAsync(id, actor, tracked =>
        {
            tracked.Materials.Add(material);
            return Task.FromResult<JournalEntry?>(new JournalEntry(material.UploadedAt, null, null, "LicenceShared", Message: $"{name}: licence {licence.Number}",
                Actor: actor.Name, Payload: new JsonObject
                {
                    ["materialId"] = material.Id, ["name"] = name, ["licenceNumber"] = licence.Number, ["sha256"] = material.Sha256,
                    ["verifiedAt"] = material.UploadedAt, ["status"] = licence.Status, ["licenceType"] = licence.Type, ["issuingAuthority"] = licence.IssuingAuthority,
                    // State Council 2016 guideline, grade A: produced by the issuing agency with its e-seal, used directly.
                    ["grade"] = "A",
                }));
        }, ct);
        return TypedResults.Created($"/api/instances/{id}/materials", new SharedMaterial(MaterialView.From(material), licence));
    }

    private sealed record Row(CertificateRecord Certificate, string DefinitionId);

    /// <summary>The certificates with the process that issued them (the licence type).</summary>
    private static async Task<List<Row>> RowsAsync(ApprovalDbContext db, IQueryable<CertificateRecord> certificates, CancellationToken ct)
    {
        var list = await certificates.ToListAsync(ct);
        var ids = list.Select(c => c.InstanceId).Distinct().ToList();
        var types = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, i => i.DefinitionId, ct);
        return list.Select(c => new Row(c, types.GetValueOrDefault(c.InstanceId, ""))).ToList();
    }

    private static LicenceView View(Row row, Func<string, Approvals.Seals.SealInfo?> lookup, IConfiguration configuration, TimeProvider time)
    {
        var r = row.Certificate;
        var c = LicenceService.Read(r);
        var standing = LicenceService.Check(c, r, lookup, time.GetUtcNow());
        return new LicenceView(c.Number, row.DefinitionId, DocumentService.CertificateTitle(configuration, row.DefinitionId), c.Holder, c.Matter, c.Scope,
            c.IssuingAuthority, c.ValidFrom, c.ValidUntil, c.IssuedAt, standing.Status, standing.Reason, standing.Code, r.InstanceId, c.VerificationUrl,
            r.RevocationCode, r.RevokedAt, r.RevokedBy, r.RevocationReason, r.ReplacedBy, r.Replaces, Approvals.Licences.IdentityNumbers.Mask(r.HolderId));
    }
}
