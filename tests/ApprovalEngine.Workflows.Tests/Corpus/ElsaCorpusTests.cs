using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Tests.Corpus;

/// <summary>
/// Every file of the shared Elsa 3 corpus gets what Elsa 3 gives it (same end state, suspended activities, WriteLine
/// lines, variables and outputs), or is refused with every unsupported feature named with its activity id. The
/// expected result of each file is in corpus-expectations.json, with a note on the Elsa test that shows it.
/// </summary>
public sealed class ElsaCorpusTests
{
    private static readonly JsonObject Expectations = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "corpus-expectations.json")))!.AsObject();

    public static TheoryData<string> Files() => new(ElsaCorpus.Files);

    [Fact]
    public void Corpus_EveryFileHasAnExpectation_AndNoExpectationIsStale()
    {
        Assert.Equal(126, ElsaCorpus.Files.Count);
        Assert.Empty(ElsaCorpus.Files.Except(Expectations.Select(e => e.Key)));
        Assert.Empty(Expectations.Select(e => e.Key).Except(ElsaCorpus.Files));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task CorpusFile_GetsWhatElsaGivesIt_OrIsRefusedNamingEveryFeature(string file)
    {
        var expected = Expectations[file]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No expectation for {file}.");
        var actual = await CorpusRun.RunAsync(file, expected["input"] as JsonObject);

        Assert.True(expected["status"]!.GetValue<string>() == actual.Status,
            $"{file}: expected {expected["status"]}, got {actual.Status}: {actual.ToJson().ToJsonString()}");
        if (actual.Status == "Refused")
        {
            // Every problem is expected and every expected feature is reported, each with its activity id.
            var wanted = expected["refused"]!.AsArray().Select(r => (Id: r!["activityId"]?.GetValue<string>(), Feature: r["feature"]!.GetValue<string>())).ToList();
            foreach (var problem in actual.Problems)
                Assert.True(wanted.Any(w => w.Id == problem.ActivityId && problem.Message.Contains(w.Feature)), $"{file}: unexpected problem {problem}");
            foreach (var w in wanted)
                Assert.True(actual.Problems.Any(p => p.ActivityId == w.Id && p.Message.Contains(w.Feature)), $"{file}: missing problem {w.Id}: {w.Feature}");
            return;
        }
        Same(expected["lines"] ?? new JsonArray(), actual.ToJson()["lines"] ?? new JsonArray(), file, "lines");
        Same(expected["suspendedAt"] ?? new JsonArray(), actual.ToJson()["suspendedAt"] ?? new JsonArray(), file, "suspendedAt");
        Same(expected["output"] ?? new JsonObject(), actual.Output, file, "output");
        foreach (var (name, value) in expected["variables"] as JsonObject ?? [])
            Same(value, actual.Variables[name], file, $"variable {name}");
        foreach (var key in new[] { "fault", "correlationId", "name" })
            if (expected[key] is { } v) Assert.Equal(v.GetValue<string>(), actual.ToJson()[key]?.GetValue<string>());
    }

    private static void Same(JsonNode? expected, JsonNode? actual, string file, string what) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{file}: {what} expected {expected?.ToJsonString()}, got {actual?.ToJsonString()}");
}
