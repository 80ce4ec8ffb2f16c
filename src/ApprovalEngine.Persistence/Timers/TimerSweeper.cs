using ApprovalEngine.Persistence.Instances;
using System.Diagnostics;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApprovalEngine.Persistence.Timers;

public sealed class TimerOptions
{
    /// <summary>How often a host looks for due timers.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>How long a claim is exclusive; a host that dies holding it releases it by expiry.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);
    public int BatchSize { get; set; } = 100;
    /// <summary>
    /// Bookmark timers of distinct instances fired together in one transaction (1 fires each in its own). A batch that
    /// fails as a whole is fired again one timer at a time, so one bad timer costs its batch a retry, not a firing.
    /// </summary>
    public int FireBatchSize { get; set; } = 50;
    /// <summary>Identifies this host in <see cref="TimerRecord.LockedBy"/>.</summary>
    public string HostId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}

/// <summary>Handles a non-bookmark timer kind (statutory deadline warnings, outbox retries...).</summary>
public interface ITimerHandler
{
    string Kind { get; }
    Task HandleAsync(IServiceProvider services, TimerRecord timer, CancellationToken ct);
}

/// <summary>
/// Fires due durable timers. Claiming is a lease written in the database (FOR UPDATE SKIP LOCKED on PostgreSQL),
/// and firing a bookmark timer is an ordinary resume whose transaction deletes the timer row, so with several
/// replicas each timer fires once: a second claimant after a lease expiry finds the bookmark gone.
/// </summary>
public sealed class TimerSweeper(IServiceScopeFactory scopes, TimeProvider time, TimerOptions options, ILogger<TimerSweeper> logger)
{
    /// <summary>Fires everything due now, batch after batch; returns how many timers fired.</summary>
    public async Task<int> FireDueAsync(CancellationToken ct = default)
    {
        var fired = 0;
        while (!ct.IsCancellationRequested)
        {
            var claimed = await ClaimAsync(ct);
            if (claimed.Count == 0) break;
            var (batchable, single) = Batchable(claimed);
            foreach (var batch in batchable.Chunk(Math.Max(1, options.FireBatchSize)))
            {
                if (batch.Length > 1 && await FireBatchAsync(batch, ct)) fired += batch.Length;
                else single.AddRange(batch);
            }
            foreach (var timer in single)
                if (await FireAsync(timer, ct)) fired++;
        }
        return fired;
    }

    /// <summary>Bookmark timers, one per instance, can share a transaction; the rest (other kinds, an instance's second timer) fire alone.</summary>
    private static (List<TimerRecord> Batchable, List<TimerRecord> Single) Batchable(List<TimerRecord> claimed)
    {
        var instances = new HashSet<string>();
        var batchable = new List<TimerRecord>();
        var single = new List<TimerRecord>();
        foreach (var t in claimed)
            (t.Kind == TimerKinds.Bookmark && t.BookmarkId is not null && instances.Add(t.InstanceId) ? batchable : single).Add(t);
        return (batchable, single);
    }

