using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Intake;

public sealed record CreditMarkInput(string? SubjectId, string? SubjectName, string? Reason, DateOnly? ValidUntil, string? Source);

/// <summary>
/// The bad-credit list (失信名单) the window consults before 容缺受理 or 告知承诺: a small table kept by admins through the API (a
/// sync job from the credit platform uses the same API with source <c>credit-platform</c>). A mark counts until it is removed or
/// its <c>validUntil</c> day has passed; it matches the applicant's credit code / ID, or, for a counter application without
/// one, the applicant's exact name. Every change is audited on the system chain.
/// </summary>
public sealed class CreditList(ApprovalDbContext db, AuditTrail audit, DeadlineService deadlines, TimeProvider time)
{
    public static readonly IReadOnlyList<string> Sources = ["admin", "credit-platform", "commitment-verification"];

    public async Task<CreditMarkRecord?> BadMarkAsync(string? subjectId, string? subjectName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(subjectId) && string.IsNullOrWhiteSpace(subjectName)) return null;
        var today = deadlines.Today(time.GetUtcNow());
        var id = subjectId?.Trim().ToUpperInvariant();
        var name = subjectName?.Trim();
        return await db.Set<CreditMarkRecord>().AsNoTracking()
            .Where(m => m.RemovedAt == null && (m.ValidUntil == null || m.ValidUntil >= today))
            .Where(m => (id != null && m.SubjectId == id) || (name != null && m.SubjectName == name))
            .OrderBy(m => m.CreatedAt).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Marks, newest first: one subject's by exact <paramref name="subjectId"/>, or those whose code or name contains
    /// <paramref name="term"/>; removed marks only with <paramref name="includeRemoved"/>. The caller pages it.
    /// </summary>
    public IQueryable<CreditMarkRecord> Query(string? subjectId, string? term, bool includeRemoved)
    {
        if (subjectId is { Length: > 18 }) throw new BadRequestException("'subjectId' is at most 18 characters.", ErrorCodes.ValidationField, "subjectId");
        if (term is { Length: > 128 }) throw new BadRequestException("'q' must be at most 128 characters.", ErrorCodes.ValidationField, "q");
        var query = db.Set<CreditMarkRecord>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(subjectId)) query = query.Where(m => m.SubjectId == subjectId.Trim().ToUpperInvariant());
        if (!string.IsNullOrWhiteSpace(term))
        {
            // Codes are stored upper-case; names as entered.
            var code = term.Trim().ToUpperInvariant();
            var name = term.Trim();
            query = query.Where(m => m.SubjectId.Contains(code) || m.SubjectName.Contains(name));
        }
        if (!includeRemoved) query = query.Where(m => m.RemovedAt == null);
        return query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id);
    }

    /// <summary>Adds a mark in the caller's transaction when <paramref name="save"/> is false (a failed verification records one with its stimulus).</summary>
    public async Task<CreditMarkRecord> AddAsync(CreditMarkInput input, string createdBy, CancellationToken ct, bool save = true)
    {
        var subjectId = input.SubjectId?.Trim().ToUpperInvariant() ?? "";
        if (!IdentityNumbers.IsValidHolderId(subjectId))
            throw new BadRequestException("'subjectId' must be a unified social credit code (GB 32100) or a resident ID number (GB 11643) with a valid check character.",
                ErrorCodes.ValidationField, "subjectId");
        var name = Text(input.SubjectName, "subjectName", 256);
        var reason = Text(input.Reason, "reason", 512);
        var source = string.IsNullOrWhiteSpace(input.Source) ? "admin" : input.Source.Trim();
        if (!Sources.Contains(source))
            throw new BadRequestException($"'source' must be one of: {string.Join(", ", Sources)}.", ErrorCodes.ValidationField, "source");
        if (input.ValidUntil is { Year: < 1900 or > 2199 }) throw new BadRequestException("'validUntil' must lie between 1900 and 2199.", ErrorCodes.Date, "validUntil");
        var mark = new CreditMarkRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), SubjectId = subjectId, SubjectName = name, Reason = reason, Source = source,
            CreatedBy = createdBy, CreatedAt = time.GetUtcNow(), ValidUntil = input.ValidUntil,
        };
        db.Add(mark);
        await audit.AppendSystemAsync(db, "credit.mark-added", $"subject:{subjectId}", Describe(mark), ct);
        if (save) await db.SaveChangesAsync(ct);
        return mark;
    }

    public async Task<CreditMarkRecord> RemoveAsync(string id, string removedBy, CancellationToken ct)
    {
        var mark = await db.Set<CreditMarkRecord>().SingleOrDefaultAsync(m => m.Id == id, ct)
                   ?? throw new NotFoundException($"Credit mark '{id}' does not exist.", ErrorCodes.CreditMarkNotFound, "id");
        if (mark.RemovedAt is not null) throw new ConflictException("The credit mark was already removed.", ErrorCodes.CreditMarkNotFound, "id");
        mark.RemovedAt = time.GetUtcNow();
        mark.RemovedBy = removedBy;
        await audit.AppendSystemAsync(db, "credit.mark-removed", $"subject:{mark.SubjectId}", Describe(mark), ct);
        await db.SaveChangesAsync(ct);
        return mark;
    }

    private static JsonObject Describe(CreditMarkRecord m) => new()
    {
        ["id"] = m.Id, ["subjectId"] = m.SubjectId, ["subjectName"] = m.SubjectName, ["reason"] = m.Reason, ["source"] = m.Source,
        ["validUntil"] = m.ValidUntil?.ToString("O"), ["removedAt"] = m.RemovedAt,
    };

    private static string Text(string? value, string field, int max)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > max)
            throw new BadRequestException($"'{field}' is required, at most {max} characters.", ErrorCodes.ValidationField, field);
        return text;
    }
}
