using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Activities.Elsa;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Workflows.Execution;

/// <summary>Everything one stimulus did: the new state and what the host must persist or apply with it.</summary>
public sealed record ExecutionResult(
    WorkflowState State,
    IReadOnlyList<JournalEntry> Journal,
    IReadOnlyList<Bookmark> AddedBookmarks,
    IReadOnlyList<Bookmark> RemovedBookmarks,
    IReadOnlyList<WorkflowEffect> Effects);

/// <summary>What started an instance at one of its trigger activities, and the data it brought (the HTTP request).</summary>
public sealed record WorkflowTrigger(string ActivityId, JsonNode? Payload);

/// <summary>The requested bookmark is not (or no longer) pending on the instance.</summary>
public sealed class BookmarkNotFoundException(string bookmarkId)
    : Exception($"Bookmark '{bookmarkId}' is not pending on this instance; it may already have been resumed.")
{
    public string BookmarkId { get; } = bookmarkId;
}

/// <summary>The workflow is not in a state that accepts this operation.</summary>
public sealed class WorkflowStateException(string message) : Exception(message);

public sealed class WorkflowEngineOptions
{
    /// <summary>Guards against designer-made endless loops of automatic steps within one stimulus.</summary>
    public int MaxStepsPerStimulus { get; set; } = 10_000;
}

