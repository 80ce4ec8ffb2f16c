using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Definitions;

/// <summary>
/// A material's name (e.g. "fire protection design") is the stable key uploads, tasks and correction notices use; people
/// read its title (消防设计审查意见) from the definition's service guide (<c>customProperties.serviceGuide.materials[].title</c>),
/// the words the applicant's guide shows. A name no guide knows (typed at the counter or in a notice) is shown as typed.
/// </summary>
public static class MaterialTitles
{
    /// <summary>Name to title for one definition version's model; empty when it has no guide (a malformed one included).</summary>
    public static IReadOnlyDictionary<string, string> From(string modelJson)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            if (JsonNode.Parse(modelJson)?["customProperties"]?["serviceGuide"]?["materials"] is not JsonArray materials) return titles;
            foreach (var m in materials.OfType<JsonObject>())
                if (Text(m["name"]) is { } name && Text(m["title"]) is { } title) titles.TryAdd(name, title);
        }
        catch (System.Text.Json.JsonException) { /* no titles: names are shown */ }
        catch (InvalidOperationException) { /* a guide edited into another shape in Studio */ }
        return titles;
    }

    /// <summary>The title of each name, in order (unknown names as they are).</summary>
    public static IEnumerable<string> Titles(IReadOnlyDictionary<string, string> titles, IEnumerable<string> names) =>
        names.Select(n => titles.GetValueOrDefault(n, n));

    /// <summary>The titles of an application's materials: its own definition version's guide.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ForVersionAsync(ApprovalDbContext db, string definitionVersionId, CancellationToken ct) =>
        From(await db.DefinitionVersions.AsNoTracking().Where(v => v.Id == definitionVersionId).Select(v => v.ModelJson).SingleOrDefaultAsync(ct) ?? "{}");

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
}
