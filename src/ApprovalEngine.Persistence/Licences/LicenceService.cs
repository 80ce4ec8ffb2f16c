using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.Licences;

/// <summary>Where a licence stands: the library's word (revoked, replaced) first, then its own seal and validity dates.</summary>
public static class LicenceStatuses
{
    public const string Valid = "valid", Revoked = "revoked", Replaced = "replaced", Expired = "expired", Invalid = "invalid";
}

/// <summary>
/// Stable reason codes of a revocation or a replacement. They are API strings (verification answers carry them): never rename.
/// </summary>
public static class LicenceReasonCodes
{
    /// <summary>告知承诺制: the applicant's written commitment proved untrue on verification (国办发〔2020〕42号).</summary>
    public const string FalseCommitment = "false-commitment";
    /// <summary>Obtained by deception, bribery or other improper means (Administrative License Law Art. 69, 79).</summary>
    public const string ObtainedByFraud = "obtained-by-fraud";
    /// <summary>Granted in error: ultra vires, wrong procedure, or to an applicant who did not qualify (Art. 69).</summary>
    public const string IssuedInError = "issued-in-error";
    /// <summary>The holder no longer meets the conditions of the licence.</summary>
    public const string ConditionsNotMet = "conditions-not-met";
    /// <summary>吊销: withdrawn as an administrative penalty.</summary>
    public const string Penalty = "administrative-penalty";
    /// <summary>注销 at the holder's request (e.g. the business ends).</summary>
    public const string HolderRequest = "holder-request";
    /// <summary>换发: the licensed facts changed (scope, holder name) and a new licence states them.</summary>
    public const string InformationChanged = "information-changed";
    /// <summary>补发: the printed licence was lost or damaged.</summary>
    public const string LostOrDamaged = "lost-or-damaged";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> Revocation = [FalseCommitment, ObtainedByFraud, IssuedInError, ConditionsNotMet, Penalty, HolderRequest, Other];
    public static readonly IReadOnlyList<string> Replacement = [InformationChanged, LostOrDamaged, IssuedInError, Other];
}

/// <summary>What a replacement licence states differently; null members keep the replaced licence's value.</summary>
public sealed record LicenceChanges(string? Holder = null, string? Scope = null, DateOnly? ValidUntil = null);

/// <summary>A licence's standing now, as the library and every public verification report it.</summary>
public sealed record LicenceStanding(ElectronicCertificate Certificate, CertificateRecord? Record, string Status, bool Valid, string? Reason, string? Code)
{
    public string? ReasonCode => Record?.RevocationCode;
    public string? ReplacedBy => Record?.ReplacedBy;
    public DateTimeOffset? RevokedAt => Record?.RevokedAt;
}

/// <summary>
/// Revocation and replacement of issued licences (the library's records of <see cref="CertificateRecord"/>), each one
/// stimulus on the issuing application: the change, its journal line and audit record commit together.
/// </summary>
public sealed partial class LicenceService(ApprovalDbContext db, WorkflowRuntime runtime, SealService seals, TimeProvider time)
{
    /// <summary>
    /// Revokes a licence (by its number, or the application that issued it). <paramref name="reasonCode"/> is one of
    /// <see cref="LicenceReasonCodes.Revocation"/>. From then on the library lists it as revoked and every verification
    /// (by number, document or PDF) answers invalid with code <c>licence-revoked</c> and this reason code.
    /// </summary>
    /// <exception cref="BadRequestException">No reason, or an unknown reason code (nothing changes).</exception>
    /// <exception cref="NotFoundException">No such licence or application with a licence.</exception>
    /// <exception cref="ConflictException">Already revoked or replaced.</exception>
    public async Task<CertificateRecord> RevokeAsync(string licenceNumberOrInstanceId, string? reason, string? reasonCode, Actor actor, CancellationToken ct = default)
    {
        Validate(reason, reasonCode, LicenceReasonCodes.Revocation);
        var found = await FindAsync(licenceNumberOrInstanceId, ct);
        await runtime.RecordAsync(found.InstanceId, actor, async tracked => await RevokeWithinAsync(tracked, found.Number, reason, reasonCode, actor.Name, time.GetUtcNow(), ct), ct);
        return await db.Set<CertificateRecord>().AsNoTracking().SingleAsync(c => c.Number == found.Number, ct);
    }

