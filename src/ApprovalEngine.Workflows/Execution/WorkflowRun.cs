using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Definitions;

namespace ApprovalEngine.Workflows.Execution;

/// <summary>One stimulus being processed: a queue of scheduled activities drained until everything waits or ends.</summary>
internal sealed class WorkflowRun(WorkflowEngine engine, string instanceId, Flowchart flowchart, WorkflowState state, DateTimeOffset now)
{
    private readonly LinkedList<(string ActivityId, string? From, string? Port, string? Scope)> _queue = new();
    private readonly List<JournalEntry> _journal = [];
    private readonly List<Bookmark> _added = [];
    private readonly List<Bookmark> _removed = [];
    private int _steps;

    public WorkflowEngine Engine => engine;
    public string InstanceId => instanceId;
    public Flowchart Flowchart => flowchart;
    public WorkflowState State => state;
    public DateTimeOffset Now => now;
    public List<WorkflowEffect> Effects { get; } = [];

    /// <summary>The trigger that started this run; handed once to its activity (see <see cref="ActivityContext.TakeTrigger"/>).</summary>
    public WorkflowTrigger? Trigger { get; set; }

    /// <summary>
    /// The ParallelForEach items the running activity belongs to: "loopId:index", nested loops joined by '/'; null outside
    /// any. Everything it schedules, its bookmarks and its activity state belong to the same item, so the items' bodies run
    /// side by side and each may wait on its own (Elsa's ParallelForEach).
    /// </summary>
    public string? Scope { get; private set; }

    public void Schedule(string activityId, string? from, string? port = null) => _queue.AddLast((activityId, from, port, Scope));

    /// <summary>The key of an activity's state for the current item (the node id itself outside ParallelForEach bodies).</summary>
    public string StateKey(string activityId) => StateKey(activityId, Scope);

    private static string StateKey(string activityId, string? scope) => scope is null ? activityId : $"{activityId}@{scope}";

    /// <summary>Queued work and bookmarks of the current item (or of items nested in it); everything when outside any.</summary>
    private bool InScope(string? scope) => Scope is null || scope == Scope || (scope?.StartsWith(Scope + "/", StringComparison.Ordinal) ?? false);

