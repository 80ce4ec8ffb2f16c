using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Applicants;

/// <summary>The office pages show materials by their guide titles (<see cref="MaterialTitles"/>), never by their names.</summary>
public static class MaterialTitlesApi
{
    public static void MapMaterialTitles(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/materials/titles", List).WithTags("Service guide").RequireAuthorization(Policies.Staff);

    /// <summary>definitionId -> (name -> title) of every published process.</summary>
    public static async Task<Ok<Dictionary<string, IReadOnlyDictionary<string, string>>>> List(ApprovalDbContext db, CancellationToken ct)
    {
        var published = await db.DefinitionVersions.AsNoTracking().Where(v => v.State == DefinitionState.Published)
            .Select(v => new { v.DefinitionId, v.ModelJson }).ToListAsync(ct);
        return TypedResults.Ok(published.DistinctBy(v => v.DefinitionId).ToDictionary(v => v.DefinitionId, v => MaterialTitles.From(v.ModelJson), StringComparer.Ordinal));
    }
}
