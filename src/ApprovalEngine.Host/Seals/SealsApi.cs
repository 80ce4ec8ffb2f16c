using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Licences;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Seals;

/// <summary>A seal as the registry shows it: public key and validity, never the private key.</summary>
public sealed record SealView(string Id, string Name, string Department, IReadOnlyList<string> Departments, string Profile, string CurrentKeyId,
    IReadOnlyList<SealKeyView> Keys, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? RevokedAt, string? RevocationReason);

public sealed record SealKeyView(string Id, int Version, string PublicKey, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil);

public sealed record RevokeRequest(string? Reason);

/// <summary>
/// The verdict on a licence: <c>Status</c> valid / revoked / replaced / expired / invalid; <c>Code</c> the verification code
/// (licence-revoked, licence-replaced, outside-validity, the seal codes); <c>ReasonCode</c> the authority's stable reason
/// code of a revocation or replacement; <c>ReplacedBy</c> the licence in force instead.
/// </summary>
public sealed record CertificateVerification(ElectronicCertificate Certificate, bool Valid, string? Reason, string? Code,
    string? Status = null, string? ReasonCode = null, string? ReplacedBy = null, DateTimeOffset? RevokedAt = null, string? HolderIdMasked = null)
{
    /// <summary>The holder's identity number is shown masked only: this answer is public.</summary>
    public static CertificateVerification From(LicenceStanding s) =>
        new(s.Certificate, s.Valid, s.Reason, s.Code, s.Status, s.ReasonCode, s.ReplacedBy, s.RevokedAt, Approvals.Licences.IdentityNumbers.Mask(s.Record?.HolderId));
}

public sealed record SealedDocumentView(string Id, string Kind, JsonNode Content, SealSignature Signature, bool Valid, string? Reason, string? Code);

public static class SealsApi
{
    public static void MapSealsApi(this IEndpointRouteBuilder app)
    {
        var seals = app.MapGroup("/api/seals").WithTags("Seals");
        seals.MapGet("/", List).RequireAuthorization(Policies.Audit);
        seals.MapPost("/", Create).RequireAuthorization(Policies.Admin);
        seals.MapPost("/{id}/rotate", Rotate).RequireAuthorization(Policies.Admin);
        seals.MapPost("/{id}/revoke", Revoke).RequireAuthorization(Policies.Admin);
        app.MapGet("/api/instances/{id}/sealed-documents", SealedDocuments).WithTags("Seals").RequireAuthorization(Policies.Staff);

        // Anyone holding a certificate can check it: no login.
        var open = app.MapGroup("/api/public").WithTags("Public verification").AllowAnonymous();
        open.MapGet("/certificates/{number}", Certificate);
        open.MapPost("/verify", Verify).DisableAntiforgery()
            .Accepts<JsonObject>("application/json", "multipart/form-data", "application/pdf")
            .Produces<CertificateVerification>().Produces<Documents.DocumentVerification>();
    }

    public static async Task<Ok<List<SealView>>> List(SealService seals, CancellationToken ct)
    {
        var keys = (await seals.KeysAsync(ct)).ToLookup(k => k.SealId);
        return TypedResults.Ok((await seals.ListAsync(ct)).Select(s => View(s, keys[s.Id])).ToList());
    }

    public static async Task<Created<SealView>> Create(CreateSealRequest request, SealService seals, CancellationToken ct)
    {
        var (seal, key) = await seals.CreateAsync(request, ct);
        return TypedResults.Created($"/api/seals/{seal.Id}", View(seal, [key]));
    }

    public static async Task<Ok<SealView>> Rotate(string id, SealService seals, CancellationToken ct)
    {
        var (seal, _) = await seals.RotateAsync(id, ct);
        return TypedResults.Ok(View(seal, (await seals.KeysAsync(ct)).Where(k => k.SealId == id)));
    }

    public static async Task<Ok<SealView>> Revoke(string id, RevokeRequest request, SealService seals, CancellationToken ct)
    {
        var seal = await seals.RevokeAsync(id, request.Reason, ct);
        return TypedResults.Ok(View(seal, (await seals.KeysAsync(ct)).Where(k => k.SealId == id)));
    }

    public static async Task<Ok<CertificateVerification>> Certificate(string number, ApprovalDbContext db, LicenceService licences, CancellationToken ct) =>
        TypedResults.Ok(await ByNumberAsync(number, db, licences, ct));