    /// <summary>Fires bookmark timers of distinct instances as one transaction; false (nothing changed) when the batch failed.</summary>
    private async Task<bool> FireBatchAsync(TimerRecord[] timers, CancellationToken ct)
    {
        using var span = EngineTelemetry.Source.StartActivity("timer fire-batch");
        span?.SetTag("approvalengine.batch.size", timers.Length);
        using var scope = scopes.CreateScope();
        try
        {
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            await runtime.ResumeManyAsync(timers.Select(t => new WorkflowRuntime.BookmarkResume(t.InstanceId, t.BookmarkId!,
                t.PayloadJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(t.PayloadJson))).ToList(), Actor.Timer, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogInformation("A batch of {Count} timers failed as a whole ({Reason}); firing them one at a time", timers.Length, e.Message);
            span?.SetTag(EngineTelemetry.OutcomeTag, "retried");
            return false;
        }
        var now = time.GetUtcNow();
        foreach (var timer in timers)
        {
            var lag = Math.Max(0, (now - timer.DueAt).TotalSeconds);
            EngineTelemetry.TimerLag.Record(lag, new KeyValuePair<string, object?>("kind", timer.Kind));
            EngineTelemetry.TimersFired.Add(1, new KeyValuePair<string, object?>("kind", timer.Kind), new KeyValuePair<string, object?>("outcome", "fired"));
            logger.LogInformation("Timer {TimerId} ({Kind}) of instance {InstanceId} fired", timer.Id, timer.Kind, timer.InstanceId);
        }
        span?.SetTag(EngineTelemetry.OutcomeTag, "fired");
        return true;
    }

    private async Task<List<TimerRecord>> ClaimAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var now = time.GetUtcNow();
        var leaseUntil = now + options.Lease;
        if (!db.SupportsSkipLocked)
        {
            // SQLite: one UPDATE claims the batch atomically (a read-then-write transaction could lose its snapshot to
            // a concurrent writer); the claimed rows are then read back by this host's lease.
            var token = Guid.NewGuid().ToString("N");
            await db.Timers.Where(t => t.DueAt <= now && (t.LockedUntil == null || t.LockedUntil < now)).OrderBy(t => t.DueAt).Take(options.BatchSize)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LockedUntil, leaseUntil).SetProperty(t => t.LockedBy, token)
                    .SetProperty(t => t.Attempts, t => t.Attempts + 1), ct);
            return await db.Timers.AsNoTracking().Where(t => t.LockedBy == token).ToListAsync(ct);
        }
        // PostgreSQL: one statement picks the due rows no other host holds (SKIP LOCKED) and leases them.
        var claimed = await db.Timers.FromSql($"""
            UPDATE timers SET locked_until = {leaseUntil}, locked_by = {options.HostId}, attempts = attempts + 1
            WHERE id IN (SELECT id FROM timers
                         WHERE due_at <= {now} AND (locked_until IS NULL OR locked_until < {now})
                         ORDER BY due_at LIMIT {options.BatchSize}
                         FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(ct);
        return claimed.OrderBy(t => t.DueAt).ToList();
    }

    private async Task<bool> FireAsync(TimerRecord timer, CancellationToken ct)
    {
        using var span = EngineTelemetry.Source.StartActivity("timer fire");
        span?.SetTag("approvalengine.timer.id", timer.Id);
        span?.SetTag("approvalengine.timer.kind", timer.Kind);
        span?.SetTag(EngineTelemetry.InstanceTag, timer.InstanceId);
        var lag = Math.Max(0, (time.GetUtcNow() - timer.DueAt).TotalSeconds);
        span?.SetTag("approvalengine.timer.lag_seconds", lag);
        EngineTelemetry.TimerLag.Record(lag, new KeyValuePair<string, object?>("kind", timer.Kind));
        var outcome = "failed";
        using var scope = scopes.CreateScope();
        try
        {
            if (timer.Kind == TimerKinds.Bookmark)
            {
                var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
                // A child workflow's end carries its result (ExecuteWorkflow); a plain timer carries nothing.
                var payload = timer.PayloadJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(timer.PayloadJson);
                await runtime.ResumeAsync(timer.InstanceId, timer.BookmarkId!, payload, Actor.Timer, ct);
            }
            else
            {
                var handler = scope.ServiceProvider.GetServices<ITimerHandler>().SingleOrDefault(h => h.Kind == timer.Kind)
                              ?? throw new InvalidOperationException($"No handler for timer kind '{timer.Kind}'.");
                await handler.HandleAsync(scope.ServiceProvider, timer, ct);
            }
            logger.LogInformation("Timer {TimerId} ({Kind}) of instance {InstanceId} fired", timer.Id, timer.Kind, timer.InstanceId);
            outcome = "fired";
            return true;
        }
        catch (ConflictException e)
        {
            // Already fired elsewhere, or the instance ended: the timer has nothing left to do.
            logger.LogInformation("Timer {TimerId} of instance {InstanceId} is obsolete: {Reason}", timer.Id, timer.InstanceId, e.Message);
            await DeleteAsync(scope.ServiceProvider, timer.Id, ct);
            outcome = "obsolete";
            return false;
        }
        catch (RecurringTriggers.LeaseLostException e)
        {
            logger.LogInformation("Timer {TimerId}: {Reason}", timer.Id, e.Message);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Left claimed: it is retried when the lease expires, so a transient failure does not lose it.
            logger.LogError(e, "Timer {TimerId} of instance {InstanceId} failed (attempt {Attempt})", timer.Id, timer.InstanceId, timer.Attempts);
            span?.SetStatus(ActivityStatusCode.Error, e.Message);
            return false;
        }
        finally
        {
            span?.SetTag(EngineTelemetry.OutcomeTag, outcome);
            EngineTelemetry.TimersFired.Add(1, new KeyValuePair<string, object?>("kind", timer.Kind), new KeyValuePair<string, object?>("outcome", outcome));
        }
    }

    private static Task DeleteAsync(IServiceProvider services, string timerId, CancellationToken ct) =>
        services.GetRequiredService<ApprovalDbContext>().Timers.Where(t => t.Id == timerId).ExecuteDeleteAsync(ct);
}
