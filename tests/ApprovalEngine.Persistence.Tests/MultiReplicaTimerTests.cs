using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>Several hosts sweeping one PostgreSQL: row claiming must hand each due timer to exactly one of them.</summary>
public sealed class MultiReplicaTimerTests : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(DatabaseProvider.Postgres);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Timers_ThousandDueAtOnceWithTwoHosts_EachFiresExactlyOnce()
    {
        var definition = new WorkflowJson().Start().Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "01:00:00")).Event("after")
            .Chain("start", "wait", "after").Build("Delayed", "delayed");
        var id = await _store.DeployAsync(definition);
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < 250; i++) await _store.StartAsync(id);
        }));
        Assert.Equal(1000, await _store.Db(db => db.Timers.CountAsync()));
        _store.Time.Advance(TimeSpan.FromHours(2));

        var fired = await Task.WhenAll(_store.SweeperForReplica("host-a").FireDueAsync(), _store.SweeperForReplica("host-b").FireDueAsync());

        Assert.Equal(1000, fired.Sum());
        Assert.True(fired.All(f => f > 0), $"both hosts should take part: {string.Join(", ", fired)}");
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        var resumes = await _store.Db(db => db.Journal.Where(j => j.EventName == "Resumed" && j.ActivityId == "wait")
            .GroupBy(j => j.InstanceId).Select(g => g.Count()).ToListAsync());
        Assert.Equal(1000, resumes.Count);
        Assert.All(resumes, count => Assert.Equal(1, count));
        Assert.Equal(1000, await _store.Db(db => db.Bookmarks.CountAsync(b => b.ActivityId == "after")));
    }
}
