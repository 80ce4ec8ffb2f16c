using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Definitions;

/// <summary>
/// Published workflow definitions for workflows that use them as activities (Elsa's workflow-definition activities and
/// ExecuteWorkflow). The loader and engine are synchronous singletons, so this reads in its own scope.
/// </summary>
public sealed class PublishedDefinitionResolver(IServiceProvider services) : IWorkflowDefinitionResolver
{
    // A definition that (through others) uses itself would otherwise recurse forever while loading.
    [ThreadStatic] private static HashSet<string>? _resolving;

    public Flowchart? Resolve(string definitionId)
    {
        _resolving ??= new HashSet<string>(StringComparer.Ordinal);
        if (!_resolving.Add(definitionId)) return null;
        try
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
            var version = db.DefinitionVersions.AsNoTracking()
                .SingleOrDefault(v => v.DefinitionId == definitionId && v.State == DefinitionState.Published);
            if (version is null) return null;
            var result = services.GetRequiredService<FlowchartLoader>().Load(JsonNode.Parse(version.ModelJson));
            return result.Flowchart;
        }
        finally { _resolving.Remove(definitionId); }
    }
}