    private static async Task<CertificateVerification> ByNumberAsync(string number, ApprovalDbContext db, LicenceService licences, CancellationToken ct)
    {
        // No number issued here is longer; a longer one was read from the database and echoed back whole in the 404.
        if (number.Length > 64) throw new BadRequestException("'number' is at most 64 characters.", ErrorCodes.ValidationField, "number");
        var record = await db.Set<CertificateRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Number == number, ct);
        if (record is null) throw new NotFoundException($"No certificate numbered '{number}' was issued here.", ErrorCodes.CertificateNotFound, "number");
        return CertificateVerification.From(await licences.CheckAsync(LicenceService.Read(record), ct));
    }

    /// <summary>
    /// Body, one of: the certificate document as issued (JSON); <c>{"number": "..."}</c> alone (the library's copy is
    /// checked); or the document's PDF (multipart field <c>file</c>, or raw application/pdf), whose sealed attachment is
    /// checked as POST /api/public/verify-pdf does. Answers valid, or invalid naming why (revoked and replaced licences too).
    /// </summary>
    public static async Task<IResult> Verify(HttpRequest request, ApprovalDbContext db, LicenceService licences, SealService seals,
        Documents.DocumentOptions options, TimeProvider time, CancellationToken ct)
    {
        if (request.HasFormContentType || request.ContentType?.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) == true)
            return await Documents.DocumentsApi.VerifyPdf(request, seals, licences, options, time, ct);
        if (!request.HasJsonContentType())
            return TypedResults.Problem(detail: "Send the certificate as JSON, {\"number\": \"...\"} alone, or the PDF (multipart field 'file' or application/pdf).",
                statusCode: 415, extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.UnsupportedMediaType });
        JsonObject? document;
        try { document = await request.ReadFromJsonAsync<JsonObject>(SealService.Json, ct); }
        catch (JsonException e) { throw new BadRequestException($"The body is not a JSON object: {e.Message}", ErrorCodes.RequestMalformed); }
        catch (InvalidOperationException e) { throw new BadRequestException($"The body is not a JSON object: {e.Message}", ErrorCodes.RequestMalformed); }
        if (document is null) throw new BadRequestException("The body is empty: send the certificate, its number or its PDF.", ErrorCodes.CertificateNoNumber, "number");

        // Only a number: the library's own copy is the document.
        if (document.Count == 1 && document["number"] is JsonValue n && n.TryGetValue<string>(out var number))
            return TypedResults.Ok(await ByNumberAsync(number.Trim(), db, licences, ct));

        ElectronicCertificate? certificate;
        try { certificate = document.Deserialize<ElectronicCertificate>(SealService.Json); }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "number";
            throw new BadRequestException($"This is not a certificate document: '{field}' has the wrong type or format.", ErrorCodes.CertificateNoNumber, field);
        }
        if (certificate is null || string.IsNullOrEmpty(certificate.Number)) throw new BadRequestException("This is not a certificate document: it has no number.", ErrorCodes.CertificateNoNumber, "number");
        return TypedResults.Ok(CertificateVerification.From(await licences.CheckAsync(certificate, ct)));
    }

    public static async Task<Ok<List<SealedDocumentView>>> SealedDocuments(string id, ApprovalDbContext db, SealService seals,
        Persistence.Access.ApplicationAccess access, CancellationToken ct)
    {
        await access.EnsureCanReadAsync(id, "sealed-documents", ct);
        var lookup = await seals.LookupAsync(ct);
        var documents = await db.Set<SealedDocumentRecord>().AsNoTracking().Where(d => d.InstanceId == id).OrderBy(d => d.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(documents.Select(d =>
        {
            var content = JsonNode.Parse(d.ContentJson)!.AsObject();
            var signature = JsonSerializer.Deserialize<SealSignature>(d.SignatureJson, SealService.Json)!;
            var result = DecisionSeal.Verify(content, signature, lookup);
            return new SealedDocumentView(d.Id, d.Kind, content, signature, result.Valid, result.Reason, result.Code);
        }).ToList());
    }

    private static SealView View(SealRecord s, IEnumerable<SealKeyRecord> keys) => new(
        s.Id, s.Name, s.Department, SealService.Departments(s), s.Profile.ToApiName(), s.CurrentKeyId,
        keys.Select(k => new SealKeyView(k.Id, k.Version, k.PublicKey, k.ValidFrom, k.ValidUntil)).ToList(),
        s.CreatedAt, s.CreatedBy, s.RevokedAt, s.RevocationReason);
}
