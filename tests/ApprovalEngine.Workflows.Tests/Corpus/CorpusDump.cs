using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Tests.Corpus;

/// <summary>Writes what every corpus file gets today (CORPUS_DUMP=path), to review against Elsa when the engine changes.</summary>
public sealed class CorpusDump
{
    [Fact]
    public async Task Dump_WhenAsked_WritesActualOutcomes()
    {
        if (Environment.GetEnvironmentVariable("CORPUS_DUMP") is not { Length: > 0 } path) return;
        var all = new JsonObject();
        foreach (var file in ElsaCorpus.Files) all[file] = (await CorpusRun.RunAsync(file, null)).ToJson();
        await File.WriteAllTextAsync(path, all.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }
}
