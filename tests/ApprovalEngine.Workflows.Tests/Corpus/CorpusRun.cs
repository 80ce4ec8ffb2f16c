using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalEngine.Workflows.Tests.Corpus;

/// <summary>What one corpus file got: refused with problems, or run to an end state.</summary>
public sealed record CorpusOutcome(
    string Status, IReadOnlyList<ValidationProblem> Problems, IReadOnlyList<string> Lines, IReadOnlyList<string> SuspendedAt,
    JsonObject Variables, JsonObject Output, string? Fault, string? CorrelationId, string? Name)
{
    public JsonObject ToJson() => new()
    {
        ["status"] = Status,
        ["refused"] = Problems.Count == 0 ? null : new JsonArray(Problems.Select(p => (JsonNode)new JsonObject { ["activityId"] = p.ActivityId, ["feature"] = p.Message }).ToArray()),
        ["lines"] = Lines.Count == 0 ? null : new JsonArray(Lines.Select(l => (JsonNode)l).ToArray()),
        ["suspendedAt"] = SuspendedAt.Count == 0 ? null : new JsonArray(SuspendedAt.Select(l => (JsonNode)l).ToArray()),
        ["variables"] = Variables.Count == 0 ? null : Variables.DeepClone(),
        ["output"] = Output.Count == 0 ? null : Output.DeepClone(),
        ["fault"] = Fault,
        ["correlationId"] = CorrelationId,
        ["name"] = Name,
    };
}

/// <summary>Loads and runs a corpus file on the real loader and engine, with its scenario's child workflows published.</summary>
public static class CorpusRun
{
    public static async Task<CorpusOutcome> RunAsync(string file, JsonObject? input)
    {
        var registry = ActivityRegistry.CreateDefault();
        var expressions = ExpressionEvaluators.CreateDefault();
        var resolver = new CorpusResolver(file);
        var loader = new FlowchartLoader(registry, expressions, resolver);
        resolver.Loader = loader;
        var result = loader.Load(ElsaCorpus.Read(file));
        if (!result.IsValid)
            return new CorpusOutcome("Refused", result.Problems, [], [], [], [], null, null, null);
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var engine = new WorkflowEngine(registry, expressions, time, children: resolver);
        var run = await engine.StartAsync("corpus-1", result.Flowchart!, input);
        var journal = run.Journal.ToList();
        // Like Elsa's RunWorkflowUntilEndAsync: due timers fire (earliest first) until the instance ends or waits on something else.
        while (run.State.Status == WorkflowStatus.Suspended && run.State.Bookmarks.Where(b => b.DueAt is not null).MinBy(b => b.DueAt) is { } timer)
        {
            if (timer.DueAt > time.GetUtcNow()) time.SetUtcNow(timer.DueAt!.Value);
            run = await engine.ResumeAsync("corpus-1", result.Flowchart!, run.State, timer.Id, new ResumeStimulus());
            journal.AddRange(run.Journal);
        }
        var state = run.State;
        return new CorpusOutcome(state.Status.ToString(), [],
            journal.Where(j => j.EventName == "WriteLine").Select(j => j.Message ?? "").ToList(),
            state.Bookmarks.Select(b => b.ActivityId).Order(StringComparer.Ordinal).ToList(),
            new JsonObject(state.Variables.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone()))),
            state.Output.DeepClone().AsObject(), state.Fault, state.CorrelationId, state.Name);
    }
}
