using ApprovalEngine.Persistence.Organisation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// The directory every request reads: a request never waits for a reload of a snapshot the host already has; another
/// replica's change arrives by a reload in the background; this host's own change is seen at once.
/// </summary>
public abstract class OrganisationDirectoryContract(DatabaseProvider provider) : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    private Task AddDepartmentAsync(string code) => _store.Db(db =>
    {
        db.Add(new DepartmentRecord { Code = code, Name = "新设部门" });
        return db.SaveChangesAsync();
    });

    [Fact]
    public async Task PastItsAge_ReadAnswersFromTheSnapshotAtOnce_ReloadBringsAnotherReplicasChange_OwnChangeSeenAtOnce()
    {
        var directory = await _store.InScopeAsync(sp => Task.FromResult(
            new OrganisationDirectory(sp.GetRequiredService<IServiceScopeFactory>(), NullLogger<OrganisationDirectory>.Instance) { RefreshAfter = TimeSpan.FromMilliseconds(100) }));
        var first = directory.Current;
        Assert.False(first.Departments.ContainsKey("replica-made"));

        await AddDepartmentAsync("replica-made"); // as another replica does: nothing here is told
        await Task.Delay(300);

        // Past its age: this read starts the reload and answers with the snapshot in hand, without waiting for the database.
        Assert.Same(first, directory.Current);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!directory.Current.Departments.ContainsKey("replica-made") && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.True(directory.Current.Departments.ContainsKey("replica-made"), "the background reload never brought the other replica's department");

        await AddDepartmentAsync("made-here");
        directory.Invalidate(); // what OrganisationService does after its own change
        Assert.True(directory.Current.Departments.ContainsKey("made-here"));
    }
}

public sealed class SqliteOrganisationDirectoryTests() : OrganisationDirectoryContract(DatabaseProvider.Sqlite);
public sealed class PostgresOrganisationDirectoryTests() : OrganisationDirectoryContract(DatabaseProvider.Postgres);