    /// <summary>
    /// The revocation inside a stimulus the caller already runs on the licence's application (e.g. recording a failed
    /// 告知承诺 verification and its consequence as one stimulus): changes <paramref name="tracked"/> and returns the
    /// journal line to append. Static, needing no service: an effect handler inside the runtime's stimulus calls it.
    /// </summary>
    public static async Task<JournalEntry> RevokeWithinAsync(ApprovalDbContext tracked, string licenceNumber, string? reason, string? reasonCode, string actor,
        DateTimeOffset now, CancellationToken ct = default)
    {
        Validate(reason, reasonCode, LicenceReasonCodes.Revocation);
        var record = await tracked.Set<CertificateRecord>().SingleOrDefaultAsync(c => c.Number == licenceNumber, ct)
                     ?? throw new NotFoundException($"No licence numbered '{licenceNumber}' is in the library.", ErrorCodes.LicenceNotFound, "number");
        EnsureInForce(record);
        End(record, reason!.Trim(), reasonCode!, actor, now);
        return new JournalEntry(now, null, null, "LicenceRevoked", Message: $"{record.Number}: {record.RevocationReason}", Actor: actor,
            Payload: new JsonObject
            {
                ["licenceNumber"] = record.Number, ["reasonCode"] = reasonCode, ["reason"] = record.RevocationReason,
                ["before"] = LicenceStatuses.Valid, ["after"] = LicenceStatuses.Revoked,
            });
    }

    /// <summary>
    /// Replaces a licence in force with a new sealed licence (new number, sealing time now, <c>replaces</c> = the old
    /// number in the sealed content); the old one is then reported as replaced, naming the new one. One stimulus.
    /// </summary>
    public async Task<(CertificateRecord Replaced, CertificateRecord Replacement)> ReplaceAsync(string licenceNumber, string? reason, string? reasonCode,
        LicenceChanges? changes, Actor actor, CancellationToken ct = default)
    {
        Validate(reason, reasonCode, LicenceReasonCodes.Replacement);
        changes ??= new LicenceChanges();
        var holder = changes.Holder?.Trim();
        if (changes.Holder is not null && holder is not { Length: > 0 and <= 256 })
            throw new BadRequestException("'holder' must be 1 to 256 characters (or left out to keep the holder).", ErrorCodes.ValidationField, "holder");
        if (changes.Scope is { Length: > 2000 }) throw new BadRequestException("'scope' must be at most 2000 characters.", ErrorCodes.ValidationField, "scope");
        var found = await FindAsync(licenceNumber, ct);
        string? replacementNumber = null;
        await runtime.RecordAsync(found.InstanceId, actor, async tracked =>
        {
            var old = await tracked.Set<CertificateRecord>().SingleAsync(c => c.Number == found.Number, ct);
            EnsureInForce(old);
            var certificate = Read(old);
            var now = time.GetUtcNow();
            var today = now.ChinaDate();
            var validUntil = changes.ValidUntil ?? certificate.ValidUntil;
            if (validUntil < today)
                throw new ConflictException($"Licence {old.Number} ran out on {certificate.ValidUntil:yyyy-MM-dd}; an expired licence is not replaced (the holder applies anew).",
                    ErrorCodes.LicenceInvalid, changes.ValidUntil is null ? "number" : "validUntil");
            replacementNumber = await NextNumberAsync(tracked, old.Number, ct);
            var (key, keyId, protector) = await seals.SigningKeyAsync(await SealDepartmentAsync(tracked, certificate, ct), ct);
            var replacement = CertificateSealer.Seal(protector, key, new ElectronicCertificate(replacementNumber, holder ?? certificate.Holder, certificate.Matter,
                changes.Scope ?? certificate.Scope, today, validUntil, certificate.IssuingAuthority, now, seals.VerificationUrl(replacementNumber), Replaces: old.Number,
                ImplementationCode: certificate.ImplementationCode, ProjectCode: certificate.ProjectCode), keyId, now);
            tracked.Add(new CertificateRecord
            {
                Number = replacement.Number, InstanceId = old.InstanceId, Holder = replacement.Holder, IssuedAt = replacement.IssuedAt,
                // A new holder name (a renamed company) keeps its credit code; another holder altogether is a new application.
                HolderId = old.HolderId,
                DocumentJson = JsonSerializer.Serialize(replacement, SealService.Json), Replaces = old.Number,
            });
            End(old, reason!.Trim(), reasonCode!, actor.Name, now);
            old.ReplacedBy = replacement.Number;
            return new JournalEntry(now, null, null, "LicenceReplaced", Message: $"{old.Number} -> {replacement.Number}: {old.RevocationReason}", Actor: actor.Name,
                Payload: new JsonObject
                {
                    ["licenceNumber"] = old.Number, ["replacement"] = replacement.Number, ["reasonCode"] = reasonCode, ["reason"] = old.RevocationReason,
                    ["sealKeyId"] = keyId, ["before"] = LicenceStatuses.Valid, ["after"] = LicenceStatuses.Replaced,
                });
        }, ct);
        var rows = await db.Set<CertificateRecord>().AsNoTracking().Where(c => c.Number == found.Number || c.Number == replacementNumber).ToListAsync(ct);
        return (rows.Single(r => r.Number == found.Number), rows.Single(r => r.Number == replacementNumber));
    }

