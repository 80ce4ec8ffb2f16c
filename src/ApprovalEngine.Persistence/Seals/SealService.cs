using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Certificates;
using ApprovalEngine.Approvals.Sealing;
using ApprovalEngine.Approvals.Seals;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Seals;

public sealed class SealOptions
{
    /// <summary>Encrypts seal private keys at rest (>= 32 characters). Without it seals cannot be created or used.</summary>
    public string? MasterSecret { get; set; }
    /// <summary>Base of the public verification link printed (and QR-encoded) on certificates.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";
}

public sealed record CreateSealRequest(string? Department, string? Name, string? Profile, IReadOnlyList<string>? Departments);

/// <summary>The seal registry and the signing of decisions and certificates.</summary>
public sealed class SealService(ApprovalDbContext db, SealOptions options, AuditTrail audit, IActorAccessor actors, TimeProvider time)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private SealKeyProtector Protector => options.MasterSecret is { Length: >= SealKeyProtector.MinimumSecretLength } secret
        ? new SealKeyProtector(secret)
        : throw new ConflictException("Seals are not configured on this host: set Seals:MasterSecret (at least 32 characters).", ErrorCodes.SealsNotConfigured);

    public async Task<(SealRecord Seal, SealKeyRecord Key)> CreateAsync(CreateSealRequest request, CancellationToken ct)
    {
        var department = request.Department?.Trim();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(department) || department.Length > 64) throw new BadRequestException("'department' is required (at most 64 characters).", ErrorCodes.ValidationField, "department");
        if (string.IsNullOrEmpty(name) || name.Length > 256) throw new BadRequestException("'name' is required (at most 256 characters).", ErrorCodes.ValidationField, "name");
        if (!SealProfiles.TryParse(request.Profile, out var profile))
            throw new BadRequestException($"'profile' must be \"{SealProfiles.EcdsaP256Name}\" or \"{SealProfiles.Sm2Name}\".", ErrorCodes.ValidationField, "profile");
        var departments = new[] { department }.Concat(request.Departments ?? []).Select(d => d.Trim()).Where(d => d.Length > 0).Distinct().ToList();
        var active = await db.Set<SealRecord>().Where(s => s.RevokedAt == null).ToListAsync(ct);
        var clash = active.FirstOrDefault(s => Departments(s).Intersect(departments).Any());
        if (clash is not null)
            throw new ConflictException($"Department(s) {string.Join(", ", Departments(clash).Intersect(departments))} already have an active seal ({clash.Name}); revoke it first.", ErrorCodes.SealDepartmentTaken);

        var now = time.GetUtcNow();
        var seal = new SealRecord
        {
            Id = "seal-" + Guid.CreateVersion7().ToString("N")[..20], Name = name, Department = department, DepartmentsJson = JsonSerializer.Serialize(departments),
            Profile = profile, CurrentKeyId = "", CreatedAt = now, CreatedBy = actors.Current.Name,
        };
        var key = NewKey(seal, 1, now);
        seal.CurrentKeyId = key.Id;
        db.Add(seal);
        db.Add(key);
        await audit.AppendSystemAsync(db, "seal.created", $"seal:{seal.Id}", new JsonObject
        {
            ["name"] = name, ["departments"] = JsonNode.Parse(seal.DepartmentsJson), ["profile"] = profile.ToApiName(), ["keyId"] = key.Id,
        }, ct);
        await db.SaveChangesAsync(ct);
        _signingKeys.Clear();
        return (seal, key);
    }

    public async Task<(SealRecord Seal, SealKeyRecord Key)> RotateAsync(string sealId, CancellationToken ct)
    {
        var seal = await Find(sealId, ct);
        if (seal.RevokedAt is not null) throw new ConflictException($"Seal '{sealId}' is revoked; create a new seal instead.", ErrorCodes.SealRevoked);
        var now = time.GetUtcNow();
        var old = await db.Set<SealKeyRecord>().SingleAsync(k => k.Id == seal.CurrentKeyId, ct);
        old.ValidUntil = now;
        var key = NewKey(seal, old.Version + 1, now);
        db.Add(key);
        seal.CurrentKeyId = key.Id;
        seal.Revision++;
        await audit.AppendSystemAsync(db, "seal.rotated", $"seal:{seal.Id}", new JsonObject { ["before"] = old.Id, ["after"] = key.Id }, ct);
        await db.SaveChangesAsync(ct);
        _signingKeys.Clear();
        return (seal, key);
    }

    public async Task<SealRecord> RevokeAsync(string sealId, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new BadRequestException("A revocation needs a 'reason'.", ErrorCodes.ReasonRequired, "reason");
        var seal = await Find(sealId, ct);
        if (seal.RevokedAt is not null) throw new ConflictException($"Seal '{sealId}' was already revoked at {seal.RevokedAt:O}.", ErrorCodes.SealRevoked);
        seal.RevokedAt = time.GetUtcNow();
        seal.RevocationReason = reason.Trim();
        seal.Revision++;
        await audit.AppendSystemAsync(db, "seal.revoked", $"seal:{seal.Id}", new JsonObject { ["reason"] = seal.RevocationReason, ["before"] = "active", ["after"] = "revoked" }, ct);
        await db.SaveChangesAsync(ct);
        _signingKeys.Clear();
        return seal;
    }

    public Task<List<SealRecord>> ListAsync(CancellationToken ct) => db.Set<SealRecord>().AsNoTracking().OrderBy(s => s.CreatedAt).ToListAsync(ct);

    public Task<List<SealKeyRecord>> KeysAsync(CancellationToken ct) => db.Set<SealKeyRecord>().AsNoTracking().OrderBy(k => k.Version).ToListAsync(ct);

    /// <summary>Everything a verifier needs about a key, by key id (the id a signature names); null if unknown.</summary>
    public async Task<Func<string, SealInfo?>> LookupAsync(CancellationToken ct)
    {
        var seals = await db.Set<SealRecord>().AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
        var keys = await db.Set<SealKeyRecord>().AsNoTracking().ToDictionaryAsync(k => k.Id, ct);
        return keyId => keys.TryGetValue(keyId, out var k) && seals.TryGetValue(k.SealId, out var s)
            ? new SealInfo(k.Id, Departments(s), s.Profile, k.PublicKey, k.ValidFrom, k.ValidUntil, s.RevokedAt, s.RevocationReason)
            : null;
    }

    /// <summary>Signs with the active seal standing for <paramref name="department"/>; inside the caller's transaction.</summary>
    public async Task<(SealKeyMaterial Key, string KeyId, SealKeyProtector Protector)> SigningKeyAsync(string department, CancellationToken ct)
    {
        if (!_signingKeys.TryGetValue(department, out var signing))
        {
            // The active seals with their current keys in one round trip (a handful of rows; the decision's stimulus holds
            // the application's lock meanwhile).
            var seals = await (from s in db.Set<SealRecord>().AsNoTracking().Where(s => s.RevokedAt == null)
                               join k in db.Set<SealKeyRecord>().AsNoTracking() on s.CurrentKeyId equals k.Id
                               select new { Seal = s, Key = k }).ToListAsync(ct);
            var found = seals.FirstOrDefault(s => s.Seal.Department == department) ?? seals.FirstOrDefault(s => Departments(s.Seal).Contains(department))
                        ?? throw new ConflictException($"No active seal stands for department '{department}'; an admin registers one with POST /api/seals.", ErrorCodes.SealNoActive);
            _signingKeys[department] = signing = (new SealKeyMaterial(found.Seal.Profile, found.Key.ProtectedPrivateKey), found.Key.Id);
        }
        return (signing.Key, signing.KeyId, Protector);
    }

    // The decision and its certificate are sealed in one stimulus by the same seal: read once per request (this service is
    // scoped). Registering, rotating or revoking a seal forgets them.
    private readonly Dictionary<string, (SealKeyMaterial Key, string KeyId)> _signingKeys = [];

    public string VerificationUrl(string number) => $"{options.PublicBaseUrl.TrimEnd('/')}/verify/{Uri.EscapeDataString(number)}";

    public static IReadOnlyList<string> Departments(SealRecord seal) => JsonSerializer.Deserialize<List<string>>(seal.DepartmentsJson)!;

    private SealKeyRecord NewKey(SealRecord seal, int version, DateTimeOffset now)
    {
        var pair = Protector.Generate(seal.Profile);
        return new SealKeyRecord
        {
            Id = $"{seal.Id}-k{version}", SealId = seal.Id, Version = version, PublicKey = pair.PublicKey,
            ProtectedPrivateKey = pair.PrivateKey.EncryptedPrivateKey, ValidFrom = now,
        };
    }

    private async Task<SealRecord> Find(string sealId, CancellationToken ct) =>
        await db.Set<SealRecord>().SingleOrDefaultAsync(s => s.Id == sealId, ct) ?? throw new NotFoundException($"Seal '{sealId}' does not exist.", ErrorCodes.SealNotFound);
}

