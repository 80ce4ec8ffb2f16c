using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Definitions;

/// <summary>Caches loaded flowcharts (and version rows) of immutable (non-draft) versions; shared by all requests.</summary>
public sealed class FlowchartCache
{
    private readonly ConcurrentDictionary<string, Flowchart> _byVersionId = new();
    private readonly ConcurrentDictionary<string, DefinitionVersionRecord> _versions = new();

    /// <summary>
    /// A version's model never changes once it is no longer a draft, and every stimulus needs it: caching the row
    /// saves reading ~10 KB of model JSON per request. Only the model matters to callers, so a state change
    /// (published -> superseded) in the cached copy is irrelevant.
    /// </summary>
    public bool TryGetVersion(string versionId, out DefinitionVersionRecord version) => _versions.TryGetValue(versionId, out version!);

    public void RememberVersion(DefinitionVersionRecord version)
    {
        if (version.State != DefinitionState.Draft) _versions[version.Id] = version;
    }

    private readonly ConcurrentDictionary<string, string?> _implementationCodes = new();

    /// <summary>The version's implementation code, parsed from its model once for an immutable version.</summary>
    public string? ImplementationCode(DefinitionVersionRecord version)
    {
        if (_implementationCodes.TryGetValue(version.Id, out var cached)) return cached;
        var code = ProcessCodes.ImplementationCode(JsonNode.Parse(version.ModelJson));
        if (version.State != DefinitionState.Draft) _implementationCodes[version.Id] = code;
        return code;
    }

    private readonly ConcurrentDictionary<string, (int? Limit, int? MaxExtension)> _statutoryLimits = new();

    /// <summary>The "statutoryLimitWorkingDays" and "maxExtensionWorkingDays" custom properties, parsed once for an immutable version.</summary>
    public (int? Limit, int? MaxExtension) StatutoryLimits(DefinitionVersionRecord version)
    {
        if (_statutoryLimits.TryGetValue(version.Id, out var cached)) return cached;
        var custom = ProcessProperties.Custom(JsonNode.Parse(version.ModelJson));
        // A version published before ProcessProperties checked them may hold anything: out of range counts as undeclared.
        int? Days(string key, int min) => custom?[key] is JsonValue v && v.TryGetValue<int>(out var n) && n >= min && n <= ProcessProperties.MaxWorkingDays ? n : null;
        var limits = (Days("statutoryLimitWorkingDays", 1), Days("maxExtensionWorkingDays", 0));
        if (version.State != DefinitionState.Draft) _statutoryLimits[version.Id] = limits;
        return limits;
    }

    public Flowchart GetOrLoad(DefinitionVersionRecord version, FlowchartLoader loader)
    {
        if (_byVersionId.TryGetValue(version.Id, out var cached)) return cached;
        var flowchart = loader.LoadOrThrow(JsonNode.Parse(version.ModelJson));
        if (version.State != DefinitionState.Draft) _byVersionId[version.Id] = flowchart;
        return flowchart;
    }
}

/// <summary>
/// Definition versions, Elsa-style: saving onto a draft overwrites it, saving onto a published version opens a
/// new draft version; publishing supersedes the previous published version. Running instances keep their version.
/// </summary>
public sealed class DefinitionStore(ApprovalDbContext db, FlowchartLoader loader, FlowchartCache cache, TimeProvider time, Audit.AuditTrail audit)
{
    /// <summary>A top-level text property of the model: absent/null, or a string; any other JSON kind is the caller's mistake.</summary>
    private static string? TextField(JsonObject model, string name) => model[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        _ => throw new BadRequestException($"'{name}' must be a string.", "definition.field-type", name),
    };

    /// <summary>
    /// What even an unfinished draft must be for the designer to open it: a root activity whose type is a name, and lists
    /// where a flowchart has lists. A root typed 5 was kept by auto-save and crashed Studio's renderer on opening.
    /// </summary>
    private static bool IsWorkflowShape(JsonObject model) =>
        model["root"] is JsonObject root
        && root["type"] is JsonValue type && type.GetValueKind() == System.Text.Json.JsonValueKind.String
        && root["activities"] is null or JsonArray && root["connections"] is null or JsonArray;

