using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// ParallelForEach bodies that wait side by side, stored and resumed across restarts like any stimulus (each item with its own
/// activity outputs), on both providers.
/// </summary>
public abstract class ParallelForEachContract(DatabaseProvider provider) : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task BodiesWaitOnTheirOwnTimers_FiredAcrossARestart_EachWithItsItemAndOutputs_ThenTheLoopIsDone()
    {
        static JsonObject Expression(string type, string value) => new() { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = type, ["value"] = value } };
        var body = new JsonObject
        {
            ["id"] = "body", ["type"] = "Elsa.Sequence", ["activities"] = new JsonArray(
                new JsonObject { ["id"] = "fee", ["type"] = "Elsa.RunJavaScript", ["name"] = "fee", ["script"] = Expression("Literal", "'fee ' + getCurrentValue()") },
                new JsonObject { ["id"] = "wait", ["type"] = "Elsa.Delay", ["timeSpan"] = Expression("JavaScript", "'0' + getCurrentValue() + ':00:00'") },
                new JsonObject { ["id"] = "note", ["type"] = "Elsa.WriteLine", ["text"] = Expression("JavaScript", "'item ' + getCurrentValue() + ': ' + getResultFromFee() + ' / ' + getLastResult()") }),
        };
        var loop = new JsonObject { ["id"] = "loop", ["type"] = "Elsa.ParallelForEach", ["items"] = Expression("JavaScript", "[2, 1]"), ["body"] = body };
        var definitionId = await _store.DeployAsync(new WorkflowJson().Start().Raw(loop).Event("after").Chain("start", "loop", "after").Build("Parallel waits", "parallel-waits"));

        var instance = await _store.StartAsync(definitionId);

        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.Equal(2, await _store.Db(db => db.Timers.CountAsync(t => t.InstanceId == instance.Id)));
        await _store.RestartAsync();
        _store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await _store.FireDueTimersAsync());
        Assert.Equal(WorkflowStatus.Suspended, (await _store.InstanceAsync(instance.Id)).Status);
        await _store.RestartAsync();
        _store.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await _store.FireDueTimersAsync());

        var lines = (await _store.JournalAsync(instance.Id)).Where(j => j.EventName == "WriteLine").Select(j => j.Message).ToList();
        // Both items computed their fee before either waited; after the restarts each still reads its own.
        Assert.Equal(["item 1: fee 1 / fee 1", "item 2: fee 2 / fee 2"], lines);
        Assert.NotNull(await _store.BookmarkAsync(instance.Id, "after"));
        var state = WorkflowRuntime.ReadState(await _store.InstanceAsync(instance.Id));
        Assert.DoesNotContain(state.ActivityState.Keys.Concat(state.ActivityOutputs.Keys), k => k.Contains('@'));
        Assert.Empty(state.ItemLastResults);
    }
}

public sealed class SqliteParallelForEachTests() : ParallelForEachContract(DatabaseProvider.Sqlite);

public sealed class PostgresParallelForEachTests() : ParallelForEachContract(DatabaseProvider.Postgres);
