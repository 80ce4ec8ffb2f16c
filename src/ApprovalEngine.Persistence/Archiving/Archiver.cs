using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ApprovalEngine.Persistence.Archiving;

public sealed class ArchiveOptions
{
    public const string SectionName = "Archive";
    /// <summary>Finished applications older than this many days (since their finish) are archived; 0 = archiving off.</summary>
    public int AfterDays { get; set; }
    /// <summary>Applications per batch; each batch is one transaction.</summary>
    public int BatchSize { get; set; } = 100;
    /// <summary>How often the background service looks for candidates (on hosts that run background work).</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}

public sealed record ArchiveCandidate(string Id, string? CorrelationId, WorkflowStatus Status, DateTimeOffset FinishedAt);

public sealed record ArchiveRun(int Applications, int Batches, long JournalRows, long OutboxRows);

/// <summary>
/// Moves the bulky rows of finished applications (their journal and their delivered outbox messages) into the archive_*
/// tables, a batch of applications per transaction with one audit record on the system chain. What a finished application
/// still needs in daily work stays hot: the instance row (marked <c>archived_at</c>), its audit chain (so verification and
/// checkpoints are unchanged), tasks and deadlines (reports, worklists, need-to-know), sealed documents and certificates
/// (downloads and public verification), materials, notices, supervision pushes and the staff's notifications.
/// Replicas on PostgreSQL claim candidates with FOR UPDATE SKIP LOCKED (a stimulus on the application waits for the batch,
/// or the batch skips an application a stimulus holds); SQLite has one writer. An archived application is never selected
/// again, so a second run moves nothing; a journal line written after archiving (a late deadline change) stays hot and
/// reads merge both tables.
/// </summary>
public sealed class Archiver(ApprovalDbContext db, AuditTrail audit, TimeProvider time, ArchiveOptions options, StimulusOptions stimuli)
{
    public const int MaxDays = 36_500;

    /// <summary>The applications a run with <paramref name="afterDays"/> would archive, oldest finish first (at most <paramref name="limit"/>), and how many in all.</summary>
    public async Task<(int Total, List<ArchiveCandidate> Items)> PreviewAsync(int afterDays, int limit, CancellationToken ct)
    {
        var candidates = Candidates(Cutoff(afterDays));
        var total = await candidates.CountAsync(ct);
        var items = await candidates.OrderBy(i => i.FinishedAt).ThenBy(i => i.Id).Take(limit)
            .Select(i => new ArchiveCandidate(i.Id, i.CorrelationId, i.Status, i.FinishedAt!.Value)).ToListAsync(ct);
        return (total, items);
    }

    /// <summary>Archives every candidate in batches of Archive:BatchSize, at most <paramref name="maxBatches"/> batches.</summary>
    public async Task<ArchiveRun> RunAsync(int afterDays, int maxBatches, CancellationToken ct)
    {
        var cutoff = Cutoff(afterDays);
        var run = new ArchiveRun(0, 0, 0, 0);
        while (run.Batches < maxBatches)
        {
            var batch = await BatchAsync(cutoff, afterDays, ct);
            if (batch is null) break;
            run = new ArchiveRun(run.Applications + batch.Applications, run.Batches + 1, run.JournalRows + batch.JournalRows, run.OutboxRows + batch.OutboxRows);
            db.ChangeTracker.Clear();
        }
        return run;
    }

    private DateTimeOffset Cutoff(int afterDays) => time.GetUtcNow().ToUniversalTime().AddDays(-afterDays);

    private IQueryable<InstanceRecord> Candidates(DateTimeOffset cutoff) =>
        db.Instances.AsNoTracking().Where(i => (i.Status == WorkflowStatus.Finished || i.Status == WorkflowStatus.Cancelled) && i.ArchivedAt == null && i.FinishedAt != null && i.FinishedAt < cutoff);

