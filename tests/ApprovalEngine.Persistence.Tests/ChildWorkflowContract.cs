using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// Child workflows that wait (ExecuteWorkflow, DispatchWorkflow, a published workflow used as an activity): the child is its
/// own stored instance, the parent waits durably on it across host restarts and continues with the child's output.
/// </summary>
public abstract class ChildWorkflowContract(DatabaseProvider provider) : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    /// <summary>Waits at <c>approve</c> (a human step stand-in), then outputs Answer = Amount * 2 and completes with outcome Approved.</summary>
    private static JsonObject Child(string waitType = "Elsa.Event")
    {
        var wait = waitType == "Elsa.Event" ? ("eventName", "Literal", "approve") : ("timeSpan", "Literal", "01:00:00");
        var model = new WorkflowJson().Start()
            .Activity("approve", waitType, wait)
            .Activity("answer", "Elsa.SetOutput", ("outputName", "Literal", "Answer"), ("outputValue", "JavaScript", "getInput('Amount') * 2"))
            .Activity("complete", "Elsa.Complete", ("outcomes", "Object", "[\"Approved\"]"))
            .Chain("start", "approve", "answer", "complete").Build("Child approval", "child-approval");
        model["inputs"] = new JsonArray(new JsonObject { ["name"] = "Amount", ["type"] = "Int32" });
        model["outputs"] = new JsonArray(new JsonObject { ["name"] = "Answer", ["type"] = "Object" });
        model["outcomes"] = new JsonArray("Approved");
        return model;
    }

    private static JsonObject ExecuteParent(bool wait) => new WorkflowJson().Start()
        .Activity("exec", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "child-approval"), ("input", "Object", "{\"Amount\":21}"),
            ("waitForCompletion", "Literal", wait ? "true" : "false"))
        .Event("after").Chain("start", "exec", "after").Build("Parent", "parent");

    private async Task<JsonObject> OutputOf(string instanceId, string activityId, string output) =>
        WorkflowRuntime.ReadState(await _store.InstanceAsync(instanceId)).ActivityOutputs[activityId][output]!.AsObject();

    private Task<InstanceRecord> ChildOf(string parentId) =>
        _store.Db(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id != parentId));

    [Fact]
    public async Task ExecuteWorkflow_ChildWaitsOnAHumanStep_ParentWaitsAcrossRestarts_AndGetsTheChildsOutput()
    {
        await _store.DeployAsync(Child());
        var parentId = await _store.DeployAsync(ExecuteParent(wait: true));

        var parent = await _store.StartAsync(parentId);

        Assert.Equal(WorkflowStatus.Suspended, parent.Status);
        var child = await ChildOf(parent.Id);
        Assert.Equal(("child-approval", WorkflowStatus.Suspended, "corr-1"), (child.DefinitionId, child.Status, child.CorrelationId));
        Assert.Equal(parent.Id, WorkflowRuntime.ReadState(child).ParentInstanceId);
        Assert.Equal("ChildWorkflow", await _store.Db(db => db.Bookmarks.Where(b => b.InstanceId == parent.Id).Select(b => b.Name).SingleAsync()));

        await _store.RestartAsync();
        await _store.ResumeAsync(child.Id, await _store.BookmarkAsync(child.Id, "approve"));
        Assert.Equal(WorkflowStatus.Finished, (await _store.InstanceAsync(child.Id)).Status);
        // The child's end is a durable row for the parent, not an in-memory callback.
        Assert.Equal(parent.Id, await _store.Db(db => db.Timers.Select(t => t.InstanceId).SingleAsync()));
        Assert.Equal(WorkflowStatus.Suspended, (await _store.InstanceAsync(parent.Id)).Status);

        await _store.RestartAsync();
        Assert.Equal(1, await _store.FireDueTimersAsync());

        Assert.Equal(0, await _store.FireDueTimersAsync());
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        Assert.NotNull(await _store.BookmarkAsync(parent.Id, "after"));
        var result = await OutputOf(parent.Id, "exec", "result");
        Assert.Equal(child.Id, result["workflowInstanceId"]!.GetValue<string>());
        Assert.Equal(("Finished", "Finished", 42), (result["status"]!.GetValue<string>(), result["subStatus"]!.GetValue<string>(), result["output"]!["Answer"]!.GetValue<int>()));
        Assert.Single(await _store.Db(db => db.Journal.Where(j => j.InstanceId == parent.Id && j.EventName == "Resumed" && j.ActivityId == "exec").ToListAsync()));
    }

    [Fact]
    public async Task ExecuteWorkflow_WithoutWaiting_ParentGoesOnWhileTheChildWaits()
    {
        await _store.DeployAsync(Child());
        var parent = await _store.StartAsync(await _store.DeployAsync(ExecuteParent(wait: false)));

        var child = await ChildOf(parent.Id);
        Assert.Equal(WorkflowStatus.Suspended, child.Status);
        Assert.NotNull(await _store.BookmarkAsync(parent.Id, "after"));
        var result = await OutputOf(parent.Id, "exec", "result");
        Assert.Equal(("Running", "Suspended"), (result["status"]!.GetValue<string>(), result["subStatus"]!.GetValue<string>()));

        // Nobody waits for it: its end leaves nothing for the parent.
        await _store.ResumeAsync(child.Id, await _store.BookmarkAsync(child.Id, "approve"));
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
    }

    [Fact]
    public async Task WorkflowAsActivity_ChildWaitsOnATimer_InputsOutputsAndOutcomeReachTheParent()
    {
        await _store.DeployAsync(Child("Elsa.Delay"));
        var parentModel = new WorkflowJson().Start()
            .Raw(new JsonObject
            {
                ["id"] = "approval", ["type"] = "ChildApproval", ["version"] = 1, ["workflowDefinitionId"] = "child-approval",
                ["amount"] = new JsonObject { ["typeName"] = "Int32", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "20 + 1" } },
            })
            .Event("approved").Event("other")
            .Connect("start", "approval").Connect("approval", "approved", "Approved").Connect("approval", "other", "Done")
            .Build("Parent of a workflow activity", "parent-activity");
        var parent = await _store.StartAsync(await _store.DeployAsync(parentModel));
        Assert.Equal(WorkflowStatus.Suspended, parent.Status);
        var child = await ChildOf(parent.Id);

        await _store.RestartAsync();
        _store.Time.Advance(TimeSpan.FromHours(2));
        // One sweep fires the child's timer, which ends the child, whose end is due at once for the parent.
        Assert.Equal(2, await _store.FireDueTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, (await _store.InstanceAsync(child.Id)).Status);
        Assert.NotNull(await _store.BookmarkAsync(parent.Id, "approved"));
        Assert.Equal(42, WorkflowRuntime.ReadState(await _store.InstanceAsync(parent.Id)).ActivityOutputs["approval"]["Answer"]!.GetValue<int>());
    }

    [Fact]
    public async Task DispatchWorkflow_FireAndForget_AndWaitForCompletion()
    {
        await _store.DeployAsync(Child());
        var parentModel = new WorkflowJson().Start()
            .Activity("fire", "Elsa.DispatchWorkflow", ("workflowDefinitionId", "Literal", "child-approval"), ("input", "Object", "{\"Amount\":1}"),
                ("correlationId", "Literal", "dispatched-1"))
            .Activity("wait", "Elsa.DispatchWorkflow", ("workflowDefinitionId", "Literal", "child-approval"), ("input", "Object", "{\"Amount\":5}"),
                ("waitForCompletion", "Literal", "true"))
            .Event("after").Chain("start", "fire", "wait", "after").Build("Dispatcher", "dispatcher");
        var parent = await _store.StartAsync(await _store.DeployAsync(parentModel));

        var children = await _store.Db(db => db.Instances.AsNoTracking().Where(i => i.Id != parent.Id).OrderBy(i => i.Id).ToListAsync());
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal(WorkflowStatus.Suspended, c.Status));
        var fired = children.Single(c => c.CorrelationId == "dispatched-1");
        var awaited = children.Single(c => c.Id != fired.Id);
        Assert.Equal(parent.Id, WorkflowRuntime.ReadState(fired).Input["ParentInstanceId"]!.GetValue<string>());
        Assert.Null(WorkflowRuntime.ReadState(fired).ParentBookmarkId);

        await _store.ResumeAsync(fired.Id, await _store.BookmarkAsync(fired.Id, "approve"));
        Assert.Equal(0, await _store.FireDueTimersAsync());
        Assert.Equal("ChildWorkflow", await _store.Db(db => db.Bookmarks.Where(b => b.InstanceId == parent.Id).Select(b => b.Name).SingleAsync()));

        await _store.ResumeAsync(awaited.Id, await _store.BookmarkAsync(awaited.Id, "approve"));
        Assert.Equal(1, await _store.FireDueTimersAsync());
        Assert.NotNull(await _store.BookmarkAsync(parent.Id, "after"));
        Assert.Equal(10, (await OutputOf(parent.Id, "wait", "result"))["Answer"]!.GetValue<int>());
    }

    [Fact]
    public async Task CancellingTheParent_CancelsTheChildItWaitsFor_NotOneItStartedWithoutWaiting()
    {
        await _store.DeployAsync(Child());
        var waiting = await _store.StartAsync(await _store.DeployAsync(ExecuteParent(wait: true)));
        var child = await ChildOf(waiting.Id);
        var independent = await _store.StartAsync(await _store.DeployAsync(ExecuteParent(wait: false)));
        var independentChild = await _store.Db(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id != waiting.Id && i.Id != independent.Id && i.Id != child.Id));
        var childTimers = await _store.Db(db => db.Timers.CountAsync());

        foreach (var parent in new[] { waiting, independent })
            await _store.InScopeAsync(sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
                .GetRequiredService<WorkflowRuntime>(sp).CancelAsync(parent.Id, "withdrawn", StoreHarness.Clerk));

        Assert.Equal(WorkflowStatus.Cancelled, (await _store.InstanceAsync(waiting.Id)).Status);
        Assert.Equal(WorkflowStatus.Cancelled, (await _store.InstanceAsync(child.Id)).Status);
        Assert.Empty(await _store.Db(db => db.Bookmarks.Where(b => b.InstanceId == child.Id).ToListAsync()));
        var cancelled = await _store.Db(db => db.Journal.SingleAsync(j => j.InstanceId == child.Id && j.EventName == "WorkflowCancelled"));
        Assert.Contains(waiting.Id, cancelled.Message);
        // Nothing travels back to the cancelled parent, and the child can no longer be resumed.
        Assert.Equal(childTimers, await _store.Db(db => db.Timers.CountAsync()));
        Assert.Equal(0, await _store.FireDueTimersAsync());
        await Assert.ThrowsAsync<ConflictException>(() => _store.ResumeAsync(child.Id, "any"));
        // A child started without waiting (fire and forget) goes on.
        Assert.Equal(WorkflowStatus.Suspended, (await _store.InstanceAsync(independentChild.Id)).Status);
        await _store.ResumeAsync(independentChild.Id, await _store.BookmarkAsync(independentChild.Id, "approve"));
        Assert.Equal(WorkflowStatus.Finished, (await _store.InstanceAsync(independentChild.Id)).Status);
    }

    [Fact]
    public async Task ParentFaultsInTheStimulusThatStartedTheChild_TheChildItWaitsForIsCancelledInTheSameTransaction()
    {
        // The child waits on a review (a task with its step deadline). The parent forks: one branch starts the child and waits
        // for it, the other faults at once, so the waiting step is dropped before its bookmark was ever stored.
        await _store.DeployAsync(new WorkflowJson().Start().Activity("approve", "Approvals.Review", ("department", "Literal", "fire"))
            .Chain("start", "approve").Build("Child review", "child-review"));
        var parentId = await _store.DeployAsync(new WorkflowJson().Start().Fork("fork", "a", "b")
            .Activity("exec", "Elsa.ExecuteWorkflow", ("workflowDefinitionId", "Literal", "child-review"), ("waitForCompletion", "Literal", "true"))
            .Activity("boom", "Elsa.Fault", ("message", "Literal", "stop"))
            .Connect("start", "fork").Connect("fork", "exec", "a").Connect("fork", "boom", "b").Build("Parent", "parent"));

        var parent = await _store.StartAsync(parentId);

        Assert.Equal(WorkflowStatus.Faulted, parent.Status);
        var child = await ChildOf(parent.Id);
        Assert.Equal(WorkflowStatus.Cancelled, child.Status);
        Assert.Empty(await _store.Db(db => db.Bookmarks.Where(b => b.InstanceId == child.Id || b.InstanceId == parent.Id).ToListAsync()));
        Assert.Empty(await _store.Db(db => db.Timers.ToListAsync()));
        Assert.Equal([Persistence.Tasks.TaskStatus.Cancelled], await _store.Db(db => db.Tasks.Where(t => t.InstanceId == child.Id).Select(t => t.Status).ToListAsync()));
        Assert.DoesNotContain(await _store.Db(db => db.Deadlines.Where(d => d.InstanceId == child.Id).ToListAsync()), d => d.CompletedAt is null);
        var journal = await _store.JournalAsync(child.Id);
        Assert.Equal("WorkflowCancelled", journal[^1].EventName);
        Assert.Contains(parent.Id, journal[^1].Message);
        await Assert.ThrowsAsync<ConflictException>(() => _store.ResumeAsync(child.Id, "any"));
    }

    [Theory]
    [InlineData("fault")]
    [InlineData("waitAny")]
    public async Task ParentsOwnReview_OpenedAndDroppedInTheSameStimulus_TaskAndStepDeadlineAreCancelled(string how)
    {
        // The review's branch opens a task; the other branch, run in the same stimulus, faults the instance or wins a WaitAny
        // join. The review's bookmark never reached storage, so its task must not stay in anybody's inbox.
        var wf = new WorkflowJson().Start().Fork("fork", "a", "b").Activity("review", "Approvals.Review", ("department", "Literal", "fire"));
        wf = how == "fault"
            ? wf.Activity("boom", "Elsa.Fault", ("message", "Literal", "stop")).Connect("fork", "boom", "b")
            : wf.Activity("quick", "Elsa.WriteLine", ("text", "Literal", "first")).Join("join", "WaitAny").Event("after")
                .Connect("fork", "quick", "b").Connect("review", "join", "Approved").Connect("quick", "join").Connect("join", "after");
        var parentId = await _store.DeployAsync(wf.Connect("start", "fork").Connect("fork", "review", "a").Build("Parent review", "parent-review"));

        var parent = await _store.StartAsync(parentId);

        Assert.Equal(how == "fault" ? WorkflowStatus.Faulted : WorkflowStatus.Suspended, parent.Status);
        Assert.Equal([Persistence.Tasks.TaskStatus.Cancelled], await _store.Db(db => db.Tasks.Where(t => t.InstanceId == parent.Id).Select(t => t.Status).ToListAsync()));
        var step = Assert.Single(await _store.Db(db => db.Deadlines.Where(d => d.InstanceId == parent.Id && d.Kind == Persistence.Deadlines.DeadlineKind.Step).ToListAsync()));
        Assert.NotNull(step.CompletedAt);
        Assert.DoesNotContain(await _store.Db(db => db.Bookmarks.Where(b => b.InstanceId == parent.Id).Select(b => b.ActivityId).ToListAsync()), a => a == "review");
    }
}

public sealed class SqliteChildWorkflowTests() : ChildWorkflowContract(DatabaseProvider.Sqlite);

public sealed class PostgresChildWorkflowTests() : ChildWorkflowContract(DatabaseProvider.Postgres);