/// <summary>
/// Interprets flowcharts. Pure with respect to storage: it takes state in and returns state out, so the host
/// can commit one stimulus as one transaction (and retry it whole when it loses an optimistic-concurrency race).
/// </summary>
public sealed class WorkflowEngine(ActivityRegistry activities, ExpressionEvaluators expressions, TimeProvider time, WorkflowEngineOptions? options = null,
    IWorkflowDefinitionResolver? children = null, OutboundHttp? http = null)
{
    private readonly WorkflowEngineOptions _options = options ?? new WorkflowEngineOptions();

    public ActivityRegistry Activities => activities;
    public ExpressionEvaluators Expressions => expressions;

    /// <summary>Calls to external systems (SendHttpRequest); none are allowed unless the host configures them.</summary>
    public OutboundHttp Http => http ?? OutboundHttp.None;

    /// <summary>
    /// Starts an instance. With a trigger (an HTTP request to an HttpEndpoint with canStartWorkflow, a recurring Cron or Timer)
    /// it starts at that activity, which receives the payload instead of waiting (Elsa's TriggerActivityId).
    /// </summary>
    public async Task<ExecutionResult> StartAsync(string instanceId, Flowchart flowchart, JsonObject? input, string? actor = null, CancellationToken ct = default,
        string? correlationId = null, WorkflowTrigger? trigger = null)
    {
        var state = new WorkflowState
        {
            Input = input?.DeepClone().AsObject() ?? [],
            Variables = flowchart.Variables.ToDictionary(v => v.Name, v => v.DefaultValue?.DeepClone()),
            CorrelationId = correlationId,
        };
        var run = new WorkflowRun(this, instanceId, flowchart, state, time.GetUtcNow());
        run.Journal(null, "WorkflowStarted", actor: actor, payload: state.Input.DeepClone());
        if (trigger is not null)
        {
            if (!flowchart.Activities.ContainsKey(trigger.ActivityId))
                throw new WorkflowStateException($"Trigger activity '{trigger.ActivityId}' does not exist in this workflow version.");
            run.Trigger = trigger;
        }
        run.Schedule(trigger?.ActivityId ?? flowchart.StartActivityId, null);
        await run.DrainAsync(ct);
        return run.Result();
    }

    /// <exception cref="BookmarkNotFoundException">The bookmark is not pending.</exception>
    /// <exception cref="WorkflowStateException">The instance is finished, cancelled or faulted.</exception>
    public async Task<ExecutionResult> ResumeAsync(string instanceId, Flowchart flowchart, WorkflowState state, string bookmarkId, ResumeStimulus stimulus, CancellationToken ct = default)
    {
        EnsureActive(state);
        var bookmark = state.Bookmarks.FirstOrDefault(b => b.Id == bookmarkId) ?? throw new BookmarkNotFoundException(bookmarkId);
        var run = new WorkflowRun(this, instanceId, flowchart, state, time.GetUtcNow());
        state.Status = WorkflowStatus.Running;
        run.RemoveBookmark(bookmark);
        await run.ResumeAsync(bookmark, stimulus, ct);
        await run.DrainAsync(ct);
        return run.Result();
    }

    /// <summary>
    /// Goes back to an earlier activity (驳回 return, 撤回 withdraw): the work that will be redone, i.e. every pending
    /// bookmark of <paramref name="targetActivityId"/> or an activity it leads to, is cancelled, and joins forget only the
    /// arrivals of those activities. Branches the target does not lead to keep their state and their arrivals at the join
    /// (the class of bug in Elsa issue 7724). Then the target runs again.
    /// </summary>
    /// <exception cref="WorkflowStateException">The instance already ended.</exception>
    public async Task<ExecutionResult> GoBackAsync(string instanceId, Flowchart flowchart, WorkflowState state, string targetActivityId,
        string eventName, string? message, JsonObject? payload, string? actor, CancellationToken ct = default)
    {
        EnsureActive(state);
        if (!flowchart.Activities.TryGetValue(targetActivityId, out var target))
            throw new WorkflowStateException($"Activity '{targetActivityId}' does not exist in this workflow version.");
        var run = new WorkflowRun(this, instanceId, flowchart, state, time.GetUtcNow());
        state.Status = WorkflowStatus.Running;
        run.Journal(target, eventName, message: message, payload: payload, actor: actor);
        run.Rewind(targetActivityId);
        run.Schedule(targetActivityId, null);
        await run.DrainAsync(ct);
        return run.Result();
    }

    /// <summary>Ends the instance (Cancelled), dropping its bookmarks; the journal line carries the reason and <paramref name="payload"/> (the host's kind of end).</summary>
    /// <exception cref="WorkflowStateException">The instance already ended.</exception>
    public ExecutionResult Cancel(string instanceId, Flowchart flowchart, WorkflowState state, string reason, string? actor, JsonNode? payload = null)
    {
        EnsureActive(state);
        var run = new WorkflowRun(this, instanceId, flowchart, state, time.GetUtcNow());
        foreach (var b in state.Bookmarks.ToList()) run.RemoveBookmark(b);
        state.Status = WorkflowStatus.Cancelled;
        run.Journal(null, "WorkflowCancelled", message: reason, payload: payload, actor: actor);
        return run.Result();
    }

    private static void EnsureActive(WorkflowState state)
    {
        if (state.Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled or WorkflowStatus.Faulted)
            throw new WorkflowStateException($"The workflow instance is {state.Status.ToString().ToLowerInvariant()}.");
    }

    /// <summary>Runs a published child workflow to its end (or first wait) as part of the parent's stimulus.</summary>
    internal async Task<ExecutionResult> RunChildAsync(string instanceId, string definitionId, JsonObject input, string? correlationId, CancellationToken ct)
    {
        var child = children?.Resolve(definitionId)
                    ?? throw new ActivityFaultException($"Workflow definition '{definitionId}' is not published on this host.");
        return await StartAsync(instanceId, child, input, ct: ct, correlationId: correlationId);
    }

    /// <summary>What expressions see: variables (writable), input, outputs, other activities' outputs.</summary>
    internal static ExpressionScope Scope(WorkflowRun run)
    {
        var state = run.State;
        var byName = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (id, outputs) in state.ActivityOutputs)
            if (run.Flowchart.Activities.TryGetValue(id, out var producer)) byName[producer.Name ?? id] = outputs;
        // Inside a ParallelForEach item: the item's own outputs (and those of the items around it) win over the latest of any item.
        var lastResult = state.LastResult;
        var items = ItemScopes(run.Scope);
        foreach (var item in items)
        {
            foreach (var (key, outputs) in state.ActivityOutputs)
                if (key.EndsWith("@" + item, StringComparison.Ordinal) && run.Flowchart.Activities.TryGetValue(key[..^(item.Length + 1)], out var producer))
                    byName[producer.Name ?? producer.Id] = outputs;
            if (state.ItemLastResults.TryGetValue(item, out var last)) lastResult = last;
        }
        return new ExpressionScope(state.Variables, state.Input)
        {
            SetVariable = (name, value) =>
            {
                var declared = run.Flowchart.Variables.FirstOrDefault(v => v.Name == name);
                state.Variables[name] = declared is null ? value : VariableValues.Coerce(value, declared.TypeName);
            },
            Output = state.Output,
            ActivityOutputs = byName,
            LastResult = lastResult,
            WorkflowInstanceId = run.InstanceId,
            CorrelationId = state.CorrelationId,
            WorkflowDefinitionId = run.Flowchart.DefinitionId,
            InputNames = run.Flowchart.InputNames,
        };
    }

    /// <summary>"a:0/b:1" -> "a:0", "a:0/b:1": the item scopes around the running activity, outermost first.</summary>
    private static List<string> ItemScopes(string? scope)
    {
        var scopes = new List<string>();
        if (scope is null) return scopes;
        for (var at = scope.IndexOf('/'); at >= 0; at = scope.IndexOf('/', at + 1)) scopes.Add(scope[..at]);
        scopes.Add(scope);
        return scopes;
    }

    /// <summary>Evaluates and binds a node's inputs onto a fresh activity instance.</summary>
    internal async ValueTask<Activity> InstantiateAsync(ActivityNode node, WorkflowRun run, CancellationToken ct)
    {
        var typeName = node.WorkflowDefinitionId is null ? node.Type : WorkflowDefinitionActivity.TypeName;
        if (!activities.TryGet(typeName, out var type))
            throw new ActivityFaultException($"Activity type '{node.Type}' is not registered on this host.");
        var activity = type.Create();
        var scope = Scope(run);
        if (activity is WorkflowDefinitionActivity child)
        {
            // A workflow used as an activity: its inputs are the child's declared inputs, evaluated here.
            child.DefinitionId = node.WorkflowDefinitionId!;
            foreach (var (name, configured) in node.Inputs)
                child.Input[name] = configured.ExpressionType == InputValue.Raw ? configured.Value?.DeepClone() : await EvaluateAsync(name, configured, scope, ct);
            return activity;
        }
        foreach (var input in type.Inputs)
        {
            object? value;
            if (!node.Inputs.TryGetValue(input.Name, out var configured))
            {
                if (input.Attribute.DefaultValue is null) continue;
                value = Convert(input, JsonValue.Create(input.Attribute.DefaultValue));
            }
            else if (configured.ExpressionType == InputValue.Raw)
                value = Convert(input, configured.Value);
            else
                value = Convert(input, await EvaluateAsync(input.Name, configured, scope, ct));
            input.Property.SetValue(activity, value);
        }
        return activity;
    }

    private async ValueTask<JsonNode?> EvaluateAsync(string name, InputValue configured, ExpressionScope scope, CancellationToken ct)
    {
        if (!expressions.TryGet(configured.ExpressionType, out var evaluator))
            throw new ActivityFaultException($"Input '{name}' uses unknown expression type '{configured.ExpressionType}'.");
        try { return await evaluator.EvaluateAsync(configured.Value, scope, ct); }
        catch (ExpressionException e) { throw new ActivityFaultException($"Input '{name}': {e.Message}", e, e.Code); }
    }

    /// <summary>Evaluates an expression at run time for an activity (RunJavaScript's script is a literal holding code).</summary>
    internal ValueTask<JsonNode?> EvaluateScriptAsync(string expressionType, string source, WorkflowRun run, CancellationToken ct)
    {
        if (!expressions.TryGet(expressionType, out var evaluator))
            throw new ActivityFaultException($"Expression type '{expressionType}' is not supported on this host.");
        return evaluator.EvaluateAsync(JsonValue.Create(source), Scope(run), ct);
    }

    private static object? Convert(ActivityInput input, JsonNode? value)
    {
        try { return ValueConverter.Convert(value, input.Type); }
        catch (FormatException e) { throw new ActivityFaultException($"Input '{input.Name}': {e.Message}", e); }
    }

    internal int MaxSteps => _options.MaxStepsPerStimulus;
}

/// <summary>An activity cannot run as configured; the instance faults with this message.</summary>
public sealed class ActivityFaultException(string message, Exception? inner = null, string? code = null) : Exception(message, inner)
{
    /// <summary>Stable machine code of the fault when known (e.g. <c>expression-time-limit</c>).</summary>
    public string? Code { get; } = code;
}
