using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ApprovalEngine.Host.Definitions;

public sealed record DefinitionSummary(
    string DefinitionId, string Id, int Version, string Name, string? Description, DefinitionState State,
    bool IsLatest, bool IsPublished, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? PublishedAt, string? UpdatedBy)
{
    public static DefinitionSummary From(DefinitionVersionRecord v) =>
        new(v.DefinitionId, v.Id, v.Version, v.Name, v.Description, v.State, v.IsLatest, v.IsPublished, v.CreatedAt, v.UpdatedAt, v.PublishedAt, v.UpdatedBy);
}

public sealed record PublishResult(string DefinitionId, int Version, bool AlreadyPublished);

/// <summary>Process definitions and their versions (REST API for designers and admins).</summary>
public static class DefinitionsApi
{
    public static void MapDefinitionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/definitions").WithTags("Definitions").RequireAuthorization(Policies.Staff);
        api.MapGet("/", List);
        api.MapPost("/", SaveDraft).RequireAuthorization(Policies.Design);
        api.MapGet("/{definitionId}", Get);
        api.MapGet("/{definitionId}/versions", Versions);
        api.MapPost("/{definitionId}/publish", Publish).RequireAuthorization(Policies.Admin);
        api.MapPost("/{definitionId}/retract", Retract).RequireAuthorization(Policies.Admin);
        api.MapPost("/{definitionId}/versions/{version:int}/publish", PublishVersion).RequireAuthorization(Policies.Admin);
    }

    public static async Task<Ok<List<DefinitionSummary>>> List(DefinitionStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListLatestAsync(ct)).Select(DefinitionSummary.From).ToList());

    /// <summary>Creates or overwrites the draft; the body is an Elsa workflow definition model.</summary>
    public static async Task<Ok<DefinitionSummary>> SaveDraft(JsonObject model, DefinitionStore store, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(DefinitionSummary.From(await store.SaveDraftAsync(model, http.User.ToActor().Name, ct)));

    /// <summary>The stored Elsa model of the latest version, or of <paramref name="version"/>.</summary>
    public static async Task<Results<Ok<JsonNode>, NotFound>> Get(string definitionId, int? version, DefinitionStore store, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(definitionId, ct);
        var match = version is null ? versions.FirstOrDefault(v => v.IsLatest) : versions.FirstOrDefault(v => v.Version == version);
        return match is null ? TypedResults.NotFound() : TypedResults.Ok(JsonNode.Parse(match.ModelJson)!);
    }

    public static async Task<Results<Ok<List<DefinitionSummary>>, NotFound>> Versions(string definitionId, DefinitionStore store, CancellationToken ct)
    {
        var versions = await store.VersionsAsync(definitionId, ct);
        return versions.Count == 0 ? TypedResults.NotFound() : TypedResults.Ok(versions.Select(DefinitionSummary.From).ToList());
    }

    /// <summary>Publishes an earlier version (roll back); the version published until now is superseded.</summary>
    public static async Task<Ok<PublishResult>> PublishVersion(string definitionId, int version, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var (published, already) = await store.PublishVersionAsync(definitionId, version, http.User.ToActor().Name, ct);
        return TypedResults.Ok(new PublishResult(published.DefinitionId, published.Version, already));
    }

    public static async Task<Ok<PublishResult>> Publish(string definitionId, DefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var (version, already) = await store.PublishAsync(definitionId, http.User.ToActor().Name, ct);
        return TypedResults.Ok(new PublishResult(version.DefinitionId, version.Version, already));
    }

    public static async Task<Ok<DefinitionSummary>> Retract(string definitionId, DefinitionStore store, HttpContext http, CancellationToken ct) =>
        TypedResults.Ok(DefinitionSummary.From(await store.RetractAsync(definitionId, http.User.ToActor().Name, ct)));
}
