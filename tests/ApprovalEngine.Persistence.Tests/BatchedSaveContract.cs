using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Live;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// A save is one batch of statements on PostgreSQL and one command per row on SQLite (EF's default there; batching it was
/// measured slower, see docs/performance.md). Either way each update must prove that it found its row at the revision read, a save
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

    /// <summary>
    /// On SQLite a save writes its journal lines in statements of its own (InstanceJournal.InsertAsync, 500 lines each), not
    /// through EF's per-row inserts: what is read back must be what was appended, nulls, Chinese text and the timestamp's
    /// timestamp included (to the precision the provider keeps: EF's SQLite converter 0.1 ms), and a save that fails must leave none of them.
    /// </summary>
    [Fact]
    public async Task Journal_lines_read_back_exactly_as_appended_and_a_failed_save_leaves_none()
    {
        var instance = new InstanceRecord { Id = "journal-batch", DefinitionId = "d", DefinitionVersionId = "d:1", Name = "n", StateJson = "{}", Month = 202603 };
        var start = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        var appended = await _store.Db(async db =>
        {
            db.Instances.Add(instance);
            var lines = Enumerable.Range(0, 501).Select(i => InstanceJournal.Append(db, instance, new JournalEntry(
                start.AddTicks(i * 1_234_000L), i % 3 == 0 ? null : $"review-{i}", i % 3 == 0 ? null : "UserTask", i % 2 == 0 ? "Completed" : "Started",
                i % 5 == 0 ? "Approved" : null, i % 4 == 0 ? null : $"第{i}步 审查意见：同意", i % 7 == 0 ? new JsonObject { ["n"] = i, ["text"] = "消防" } : null,
                i % 6 == 0 ? null : $"reviewer-{i}"), new Actor("clerk-1", ["clerk"], i % 2 == 0 ? "window" : null))).ToList();
            await db.SaveChangesAsync();
            return lines;
        });
        var stored = await _store.Db(db => db.Journal.AsNoTracking().Where(j => j.InstanceId == instance.Id).OrderBy(j => j.Sequence).ToListAsync());
        Assert.Equal(501, stored.Count);
        static object?[] Fields(JournalRecord j) =>
            [j.InstanceId, j.Sequence, j.Timestamp.UtcTicks, j.ActivityId, j.ActivityType, j.EventName, j.Outcome, j.Message, j.PayloadJson, j.Actor, j.Department, j.Month];
        Assert.Equal(appended.Select(Fields), stored.Select(Fields));
        Assert.Equal(501, stored.Select(j => j.Id).Distinct().Count());

        // A stale update in the same save: the journal lines written ahead of EF's statements go back with it.
        await _store.Db(async db =>
        {
            db.Add(new AuditHeadRecord { Chain = "journal-batch", Hash = "h0", Month = 202603 });
            return await db.SaveChangesAsync();
        });
        await _store.InScopeAsync(async first =>
        {
            var mine = first.GetRequiredService<ApprovalDbContext>();
            var head = await mine.Set<AuditHeadRecord>().SingleAsync(h => h.Chain == "journal-batch");
            await _store.Db(async other =>
            {
                var theirs = await other.Set<AuditHeadRecord>().SingleAsync(h => h.Chain == "journal-batch");
                theirs.Hash = "h1";
                theirs.Revision++;
                return await other.SaveChangesAsync();
            });
            InstanceJournal.Append(mine, instance, new JournalEntry(start, null, null, "Lost"), StoreHarness.Clerk);
            head.Hash = "h-stale";
            head.Revision++;
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => mine.SaveChangesAsync());
            return 0;
        });
        Assert.Equal(0, await _store.Db(db => db.Journal.CountAsync(j => j.InstanceId == instance.Id && j.EventName == "Lost")));
    }
}

public sealed class SqliteBatchedSaveTests() : BatchedSaveContract(DatabaseProvider.Sqlite);

public sealed class PostgresBatchedSaveTests() : BatchedSaveContract(DatabaseProvider.Postgres);
