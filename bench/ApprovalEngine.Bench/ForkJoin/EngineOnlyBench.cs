using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Bench.ForkJoin;

public sealed record EngineResult(string Mode, int Instances, double Seconds, double CpuSeconds, long AllocatedBytes, int StateBytesWaiting, int StateBytesFinished,
    int Gen0, int Gen1, int Gen2)
{
    public double InstancesPerSecond => Instances / Seconds;
    public double InstancesPerCpuSecond => Instances / CpuSeconds;
    public double BytesPerStimulus => (double)AllocatedBytes / (Instances * ForkJoinShape.StimuliPerInstance);
}

/// <summary>
/// The engine alone, in this process, on one thread, no database and no HTTP: the fork/join shape run instance after
/// instance. "in memory" passes the state object from stimulus to stimulus; "JSON state" serializes it after each
/// stimulus and reads it back before the next (what the host stores in instances.state_json), the fair comparison
/// with engines that save state per step.
/// </summary>
public sealed class EngineOnlyBench
{
    // The host's state serialization (WorkflowRuntime.Json): web defaults, enums as strings.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly WorkflowEngine _engine;
    private readonly Flowchart _flowchart;

    public EngineOnlyBench()
    {
        var registry = ActivityRegistry.CreateDefault();
        var expressions = ExpressionEvaluators.CreateDefault();
        _engine = new WorkflowEngine(registry, expressions, TimeProvider.System);
        _flowchart = new FlowchartLoader(registry, expressions).LoadOrThrow(ForkJoinShape.Definition());
    }

    public EngineResult Run(bool jsonState, TimeSpan warmup, TimeSpan duration)
    {
        var mode = jsonState ? "JSON state per stimulus" : "state in memory";
        var sizes = new List<int>();
        Instance("sizing", jsonState: false, sizes); // the stored state after each of the six stimuli
        for (var clock = Stopwatch.StartNew(); clock.Elapsed < warmup;) Instance($"warm-{clock.ElapsedTicks}", jsonState, null);

        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        // Process-wide and precise: should an await ever complete on another thread, its allocations still count.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var instances = 0;
        while (wall.Elapsed < duration)
        {
            Instance($"bench-{instances}", jsonState, null);
            instances++;
        }
        var seconds = wall.Elapsed.TotalSeconds;
        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new EngineResult(mode, instances, seconds, cpuSeconds, GC.GetTotalAllocatedBytes(precise: true) - allocated, sizes[0], sizes[^1],
            GC.CollectionCount(0) - gen0, GC.CollectionCount(1) - gen1, GC.CollectionCount(2) - gen2);
    }

    /// <summary>One instance: start, the four reviews in turn, the decision; throws unless it finished.</summary>
    /// <param name="sizes">When given, receives the JSON size of the state after each stimulus.</param>
    private void Instance(string id, bool jsonState, List<int>? sizes)
    {
        var state = Step(_engine.StartAsync(id, _flowchart, null, "bench"), jsonState, sizes);
        foreach (var review in ForkJoinShape.Reviews) state = Resume(id, state, review, jsonState, sizes);
        state = Resume(id, state, ForkJoinShape.Decision, jsonState, sizes);
        if (state.Status != WorkflowStatus.Finished) throw new InvalidOperationException($"Instance {id} ended {state.Status}: {state.Fault}");
    }

    private WorkflowState Resume(string id, WorkflowState state, string activityId, bool jsonState, List<int>? sizes)
    {
        var bookmark = state.Bookmarks.First(b => b.ActivityId == activityId);
        return Step(_engine.ResumeAsync(id, _flowchart, state, bookmark.Id, new ResumeStimulus(null, "bench")), jsonState, sizes);
    }

    private static WorkflowState Step(Task<ExecutionResult> stimulus, bool jsonState, List<int>? sizes)
    {
        // These activities complete synchronously; GetResult only unwraps.
        var state = stimulus.GetAwaiter().GetResult().State;
        sizes?.Add(JsonSerializer.SerializeToUtf8Bytes(state, Json).Length);
        return jsonState ? JsonSerializer.Deserialize<WorkflowState>(JsonSerializer.SerializeToUtf8Bytes(state, Json), Json)! : state;
    }
}
