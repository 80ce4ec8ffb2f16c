using System.Security.Claims;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using WorkflowValidationException = ApprovalEngine.Workflows.Definitions.WorkflowValidationException;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Studio;

/// <summary>The query string of Elsa's definition list; values are parsed leniently because Studio sends empty ones.</summary>
public sealed record ElsaDefinitionQuery(
    string? VersionOptions, int? Page, int? PageSize, string[]? DefinitionIds, string[]? Ids, string? SearchTerm,
    string? OrderBy, string? OrderDirection);

/// <summary>
/// Elsa's workflow-definition endpoints on our <see cref="DefinitionStore"/>: Studio saves through the same
/// validation as <c>POST /api/definitions</c>, so an invalid flowchart is refused with every problem and nothing is stored.
/// </summary>
public static class ElsaDefinitionsApi
{
    public static void MapElsaDefinitions(this RouteGroupBuilder api)
    {
        api.MapGet("/workflow-definitions", List);
        api.MapGet("/workflow-definitions/query/count", Count);
        api.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUnique);
        api.MapGet("/workflow-definitions/many-by-id", ManyById);
        api.MapGet("/workflow-definitions/by-definition-id/{definitionId}", ByDefinitionId);
        api.MapGet("/workflow-definitions/by-id/{id}", ById);
        api.MapGet("/workflow-definitions/{definitionId}/consumers", Consumers);
        api.MapPost("/workflow-definitions", Save).RequireAuthorization(Policies.Design);
        api.MapPost("/workflow-definitions/{definitionId}/publish", Publish).RequireAuthorization(Policies.Admin);
        api.MapPost("/workflow-definitions/{definitionId}/retract", Retract).RequireAuthorization(Policies.Admin);
        api.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", Revert).RequireAuthorization(Policies.Design);
        api.MapDelete("/workflow-definition-versions/{id}", DeleteVersion).RequireAuthorization(Policies.Design);
        api.MapDelete("/workflow-definitions/{definitionId}", Delete).RequireAuthorization(Policies.Design);
        api.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", BulkDelete).RequireAuthorization(Policies.Design);
        api.MapPost("/workflow-definitions/{definitionId}/execute", Execute);
        api.MapGet("/workflow-definitions/{definitionId}/export", Export);
        api.MapPost("/workflow-definitions/import", Import).RequireAuthorization(Policies.Design);
        api.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublish).RequireAuthorization(Policies.Admin);
        api.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetract).RequireAuthorization(Policies.Admin);
    }

    public static async Task<Ok<ElsaPage<ElsaDefinitionSummary>>> List([AsParameters] ElsaDefinitionQuery query, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        // Summaries only: the (large) model JSON is not loaded for lists.
        var rows = await db.DefinitionVersions.AsNoTracking()
            .Select(v => new VersionRow(v.Id, v.DefinitionId, v.Version, v.Name, v.Description, v.State, v.IsLatest, v.CreatedAt))
            .ToListAsync(ct);
        IEnumerable<VersionRow> items = rows.Where(VersionFilter(query.VersionOptions));
        if (query.DefinitionIds is { Length: > 0 } definitionIds) items = items.Where(v => definitionIds.Contains(v.DefinitionId));
        // Studio resolves instance rows to their exact versions by Ids; ignoring this filter makes those rows vanish.
        if (query.Ids is { Length: > 0 } ids) items = items.Where(v => ids.Contains(v.Id));
        if (query.SearchTerm?.Trim() is { Length: > 0 } term)
            items = items.Where(v => v.Name.Contains(term, StringComparison.OrdinalIgnoreCase) || v.DefinitionId.Contains(term, StringComparison.OrdinalIgnoreCase)
                                     || (v.Description?.Contains(term, StringComparison.OrdinalIgnoreCase) ?? false) || v.Id == term);

        var orderBy = Enum.TryParse<ElsaDefinitionOrder>(query.OrderBy, true, out var o) ? o : ElsaDefinitionOrder.Name;
        var descending = Enum.TryParse<ElsaOrderDirection>(query.OrderDirection, true, out var d)
            ? d == ElsaOrderDirection.Descending
            : orderBy != ElsaDefinitionOrder.Name; // Elsa's defaults: names A-Z, dates and versions newest first
        items = orderBy switch
        {
            ElsaDefinitionOrder.Created => descending ? items.OrderByDescending(v => v.CreatedAt) : items.OrderBy(v => v.CreatedAt),
            ElsaDefinitionOrder.Version => descending ? items.OrderByDescending(v => v.Version) : items.OrderBy(v => v.Version),
            _ => descending ? items.OrderByDescending(v => v.Name, StringComparer.OrdinalIgnoreCase) : items.OrderBy(v => v.Name, StringComparer.OrdinalIgnoreCase),
        };
        var all = items.ToList();
        var page = query.Page is >= 0 and <= Instances.InstancesApi.MaxPage ? query.Page.Value : 0;
        var size = query.PageSize is > 0 and <= 1000 ? query.PageSize.Value : all.Count == 0 ? 1 : all.Count;
        var canEdit = CanEdit(http.User);
        var pageItems = all.Skip(page * size).Take(size).Select(v => v.ToSummary(canEdit ? DefinitionLinks(v.DefinitionId) : null)).ToList();
        return TypedResults.Ok(new ElsaPage<ElsaDefinitionSummary>(pageItems, all.Count, ListLinks(canEdit)));
    }

    public static async Task<Ok<ElsaCount>> Count(ApprovalDbContext db, CancellationToken ct) =>
        TypedResults.Ok(new ElsaCount(await db.DefinitionVersions.Select(v => v.DefinitionId).Distinct().CountAsync(ct)));

    public static async Task<Ok<ElsaIsNameUnique>> IsNameUnique(string? name, string? definitionId, ApprovalDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return TypedResults.Ok(new ElsaIsNameUnique(true));
        var taken = await db.DefinitionVersions.AsNoTracking().Where(v => v.IsLatest && v.DefinitionId != definitionId).Select(v => v.Name).ToListAsync(ct);
        return TypedResults.Ok(new ElsaIsNameUnique(!taken.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase)));
    }

    public static async Task<Ok<ElsaList<JsonObject>>> ManyById([FromQuery] string[]? ids, ApprovalDbContext db, HttpContext http, CancellationToken ct)
    {
        var wanted = ids ?? [];
        var versions = await db.DefinitionVersions.AsNoTracking().Where(v => wanted.Contains(v.Id)).ToListAsync(ct);
        var items = versions.Select(v => ToElsa(v, http.User)).ToList();
        return TypedResults.Ok(new ElsaList<JsonObject>(items, items.Count));
    }

    public static async Task<Results<Ok<JsonObject>, NotFound>> ByDefinitionId(string definitionId, string? versionOptions, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        // Elsa's default here is Latest; a list of matches (e.g. AllVersions) answers with the newest.
        var filter = VersionFilter(string.IsNullOrWhiteSpace(versionOptions) ? "Latest" : versionOptions);
        var match = (await store.VersionsAsync(definitionId, ct)).FirstOrDefault(v => filter(VersionRow.From(v)));
        return match is null ? TypedResults.NotFound() : TypedResults.Ok(ToElsa(match, http.User));
    }

    public static async Task<Results<Ok<JsonObject>, NotFound>> ById(string id, DefinitionStore store, HttpContext http, CancellationToken ct) =>
        await store.ByVersionIdAsync(id, ct) is { } v ? TypedResults.Ok(ToElsa(v, http.User)) : TypedResults.NotFound();

    // Our processes do not call each other as sub-workflows, so nothing consumes a definition.
    public static Ok<ElsaConsumers> Consumers(string definitionId) => TypedResults.Ok(new ElsaConsumers([]));

    /// <summary>Auto-save and Publish both land here. Publishing needs the admin role, checked before anything is written.</summary>
    public static async Task<Results<Ok<ElsaSaveResponse>, ProblemHttpResult, ValidationProblem>> Save(JsonObject body, DefinitionStore store,
        Workflows.Activities.ActivityRegistry registry, HttpContext http, CancellationToken ct)
    {
        if (body["model"] is not JsonObject model)
            return TypedResults.Problem("The body must be {\"model\": <workflow definition>, \"publish\": true|false}.", statusCode: 400, title: "Bad request",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationField, ["field"] = "model" });
        // "yes" or 1 is not a decision to publish: read as false, the draft was saved and the caller told nothing.
        if (body["publish"] is { } given && given.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
            return TypedResults.Problem("'publish' must be true or false; nothing was saved.", statusCode: 400, title: "Bad request",
                extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ValidationField, ["field"] = "publish" });
        var publish = body["publish"] is JsonValue p && p.GetValue<bool>();
        if (publish && !http.User.IsInRole(Roles.Admin))
            return TypedResults.Problem("Publishing needs the admin role; nothing was saved. Save the draft and ask an admin to publish it.",
                statusCode: 403, title: "Forbidden", extensions: Code(ErrorCodes.DefinitionPublishForbidden));
        // 400, not 409: Studio shows a 400's errors as a message and treats a 409 as a crash of the page.
        if (await WouldDropUndrawnAsync(model, store, registry, ct) is { } undrawn)
            return TypedResults.Problem($"The stored draft holds activities the designer cannot draw ({undrawn}), so the canvas does not show them; " +
                                        "this save would delete them. Nothing was saved: fix the draft through the API (/api/definitions) or import it again.",
                statusCode: 400, title: "Bad request", extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.DefinitionWouldEmpty, ["field"] = "model.root.activities" });
        var actor = http.User.ToActor().Name;
        SeedNewFlowchart(model);
        var draftSaved = false;
        try
        {
            // Auto-save keeps any draft that parses (as Elsa does); problems are reported when publishing.
            var saved = await store.SaveDraftAsync(model, actor, ct, validate: false);
            draftSaved = true;
            var alreadyPublished = false;
            if (publish) (saved, alreadyPublished) = await store.PublishAsync(saved.DefinitionId, actor, ct);
            return TypedResults.Ok(new ElsaSaveResponse(ToElsa(saved, http.User), alreadyPublished, 0));
        }
        catch (WorkflowValidationException e)
        {
            // Studio shows the messages of a validation problem's "errors" (one line each); "problems" matches /api/definitions.
            // Studio's activity ids are random; the designer knows activities by the names on the canvas.
            var names = ((model["root"] as JsonObject)?["activities"] as JsonArray ?? []).OfType<JsonObject>()
                .Where(a => Text(a["id"]) is not null).GroupBy(a => Text(a["id"])!).ToDictionary(g => g.Key, g => Text(g.First()["name"]) ?? g.Key);
            var errors = e.Problems.GroupBy(p => p.ActivityId ?? "workflow").ToDictionary(g => g.Key, g => g
                // The prefix names the activity; the engine's message may name its id again ("… 'Acme.Nope' (w): …"), once is enough.
                .Select(p => p.ActivityId is null ? p.Message
                    : $"{names.GetValueOrDefault(p.ActivityId) ?? p.ActivityId}: {p.Message.Replace($" ({p.ActivityId})", "", StringComparison.Ordinal)}").ToArray());
            // A file that is not an Elsa 3 definition at all (an Elsa 2 export has no root) is not even a draft.
            return TypedResults.ValidationProblem(errors, draftSaved
                    ? $"{e.Problems.Count} problem(s) found; the draft is saved but not published."
                    : $"{e.Problems.Count} problem(s) found; nothing was saved.", title: "The workflow definition is invalid",
                extensions: new Dictionary<string, object?>
                {
                    // The same code and field as /api/definitions answers for the same model.
                    ["code"] = ErrorCodes.DefinitionInvalid, ["field"] = "model",
                    ["problems"] = e.Problems.Select(p => new { p.ActivityId, p.Message }).ToList(),
                });
        }
    }

    public static async Task<Ok<ElsaSaveResponse>> Publish(string definitionId, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var (version, already) = await store.PublishAsync(definitionId, http.User.ToActor().Name, ct);
        return TypedResults.Ok(new ElsaSaveResponse(ToElsa(version, http.User), already, 0));
    }

    public static async Task<Ok<JsonObject>> Retract(string definitionId, DefinitionStore store, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(ToElsa(await store.RetractAsync(definitionId, http.User.ToActor().Name, ct), http.User));

    public static async Task<Ok<ElsaDefinitionSummary>> Revert(string definitionId, int version, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var draft = await store.RevertAsync(definitionId, version, http.User.ToActor().Name, ct);
        return TypedResults.Ok(VersionRow.From(draft).ToSummary(CanEdit(http.User) ? DefinitionLinks(draft.DefinitionId) : null));
    }

    /// <summary>Only drafts can be deleted: published and past versions are the record of what ran (409).</summary>
    public static async Task<NoContent> DeleteVersion(string id, DefinitionStore store, CancellationToken ct)
    {
        await store.DeleteDraftAsync(id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>A process that was never published can go; one with published history is kept for audit (409: retract it instead).</summary>
    public static async Task<NoContent> Delete(string definitionId, DefinitionStore store, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(definitionId, ct);
        if (versions.Count == 0) throw new NotFoundException($"Workflow definition '{definitionId}' does not exist.", ErrorCodes.DefinitionNotFound);
        if (versions.Any(v => v.State != DefinitionState.Draft))
            throw new ConflictException($"'{definitionId}' has published versions, which are kept as the record of what ran; retract it instead of deleting it.", ErrorCodes.DefinitionHasPublished);
        foreach (var v in versions) await store.DeleteDraftAsync(v.Id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<ElsaBulkDeleteResponse>> BulkDelete(ElsaBulkDefinitionsRequest request, DefinitionStore store, CancellationToken ct)
    {
        var deleted = 0;
        foreach (var definitionId in request.DefinitionIds ?? [])
        {
            var versions = await store.VersionsAsync(definitionId, ct);
            if (versions.Count == 0 || versions.Any(v => v.State != DefinitionState.Draft)) continue;
            foreach (var v in versions) await store.DeleteDraftAsync(v.Id, ct);
            deleted++;
        }
        return TypedResults.Ok(new ElsaBulkDeleteResponse(deleted));
    }

    /// <summary>
    /// Studio's Run button. Our engine runs published versions only (Studio asks for the latest, which may be a draft), and
    /// starting an application is the window's job (clerk, admin). Studio reads only the headers: the new instance id, or
    /// "cannot start", which it shows as a message.
    /// </summary>
    public static async Task<IResult> Execute(string definitionId, JsonObject? body, WorkflowRuntime runtime, HttpContext http, CancellationToken ct)
    {
        if (!http.User.IsInRole(Roles.Clerk) && !http.User.IsInRole(Roles.Admin))
        {
            http.Response.Headers["x-elsa-workflow-cannot-start"] = "true";
            return TypedResults.Problem("Starting an application needs the clerk or admin role.", statusCode: 403, title: "Forbidden",
                extensions: Code(ErrorCodes.StartForbidden));
        }
        var correlationId = body?["correlationId"] is JsonValue c && c.TryGetValue<string>(out var cid) ? cid : null;
        try
        {
            var instance = await runtime.StartAsync(definitionId, correlationId, body?["input"] as JsonObject, http.User.ToActor(), ct);
            http.Response.Headers["x-elsa-workflow-instance-id"] = instance.Id;
            return TypedResults.Ok(new { workflowInstanceId = instance.Id, status = instance.Status });
        }
        catch (ApiException e) when (e is ConflictException or NotFoundException)
        {
            http.Response.Headers["x-elsa-workflow-cannot-start"] = "true";
            return TypedResults.Problem(e.Message, statusCode: e is ConflictException ? 409 : 404, title: e is ConflictException ? "Conflict" : "Not found",
                extensions: Code(e.Code));
        }
    }

    /// <summary>Elsa's export: one version as a JSON file that Studio's (and Elsa's) import recognises by its <c>$schema</c>.</summary>
    public static async Task<Results<FileContentHttpResult, NotFound>> Export(string definitionId, string? versionOptions, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var filter = VersionFilter(string.IsNullOrWhiteSpace(versionOptions) ? "Latest" : versionOptions);
        if ((await store.VersionsAsync(definitionId, ct)).FirstOrDefault(v => filter(VersionRow.From(v))) is not { } version) return TypedResults.NotFound();
        var model = new JsonObject { ["$schema"] = ExportSchema };
        foreach (var (key, value) in ToElsa(version, http.User).Where(p => p.Key != "links")) model[key] = value?.DeepClone();
        var bytes = System.Text.Encoding.UTF8.GetBytes(model.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return TypedResults.File(bytes, "application/json", $"workflow-definition-{version.DefinitionId}-v{version.Version}.json");
    }

    /// <summary>The schema URL Elsa writes into exported definitions; Studio's import looks for it (or for id, definitionId, name and root).</summary>
    public const string ExportSchema = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    /// <summary>
    /// Elsa's import (Studio's Import in the editor and in the list): the file's model becomes the definition's draft, as an
    /// auto-save would (kept when it parses; validated when published). The editor sends the open definition's id, so an
    /// import replaces what is on the canvas; the list keeps the file's id (a new definition when it has none).
    /// </summary>
    public static async Task<Ok<JsonObject>> Import(JsonObject model, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        foreach (var serverOwned in new[] { "$schema", "id", "links", "version", "isLatest", "isPublished", "createdAt" }) model.Remove(serverOwned);
        SeedNewFlowchart(model);
        var saved = await store.SaveDraftAsync(model, http.User.ToActor().Name, ct, validate: false);
        return TypedResults.Ok(ToElsa(saved, http.User));
    }

    public static async Task<Ok<ElsaBulkPublishResponse>> BulkPublish(ElsaBulkDefinitionsRequest request, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        List<string> published = [], already = [], notFound = [];
        var found = new List<string>();
        foreach (var definitionId in request.DefinitionIds ?? [])
        {
            if (await store.LatestAsync(definitionId, ct) is not { } latest) { notFound.Add(definitionId); continue; }
            // Every definition is checked before any is published: one that fails would otherwise leave the earlier ones
            // published under an answer saying nothing was.
            if (latest.State != DefinitionState.Published) store.EnsurePublishable(latest);
            found.Add(definitionId);
        }
        foreach (var definitionId in found)
        {
            var (_, was) = await store.PublishAsync(definitionId, http.User.ToActor().Name, ct);
            (was ? already : published).Add(definitionId);
        }
        return TypedResults.Ok(new ElsaBulkPublishResponse(published, already, notFound, []));
    }

    public static async Task<Ok<ElsaBulkRetractResponse>> BulkRetract(ElsaBulkDefinitionsRequest request, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        List<string> retracted = [], already = [], notFound = [];
        foreach (var definitionId in request.DefinitionIds ?? [])
        {
            if (await store.LatestAsync(definitionId, ct) is null) notFound.Add(definitionId);
            else if (await store.PublishedAsync(definitionId, ct) is null) already.Add(definitionId);
            else
            {
                await store.RetractAsync(definitionId, http.User.ToActor().Name, ct);
                retracted.Add(definitionId);
            }
        }
        return TypedResults.Ok(new ElsaBulkRetractResponse(retracted, already, notFound));
    }

    /// <summary>
    /// The activities of the stored draft that Studio cannot draw (a type the host does not describe) which a save from the
    /// canvas would drop: Studio showed the designer a canvas without them (often an empty one), so their absence is not
    /// the designer's intent, and a save of what the canvas holds (even one activity dropped onto it) would delete them.
    /// Null when the save keeps every one of them.
    /// </summary>
    private static async Task<string?> WouldDropUndrawnAsync(JsonObject model, DefinitionStore store, Workflows.Activities.ActivityRegistry registry, CancellationToken ct)
    {
        if (Text(model["definitionId"]) is not { Length: > 0 } id || model["root"] is not JsonObject root) return null;
        if (await store.LatestAsync(id, ct) is not { } latest || JsonNode.Parse(latest.ModelJson)?["root"] is not JsonObject stored) return null;
        var undrawn = Activities(stored).Where(a => a.Type is { } t && !Drawable(t) && a.Id is not null).ToList();
        if (undrawn.Count == 0) return null;
        var kept = Activities(root).Select(a => a.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var dropped = undrawn.Where(a => !kept.Contains(a.Id!)).Select(a => a.Type!).Distinct().ToList();
        return dropped.Count > 0 ? string.Join(", ", dropped) : null;

        bool Drawable(string type) => type is "Elsa.Flowchart" or "Elsa.Sequence" or "Elsa.FlowNode" || registry.TryGet(type, out _);

        static IEnumerable<(string? Id, string? Type)> Activities(JsonObject container)
        {
            foreach (var activity in (container["activities"] as JsonArray ?? []).OfType<JsonObject>().Append(container["body"] as JsonObject).OfType<JsonObject>())
            {
                yield return (Text(activity["id"]), Text(activity["type"]));
                foreach (var inner in Activities(activity)) yield return inner;
            }
        }
    }

    /// <summary>
    /// Studio's "Create workflow" saves a new definition with an empty flowchart, which our validation rightly refuses
    /// (a process needs a start). A brand-new, empty flowchart therefore gets its Start activity here, so creating a
    /// workflow opens the designer instead of failing silently. Anything else is stored exactly as sent.
    /// </summary>
    private static void SeedNewFlowchart(JsonObject model)
    {
        if (!string.IsNullOrEmpty(Text(model["definitionId"])) || model["root"] is not JsonObject root || Text(root["type"]) != "Elsa.Flowchart") return;
        if (root["activities"] is JsonArray { Count: > 0 }) return;
        var rootNodeId = Text(root["nodeId"]) ?? "Workflow1:Flowchart1";
        root["nodeId"] = rootNodeId;
        root["activities"] = new JsonArray(new JsonObject
        {
            ["id"] = "start", ["nodeId"] = $"{rootNodeId}:start", ["name"] = "Start", ["type"] = "Elsa.Start", ["version"] = 1,
            ["customProperties"] = new JsonObject(),
            ["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 0, ["y"] = 0 } } },
        });
        root["connections"] ??= new JsonArray();
    }

    /// <summary>The stored Elsa model with the server's identity, version flags and (for editors) the links that unlock editing.</summary>
    public static JsonObject ToElsa(DefinitionVersionRecord v, ClaimsPrincipal user)
    {
        var model = JsonNode.Parse(v.ModelJson) as JsonObject ?? [];
        model["id"] = v.Id;
        model["definitionId"] = v.DefinitionId;
        model["version"] = v.Version;
        model["name"] = v.Name;
        model["description"] = v.Description;
        model["createdAt"] = v.CreatedAt;
        model["isLatest"] = v.IsLatest;
        model["isPublished"] = v.IsPublished;
        model["materializerName"] = "Json";
        model["providerName"] ??= "Default";
        model["toolVersion"] ??= "3.8.0.0";
        foreach (var list in new[] { "variables", "inputs", "outputs", "outcomes" })
            if (model[list] is not JsonArray) model[list] = new JsonArray();
        if (model["customProperties"] is not JsonObject) model["customProperties"] = new JsonObject();
        if (model["options"] is not JsonObject) model["options"] = new JsonObject();
        model["isReadonly"] = false;
        model["links"] = CanEdit(user) ? LinksJson(DefinitionLinks(v.DefinitionId)) : null;
        if (model["root"] is JsonObject root) ElsaNodeIds.Fill(root);
        return model;
    }

    /// <summary>The root's node id when the stored model has none (see <see cref="ElsaNodeIds"/>).</summary>
    public const string DefaultRootNodeId = ElsaNodeIds.DefaultRoot;

    /// <summary>
    /// Studio opens a definition for editing only when it carries a "publish" link (lists: "bulk-publish"), so these
    /// links are how the server tells it who may edit. Publishing itself still needs the admin role.
    /// </summary>
    public static bool CanEdit(ClaimsPrincipal user) => user.IsInRole(Roles.Designer) || user.IsInRole(Roles.Admin);

    private static List<ElsaLink> DefinitionLinks(string definitionId)
    {
        var id = Uri.EscapeDataString(definitionId);
        return
        [
            new($"/workflow-definitions/by-definition-id/{id}", "self", "GET"),
            new($"/workflow-definitions/{id}/publish", "publish", "POST"),
            new($"/workflow-definitions/{id}/retract", "retract", "POST"),
        ];
    }

    private static List<ElsaLink> ListLinks(bool canEdit) => canEdit
        ?
        [
            new("/workflow-definitions", "self", "GET"),
            new("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
            new("/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
        ]
        : [new("/workflow-definitions", "self", "GET")];

    private static JsonArray LinksJson(IEnumerable<ElsaLink> links) =>
        new(links.Select(l => (JsonNode)new JsonObject { ["href"] = l.Href, ["rel"] = l.Rel, ["method"] = l.Method }).ToArray());

    /// <summary>Elsa's VersionOptions: Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a number; empty means all.</summary>
    private static Func<VersionRow, bool> VersionFilter(string? versionOptions) => versionOptions?.Trim() switch
    {
        null or "" or "AllVersions" => _ => true,
        "Latest" => v => v.IsLatest,
        "Published" => v => v.State == DefinitionState.Published,
        "LatestOrPublished" => v => v.IsLatest || v.State == DefinitionState.Published,
        "LatestAndPublished" => v => v.IsLatest && v.State == DefinitionState.Published,
        "Draft" => v => v.State == DefinitionState.Draft,
        var s when int.TryParse(s, out var n) => v => v.Version == n,
        var s => throw new BadRequestException($"Unknown versionOptions '{s}' (use Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number).", ErrorCodes.ValidationField, "versionOptions"),
    };

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private sealed record VersionRow(string Id, string DefinitionId, int Version, string Name, string? Description, DefinitionState State, bool IsLatest, DateTimeOffset CreatedAt)
    {
        public static VersionRow From(DefinitionVersionRecord v) => new(v.Id, v.DefinitionId, v.Version, v.Name, v.Description, v.State, v.IsLatest, v.CreatedAt);

        public ElsaDefinitionSummary ToSummary(IReadOnlyList<ElsaLink>? links) =>
            new(Id, DefinitionId, Name, Description, Version, IsLatest, State == DefinitionState.Published, CreatedAt, "Json", true, links);
    }

    private static Dictionary<string, object?> Code(string code) => new() { ["code"] = code };
}
