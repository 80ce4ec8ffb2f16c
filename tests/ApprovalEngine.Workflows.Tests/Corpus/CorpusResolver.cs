using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Definitions;

namespace ApprovalEngine.Workflows.Tests.Corpus;

/// <summary>
/// Child workflows of a corpus file, as a host that imported the file's scenario folder would have them published:
/// the same definition id in the same folder first (the published version, else the newest), then anywhere in the corpus.
/// </summary>
public sealed class CorpusResolver(string file) : IWorkflowDefinitionResolver
{
    private readonly Dictionary<string, Flowchart?> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _loading = new(StringComparer.Ordinal);

    public FlowchartLoader? Loader { get; set; }

    public Flowchart? Resolve(string definitionId)
    {
        if (_loaded.TryGetValue(definitionId, out var done)) return done;
        if (!_loading.Add(definitionId)) return null; // a cycle: Elsa refuses it too
        var folder = Path.GetDirectoryName(file)!.Replace('\\', '/');
        var candidates = ElsaCorpus.Files.Where(f => f != file)
            .Select(f => (File: f, Model: ElsaCorpus.Read(f)))
            .Where(c => c.Model["definitionId"]?.GetValue<string>() == definitionId)
            .OrderByDescending(c => Path.GetDirectoryName(c.File)!.Replace('\\', '/') == folder)
            .ThenByDescending(c => c.Model["isPublished"] is JsonValue p && p.TryGetValue<bool>(out var b) && b)
            .ThenByDescending(c => c.Model["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0)
            .ToList();
        var flowchart = candidates.Count == 0 ? null : Loader!.Load(candidates[0].Model).Flowchart;
        _loading.Remove(definitionId);
        return _loaded[definitionId] = flowchart;
    }
}