    private static readonly System.Text.RegularExpressions.Regex DefinitionIds = new("^[A-Za-z0-9][A-Za-z0-9._-]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>
    /// Stores the model as the definition's draft; assigns a definition id when it has none. With
    /// <paramref name="validate"/> false (Studio's auto-save) an unfinished graph is kept as long as it is a workflow
    /// model at all, so a designer never loses work; publishing validates it.
    /// </summary>
    /// <exception cref="WorkflowValidationException">The model has problems; nothing is stored.</exception>
    public async Task<DefinitionVersionRecord> SaveDraftAsync(JsonObject model, string? actor, CancellationToken ct = default, bool validate = true)
    {
        var loaded = loader.Load(model);
        if ((validate || !IsWorkflowShape(model)) && !loaded.IsValid) throw new WorkflowValidationException(loaded.Problems);
        if (validate) ProcessProperties.Validate(model);
        var flowchartName = loaded.Flowchart?.Name ?? "Untitled";
        var definitionId = TextField(model, "definitionId") is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N");
        if (definitionId.Length > 128) throw new BadRequestException("definitionId must be at most 128 characters.", ErrorCodes.ValidationField, "definitionId");
        // It travels in addresses (/api/definitions/{definitionId}, the designer's /designer/{definitionId}): "a/b" or ".." was
        // stored and could never be reached again.
        if (!DefinitionIds.IsMatch(definitionId))
            throw new BadRequestException("definitionId may hold letters, digits, '.', '_' and '-', starting with a letter or digit.", ErrorCodes.ValidationField, "definitionId");
        var name = TextField(model, "name") is { Length: > 0 } n ? n : flowchartName;
        var description = TextField(model, "description");
        // Every list of processes carries these: a 900,000-character name made Studio's list a megabyte.
        if (name.Length > MaxNameLength) throw new BadRequestException($"'name' must be at most {MaxNameLength} characters.", ErrorCodes.ValidationField, "name");
        if (description?.Length > MaxDescriptionLength)
            throw new BadRequestException($"'description' must be at most {MaxDescriptionLength} characters.", ErrorCodes.ValidationField, "description");
        // Studio's auto-save and a designer's Save can meet on one draft: the later one saves onto what the first wrote.
        return await Storage.WriteRetry.RunAsync(db, c => StoreDraftAsync(model, definitionId, name, description, actor, c), ct);
    }

    public const int MaxNameLength = 256, MaxDescriptionLength = 4000;

    private async Task<DefinitionVersionRecord> StoreDraftAsync(JsonObject model, string definitionId, string name, string? description, string? actor, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var latest = await LatestAsync(definitionId, ct);
        if (latest is { State: DefinitionState.Draft })
        {
            latest.ModelJson = Normalize(model, definitionId, latest.Id, latest.Version);
            latest.Name = name;
            latest.Description = description;
            latest.UpdatedAt = now;
            latest.UpdatedBy = actor;
            latest.Revision++;
            await AuditAsync("definition.draft-saved", latest, "Draft", "Draft", ct);
            await db.SaveChangesAsync(ct);
            return latest;
        }
        if (latest is not null) latest.IsLatest = false;
        var versionId = Guid.CreateVersion7().ToString("N");
        var version = (latest?.Version ?? 0) + 1;
        var record = new DefinitionVersionRecord
        {
            Id = versionId, DefinitionId = definitionId, Version = version, Name = name,
            Description = description, State = DefinitionState.Draft, IsLatest = true,
            ModelJson = Normalize(model, definitionId, versionId, version), CreatedAt = now, UpdatedAt = now, UpdatedBy = actor,
        };
        db.DefinitionVersions.Add(record);
        await AuditAsync("definition.version-created", record, latest?.State.ToString(), "Draft", ct);
        await db.SaveChangesAsync(ct);
        return record;
    }

    /// <summary>Publishes the latest version. Returns (version, alreadyPublished).</summary>
    public async Task<(DefinitionVersionRecord Version, bool AlreadyPublished)> PublishAsync(string definitionId, string? actor, CancellationToken ct = default)
    {
        var latest = await LatestAsync(definitionId, ct) ?? throw new NotFoundException($"Workflow definition '{definitionId}' does not exist.", ErrorCodes.DefinitionNotFound);
        return await PublishAsync(latest, actor, ct);
    }

    /// <summary>Publishes a given (earlier) version: a roll back. New instances start on it; running ones keep theirs.</summary>
    public async Task<(DefinitionVersionRecord Version, bool AlreadyPublished)> PublishVersionAsync(string definitionId, int version, string? actor, CancellationToken ct = default)
    {
        var record = await db.DefinitionVersions.SingleOrDefaultAsync(v => v.DefinitionId == definitionId && v.Version == version, ct)
                     ?? throw new NotFoundException($"Version {version} of workflow definition '{definitionId}' does not exist.", ErrorCodes.DefinitionVersionNotFound);
        return await PublishAsync(record, actor, ct);
    }

    private async Task<(DefinitionVersionRecord Version, bool AlreadyPublished)> PublishAsync(DefinitionVersionRecord latest, string? actor, CancellationToken ct)
    {
        var definitionId = latest.DefinitionId;
        if (latest.State == DefinitionState.Published) return (latest, true);
        var flowchart = EnsurePublishable(latest);
        var now = time.GetUtcNow();
        await using var tx = db.Database.CurrentTransaction is null ? await Instances.InstanceLocks.BeginWriteAsync(db, ct) : null;
        await Storage.WriteRetry.LockSystemChainAsync(db, ct); // in the order saves take it: no deadlock with a save of this draft
        await Timers.RecurringTriggers.ScheduleAsync(db, definitionId, latest, flowchart, now, ct);
        foreach (var previous in await db.DefinitionVersions.Where(v => v.DefinitionId == definitionId && v.State == DefinitionState.Published).ToListAsync(ct))
        {
            previous.State = DefinitionState.Superseded;
            previous.Revision++;
        }
        var before = latest.State.ToString();
        latest.State = DefinitionState.Published;
        latest.PublishedAt = now;
        latest.UpdatedAt = now;
        latest.UpdatedBy = actor;
        latest.Revision++;
        await AuditAsync("definition.published", latest, before, "Published", ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return (latest, false);
    }

    /// <summary>
    /// Everything publishing checks before it writes, so a bulk publish can check every definition first and publish none
    /// when one fails. A model stored by an older, laxer host (or kept by auto-save) must pass today's rules.
    /// </summary>
    /// <exception cref="WorkflowValidationException">The graph has problems.</exception>
    /// <exception cref="BadRequestException">Process properties, or a trigger the host cannot route.</exception>
    public Flowchart EnsurePublishable(DefinitionVersionRecord version)
    {
        var model = JsonNode.Parse(version.ModelJson);
        var flowchart = loader.LoadOrThrow(model);
        ProcessProperties.Validate(model);
        // /workflows/{path} routes the published triggers by their path; one computed by an expression would be published
        // and then never answer (a schedule that is not literal is refused the same way, when its trigger is scheduled).
        foreach (var node in flowchart.Activities.Values.Where(n => n.Type == "Elsa.HttpEndpoint" && n.CanStartWorkflow))
            if (node.Inputs.GetValueOrDefault("path") is not { ExpressionType: "Literal" or InputValue.Raw, Value: JsonValue })
                throw new BadRequestException($"Activity '{node.Id}' starts the workflow on an HTTP request, but its path is not a literal; " +
                                              "/workflows/{path} routes literal paths of published workflows only.", ErrorCodes.DefinitionInvalid, node.Id);
        return flowchart;
    }

    /// <summary>Withdraws the published version: no new instances start on it; running ones continue.</summary>
    public async Task<DefinitionVersionRecord> RetractAsync(string definitionId, string? actor, CancellationToken ct = default)
    {
        if (!await db.DefinitionVersions.AnyAsync(v => v.DefinitionId == definitionId, ct))
            throw new NotFoundException($"Workflow definition '{definitionId}' does not exist.", ErrorCodes.DefinitionNotFound);
        var published = await db.DefinitionVersions.SingleOrDefaultAsync(v => v.DefinitionId == definitionId && v.State == DefinitionState.Published, ct)
                        ?? throw new ConflictException($"Workflow definition '{definitionId}' has no published version to retract.", ErrorCodes.DefinitionNotPublished);
        await using var tx = db.Database.CurrentTransaction is null ? await Instances.InstanceLocks.BeginWriteAsync(db, ct) : null;
        await Storage.WriteRetry.LockSystemChainAsync(db, ct);
        await Timers.RecurringTriggers.ScheduleAsync(db, definitionId, null, null, time.GetUtcNow(), ct);
        published.State = DefinitionState.Retracted;
        published.UpdatedAt = time.GetUtcNow();
        published.UpdatedBy = actor;
        published.Revision++;
        await AuditAsync("definition.retracted", published, "Published", "Retracted", ct);
        await db.SaveChangesAsync(ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return published;
    }

    /// <summary>Makes an older version's model the new latest draft (Elsa's "revert").</summary>
    public async Task<DefinitionVersionRecord> RevertAsync(string definitionId, int version, string? actor, CancellationToken ct = default)
    {
        var source = await db.DefinitionVersions.AsNoTracking().SingleOrDefaultAsync(v => v.DefinitionId == definitionId && v.Version == version, ct)
                     ?? throw new NotFoundException($"Version {version} of workflow definition '{definitionId}' does not exist.", ErrorCodes.DefinitionVersionNotFound);
        return await SaveDraftAsync(JsonNode.Parse(source.ModelJson)!.AsObject(), actor, ct);
    }

    /// <summary>Discards a draft version; the previous version becomes the latest again. Other versions are history and stay (conflict).</summary>
    public Task DeleteDraftAsync(string versionId, CancellationToken ct = default) =>
        Storage.WriteRetry.RunAsync(db, async c => { await DeleteDraftOnceAsync(versionId, c); return true; }, ct);

    private async Task DeleteDraftOnceAsync(string versionId, CancellationToken ct)
    {
        var draft = await db.DefinitionVersions.SingleOrDefaultAsync(v => v.Id == versionId, ct)
                    ?? throw new NotFoundException($"Workflow definition version '{versionId}' does not exist.", ErrorCodes.DefinitionVersionNotFound);
        if (draft.State != DefinitionState.Draft)
            throw new ConflictException($"Version {draft.Version} of '{draft.DefinitionId}' is {draft.State}; only drafts can be deleted.", ErrorCodes.DefinitionNotDraft);
        if (draft.IsLatest && await db.DefinitionVersions.Where(v => v.DefinitionId == draft.DefinitionId && v.Id != versionId)
                .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct) is { } previous)
        {
            previous.IsLatest = true;
            previous.Revision++;
        }
        db.DefinitionVersions.Remove(draft);
        await AuditAsync("definition.draft-deleted", draft, "Draft", null, ct);
        await db.SaveChangesAsync(ct);
    }

    public Task<DefinitionVersionRecord?> LatestAsync(string definitionId, CancellationToken ct = default) =>
        db.DefinitionVersions.SingleOrDefaultAsync(v => v.DefinitionId == definitionId && v.IsLatest, ct);

    /// <summary>
    /// The definition's published version. Which one it is comes from the database every time (another replica may have
    /// published since); the row itself from the cache of immutable versions (<see cref="ForExecutionAsync"/>): every start
    /// read its whole model, 17 KB of TOASTed JSON for the 3550 permit, to use the cached flowchart.
    /// </summary>
    public async Task<DefinitionVersionRecord?> PublishedAsync(string definitionId, CancellationToken ct = default)
    {
        var id = await db.DefinitionVersions.Where(v => v.DefinitionId == definitionId && v.State == DefinitionState.Published)
            .Select(v => v.Id).SingleOrDefaultAsync(ct);
        return id is null ? null : await ForExecutionAsync(id, ct);
    }

    public Task<DefinitionVersionRecord?> ByVersionIdAsync(string versionId, CancellationToken ct = default) =>
        db.DefinitionVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, ct);

    /// <summary>A version for running it: its model is current, its state may be stale (cached once not a draft).</summary>
    public async Task<DefinitionVersionRecord?> ForExecutionAsync(string versionId, CancellationToken ct = default)
    {
        if (cache.TryGetVersion(versionId, out var cached)) return cached;
        var version = await db.DefinitionVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is not null) cache.RememberVersion(version);
        return version;
    }