    /// <summary>A presented licence (from the library, a JSON document or a PDF's attachment) checked now: seal, then the library's record, then validity dates.</summary>
    public async Task<LicenceStanding> CheckAsync(ElectronicCertificate certificate, CancellationToken ct = default)
    {
        var record = await db.Set<CertificateRecord>().AsNoTracking().SingleOrDefaultAsync(c => c.Number == certificate.Number, ct);
        return Check(certificate, record, await seals.LookupAsync(ct), time.GetUtcNow());
    }

    /// <summary>
    /// The verdict without I/O. A genuine seal comes first (a forged "revoked" licence tells nothing); then the library:
    /// revoked or replaced wins over the dates, because the authority's act ends the licence whatever its term says.
    /// </summary>
    public static LicenceStanding Check(ElectronicCertificate certificate, CertificateRecord? record, Func<string, SealInfo?> lookup, DateTimeOffset now)
    {
        var result = CertificateVerifier.Verify(certificate, lookup, now.InChina());
        if (!result.Valid && result.Code != VerificationCodes.OutsideValidity)
            return new LicenceStanding(certificate, record, LicenceStatuses.Invalid, false, result.Reason, result.Code);
        if (record?.RevokedAt is { } at)
        {
            var day = at.InChina().ToString("yyyy-MM-dd");
            return record.ReplacedBy is { } by
                ? new LicenceStanding(certificate, record, LicenceStatuses.Replaced, false,
                    $"Licence {certificate.Number} was replaced by licence {by} on {day}: {record.RevocationReason}", VerificationCodes.LicenceReplaced)
                : new LicenceStanding(certificate, record, LicenceStatuses.Revoked, false,
                    $"Licence {certificate.Number} was revoked on {day}: {record.RevocationReason}", VerificationCodes.LicenceRevoked);
        }
        return result.Valid
            ? new LicenceStanding(certificate, record, LicenceStatuses.Valid, true, null, null)
            : new LicenceStanding(certificate, record, LicenceStatuses.Expired, false, result.Reason, result.Code);
    }

    /// <summary>
    /// The identity number of a licence's holder when the holder is the application's applicant: the online subject's, or
    /// the counter's <c>applicantId</c> / <c>creditCode</c> input (checked at filing); null when none or not a valid number.
    /// </summary>
    public static string? HolderIdOf(InstanceRecord instance, string holder)
    {
        if (!string.Equals(holder.Trim(), (instance.OwnerSubjectName ?? instance.Applicant)?.Trim(), StringComparison.Ordinal)) return null;
        var id = (instance.OwnerSubjectId ?? Intake.AcceptanceModeService.SubjectIdOf(instance))?.Trim().ToUpperInvariant();
        return Approvals.Licences.IdentityNumbers.IsValidHolderId(id) ? id : null;
    }

