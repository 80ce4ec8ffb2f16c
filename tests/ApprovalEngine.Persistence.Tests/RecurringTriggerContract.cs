using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Timers;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>Cron and Timer with canStartWorkflow start instances on schedule: durable rows, once per occurrence across two hosts.</summary>
public abstract class RecurringTriggerContract(DatabaseProvider provider) : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static JsonObject Scheduled(string type, string input, string value) => new WorkflowJson()
        .Raw(new JsonObject
        {
            ["id"] = "schedule", ["type"] = type, ["version"] = 1, ["customProperties"] = new JsonObject { ["canStartWorkflow"] = true },
            [input] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } },
        })
        .Event("work").Chain("schedule", "work").Build("Hourly report", "hourly-report");

    private Task<int> InstancesAsync() => _store.Db(db => db.Instances.CountAsync());

    [Fact]
    public async Task Cron_TwoHostsSweepingTogether_StartOneInstancePerOccurrence_MissedOnesAreNotMadeUp_RetractStops()
    {
        await _store.DeployAsync(Scheduled("Elsa.Cron", "cronExpression", "0 0 * * * *"));
        Assert.Equal(_store.Time.GetUtcNow().AddHours(1), await _store.Db(db => db.Timers.Select(t => t.DueAt).SingleAsync()));
        await using var other = _store.SecondHost();

        for (var hour = 1; hour <= 2; hour++)
        {
            _store.Time.Advance(TimeSpan.FromHours(1));
            var fired = await Task.WhenAll(_store.FireDueTimersAsync(), other.FireDueTimersAsync());
            Assert.Equal(1, fired.Sum());
            Assert.Equal(hour, await InstancesAsync());
        }
        // Started at the trigger, which went straight on: every instance waits at the step after it.
        Assert.Equal(2, await _store.Db(db => db.Bookmarks.CountAsync(b => b.ActivityId == "work")));
        Assert.All(await _store.Db(db => db.Instances.Select(i => i.Status).ToListAsync()), s => Assert.Equal(WorkflowStatus.Suspended, s));

        // Five hours without any host: one start, then the schedule goes on from now.
        _store.Time.Advance(TimeSpan.FromHours(5));
        await Task.WhenAll(_store.FireDueTimersAsync(), other.FireDueTimersAsync());
        Assert.Equal(3, await InstancesAsync());
        Assert.Equal(_store.Time.GetUtcNow().AddHours(1), await _store.Db(db => db.Timers.Select(t => t.DueAt).SingleAsync()));

        await _store.InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().RetractAsync("hourly-report", "admin-1"));
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        _store.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _store.FireDueTimersAsync());
        Assert.Equal(3, await InstancesAsync());
    }

    [Fact]
    public async Task Timer_RepublishedWithAnotherInterval_OnlyTheNewScheduleRuns_AndARestartKeepsIt()
    {
        await _store.DeployAsync(Scheduled("Elsa.Timer", "interval", "02:00:00"));
        var v2 = await _store.DeployAsync(Scheduled("Elsa.Timer", "interval", "00:30:00"));
        var published = await _store.InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().PublishedAsync(v2));

        var row = await _store.Db(db => db.Timers.SingleAsync());
        Assert.Equal((RecurringTriggers.Kind, published!.Id, _store.Time.GetUtcNow().AddMinutes(30)), (row.Kind, row.InstanceId, row.DueAt));

        await _store.RestartAsync();
        _store.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await _store.FireDueTimersAsync());
        Assert.Equal(2, (await _store.Db(db => db.Instances.SingleAsync())).DefinitionVersion);
        Assert.Equal(_store.Time.GetUtcNow().AddMinutes(30), await _store.Db(db => db.Timers.Select(t => t.DueAt).SingleAsync()));
    }

    [Fact]
    public async Task Publish_ScheduleThatIsAnExpression_IsRefusedNamingTheActivity_AndNothingIsScheduled()
    {
        var model = Scheduled("Elsa.Timer", "interval", "x");
        model["root"]!["activities"]![0]!["interval"]!["expression"]!["type"] = "JavaScript";
        model["root"]!["activities"]![0]!["interval"]!["expression"]!["value"] = "'01:00:00'";

        var error = await Assert.ThrowsAsync<BadRequestException>(() => _store.DeployAsync(model));

        Assert.Equal("schedule", error.Field);
        Assert.Equal(0, await _store.Db(db => db.Timers.CountAsync()));
        Assert.Equal(DefinitionState.Draft, await _store.Db(db => db.DefinitionVersions.Select(v => v.State).SingleAsync()));
    }
}

public sealed class SqliteRecurringTriggerTests() : RecurringTriggerContract(DatabaseProvider.Sqlite);

public sealed class PostgresRecurringTriggerTests() : RecurringTriggerContract(DatabaseProvider.Postgres);
