using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// Contexts are pooled: the next request gets the same context back, reset. Nothing it tracked or changed may reach the
/// next user, and the settings this code relies on (no savepoints inside our transactions) hold on every use, although
/// EF resets a pooled context to its defaults.
/// </summary>
public abstract class ContextPoolContract(DatabaseProvider provider)
{
    [Fact]
    public async Task ContextTakenAgainFromThePool_TracksNothing_AndSavesWithoutSavepoints()
    {
        var options = await TestDatabases.CreateAsync(provider);
        await using var services = new ServiceCollection().AddApprovalPersistence(options).BuildServiceProvider();
        ApprovalDbContext first;
        await using (var scope = services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
            first.ChangeTracker.AutoDetectChangesEnabled = false;
            first.Timers.Add(new TimerRecord { Id = "left-behind", InstanceId = "i-1", Kind = TimerKinds.Bookmark, BookmarkId = "b-1", DueAt = DateTimeOffset.UtcNow });
        }

        await using var again = services.CreateAsyncScope();
        var db = again.ServiceProvider.GetRequiredService<ApprovalDbContext>();

        Assert.Same(first, db);
        Assert.Empty(db.ChangeTracker.Entries());
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        Assert.False(db.Database.AutoSavepointsEnabled);
    }
}

public sealed class SqliteContextPoolTests() : ContextPoolContract(DatabaseProvider.Sqlite);
public sealed class PostgresContextPoolTests() : ContextPoolContract(DatabaseProvider.Postgres);
