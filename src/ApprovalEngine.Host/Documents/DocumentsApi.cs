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
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Host.Documents;

/// <summary>The verdict on a sealed document: valid, or the reason code (the same codes as certificate verification).</summary>
/// <remarks>For a certificate also its library standing: <c>Status</c> (valid / revoked / replaced / expired / invalid), the authority's <c>ReasonCode</c> and <c>ReplacedBy</c>.</remarks>
public sealed record DocumentVerification(bool Valid, string? Reason, string? Code, string? Kind, string? Number, JsonNode? Document,
    string? Status = null, string? ReasonCode = null, string? ReplacedBy = null);

public static class DocumentsApi
{
    public static void AddDocuments(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Documents").Get<DocumentOptions>() ?? new DocumentOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddScoped<DocumentService>();
        DocumentRenderer.UseFonts(options);
    }

    public static void MapDocumentsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api").WithTags("Documents").RequireAuthorization(Policies.Staff);
        staff.MapGet("/instances/{id}/documents", List);
        staff.MapGet("/instances/{id}/documents/{key}/pdf", Download);
        staff.MapGet("/documents/{number}/pdf", DownloadByNumber);

        var open = app.MapGroup("/api/public").WithTags("Public verification").AllowAnonymous();
        open.MapGet("/documents/{number}", Lookup);
        open.MapPost("/verify-pdf", VerifyPdf).DisableAntiforgery();
    }

    public static async Task<Ok<List<DocumentListing>>> List(string id, DocumentService documents, CancellationToken ct) =>
        TypedResults.Ok(await documents.ListAsync(id, ct));

    public static async Task<FileContentHttpResult> Download(string id, string key, DocumentService documents, CancellationToken ct) =>
        Pdf(await documents.PdfAsync(id, key, ct));

    public static async Task<FileContentHttpResult> DownloadByNumber(string number, DocumentService documents, CancellationToken ct) =>
        Pdf(await documents.PdfByNumberAsync(number, ct));

    private static FileContentHttpResult Pdf(DocumentFile file) => TypedResults.File(file.Pdf, "application/pdf", file.FileName);

    /// <summary>
    /// A sealed notice or decision letter by the number printed on it, as its QR code links to it (certificates:
    /// /api/public/certificates/{number}). Anyone may ask, so the answer is the verdict and what identifies the paper
    /// (title, number, file number, matter, authority, date), with the applicant as an initial (张*) like the public
    /// progress page: a number is derived from the application, so it is not a secret that could stand for a sign-in.
    /// The decision step's own sealed decision (not a printed document) is not served.
    /// </summary>
    public static async Task<Ok<DocumentVerification>> Lookup(string number, ApprovalDbContext db, SealService seals, CancellationToken ct)
    {
        var record = await db.Set<SealedDocumentRecord>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == number, ct);
        if (record is null || (record.Kind == DocumentService.DecisionLetter && !number.StartsWith(DocumentService.DecisionLetterPrefix, StringComparison.Ordinal)))
            throw new NotFoundException($"No document numbered '{number}' was issued here.", ErrorCodes.DocumentNotFound, "number");
        var content = JsonNode.Parse(record.ContentJson)!.AsObject();
        var result = DecisionSeal.Verify(content, JsonSerializer.Deserialize<SealSignature>(record.SignatureJson, SealService.Json)!, await seals.LookupAsync(ct));
        return TypedResults.Ok(new DocumentVerification(result.Valid, result.Reason, result.Code, record.Kind, number, PublicFacts(content)));
    }

    private static readonly string[] PublicFields = ["documentType", "title", "number", "fileNumber", "matter", "issuingAuthority", "issuedAt", "outcome"];

    private static JsonObject PublicFacts(JsonObject content)
    {
        var facts = new JsonObject();
        foreach (var name in PublicFields)
            if (content[name] is { } value) facts[name] = value.DeepClone();
        facts["applicant"] = Applicants.ProgressLookup.Initial(content["applicant"]?.ToString());
        return facts;
    }

    /// <summary>
    /// Body: a document PDF (multipart field <c>file</c>, or the raw bytes as application/pdf). Verifies the sealed
    /// payload attached to it and that it is the document printed on the page.
    /// </summary>
    public static async Task<IResult> VerifyPdf(HttpRequest request, SealService seals, Persistence.Licences.LicenceService licences, DocumentOptions options, TimeProvider time, CancellationToken ct)
    {
        if (request.ContentLength > options.MaxVerifyBytes) return TooLarge(options);
        byte[] pdf;
        if (request.HasFormContentType)
        {
            var form = await Security.BadInput.ReadFormAsync(request, ct);
            var file = Security.BadInput.SingleFile(form, "file");
            if (file is null) return Problem(400, ErrorCodes.PdfMissing, "Send the PDF as the multipart field 'file' (or the raw bytes as application/pdf).");
            if (file.Length > options.MaxVerifyBytes) return TooLarge(options);
            pdf = new byte[file.Length];
            await using var stream = file.OpenReadStream();
            await stream.ReadExactlyAsync(pdf, ct);
        }
        else
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > options.MaxVerifyBytes) return TooLarge(options);
                buffer.Write(chunk, 0, read);
            }
            pdf = buffer.ToArray();
        }
        if (pdf.Length < 5 || !pdf.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
            return Problem(400, ErrorCodes.PdfInvalid, "The file is not a PDF (it does not start with %PDF-).");

        PdfContents contents;
        try { contents = PdfPackaging.Read(pdf); }
        catch (InvalidDataException e) { return Problem(400, ErrorCodes.PdfInvalid, e.Message); }
        if (contents.Payload is null)
            return Problem(422, ErrorCodes.PdfNoSealedPayload, $"The PDF carries no '{PdfPackaging.PayloadFileName}' attachment: it was not issued by this system, or the attachment was removed.");

        var verdict = Verify(contents, await seals.LookupAsync(ct), time.GetUtcNow().InChina());
        // A genuine certificate printed in this PDF: the library decides whether it is still in force (revoked, replaced).
        if (verdict is { Kind: DocumentService.Certificate, Document: { } document } && (verdict.Valid || verdict.Code == VerificationCodes.OutsideValidity))
        {
            var standing = await licences.CheckAsync(document.Deserialize<ElectronicCertificate>(SealService.Json)!, ct);
            verdict = verdict with
            {
                Valid = standing.Valid, Reason = standing.Reason, Code = standing.Code, Status = standing.Status,
                ReasonCode = standing.ReasonCode, ReplacedBy = standing.ReplacedBy,
            };
        }
        return TypedResults.Ok(verdict);
    }

    /// <summary>The attachment's seal, the certificate's validity, and that the attachment is the document on the page.</summary>
    public static DocumentVerification Verify(PdfContents contents, Func<string, SealInfo?> lookup, DateTimeOffset now)
    {
        JsonObject payload;
        try { payload = JsonNode.Parse(contents.Payload!)?.AsObject() ?? throw new JsonException("empty"); }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return new DocumentVerification(false, $"The attached sealed document is not readable JSON: {e.Message}", VerificationCodes.ContentChanged, null, null, null);
        }
        var kind = payload["kind"] is JsonValue k && k.TryGetValue<string>(out var kindText) ? kindText : null;
        var number = payload["number"] is JsonValue n && n.TryGetValue<string>(out var numberText) ? numberText : null;

        VerificationResult result;
        JsonNode? document;
        string? printedNumber;
        try
        {
            if (kind == DocumentService.Certificate)
            {
                var certificate = payload["certificate"].Deserialize<ElectronicCertificate>(SealService.Json) ?? throw new JsonException("no certificate");
                document = payload["certificate"]!.DeepClone();
                printedNumber = certificate.Number;
                result = CertificateVerifier.Verify(certificate, lookup, now);
            }
            else
            {
                var content = payload["content"]?.AsObject() ?? throw new JsonException("no content");
                var signature = payload["signature"].Deserialize<SealSignature>(SealService.Json) ?? throw new JsonException("no signature");
                document = content.DeepClone();
                printedNumber = content["number"]?.ToString();
                result = DecisionSeal.Verify(content, signature, lookup);
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException or FormatException)
        {
            return new DocumentVerification(false, $"The attached sealed document is incomplete: {e.Message}", VerificationCodes.ContentChanged, kind, number, null);
        }

        // A genuine payload lifted from another document must not vouch for this one: the sealed number has to be printed here.
        if (result.Valid && (printedNumber is null || !contents.Text.Contains(printedNumber, StringComparison.Ordinal)))
            result = VerificationResult.Fail(VerificationCodes.AttachmentMismatch,
                $"The attached sealed document {printedNumber} is not the document printed in this PDF.");
        return new DocumentVerification(result.Valid, result.Reason, result.Code, kind, printedNumber ?? number, document);
    }

    private static IResult TooLarge(DocumentOptions options) =>
        Problem(413, ErrorCodes.PdfTooLarge, $"The PDF exceeds the limit of {options.MaxVerifyBytes:N0} bytes.");

    /// <summary>A problem with the PDF sent: the field is the multipart field that carries it.</summary>
    private static IResult Problem(int status, string code, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code, ["field"] = "file" });
}