    public static ElectronicCertificate Read(CertificateRecord record) => JsonSerializer.Deserialize<ElectronicCertificate>(record.DocumentJson, SealService.Json)!;

    private static void Validate(string? reason, string? reasonCode, IReadOnlyList<string> codes)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new BadRequestException("A 'reason' is required.", ErrorCodes.ReasonRequired, "reason");
        if (reason.Length > 2000) throw new BadRequestException("'reason' must be at most 2000 characters.", ErrorCodes.ValidationField, "reason");
        if (reasonCode is null || !codes.Contains(reasonCode))
            throw new BadRequestException($"'reasonCode' must be one of: {string.Join(", ", codes)}.", ErrorCodes.ValidationField, "reasonCode");
    }

    private static void EnsureInForce(CertificateRecord record)
    {
        if (record.ReplacedBy is not null)
            throw new ConflictException($"Licence {record.Number} was already replaced by {record.ReplacedBy}.", ErrorCodes.LicenceEnded, "number");
        if (record.RevokedAt is not null)
            throw new ConflictException($"Licence {record.Number} was already revoked on {record.RevokedAt:yyyy-MM-dd}.", ErrorCodes.LicenceEnded, "number");
    }

    private static void End(CertificateRecord record, string reason, string code, string actor, DateTimeOffset now)
    {
        record.RevokedAt = now;
        record.RevokedBy = actor;
        record.RevocationReason = reason;
        record.RevocationCode = code;
        record.Revision++;
    }

    /// <summary>A licence number first; else the application's licence still in force (its latest).</summary>
    private async Task<CertificateRecord> FindAsync(string? numberOrInstanceId, CancellationToken ct)
    {
        var key = numberOrInstanceId?.Trim();
        if (string.IsNullOrEmpty(key)) throw new BadRequestException("A licence number (or the application's id) is required.", ErrorCodes.ValidationField, "number");
        var set = db.Set<CertificateRecord>().AsNoTracking();
        return await set.SingleOrDefaultAsync(c => c.Number == key, ct)
               ?? await set.Where(c => c.InstanceId == key && c.ReplacedBy == null).OrderByDescending(c => c.IssuedAt).FirstOrDefaultAsync(ct)
               ?? throw new NotFoundException($"No licence numbered '{key}' (nor an application '{key}' with a licence) is in the library.", ErrorCodes.LicenceNotFound, "number");
    }

    /// <summary>The replacement's number: the original number with a version suffix (-02, -03, ...), like GB/T 36904's version segment.</summary>
    private static async Task<string> NextNumberAsync(ApprovalDbContext tracked, string number, CancellationToken ct)
    {
        var match = VersionSuffix().Match(number);
        var (stem, version) = match.Success ? (number[..match.Index], int.Parse(match.Groups[1].Value) + 1) : (number, 2);
        var candidate = $"{stem}-{version:D2}";
        while (await tracked.Set<CertificateRecord>().AnyAsync(c => c.Number == candidate, ct)) candidate = $"{stem}-{++version:D2}";
        return candidate;
    }

    /// <summary>The replacement is sealed by the department whose seal sealed the original (its current key, or its successor seal).</summary>
    private static async Task<string> SealDepartmentAsync(ApprovalDbContext tracked, ElectronicCertificate certificate, CancellationToken ct) =>
        await tracked.Set<SealKeyRecord>().AsNoTracking().Where(k => k.Id == certificate.Seal!.SealId)
            .Join(tracked.Set<SealRecord>().AsNoTracking(), k => k.SealId, s => s.Id, (k, s) => s.Department).FirstOrDefaultAsync(ct) ?? "bureau";

    [GeneratedRegex(@"-(\d{2})$")]
    private static partial Regex VersionSuffix();
}