    /// <summary>
    /// Runs <paramref name="node"/> as part of <paramref name="scope"/>. Elsa declares CurrentValue and CurrentIndex in each
    /// loop body's scope, the innermost loop shadowing the outer ones: the node sees those of the ForEach and ParallelForEach
    /// loops around it (each ParallelForEach's item from the scope, each ForEach's current round from its state), whatever
    /// ran in between (another item's body, another round).
    /// </summary>
    private void EnterScope(string? scope, ActivityNode node)
    {
        Scope = scope;
        Stack<ActivityNode>? loops = null;   // most activities sit in no loop: nothing allocated for them (this runs per activity)
        for (var id = node.ContainerId; id is not null; id = flowchart.Activities[id].ContainerId)
            if (flowchart.Activities[id] is { Type: Activities.Elsa.ForEach.TypeName or Activities.Elsa.ParallelForEach.TypeName } loop) (loops ??= new()).Push(loop);
        if (loops is null) return;
        var segments = scope?.Split('/') ?? [];
        foreach (var loop in loops)
        {
            var memory = state.ActivityState.GetValueOrDefault(StateKey(loop.Id, ScopeOf(loop.Id)));
            if (memory?["items"] is not JsonArray items) continue;
            int index;
            if (loop.Type == Activities.Elsa.ParallelForEach.TypeName)
            {
                var segment = segments.FirstOrDefault(s => s.StartsWith(loop.Id + ":", StringComparison.Ordinal));
                if (segment is null) continue;
                index = int.Parse(segment[(loop.Id.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            }
            else index = (memory["index"]?.GetValue<int>() ?? 0) - 1;   // ForEach keeps the next round's index
            if (index < 0 || index >= items.Count) continue;
            SetVariable("CurrentValue", items[index]?.DeepClone());
            SetVariable("CurrentIndex", index);
        }
    }

    private void SetVariable(string name, JsonNode? value)
    {
        var declared = flowchart.Variables.FirstOrDefault(v => v.Name == name);
        state.Variables[name] = declared is null ? value : VariableValues.Coerce(value, declared.TypeName);
    }

    /// <summary>The scope a loop's own callbacks run in: <paramref name="scope"/> without the loop's items.</summary>
    private static string? ScopeOutside(string loopId, string? scope)
    {
        if (scope is null) return null;
        var segments = scope.Split('/');
        var at = Array.FindIndex(segments, s => s.StartsWith(loopId + ":", StringComparison.Ordinal));
        return at < 0 ? scope : at == 0 ? null : string.Join('/', segments[..at]);
    }

    /// <summary>Drops this activity's other scheduled runs (a WaitAny join that already fired).</summary>
    public void Unschedule(string activityId) => Cancel(id => id == activityId, "already joined", scoped: true);

    /// <summary>
    /// Whether <paramref name="sourceId"/> (in <paramref name="containerId"/>) can still run: it, or an activity leading to
    /// it, is scheduled or waiting on a bookmark. Otherwise the branch is dead and joins stop waiting for it (Elsa's
    /// "active branches").
    /// </summary>
    public bool CanStillRun(string sourceId, string containerId)
    {
        foreach (var id in _queue.Where(q => InScope(q.Scope)).Select(q => q.ActivityId).Concat(state.Bookmarks.Where(b => InScope(b.Scope)).Select(b => b.ActivityId)))
        {
            var child = ChildOf(id, containerId);
            if (child is not null && (child == sourceId || flowchart.CanReach(child, sourceId))) return true;
        }
        return false;
    }

    private string? ChildOf(string activityId, string containerId)
    {
        for (var id = (string?)activityId; id is not null; id = flowchart.Activities.GetValueOrDefault(id)?.ContainerId)
            if (flowchart.Activities.GetValueOrDefault(id)?.ContainerId == containerId) return id;
        return null;
    }

    public void Journal(ActivityNode? node, string eventName, string? outcome = null, string? message = null, JsonNode? payload = null, string? actor = null) =>
        _journal.Add(new JournalEntry(now, node?.Id, node?.Type, eventName, outcome, message, payload, actor));

    public void RemoveBookmark(Bookmark bookmark)
    {
        state.Bookmarks.Remove(bookmark);
        // A bookmark created and consumed within the same stimulus never reached storage.
        if (!_added.Remove(bookmark)) _removed.Add(bookmark);
    }

    /// <summary>Cancels these activities and everything running inside them (a loop's body, a nested flowchart).</summary>
    public void CancelActivities(IReadOnlySet<string> activityIds, string reason) =>
        Cancel(id => activityIds.Contains(id) || activityIds.Any(a => flowchart.Containers.ContainsKey(a) && flowchart.IsWithin(id, a)), reason, scoped: true);

    // scoped: only the current ParallelForEach item's work (a join inside one item's body must not touch the others).
    private void Cancel(Func<string, bool> matches, string reason, bool scoped = false)
    {
        foreach (var b in state.Bookmarks.Where(b => matches(b.ActivityId) && (!scoped || InScope(b.Scope))).ToList())
        {
            RemoveBookmark(b);
            Journal(flowchart.Activities[b.ActivityId], "Cancelled", message: reason);
        }
        for (var item = _queue.First; item is not null;)
        {
            var next = item.Next;
            if (matches(item.Value.ActivityId) && (!scoped || InScope(item.Value.Scope))) _queue.Remove(item);
            item = next;
        }
    }

    /// <summary>Forgets the work from <paramref name="targetId"/> on: its and its successors' bookmarks, and their arrivals at joins.</summary>
    public void Rewind(string targetId)
    {
        bool Redone(string id) => id == targetId || flowchart.CanReach(targetId, id);
        Cancel(Redone, "sent back");
        foreach (var memory in state.ActivityState.Values)
            foreach (var key in new[] { ImplicitArrivals, "arrived" })
                if (memory[key] is JsonArray arrived)
                {
                    var kept = arrived.Where(a => !Redone(a!.GetValue<string>())).Select(a => a!.DeepClone()).ToArray();
                    if (kept.Length == 0) memory.Remove(key);
                    else memory[key] = new JsonArray(kept);
                }
    }

    public async Task ResumeAsync(Bookmark bookmark, ResumeStimulus stimulus, CancellationToken ct)
    {
        var node = flowchart.Activities.GetValueOrDefault(bookmark.ActivityId);
        if (node is null)
        {
            FaultWorkflow(null, $"Activity '{bookmark.ActivityId}' of the bookmark no longer exists in this workflow version.");
            return;
        }
        EnterScope(bookmark.Scope, node);
        Journal(node, "Resumed", payload: stimulus.Payload?.DeepClone(), actor: stimulus.Actor);
        await RunActivityAsync(node, null, (activity, ctx) => activity.ResumeAsync(ctx, bookmark, stimulus), ct);
    }

    public async Task DrainAsync(CancellationToken ct)
    {
        while (state.Status == WorkflowStatus.Running && _queue.First?.Value is { } first)
        {
            _queue.RemoveFirst();
            if (++_steps > engine.MaxSteps)
            {
                FaultWorkflow(null, $"More than {engine.MaxSteps} activities ran in one step; the workflow probably loops without waiting.");
                break;
            }
            var node = flowchart.Activities[first.ActivityId];
            EnterScope(first.Scope, node);
            if (first.Port == ChildrenDone)
            {
                await RunActivityAsync(node, null, (activity, ctx) => activity.ChildrenCompletedAsync(ctx), ct);
                continue;
            }
            if (flowchart.Containers.TryGetValue(node.Id, out var container) && container.Kind != ContainerKind.Activity)
            {
                StartContainer(node, container);
                continue;
            }
            Journal(node, "Started");
            await RunActivityAsync(node, first.From, (activity, ctx) => activity.ExecuteAsync(ctx), ct, first.Port);
        }
        if (state.Status == WorkflowStatus.Running)
            state.Status = state.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
        if (state.Status == WorkflowStatus.Finished && _journal.LastOrDefault()?.EventName != "WorkflowFinished")
            Journal(null, "WorkflowFinished");
    }

    // The root container is implicit in the journal (the workflow itself); nested ones are logged like activities.
    private void StartContainer(ActivityNode node, ContainerInfo container)
    {
        if (node.ContainerId is not null) Journal(node, "Started");
        if (container.StartId is { } start) Schedule(start, null);
        else Apply(node, ActivityResult.Complete("Done"));
    }

    private async Task RunActivityAsync(ActivityNode node, string? from,
        Func<Activities.Activity, ActivityContext, ValueTask<ActivityResult>> step, CancellationToken ct, string? port = null)
    {
        ct.ThrowIfCancellationRequested();
        ActivityResult result;
        try
        {
            var activity = await engine.InstantiateAsync(node, this, ct);
            result = await step(activity, new ActivityContext(this, node, from) { ArrivedVia = port });
        }
        catch (ActivityFaultException e) { result = ActivityResult.Fault(e.Message, e.Code); }
        catch (Expressions.ExpressionException e) { result = ActivityResult.Fault(e.Message, e.Code); }
        Apply(node, result);
    }

    private void Apply(ActivityNode node, ActivityResult result)
    {
        switch (result)
        {
            case ActivityResult.Completed c:
                if (node.ContainerId is not null || !flowchart.Containers.ContainsKey(node.Id))
                    Journal(node, "Completed", outcome: string.Join(",", c.Outcomes));
                if (node.ContainerId is { } parentId && flowchart.Containers[parentId] is { Kind: ContainerKind.Sequence } sequence)
                {
                    // A sequence runs its children one after the other, whatever outcome each one had.
                    var index = sequence.Children.ToList().IndexOf(node.Id);
                    if (index + 1 < sequence.Children.Count) Schedule(sequence.Children[index + 1], node.Id);
                }
                else
                    foreach (var outcome in c.Outcomes)
                        foreach (var connection in flowchart.Outbound(node.Id, outcome))
                            Arrive(connection, node);
                if (node.ContainerId is { } container) ReleaseJoins(container);
                TryCompleteContainer(node.ContainerId);
                break;
            case ActivityResult.ChildrenScheduled scheduled:
                var children = scheduled.Slots.Select(slot => node.Slots.GetValueOrDefault(slot)).OfType<string>().ToList();
                Journal(node, "Scheduled", message: scheduled.PerItem is { } itemCount ? $"{string.Join(",", scheduled.Slots)} x {itemCount}" : string.Join(",", scheduled.Slots));
                if (scheduled.PerItem is { } count)
                {
                    // One body per item, each in its own scope; queued one after another, so they advance side by side.
                    for (var i = 0; i < count; i++)
                        foreach (var child in children)
                            _queue.AddLast((child, node.Id, null, Scope is null ? $"{node.Id}:{i}" : $"{Scope}/{node.Id}:{i}"));
                    if (count == 0) children.Clear();
                }
                else
                    foreach (var child in children) Schedule(child, node.Id);
                // Nothing to run (an empty port, no items): the activity is called back at once.
                if (children.Count == 0) TryCompleteContainer(node.Id);
                break;
            case ActivityResult.BreakLoop:
                Journal(node, "Completed");
                Break(node);
                break;
            case ActivityResult.Suspended s:
                AddBookmark(node, s);
                break;
            case ActivityResult.SuspendedMany many:
                foreach (var s in many.Bookmarks) AddBookmark(node, s);
                // Still waiting on bookmarks taken earlier (the other signers): nothing else changes.
                if (many.Bookmarks.Count == 0) Journal(node, "Waiting", message: "waiting for its other bookmarks");
                break;
            case ActivityResult.Waiting w:
                Journal(node, "Waiting", message: w.Reason);
                if (node.ContainerId is { } waitingIn) ReleaseJoins(waitingIn);
                TryCompleteContainer(node.ContainerId);
                break;
            case ActivityResult.Faulted f:
                FaultWorkflow(node, f.Message, f.Code);
                break;
            case ActivityResult.Finished:
                Journal(node, "Completed");
                FinishWorkflow();
                break;
            case ActivityResult.ContainerCompleted cc:
                Journal(node, "Completed", outcome: string.Join(",", cc.Outcomes));
                var owner = node.ContainerId is { } ownerId ? flowchart.Activities[ownerId] : null;
                if (owner is null || owner.ContainerId is null)
                {
                    state.Outcomes = cc.Outcomes.ToList();
                    FinishWorkflow();
                }
                else
                {
                    Cancel(id => id != owner.Id && flowchart.IsWithin(id, owner.Id), $"completed by {node.DisplayName}");
                    Apply(owner, ActivityResult.Complete(cc.Outcomes.ToArray()));
                }
                break;
        }
    }

    private void AddBookmark(ActivityNode node, ActivityResult.Suspended s)
    {
        var bookmark = new Bookmark(s.BookmarkId ?? NewId(), node.Id, node.Type, s.Name, s.Payload, now, s.DueAt, Scope);
        state.Bookmarks.Add(bookmark);
        _added.Add(bookmark);
        Journal(node, "Suspended", message: s.DueAt is { } due ? $"waiting until {due:O}" : $"waiting for {s.Name}",
            payload: new JsonObject { ["bookmarkId"] = bookmark.Id });
    }

    /// <summary>Drops the activity's own remaining bookmarks (a countersign decided before every signer voted).</summary>
    public void CancelBookmarksOf(string activityId, string reason)
    {
        foreach (var b in state.Bookmarks.Where(b => b.ActivityId == activityId && b.Scope == Scope).ToList())
        {
            RemoveBookmark(b);
            Journal(flowchart.Activities[b.ActivityId], "Cancelled", message: reason, payload: new JsonObject { ["bookmarkId"] = b.Id });
        }
    }

    private const string ImplicitArrivals = "implicitJoinArrived";

    /// <summary>Queue marker: call the activity back because the embedded children it scheduled are done.</summary>
    private const string ChildrenDone = "$childrenDone";

    /// <summary>Activity-state flag a loop reads in its callback: a Break ended the iteration.</summary>
    public const string Breaking = "breaking";


    /// <summary>
    /// Elsa's Break: a signal that travels up to the nearest ForEach or While. Directly inside one, the rest of its round is
    /// dropped and the loop ends now. Elsa's ParallelForEach does not catch the signal: inside one, only this item's body ends
    /// (its other items go on), and a ForEach or While around the ParallelForEach ends after its current round.
    /// </summary>
    private void Break(ActivityNode node)
    {
        ActivityNode? parallel = null;
        for (var id = node.ContainerId; id is not null; id = flowchart.Activities[id].ContainerId)
        {
            var container = flowchart.Activities[id];
            if (container.Type == Activities.Elsa.ParallelForEach.TypeName)
            {
                parallel ??= container;
                continue;
            }
            if (!engine.Activities.TryGet(container.Type, out var type) || !type.Meta.IsLoop) continue;
            if (parallel is not null)
            {
                // The loop reads the flag in its callback, once the ParallelForEach (and the rest of the round) is done.
                StateOf(container.Id, ScopeOf(container.Id))[Breaking] = true;
                break;
            }
            Cancel(a => a != container.Id && flowchart.IsWithin(a, container.Id), $"break in {node.DisplayName}", scoped: true);
            StateOf(container.Id, ScopeOf(container.Id))[Breaking] = true;
            TryCompleteContainer(container.Id);
            return;
        }
        if (parallel is null)
        {
            FaultWorkflow(node, "Break is not inside a loop.");
            return;
        }
        // Scope is this item of the nearest ParallelForEach (no other ParallelForEach lies between it and the Break).
        Cancel(a => a != parallel.Id && flowchart.IsWithin(a, parallel.Id), $"break in {node.DisplayName}", scoped: true);
        TryCompleteContainer(parallel.Id);
    }

    /// <summary>The item scope <paramref name="activityId"/> runs in: the current scope's items of the ParallelForEach loops around it.</summary>
    private string? ScopeOf(string activityId)
    {
        if (Scope is null) return null;
        var kept = Scope.Split('/').Where(s => s[..s.LastIndexOf(':')] is var loop && loop != activityId && flowchart.IsWithin(activityId, loop)).ToArray();
        return kept.Length == 0 ? null : string.Join('/', kept);
    }

    /// <summary>
    /// Elsa's implicit join: an activity with several forward inbound branches runs once, when every branch that can
    /// still run has arrived. Loop-backs and single inbound branches schedule it at once; explicit joins count themselves.
    /// </summary>
    private void Arrive(Connection connection, ActivityNode source)
    {
        var target = flowchart.Activities[connection.Target];
        var forward = flowchart.ForwardSources(target.Id);
        if (target.Type == "Elsa.FlowJoin" || forward.Count <= 1 || !forward.Contains(source.Id))
        {
            Schedule(target.Id, source.Id, connection.SourcePort);
            return;
        }
        var memory = StateOf(target.Id);
        var arrived = memory[ImplicitArrivals] as JsonArray ?? [];
        if (!arrived.Any(a => a!.GetValue<string>() == source.Id)) arrived.Add(source.Id);
        memory[ImplicitArrivals] = arrived;
    }

    /// <summary>Schedules joins (implicit and FlowJoin) in the container whose missing branches can no longer arrive.</summary>
    private void ReleaseJoins(string containerId)
    {
        foreach (var id in flowchart.Containers[containerId].Children)
        {
            if (!state.ActivityState.TryGetValue(StateKey(id), out var memory)) continue;
            if (memory[ImplicitArrivals] is JsonArray { Count: > 0 } arrived && JoinReady(id, arrived, containerId))
            {
                memory.Remove(ImplicitArrivals);
                Schedule(id, arrived.Last()!.GetValue<string>());
            }
            else if (memory["arrived"] is JsonArray { Count: > 0 } joined && !_queue.Any(q => q.ActivityId == id && q.Scope == Scope) && JoinReady(id, joined, containerId))
                Schedule(id, null);
        }
    }

    /// <summary>Every forward branch of the join has arrived or can no longer run.</summary>
    public bool JoinReady(string joinId, JsonArray arrived, string containerId)
    {
        var have = arrived.Select(a => a!.GetValue<string>()).ToHashSet();
        // An arrival already scheduled belongs to this round: wait for it rather than firing twice.
        var coming = _queue.Where(q => q.ActivityId == joinId && q.From is not null && q.Scope == Scope).Select(q => q.From!).ToHashSet();
        return flowchart.ForwardSources(joinId).All(s => have.Contains(s) || (!coming.Contains(s) && !CanStillRun(s, containerId)));
    }

    private JsonObject StateOf(string activityId) => StateOf(activityId, Scope);

    private JsonObject StateOf(string activityId, string? scope)
    {
        var key = StateKey(activityId, scope);
        if (!state.ActivityState.TryGetValue(key, out var s)) state.ActivityState[key] = s = [];
        return s;
    }

    /// <summary>A container completes (Elsa: "Done") when nothing inside it is scheduled or waiting on a bookmark.</summary>
    private void TryCompleteContainer(string? containerId)
    {
        if (containerId is null || state.Status != WorkflowStatus.Running) return;
        // The container's own scope: a ParallelForEach is done when no item of it has work left.
        var scope = ScopeOutside(containerId, Scope);
        bool Inside(string? s) => scope is null || s == scope || (s?.StartsWith(scope + "/", StringComparison.Ordinal) ?? false);
        if (_queue.Any(q => q.ActivityId != containerId && flowchart.IsWithin(q.ActivityId, containerId) && Inside(q.Scope))) return;
        if (state.Bookmarks.Any(b => flowchart.IsWithin(b.ActivityId, containerId) && Inside(b.Scope))) return;
        if (flowchart.Containers[containerId].Kind == ContainerKind.Activity)
        {
            if (!_queue.Any(q => q.ActivityId == containerId && q.Port == ChildrenDone && q.Scope == scope))
            {
                // The items' own state and outputs are no longer needed once every item is done.
                var items = $"{(scope is null ? "" : scope + "/")}{containerId}:";
                foreach (var key in state.ActivityState.Keys.Where(k => k.Contains("@" + items, StringComparison.Ordinal)).ToList())
                    state.ActivityState.Remove(key);
                foreach (var key in state.ActivityOutputs.Keys.Where(k => k.Contains("@" + items, StringComparison.Ordinal)).ToList())
                    state.ActivityOutputs.Remove(key);
                foreach (var key in state.ItemLastResults.Keys.Where(k => k.StartsWith(items, StringComparison.Ordinal)).ToList())
                    state.ItemLastResults.Remove(key);
                _queue.AddLast((containerId, null, ChildrenDone, scope));
            }
            return;
        }
        var outer = Scope;
        Scope = scope;
        Apply(flowchart.Activities[containerId], ActivityResult.Complete("Done"));
        Scope = outer;
    }

    private void FinishWorkflow()
    {
        foreach (var b in state.Bookmarks.ToList()) RemoveBookmark(b);
        _queue.Clear();
        state.Status = WorkflowStatus.Finished;
        Journal(null, "WorkflowFinished");
    }

    public void FaultWorkflow(ActivityNode? node, string message, string? code = null)
    {
        state.Status = WorkflowStatus.Faulted;
        state.Fault = message;
        state.FaultCode = code;
        state.FaultedActivityId = node?.Id;
        foreach (var b in state.Bookmarks.ToList()) RemoveBookmark(b);
        _queue.Clear();
        Journal(node, "Faulted", message: message, payload: code is null ? null : new JsonObject { ["code"] = code });
    }

    public static string NewId() => Guid.CreateVersion7().ToString("N");

    public ExecutionResult Result() => new(state, _journal, _added, _removed, Effects);
}
