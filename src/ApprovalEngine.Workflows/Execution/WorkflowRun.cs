using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Definitions;

namespace ApprovalEngine.Workflows.Execution;

/// <summary>One stimulus being processed: a queue of scheduled activities drained until everything waits or ends.</summary>
internal sealed class WorkflowRun(WorkflowEngine engine, string instanceId, Flowchart flowchart, WorkflowState state, DateTimeOffset now)
{
    private readonly LinkedList<(string ActivityId, string? From)> _queue = new();
    private readonly List<JournalEntry> _journal = [];
    private readonly List<Bookmark> _added = [];
    private readonly List<Bookmark> _removed = [];
    private int _steps;

    public string InstanceId => instanceId;
    public Flowchart Flowchart => flowchart;
    public WorkflowState State => state;
    public DateTimeOffset Now => now;
    public List<WorkflowEffect> Effects { get; } = [];

    public void Schedule(string activityId, string? from) => _queue.AddLast((activityId, from));

    public void Journal(ActivityNode? node, string eventName, string? outcome = null, string? message = null, JsonNode? payload = null, string? actor = null) =>
        _journal.Add(new JournalEntry(now, node?.Id, node?.Type, eventName, outcome, message, payload, actor));

    public void RemoveBookmark(Bookmark bookmark)
    {
        state.Bookmarks.Remove(bookmark);
        // A bookmark created and consumed within the same stimulus never reached storage.
        if (!_added.Remove(bookmark)) _removed.Add(bookmark);
    }

    public void CancelActivities(IReadOnlySet<string> activityIds, string reason)
    {
        foreach (var b in state.Bookmarks.Where(b => activityIds.Contains(b.ActivityId)).ToList())
        {
            RemoveBookmark(b);
            Journal(flowchart.Activities[b.ActivityId], "Cancelled", message: reason);
        }
        for (var item = _queue.First; item is not null;)
        {
            var next = item.Next;
            if (activityIds.Contains(item.Value.ActivityId)) _queue.Remove(item);
            item = next;
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
            Journal(node, "Started");
            await RunActivityAsync(node, first.From, (activity, ctx) => activity.ExecuteAsync(ctx), ct);
        }
        if (state.Status == WorkflowStatus.Running)
            state.Status = state.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
        if (state.Status == WorkflowStatus.Finished && _journal.LastOrDefault()?.EventName != "WorkflowFinished")
            Journal(null, "WorkflowFinished");
    }

    private async Task RunActivityAsync(ActivityNode node, string? from,
        Func<Activities.Activity, ActivityContext, ValueTask<ActivityResult>> step, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ActivityResult result;
        try
        {
            var activity = engine.Instantiate(node, state);
            result = await step(activity, new ActivityContext(this, node, from));
        }
        catch (ActivityFaultException e) { result = ActivityResult.Fault(e.Message); }
        catch (Expressions.ExpressionException e) { result = ActivityResult.Fault(e.Message); }
        Apply(node, result);
    }

    private void Apply(ActivityNode node, ActivityResult result)
    {
        switch (result)
        {
            case ActivityResult.Completed c:
                Journal(node, "Completed", outcome: string.Join(",", c.Outcomes));
                foreach (var outcome in c.Outcomes)
                    foreach (var connection in flowchart.Outbound(node.Id, outcome))
                        Schedule(connection.Target, node.Id);
                break;
            case ActivityResult.Suspended s:
                var bookmark = new Bookmark(s.BookmarkId ?? NewId(), node.Id, node.Type, s.Name, s.Payload, now, s.DueAt);
                state.Bookmarks.Add(bookmark);
                _added.Add(bookmark);
                Journal(node, "Suspended", message: s.DueAt is { } due ? $"waiting until {due:O}" : $"waiting for {s.Name}",
                    payload: new JsonObject { ["bookmarkId"] = bookmark.Id });
                break;
            case ActivityResult.Waiting w:
                Journal(node, "Waiting", message: w.Reason);
                break;
            case ActivityResult.Faulted f:
                FaultWorkflow(node, f.Message);
                break;
            case ActivityResult.Finished:
                Journal(node, "Completed");
                foreach (var b in state.Bookmarks.ToList()) RemoveBookmark(b);
                _queue.Clear();
                state.Status = WorkflowStatus.Finished;
                Journal(null, "WorkflowFinished");
                break;
        }
    }

    private void FaultWorkflow(ActivityNode? node, string message)
    {
        state.Status = WorkflowStatus.Faulted;
        state.Fault = message;
        state.FaultedActivityId = node?.Id;
        foreach (var b in state.Bookmarks.ToList()) RemoveBookmark(b);
        _queue.Clear();
        Journal(node, "Faulted", message: message);
    }

    public static string NewId() => Guid.CreateVersion7().ToString("N");

    public ExecutionResult Result() => new(state, _journal, _added, _removed, Effects);
}
