using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
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

public sealed record CertificateVerification(ElectronicCertificate Certificate, bool Valid, string? Reason, string? Code);

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
        open.MapPost("/verify", Verify);
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

    public static async Task<Ok<CertificateVerification>> Certificate(string number, ApprovalDbContext db, SealService seals, TimeProvider time, CancellationToken ct)
    {
        var record = await db.Set<CertificateRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Number == number, ct);
        if (record is null) throw new NotFoundException($"No certificate numbered '{number}' was issued here.", ErrorCodes.CertificateNotFound);
        var certificate = JsonSerializer.Deserialize<ElectronicCertificate>(record.DocumentJson, SealService.Json)!;
        return TypedResults.Ok(await CheckAsync(certificate, seals, time, ct));
    }

    /// <summary>Body: the certificate document as issued. Answers valid, or invalid naming why.</summary>
    public static async Task<Ok<CertificateVerification>> Verify(JsonObject document, SealService seals, TimeProvider time, CancellationToken ct)
    {
        ElectronicCertificate? certificate;
        try { certificate = document.Deserialize<ElectronicCertificate>(SealService.Json); }
        catch (JsonException e) { throw new BadRequestException($"This is not a certificate document: {e.Message}", ErrorCodes.CertificateNoNumber); }
        if (certificate is null || string.IsNullOrEmpty(certificate.Number)) throw new BadRequestException("This is not a certificate document: it has no number.", ErrorCodes.CertificateNoNumber);
        return TypedResults.Ok(await CheckAsync(certificate, seals, time, ct));
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

    private static async Task<CertificateVerification> CheckAsync(ElectronicCertificate certificate, SealService seals, TimeProvider time, CancellationToken ct)
    {
        var result = CertificateVerifier.Verify(certificate, await seals.LookupAsync(ct), time.GetUtcNow().ToOffset(TimeSpan.FromHours(8)));
        return new CertificateVerification(certificate, result.Valid, result.Reason, result.Code);
    }

    private static SealView View(SealRecord s, IEnumerable<SealKeyRecord> keys) => new(
        s.Id, s.Name, s.Department, SealService.Departments(s), s.Profile.ToApiName(), s.CurrentKeyId,
        keys.Select(k => new SealKeyView(k.Id, k.Version, k.PublicKey, k.ValidFrom, k.ValidUntil)).ToList(),
        s.CreatedAt, s.CreatedBy, s.RevokedAt, s.RevocationReason);
}