    private async Task<ArchiveRun?> BatchAsync(DateTimeOffset cutoff, int afterDays, CancellationToken ct)
    {
        await using var tx = await InstanceLocks.BeginAsync(db, stimuli.LockTimeout, ct);
        var size = Math.Max(1, options.BatchSize);
        List<string> ids;
        if (db.SupportsSkipLocked)
            ids = await db.Database.SqlQuery<string>($"""
                SELECT id AS "Value" FROM instances WHERE status IN ('Finished', 'Cancelled') AND archived_at IS NULL
                AND finished_at IS NOT NULL AND finished_at < {cutoff} ORDER BY finished_at, id LIMIT {size} FOR UPDATE SKIP LOCKED
                """).ToListAsync(ct);
        else ids = await Candidates(cutoff).OrderBy(i => i.FinishedAt).ThenBy(i => i.Id).Select(i => i.Id).Take(size).ToListAsync(ct);
        if (ids.Count == 0) return null;

        // The filing months of the batch name the journal partitions to read and delete in (PostgreSQL prunes to them).
        var months = await db.Instances.AsNoTracking().Where(i => ids.Contains(i.Id)).Select(i => i.Month).Distinct().ToListAsync(ct);
        var journal = await MoveAsync<JournalRecord, ArchivedJournalRecord>(ids, $"month IN ({string.Join(", ", months)})", ct);
        // Notification rows are the staff's notification list (never "delivered"); undelivered messages are still due.
        var outbox = await MoveAsync<OutboxRecord, ArchivedOutboxRecord>(ids, $"delivered_at IS NOT NULL AND channel <> '{OutboxChannels.Notification}'", ct);
        var now = time.GetUtcNow();
        await db.Instances.Where(i => ids.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.ArchivedAt, (DateTimeOffset?)now), ct);
        await audit.AppendAsync(db, AuditTrail.SystemChain, Actor.System, "applications.archived", $"{ids.Count} applications", null, new JsonObject
        {
            ["afterDays"] = afterDays,
            ["finishedBefore"] = cutoff.ToString("O"),
            ["applications"] = new JsonArray(ids.Select(id => (JsonNode)id).ToArray()),
            ["journalRows"] = journal,
            ["outboxRows"] = outbox,
        }, now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ArchiveRun(ids.Count, 1, journal, outbox);
    }

    /// <summary>
    /// Copies the rows of <typeparamref name="THot"/> belonging to <paramref name="ids"/> into the archive table by the
    /// archive type's explicit column list, then deletes them; the two counts must agree or the batch rolls back.
    /// </summary>
    private async Task<int> MoveAsync<THot, TArchive>(List<string> ids, string? condition, CancellationToken ct)
    {
        var (hot, archive, columns) = Tables<THot, TArchive>(db.Model);
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        // Ids go in as parameters ({0}..{n}); the table, column and condition text is ours.
        var where = $"instance_id IN ({string.Join(", ", ids.Select((_, n) => $"{{{n}}}"))})" + (condition is null ? "" : $" AND {condition}");
        var args = ids.Cast<object>().ToArray();
        var copy = $"INSERT INTO \"{archive}\" ({list}) SELECT {list} FROM \"{hot}\" WHERE {where}";
        var delete = $"DELETE FROM \"{hot}\" WHERE {where}";
        var copied = await db.Database.ExecuteSqlRawAsync(copy, args, ct);
        var deleted = await db.Database.ExecuteSqlRawAsync(delete, args, ct);
        if (copied != deleted) throw new InvalidOperationException($"Archiving {hot}: copied {copied} rows but deleted {deleted}; the batch is rolled back.");
        return copied;
    }

    /// <summary>The two tables and the archive's columns, each of which the hot table must have (the shapes may not drift apart).</summary>
    public static (string Hot, string Archive, List<string> Columns) Tables<THot, TArchive>(IModel model)
    {
        var hot = model.FindEntityType(typeof(THot))!;
        var archive = model.FindEntityType(typeof(TArchive))!;
        var hotColumns = hot.GetProperties().Select(p => p.GetColumnName()).ToHashSet();
        var columns = archive.GetProperties().Select(p => p.GetColumnName()).ToList();
        var missing = columns.Where(c => !hotColumns.Contains(c)).Concat(hotColumns.Where(c => !columns.Contains(c))).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"{archive.GetTableName()} and {hot.GetTableName()} differ in columns: {string.Join(", ", missing)}.");
        return (hot.GetTableName()!, archive.GetTableName()!, columns);
    }

    /// <summary>
    /// An application's journal, hot and archived lines together, as one query (order it by sequence). The filing month
    /// (<see cref="InstanceRecord.Month"/>) names the one journal partition PostgreSQL reads.
    /// </summary>
    public static IQueryable<JournalRecord> Journal(ApprovalDbContext db, string instanceId, int month)
    {
        var (hot, archive, columns) = Tables<JournalRecord, ArchivedJournalRecord>(db.Model);
        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        // Table and column names come from the model; the id is a parameter.
        var sql = $"SELECT {list} FROM \"{hot}\" WHERE instance_id = {{0}} AND month = {{1}} UNION ALL SELECT {list} FROM \"{archive}\" WHERE instance_id = {{0}}";
        return db.Journal.FromSqlRaw(sql, instanceId, month).AsNoTracking();
    }
}