/// <summary>Signs what the Seal and IssueCertificate activities ask for, in the stimulus transaction.</summary>
public sealed class SealEffectHandler(SealService seals, Deadlines.DeadlineService deadlines, Definitions.DefinitionStore definitions) : IWorkflowEffectHandler
{
    public bool CanHandle(object effect) => effect is SealDecision or IssueCertificateRequest;

    public async Task HandleAsync(StimulusContext context, WorkflowEffect effect, CancellationToken ct)
    {
        switch (effect.Effect)
        {
            case SealDecision seal:
            {
                var (key, keyId, protector) = await seals.SigningKeyAsync(seal.Department, ct);
                var signature = DecisionSeal.Seal(protector, key, seal.Decision, keyId, context.Now);
                context.Db.Add(new SealedDocumentRecord
                {
                    Id = Guid.CreateVersion7().ToString("N"), InstanceId = context.Instance.Id, Kind = "decision",
                    ContentJson = seal.Decision.ToJsonString(), SignatureJson = JsonSerializer.Serialize(signature, SealService.Json), CreatedAt = context.Now,
                });
                break;
            }
            case IssueCertificateRequest request:
            {
                var (key, keyId, protector) = await seals.SigningKeyAsync(request.Department, ct);
                var certificate = CertificateSealer.Seal(protector, key,
                    new ElectronicCertificate(request.Number, request.Holder, request.Matter, request.Scope, request.ValidFrom, request.ValidUntil,
                        request.IssuingAuthority, context.Now, seals.VerificationUrl(request.Number),
                        ImplementationCode: await definitions.ImplementationCodeAsync(context.Instance.DefinitionVersionId, ct), ProjectCode: context.Instance.ProjectCode),
                    keyId, context.Now);
                context.Db.Add(new CertificateRecord
                {
                    Number = certificate.Number, InstanceId = context.Instance.Id, Holder = certificate.Holder, IssuedAt = certificate.IssuedAt,
                    HolderId = Licences.LicenceService.HolderIdOf(context.Instance, certificate.Holder),
                    DocumentJson = JsonSerializer.Serialize(certificate, SealService.Json),
                });
                // Art. 44: the certificate is in the holder's hands within 10 working days of the decision (issued with it).
                var limit = deadlines.Options.DeliveryWorkingDays;
                deadlines.Start(context.Db, context.Instance.Id, context.Instance.DefinitionId, Deadlines.DeadlineKind.Delivery,
                    $"certificate delivery ({certificate.Number})", limit, limit, context.Now, taskId: certificate.Number, activityId: effect.ActivityId, department: request.Department);
                break;
            }
        }
    }
}
