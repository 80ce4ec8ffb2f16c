using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Definitions;

namespace ApprovalEngine.Host.Platform;

/// <summary>Publishes the repository's workflows/*.json on start-up when their definition id is not stored yet (idempotent).</summary>
public sealed class WorkflowSeeder(DefinitionStore definitions, ILogger<WorkflowSeeder> logger)
{
    public async Task SeedAsync(string path, string contentRoot, CancellationToken ct = default)
    {
        var folder = new[] { path, Path.Combine(contentRoot, path), Path.Combine(AppContext.BaseDirectory, path) }.FirstOrDefault(Directory.Exists);
        if (folder is null)
        {
            logger.LogWarning("No workflows folder at {Path}; nothing to publish", path);
            return;
        }
        foreach (var file in Directory.GetFiles(folder, "*.json").Order())
        {
            JsonObject model;
            try { model = JsonNode.Parse(await File.ReadAllTextAsync(file, ct))!.AsObject(); }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                logger.LogError("Workflow file {File} is not a JSON object: {Error}", file, e.Message);
                continue;
            }
            var definitionId = model["definitionId"]?.GetValue<string>();
            if (string.IsNullOrEmpty(definitionId))
            {
                logger.LogError("Workflow file {File} has no definitionId; skipped", file);
                continue;
            }
            if (await definitions.LatestAsync(definitionId, ct) is not null) continue;
            try
            {
                await definitions.SaveDraftAsync(model, "system:seed", ct);
                var (version, _) = await definitions.PublishAsync(definitionId, "system:seed", ct);
                logger.LogInformation("Published shipped workflow {DefinitionId} v{Version} from {File}", definitionId, version.Version, Path.GetFileName(file));
            }
            catch (Workflows.Definitions.WorkflowValidationException e)
            {
                logger.LogError("Shipped workflow {File} is invalid: {Problems}", file, string.Join("; ", e.Problems));
            }
        }
    }
}