    /// <summary>
    /// The item implementation code (GB/T 39554.1) a version declares, for what a stimulus seals or pushes: the stimulus has
    /// the version cached already, so this reads nothing and parses the model once per version.
    /// </summary>
    public async Task<string?> ImplementationCodeAsync(string versionId, CancellationToken ct = default) =>
        await ForExecutionAsync(versionId, ct) is { } version ? cache.ImplementationCode(version) : null;

    /// <summary>The statutory limit and extension a version declares in its custom properties (null where it declares none); read
    /// and parsed once per version, as <see cref="ImplementationCodeAsync"/>.</summary>
    public async Task<(int? Limit, int? MaxExtension)> StatutoryLimitsAsync(string versionId, CancellationToken ct = default) =>
        await ForExecutionAsync(versionId, ct) is { } version ? cache.StatutoryLimits(version) : (null, null);

    public Task<List<DefinitionVersionRecord>> VersionsAsync(string definitionId, CancellationToken ct = default) =>
        db.DefinitionVersions.AsNoTracking().Where(v => v.DefinitionId == definitionId).OrderByDescending(v => v.Version).ToListAsync(ct);

    public Task<List<DefinitionVersionRecord>> ListLatestAsync(CancellationToken ct = default) =>
        db.DefinitionVersions.AsNoTracking().Where(v => v.IsLatest).OrderBy(v => v.Name).ToListAsync(ct);

    public Flowchart Flowchart(DefinitionVersionRecord version) => cache.GetOrLoad(version, loader);

    private Task AuditAsync(string action, DefinitionVersionRecord version, string? before, string? after, CancellationToken ct) =>
        audit.AppendSystemAsync(db, action, $"definition:{version.DefinitionId}/v{version.Version}", new JsonObject
        {
            ["definitionId"] = version.DefinitionId, ["version"] = version.Version, ["name"] = version.Name, ["before"] = before, ["after"] = after,
        }, ct);

    /// <summary>The stored model carries the server's identity fields so Studio and the API read back what the server decided.</summary>
    private static string Normalize(JsonObject model, string definitionId, string versionId, int version)
    {
        var copy = model.DeepClone().AsObject();
        copy["definitionId"] = definitionId;
        copy["id"] = versionId;
        copy["version"] = version;
        return copy.ToJsonString();
    }
}
