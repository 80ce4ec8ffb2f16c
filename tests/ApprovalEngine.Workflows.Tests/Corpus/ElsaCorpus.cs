using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Tests.Corpus;

/// <summary>
/// The shared corpus of real Elsa 3 workflows (../shared/elsa-corpus beside the repository). It is not copied into the
/// repository, so it is found by walking up from the test assembly to the folder holding ApprovalEngine.sln.
/// </summary>
public static class ElsaCorpus
{
    public static string Root { get; } = Locate();

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "ApprovalEngine.sln"))) continue;
            var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "elsa-corpus"));
            if (!Directory.Exists(corpus))
                throw new InvalidOperationException($"The Elsa corpus is missing: expected {corpus} (../shared/elsa-corpus beside the repository root {dir.FullName}).");
            return corpus;
        }
        throw new InvalidOperationException($"ApprovalEngine.sln not found above {AppContext.BaseDirectory}; cannot locate ../shared/elsa-corpus.");
    }

    /// <summary>Every workflow file, as a path relative to the corpus root with forward slashes.</summary>
    public static IReadOnlyList<string> Files { get; } = Directory.EnumerateFiles(Root, "*.json", SearchOption.AllDirectories)
        .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();

    public static JsonObject Read(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Root, file)))!.AsObject();
}
