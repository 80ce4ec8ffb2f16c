using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Live;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// A save is one batch of statements on PostgreSQL and one command per row on SQLite (EF's default there; batching it was
/// measured slower, see README). Either way each update must prove that it found its row at the revision read, a save
/// that fails must leave none of its rows behind, and inserted rows get their generated ids.
/// </summary>
public abstract class BatchedSaveContract(DatabaseProvider provider) : IAsyncLifetime
{
    private StoreHarness _store = null!;

    public async Task InitializeAsync() => _store = await StoreHarness.CreateAsync(provider);
    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task A_stale_update_in_the_middle_of_a_batch_fails_the_whole_save()
    {
        await _store.Db(async db =>
        {
            db.Add(new AuditHeadRecord { Chain = "batch-a", Hash = "a0", Month = 202603 });
            db.Add(new AuditHeadRecord { Chain = "batch-b", Hash = "b0", Month = 202603 });
            return await db.SaveChangesAsync();
        });

        await _store.InScopeAsync(async first =>
        {
            await using var second = _store.SecondHost();
            return await second.InScopeAsync(async other =>
            {
                var mine = first.GetRequiredService<ApprovalDbContext>();
                var theirs = other.GetRequiredService<ApprovalDbContext>();
                var (a, b) = (await mine.Set<AuditHeadRecord>().SingleAsync(h => h.Chain == "batch-a"), await mine.Set<AuditHeadRecord>().SingleAsync(h => h.Chain == "batch-b"));
                var theirB = await theirs.Set<AuditHeadRecord>().SingleAsync(h => h.Chain == "batch-b");
                theirB.Hash = "b1";
                theirB.Revision++;
                await theirs.SaveChangesAsync();

                // Inserts before and after, an update that still holds and one that does not.
                mine.LiveEvents.Add(new LiveEventRecord { Audience = "batch", Kind = "before", DataJson = "{}" });
                a.Hash = "a1";
                a.Revision++;
                b.Hash = "b-stale";
                b.Revision++;
                mine.LiveEvents.Add(new LiveEventRecord { Audience = "batch", Kind = "after", DataJson = "{}" });
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => mine.SaveChangesAsync());
                return 0;
            });
        });

        var heads = await _store.Db(db => db.Set<AuditHeadRecord>().AsNoTracking().Where(h => h.Chain.StartsWith("batch-")).OrderBy(h => h.Chain).ToListAsync());
        Assert.Equal(["a0", "b1"], heads.Select(h => h.Hash));
        Assert.Equal(0, await _store.Db(db => db.LiveEvents.CountAsync(e => e.Audience == "batch")));
    }

    [Fact]
    public async Task A_batch_of_inserts_gets_each_generated_id_in_order()
    {
        var ids = await _store.Db(async db =>
        {
            var rows = Enumerable.Range(0, 30).Select(i => new LiveEventRecord { Audience = "ids", Kind = $"k{i}", DataJson = "{}" }).ToList();
            db.LiveEvents.AddRange(rows);
            await db.SaveChangesAsync();
            return rows.Select(r => (r.Id, r.Kind)).ToList();
        });
        var stored = await _store.Db(db => db.LiveEvents.AsNoTracking().Where(e => e.Audience == "ids").OrderBy(e => e.Id).Select(e => new { e.Id, e.Kind }).ToListAsync());
        Assert.Equal(stored.Select(s => (s.Id, s.Kind)), ids.OrderBy(i => i.Id));
        Assert.Equal(30, ids.Select(i => i.Id).Distinct().Count());
    }
}

public sealed class SqliteBatchedSaveTests() : BatchedSaveContract(DatabaseProvider.Sqlite);

public sealed class PostgresBatchedSaveTests() : BatchedSaveContract(DatabaseProvider.Postgres);
