using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>The persistence services as a host wires them, over a real database, with a fake clock.</summary>
public sealed class StoreHarness : IAsyncDisposable
{
    private ServiceProvider _services;

    private StoreHarness(DatabaseOptions database, FakeTimeProvider time)
    {
        Database = database;
        Time = time;
        _services = Build();
    }

    public DatabaseOptions Database { get; }
    public FakeTimeProvider Time { get; }
    public static readonly Actor Clerk = new("clerk-1", ["clerk"]);

    public static async Task<StoreHarness> CreateAsync(DatabaseProvider provider)
    {
        var harness = new StoreHarness(await TestDatabases.CreateAsync(provider), new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)));
        await harness.MigrateAsync();
        return harness;
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Time);
        services.AddWorkflowEngine();
        services.AddApprovalPersistence(Database, new TimerOptions { BatchSize = 50 });
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public async Task MigrateAsync()
    {
        using var scope = _services.CreateScope();
        await PersistenceServices.MigrateAsync(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>());
    }

    /// <summary>Drops every in-memory object and builds the services again, as a host restart does.</summary>
    public async Task RestartAsync()
    {
        await _services.DisposeAsync();
        _services = Build();
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = _services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public Task<T> Db<T>(Func<ApprovalDbContext, Task<T>> query) => InScopeAsync(sp => query(sp.GetRequiredService<ApprovalDbContext>()));

    public Task<DefinitionVersionRecord> SaveDraftAsync(JsonObject model) =>
        InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().SaveDraftAsync(model, "designer-1"));

    public async Task<string> DeployAsync(JsonObject model)
    {
        var draft = await SaveDraftAsync(model);
        await InScopeAsync(sp => sp.GetRequiredService<DefinitionStore>().PublishAsync(draft.DefinitionId, "admin-1"));
        return draft.DefinitionId;
    }

    public Task<InstanceRecord> StartAsync(string definitionId, JsonObject? input = null) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().StartAsync(definitionId, "corr-1", input, Clerk));

    public Task<InstanceRecord> ResumeAsync(string instanceId, string bookmarkId, JsonNode? payload = null) =>
        InScopeAsync(sp => sp.GetRequiredService<WorkflowRuntime>().ResumeAsync(instanceId, bookmarkId, payload, Clerk));

    public Task<string> BookmarkAsync(string instanceId, string activityId) =>
        Db(db => db.Bookmarks.Where(b => b.InstanceId == instanceId && b.ActivityId == activityId).Select(b => b.Id).SingleAsync());

    public Task<InstanceRecord> InstanceAsync(string id) => Db(db => db.Instances.AsNoTracking().SingleAsync(i => i.Id == id));

    public Task<List<JournalRecord>> JournalAsync(string id) =>
        Db(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == id).OrderBy(j => j.Sequence).ToListAsync());

    public Task<int> FireDueTimersAsync() => _services.GetRequiredService<TimerSweeper>().FireDueAsync();

    /// <summary>Another host on the same database and clock: its own services, caches and timer sweeper (dispose it).</summary>
    public StoreHarness SecondHost() => new(Database, Time);

    /// <summary>A second sweeper with its own host id over the same database, as another replica would run.</summary>
    public TimerSweeper SweeperForReplica(string hostId) =>
        new(_services.GetRequiredService<IServiceScopeFactory>(), Time, new TimerOptions { HostId = hostId, BatchSize = 50 },
            _services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<TimerSweeper>>());

    public async ValueTask DisposeAsync() => await _services.DisposeAsync();
}
