using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tasks;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Documents;

/// <summary>A document an application has (or will have on first download), as the application page lists it.</summary>
public sealed record DocumentListing(string Key, string Kind, string Title, string Number, bool Issued, string DownloadUrl);

/// <summary>A rendered document and what it is.</summary>
public sealed record DocumentFile(string Number, string Kind, string Title, string FileName, byte[] Pdf);

/// <summary>
/// The official documents of an application. Notices and decision letters are sealed when first issued (the first
/// download: the moment the window prints them) and stored as sealed documents numbered by what they come from, so
/// every later download is the same sealed content; the certificate is the sealed certificate as issued. Every PDF
/// is rendered from the sealed content alone and carries it, with its signature, as an attachment.
/// </summary>
public sealed class DocumentService(
    ApprovalDbContext db, SealService seals, AuditTrail audit, IActorAccessor actors, TimeProvider time, DocumentOptions options, IConfiguration configuration,
    Persistence.Access.ApplicationAccess access, Persistence.Access.AccessLog accessLog, Applicants.QueryCodes queryCodes, Departments.StaffDirectory directory,
    Persistence.Deadlines.DeadlineService deadlines)
{
    /// <summary>
    /// Set by the applicant's channel: documents are then read as the owner subject (their own applications only, 404
    /// for any other) instead of through staff need-to-know.
    /// </summary>
    public Persistence.Applicants.ApplicantSubject? Owner { get; set; }

    public const string AcceptanceNotice = "acceptance-notice", CorrectionNotice = "correction-notice", NonAcceptanceNotice = "non-acceptance-notice",
        DecisionLetter = "decision", Certificate = "certificate";

    /// <summary>Printed decision letters are numbered JD…; the decision step's sealed decision shares their kind under a random id.</summary>
    public const string DecisionLetterPrefix = "JD";

    private static readonly Dictionary<string, string> Prefixes = new()
    {
        [AcceptanceNotice] = "SL", [CorrectionNotice] = "BZ", [NonAcceptanceNotice] = "BSL", [DecisionLetter] = DecisionLetterPrefix,
    };

    private static readonly Dictionary<string, string> DefaultCertificateTitles = new()
    {
        ["construction-permit-3550"] = "建设工程施工许可证", ["enterprise-establishment-3d"] = "营业执照", ["real-estate-registration-5d"] = "不动产权证书",
    };

    /// <summary>Every document the application has or can have now, in the order they arise.</summary>
    public async Task<List<DocumentListing>> ListAsync(string instanceId, CancellationToken ct)
    {
        var instance = await VisibleInstanceAsync(instanceId, ct);
        var sources = await SourcesAsync(instance, ct);
        var issued = await db.Set<SealedDocumentRecord>().AsNoTracking().Where(d => d.InstanceId == instanceId).Select(d => d.Id).ToListAsync(ct);
        var prefix = Owner is null ? "/api/instances" : "/api/applicant/applications";
        return sources.Select(s => new DocumentListing(s.Key, s.Kind, s.Title, s.Number, s.Kind == Certificate || issued.Contains(s.Number),
            $"{prefix}/{instanceId}/documents/{s.Key}/pdf")).ToList();
    }

    /// <summary>The PDF of one document of the application (issuing and sealing it first if needed); the download is audited.</summary>
    public async Task<DocumentFile> PdfAsync(string instanceId, string key, CancellationToken ct)
    {
        var instance = await VisibleInstanceAsync(instanceId, ct, record: false);
        var source = (await SourcesAsync(instance, ct)).FirstOrDefault(s => s.Key == key)
                     ?? throw new NotFoundException($"Application '{instanceId}' has no document '{key}' (yet); GET /api/instances/{instanceId}/documents lists what it has.", ErrorCodes.DocumentNotFound);
        await access.RecordReadAsync(instanceId, "documents", ct);
        return await RenderAsync(instance, source, ct);
    }

    /// <summary>The PDF of a document by its printed number.</summary>
    public async Task<DocumentFile> PdfByNumberAsync(string number, CancellationToken ct)
    {
        var instanceId = await db.Set<SealedDocumentRecord>().AsNoTracking().Where(d => d.Id == number).Select(d => d.InstanceId).FirstOrDefaultAsync(ct)
                         ?? await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.Number == number).Select(c => c.InstanceId).FirstOrDefaultAsync(ct)
                         ?? throw new NotFoundException($"No document numbered '{number}' was issued here.", ErrorCodes.DocumentNotFound);
        var instance = await VisibleInstanceAsync(instanceId, ct, record: false);
        var source = (await SourcesAsync(instance, ct)).FirstOrDefault(s => s.Number == number)
                     ?? throw new NotFoundException($"No document numbered '{number}' was issued here.", ErrorCodes.DocumentNotFound);
        await access.RecordReadAsync(instanceId, "documents", ct);
        return await RenderAsync(instance, source, ct);
    }

    private async Task<DocumentFile> RenderAsync(InstanceRecord instance, Source source, CancellationToken ct)
    {
        PrintableDocument printable;
        if (source.Kind == Certificate)
        {
            var record = await db.Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.Number == source.Number, ct);
            var certificate = JsonSerializer.Deserialize<ElectronicCertificate>(record.DocumentJson, SealService.Json)!;
            var payload = new JsonObject { ["kind"] = Certificate, ["number"] = certificate.Number, ["certificate"] = JsonNode.Parse(record.DocumentJson) };
            printable = DocumentLayouts.Certificate(certificate, source.Title, await SealNameAsync(certificate.Seal!.SealId, ct), Bytes(payload));
        }
        else
        {
            var sealedRecord = await db.Set<SealedDocumentRecord>().SingleOrDefaultAsync(d => d.Id == source.Number, ct) ?? await IssueAsync(instance, source, ct);
            var content = JsonNode.Parse(sealedRecord.ContentJson)!.AsObject();
            var signature = JsonSerializer.Deserialize<SealSignature>(sealedRecord.SignatureJson, SealService.Json)!;
            var payload = new JsonObject
            {
                ["kind"] = source.Kind, ["number"] = source.Number, ["content"] = content.DeepClone(), ["signature"] = JsonNode.Parse(sealedRecord.SignatureJson),
            };
            // The progress query code is printed but never sealed or stored: the sealed content is public by its number.
            if (source.Kind == AcceptanceNotice && instance.QueryCodeHash is not null) content["queryCode"] = queryCodes.Derive(instance.Id);
            printable = DocumentLayouts.Letter(content, await SealNameAsync(signature.SealId, ct), Bytes(payload));
        }

        var pdf = DocumentRenderer.Render(printable);
        await audit.AppendAsync(db, instance.Id, actors.Current, "document.downloaded", $"document:{source.Number}", instance.Id,
            new JsonObject { ["kind"] = source.Kind, ["number"] = source.Number, ["format"] = "pdf" }, time.GetUtcNow(), ct);
        await db.SaveChangesAsync(ct);
        return new DocumentFile(source.Number, source.Kind, source.Title, $"{source.Number}.pdf", pdf);
    }

    /// <summary>Builds and seals the document's content; saved with the download's audit record, in one transaction.</summary>
    private async Task<SealedDocumentRecord> IssueAsync(InstanceRecord instance, Source source, CancellationToken ct)
    {
        var (key, keyId, protector, sealName) = await SigningKeyAsync(source.SealDepartment, ct);
        var now = time.GetUtcNow();
        var state = WorkflowRuntime.ReadState(instance);
        var content = new JsonObject
        {
            ["documentType"] = source.Kind,
            ["title"] = source.Title,
            ["number"] = source.Number,
            ["instanceId"] = instance.Id,
            ["fileNumber"] = instance.CorrelationId,
            ["applicant"] = state.Input["applicant"]?.ToString(),
            ["project"] = state.Input["project"]?.ToString(),
            ["matter"] = instance.Name,
            ["submittedAt"] = Utc(instance.CreatedAt),
            ["issuingAuthority"] = sealName,
            ["issuedAt"] = Utc(now),
            ["verificationUrl"] = seals.VerificationUrl(source.Number),
        };
        // The national codes: the process's item implementation code (GB/T 39554.1), the project's investment code (GB/T 40058).
        var model = await db.DefinitionVersions.AsNoTracking().Where(v => v.Id == instance.DefinitionVersionId).Select(v => v.ModelJson).SingleOrDefaultAsync(ct);
        if (Persistence.Definitions.ProcessCodes.ImplementationCode(model is null ? null : JsonNode.Parse(model)) is { } itemCode) content["implementationCode"] = itemCode;
        if (instance.ProjectCode is { } projectCode) content["projectCode"] = projectCode;
        foreach (var (name, value) in source.Facts) content[name] = value?.DeepClone();
        var signature = DecisionSeal.Seal(protector, key, content, keyId, now);
        var record = new SealedDocumentRecord
        {
            Id = source.Number, InstanceId = instance.Id, Kind = source.Kind, ContentJson = content.ToJsonString(),
            SignatureJson = JsonSerializer.Serialize(signature, SealService.Json), CreatedAt = now,
        };
        db.Add(record);
        await audit.AppendAsync(db, instance.Id, actors.Current, "document.issued", $"document:{source.Number}", instance.Id,
            new JsonObject { ["kind"] = source.Kind, ["number"] = source.Number, ["sealKeyId"] = keyId }, now, ct);
        return record;
    }

    /// <summary>The department's own seal, else the configured notice seal (a bureau seal usually stands for the window).</summary>
    private async Task<(SealKeyMaterial Key, string KeyId, SealKeyProtector Protector, string SealName)> SigningKeyAsync(string department, CancellationToken ct)
    {
        (SealKeyMaterial, string, SealKeyProtector) signing;
        try { signing = await seals.SigningKeyAsync(department, ct); }
        catch (ConflictException) when (department != options.NoticeSealDepartment) { signing = await seals.SigningKeyAsync(options.NoticeSealDepartment, ct); }
        return (signing.Item1, signing.Item2, signing.Item3, await SealNameAsync(signing.Item2, ct));
    }

    private async Task<string> SealNameAsync(string keyId, CancellationToken ct) =>
        await db.Set<SealKeyRecord>().AsNoTracking().Where(k => k.Id == keyId)
            .Join(db.Set<SealRecord>().AsNoTracking(), k => k.SealId, s => s.Id, (k, s) => s.Name).FirstOrDefaultAsync(ct) ?? "";

    /// <summary>One document an application can have, and the facts (beyond the common ones) it states.</summary>
    private sealed record Source(string Key, string Kind, string Title, string Number, string SealDepartment, JsonObject Facts);

    private async Task<List<Source>> SourcesAsync(InstanceRecord instance, CancellationToken ct)
    {
        var sources = new List<Source>();
        var tail = instance.Id.Length >= 12 ? instance.Id[^12..].ToUpperInvariant() : instance.Id.ToUpperInvariant();
        var state = WorkflowRuntime.ReadState(instance);
        var intake = await db.Tasks.AsNoTracking()
            .Where(t => t.InstanceId == instance.Id && t.Kind == TaskKind.Acceptance && t.Status == Persistence.Tasks.TaskStatus.Completed)
            .OrderByDescending(t => t.CompletedAt).ThenByDescending(t => t.Round).FirstOrDefaultAsync(ct);

        // Sealed and printed with the materials' titles (消防设计审查意见), as the applicant's guide names them.
        var titles = await Persistence.Definitions.MaterialTitles.ForVersionAsync(db, instance.DefinitionVersionId, ct);
        var notices = await db.CorrectionNotices.AsNoTracking().Where(n => n.InstanceId == instance.Id).OrderBy(n => n.CreatedAt).ToListAsync(ct);
        foreach (var notice in notices)
        {
            var missing = JsonSerializer.Deserialize<List<string>>(notice.MissingJson) ?? [];
            sources.Add(new Source($"{CorrectionNotice}-{notice.Id}", CorrectionNotice, "补正材料通知书（一次性告知书）",
                Prefixes[CorrectionNotice] + notice.Id[^Math.Min(12, notice.Id.Length)..].ToUpperInvariant(), notice.RequestedBy, new JsonObject
                {
                    ["noticeId"] = notice.Id, ["requestedBy"] = notice.RequestedBy, ["requestedAt"] = Utc(notice.CreatedAt),
                    ["items"] = new JsonArray(Persistence.Definitions.MaterialTitles.Titles(titles, missing).Select(m => (JsonNode)m).ToArray()), ["opinion"] = notice.Opinion,
                }));
        }

        if (intake?.Outcome == Outcomes.Accepted)
        {
            // What the window had received when it accepted: a material answering a later correction was not part of it.
            var acceptedAt = intake.CompletedAt!.Value;
            var materials = await db.Materials.AsNoTracking().Where(m => m.InstanceId == instance.Id && m.UploadedAt <= acceptedAt).OrderBy(m => m.UploadedAt)
                .Select(m => m.Name).ToListAsync(ct);
            var statutory = await db.Deadlines.AsNoTracking().Where(d => d.InstanceId == instance.Id && d.Kind == DeadlineKind.Statutory)
                .OrderBy(d => d.StartedAt).FirstOrDefaultAsync(ct);
            sources.Add(new Source(AcceptanceNotice, AcceptanceNotice, "受理通知书", Prefixes[AcceptanceNotice] + tail, intake.Department, new JsonObject
            {
                ["acceptedAt"] = Utc(intake.CompletedAt!.Value),
                ["materials"] = new JsonArray(Persistence.Definitions.MaterialTitles.Titles(titles, materials.Distinct()).Select(m => (JsonNode)m).ToArray()),
                ["statutoryLimitWorkingDays"] = statutory?.LimitWorkingDays,
                ["dueDate"] = statutory?.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                // A due date in a year whose official holidays are not published yet was counted on weekends alone: say so.
                ["dueDateProvisional"] = statutory is not null && statutory.DueDate.Year > deadlines.CalendarFor(instance.DefinitionId).KnownYears.Last ? true : null,
            }));
        }
        if (intake?.Outcome == Outcomes.NotAccepted)
        {
            var notAccepted = state.Variables.GetValueOrDefault("notAccepted") as JsonObject;
            sources.Add(new Source(NonAcceptanceNotice, NonAcceptanceNotice, "不予受理通知书", Prefixes[NonAcceptanceNotice] + tail, intake.Department, new JsonObject
            {
                ["reason"] = notAccepted?["reason"]?.ToString() ?? intake.Opinion,
                ["competentAgency"] = notAccepted?["competentAgency"]?.ToString(),
                ["appealRights"] = options.AppealRightsFor(Jurisdiction(instance)),
            }));
        }

        var decision = await db.Set<SealedDocumentRecord>().AsNoTracking().Where(d => d.InstanceId == instance.Id && d.Kind == "decision")
            .OrderByDescending(d => d.CreatedAt).FirstOrDefaultAsync(ct);
        if (decision is not null)
        {
            var sealedDecision = JsonNode.Parse(decision.ContentJson)!.AsObject();
            var denied = sealedDecision["outcome"]?.ToString() == Outcomes.Denied;
            var reasons = new JsonArray((sealedDecision["reasons"] as JsonArray ?? []).Select(r => (JsonNode?)directory.WithDepartmentName(r?.ToString() ?? "")).ToArray());
            sources.Add(new Source(DecisionLetter, DecisionLetter, denied ? "不予行政许可决定书" : "准予行政许可决定书", Prefixes[DecisionLetter] + tail,
                sealedDecision["department"]?.ToString() ?? options.NoticeSealDepartment, new JsonObject
                {
                    ["outcome"] = sealedDecision["outcome"]?.DeepClone(),
                    ["decidedAt"] = sealedDecision["decidedAt"]?.DeepClone(),
                    ["reasons"] = reasons.DeepClone(),
                    ["opinion"] = sealedDecision["opinion"]?.DeepClone(),
                    ["appealRights"] = denied ? options.AppealRightsFor(Jurisdiction(instance)) : null,
                    ["sealedDecisionId"] = decision.Id,
                }));
        }

        // The licence as first issued, then any replacement of it (each its own sealed document and number).
        var certificates = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.InstanceId == instance.Id).OrderBy(c => c.IssuedAt).ToListAsync(ct);
        for (var i = 0; i < certificates.Count; i++)
            sources.Add(new Source(i == 0 ? Certificate : $"{Certificate}-{certificates[i].Number}", Certificate, CertificateTitle(instance.DefinitionId), certificates[i].Number, "", []));
        return sources;
    }

    private string CertificateTitle(string definitionId) => CertificateTitle(configuration, definitionId);

    /// <summary>The printed title of a process's certificate: Documents:CertificateTitles:{definitionId}, else the shipped processes' titles.</summary>
    public static string CertificateTitle(IConfiguration configuration, string definitionId) =>
        configuration[$"Documents:CertificateTitles:{definitionId}"] ?? DefaultCertificateTitles.GetValueOrDefault(definitionId, "电子证照");

    private string? Jurisdiction(InstanceRecord instance) => configuration[$"Deadlines:Processes:{instance.DefinitionId}:Jurisdiction"];

    /// <summary>
    /// Staff see an application's documents when they may see the application: clerks, auditors and admins always;
    /// a reviewer only when their department has a task on it (need-to-know).
    /// </summary>
    /// <param name="record">False when the caller records the read itself once the document is found (a 404 read nothing).</param>
    private async Task<InstanceRecord> VisibleInstanceAsync(string instanceId, CancellationToken ct, bool record = true)
    {
        if (Owner is not null)
        {
            var owned = await Persistence.Applicants.ApplicantOwnership.EnsureOwnedAsync(db, instanceId, Owner, ct);
            await accessLog.RecordAsync(actors.Current, instanceId, "documents", ct);
            return owned;
        }
        // Need-to-know is decided in one place, which also records the read.
        await access.EnsureCanReadAsync(instanceId, record ? "documents" : null, ct);
        return await db.Instances.AsNoTracking().SingleAsync(i => i.Id == instanceId, ct);
    }

    /// <summary>Whole seconds, UTC, as the seal envelope formats times.</summary>
    private static string Utc(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static byte[] Bytes(JsonObject payload) => JsonSerializer.SerializeToUtf8Bytes(payload);
}
