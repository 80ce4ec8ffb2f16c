using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Tasks;

public sealed class MaterialOptions
{
    public long MaxBytes { get; set; } = 20 * 1024 * 1024;
    /// <summary>PDF, images, OFD (the national e-document format) and XML forms.</summary>
    public string[] AllowedContentTypes { get; set; } = ["application/pdf", "image/jpeg", "image/png", "application/ofd", "application/xml", "text/xml"];
}

public sealed record MaterialUpload(string? Name, string FileName, string ContentType, long Length, Stream Content);

/// <summary>What a material may be called: the names a correction notice lists are the names uploads must carry.</summary>
public static class MaterialNames
{
    public const int MaxLength = 256;
    /// <summary>A correction notice lists at most this many materials.</summary>
    public const int MaxPerNotice = 100;
    public const string Rule = "at most 256 characters, without control characters (such as line breaks) or text-direction marks";

    public static bool IsValid(string name) => name.Length <= MaxLength && !name.Any(c => char.IsControl(c) || IsBidiControl(c));

    /// <summary>
    /// The Unicode marks that reorder what follows (U+202A-U+202E, U+2066-U+2069, U+200E/U+200F): "报告\u202Egnp.pdf" shows as
    /// "报告fdp.png", so a name could claim another file type than it has.
    /// </summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F';
}

/// <summary>Materials supplied to an application, and the applicant's resubmission that answers a correction notice.</summary>
public sealed class MaterialService(ApprovalDbContext db, WorkflowRuntime runtime, MaterialOptions options, TimeProvider time)
{
    public async Task<MaterialRecord> UploadAsync(string instanceId, MaterialUpload upload, Actor actor, CancellationToken ct)
    {
        var name = upload.Name?.Trim();
        if (string.IsNullOrEmpty(name) || !MaterialNames.IsValid(name))
            throw new BadRequestException($"'name' (which material this is, e.g. \"site plan\") is required: {MaterialNames.Rule}.", ErrorCodes.ValidationField, "name");
        if (!options.AllowedContentTypes.Contains(upload.ContentType, StringComparer.OrdinalIgnoreCase))
            throw new BadRequestException($"Files of type '{upload.ContentType}' are not accepted; allowed: {string.Join(", ", options.AllowedContentTypes)}.", ErrorCodes.MaterialType, "file");
        if (upload.Length == 0) throw new BadRequestException("The file is empty.", ErrorCodes.MaterialEmpty, "file");
        // The name goes back out in a Content-Disposition header: control characters (CR LF) would break or forge headers.
        var fileName = Path.GetFileName(upload.FileName ?? "");
        if (fileName.Length is 0 or > 255 || fileName.Any(c => char.IsControl(c) || MaterialNames.IsBidiControl(c)))
            throw new BadRequestException("The file name must be 1 to 255 characters without control characters (such as line breaks) or text-direction marks.", "material.file-name", "file");
        if (upload.Length > options.MaxBytes) throw new TooLargeException($"The file is {upload.Length:N0} bytes; the limit is {options.MaxBytes:N0} bytes.", ErrorCodes.MaterialTooLarge, "file");
        var instance = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, ct)
                       ?? throw new NotFoundException($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound);
        if (instance.FinishedAt is not null) throw new ConflictException($"The application is {instance.Status.ToString().ToLowerInvariant()}; no more materials are accepted.", ErrorCodes.MaterialsClosed);

        using var buffer = new MemoryStream();
        await upload.Content.CopyToAsync(buffer, ct);
        if (buffer.Length > options.MaxBytes) throw new TooLargeException($"The file exceeds the limit of {options.MaxBytes:N0} bytes.", ErrorCodes.MaterialTooLarge, "file");
        var content = buffer.ToArray();
        if (MaterialContent.Problem(upload.ContentType, content) is { } problem)
            throw new BadRequestException($"The 'file' is declared as {upload.ContentType} but its content does not match: {problem}.", ErrorCodes.MaterialContentMismatch, "file");
        var material = new MaterialRecord
        {
            Id = ActivityContext.NewId(), InstanceId = instanceId, Name = name, FileName = fileName, ContentType = upload.ContentType,
            Size = content.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(content)), Content = content,
            UploadedBy = actor.Name, UploadedAt = time.GetUtcNow(),
        };
        await runtime.RecordAsync(instanceId, actor, tracked =>
        {
            tracked.Materials.Add(material);
            return Task.FromResult<JournalEntry?>(new JournalEntry(material.UploadedAt, null, null, "MaterialSupplied", Message: $"{name}: {material.FileName}",
                Actor: actor.Name, Payload: new JsonObject { ["materialId"] = material.Id, ["name"] = name, ["sha256"] = material.Sha256, ["size"] = material.Size }));
        }, ct);
        return material;
    }

    /// <summary>
    /// The applicant says the corrections are complete. Every material the open notices list must have been supplied
    /// after the notice; then each waiting step resumes (and opens its new round).
    /// </summary>
    public async Task<InstanceRecord> ResubmitAsync(string instanceId, Actor actor, CancellationToken ct)
    {
        if (!await db.Instances.AnyAsync(i => i.Id == instanceId, ct)) throw new NotFoundException($"Workflow instance '{instanceId}' does not exist.", ErrorCodes.InstanceNotFound);
        var notices = await db.CorrectionNotices.AsNoTracking().Where(n => n.InstanceId == instanceId && n.ResolvedAt == null).ToListAsync(ct);
        if (notices.Count == 0) throw new ConflictException("No correction is pending on this application.", ErrorCodes.CorrectionNonePending);
        var supplied = await db.Materials.AsNoTracking().Where(m => m.InstanceId == instanceId)
            .Select(m => new { m.Name, m.UploadedAt }).ToListAsync(ct);
        var stillMissing = notices
            .SelectMany(n => JsonSerializer.Deserialize<List<string>>(n.MissingJson)!
                .Where(item => !supplied.Any(m => string.Equals(m.Name, item, StringComparison.OrdinalIgnoreCase) && m.UploadedAt >= n.CreatedAt)))
            .Distinct().ToList();
        if (stillMissing.Count > 0)
            throw new BadRequestException($"Still missing from the correction notice: {string.Join("; ", stillMissing)}. Upload them as materials with these names first.", ErrorCodes.CorrectionStillMissing);
        InstanceRecord? instance = null;
        foreach (var notice in notices)
            instance = await runtime.ResumeAsync(instanceId, notice.BookmarkId, new JsonObject { ["noticeId"] = notice.Id }, actor, ct);
        return instance!;
    }
}
