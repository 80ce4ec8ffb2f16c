using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalEngine.Workflows.Tests;

/// <summary>Runs one instance through the real loader and engine, keeping its state between stimuli like the host does.</summary>
public sealed class EngineHarness
{
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    public WorkflowEngine Engine { get; }
    public FlowchartLoader Loader { get; }
    public Flowchart Flowchart { get; private set; } = null!;
    public WorkflowState State { get; private set; } = null!;
    public List<JournalEntry> Journal { get; } = [];

    public EngineHarness(JavaScriptOptions? js = null, LiquidOptions? liquid = null, OutboundHttpOptions? http = null)
    {
        var registry = ActivityRegistry.CreateDefault();
        var expressions = ExpressionEvaluators.CreateDefault(js, liquid);
        Engine = new WorkflowEngine(registry, expressions, Time, http: http is null ? null : new OutboundHttp(http, Time));
        Loader = new FlowchartLoader(registry, expressions);
    }

    public async Task<EngineHarness> StartAsync(JsonObject definition, JsonObject? input = null)
    {
        Flowchart = Loader.LoadOrThrow(definition);
        Record(await Engine.StartAsync("instance-1", Flowchart, input));
        return this;
    }

    public Bookmark Pending(string activityId) =>
        State.Bookmarks.SingleOrDefault(b => b.ActivityId == activityId)
        ?? throw new Xunit.Sdk.XunitException($"No bookmark on '{activityId}'; pending: [{string.Join(", ", PendingActivities)}], status {State.Status}, fault: {State.Fault}");

    public IEnumerable<string> PendingActivities => State.Bookmarks.Select(b => b.ActivityId).Order();

    public async Task<ExecutionResult> ResumeAsync(string activityId, JsonNode? payload = null)
    {
        var result = await Engine.ResumeAsync("instance-1", Flowchart, State, Pending(activityId).Id, new ResumeStimulus(payload, "tester"));
        Record(result);
        return result;
    }

    /// <summary>Resumes one bookmark of several on the same activity (the items of a ParallelForEach).</summary>
    public async Task<ExecutionResult> ResumeAsync(Bookmark bookmark, JsonNode? payload = null)
    {
        var result = await Engine.ResumeAsync("instance-1", Flowchart, State, bookmark.Id, new ResumeStimulus(payload, "tester"));
        Record(result);
        return result;
    }

    public bool Ran(string activityId, string eventName = "Completed") => Journal.Any(j => j.ActivityId == activityId && j.EventName == eventName);

    private void Record(ExecutionResult result)
    {
        State = result.State;
        Journal.AddRange(result.Journal);
    }
}
