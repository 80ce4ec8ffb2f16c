using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApprovalEngine.Persistence.Outbox;

public sealed class WebhookOptions
{
    /// <summary>Department code -> URL that receives its pushes.</summary>
    public Dictionary<string, string> Urls { get; set; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>HMAC-SHA256 key for the X-ApprovalEngine-Signature header; receivers verify with the same key.</summary>
    public string SigningSecret { get; set; } = "";
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    public int MaxAttempts { get; set; } = 20;
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
    public string HostId { get; set; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
}

/// <summary>
/// Delivers webhook messages from the outbox: claimed with a lease (as timers are), POSTed with an HMAC signature
/// and an idempotency key, retried with exponential back-off. Delivery is at-least-once; the key lets the receiver
/// make it exactly-once.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, IHttpClientFactory http, WebhookOptions options, TimeProvider time, ILogger<OutboxDispatcher> logger,
    IEnumerable<IOutboxTransport> transports)
{
    public const string SignatureHeader = "X-ApprovalEngine-Signature";
    public const string IdempotencyHeader = "Idempotency-Key";

    private const int BatchSize = 100;
    private const int ParallelDeliveries = 8;

    /// <summary>Attempts every due message once (batch after batch, a few at a time); returns how many were delivered.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var delivered = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await ClaimAsync(ct);
            // Outcomes are written a round of deliveries at a time (one UPDATE for all delivered, one per failure): a message
            // per statement and commit cost PostgreSQL as much as the stimulus that queued it. A round takes at most two
            // timeouts, far inside the lease, so no other replica takes a message whose outcome is not yet written.
            foreach (var round in batch.Chunk(2 * ParallelDeliveries))
            {
                var outcomes = new ConcurrentQueue<(OutboxRecord Message, string? Error)>();
                try
                {
                    await Parallel.ForEachAsync(round, new ParallelOptions { MaxDegreeOfParallelism = ParallelDeliveries, CancellationToken = ct }, async (message, token) =>
                        outcomes.Enqueue((message, await DeliverAsync(message, token))));
                }
                // What was sent before a shutdown is written even so: it is not sent again when the lease runs out.
                finally { delivered += await RecordAsync(outcomes, CancellationToken.None); }
            }
            // A short batch means nothing more is due; a failed message is not due again until its back-off passes.
            if (batch.Count < BatchSize) break;
        }
        return delivered;
    }

    // Webhooks plus every channel a transport is registered for (applicant SMS and e-mail); notification rows are never "delivered".
    private readonly string[] _channels = [OutboxChannels.Webhook, .. transports.Select(t => t.Channel)];

    private async Task<List<OutboxRecord>> ClaimAsync(CancellationToken ct)
    {
        var channels = _channels;
        // A push to a department without a configured URL waits, untried, until one is configured: trying it only used up
        // its attempts (a warning each), and once given up it was never delivered even after the URL was added.
        var receivers = options.Urls.Keys.ToArray();
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var now = time.GetUtcNow();
        if (!db.SupportsSkipLocked)
        {
            // SQLite: claim with one UPDATE, then read back by the claim token (see TimerSweeper).
            var token = Guid.NewGuid().ToString("N");
            await db.Outbox.Where(o => channels.Contains(o.Channel) && (o.Channel != OutboxChannels.Webhook || receivers.Contains(o.Recipient))
                                       && o.DeliveredAt == null && o.NextAttemptAt <= now
                                       && o.Attempts < options.MaxAttempts && (o.LockedUntil == null || o.LockedUntil < now))
                .OrderBy(o => o.NextAttemptAt).Take(BatchSize)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, now + options.Lease).SetProperty(o => o.LockedBy, token), ct);
            return await db.Outbox.AsNoTracking().Where(o => o.LockedBy == token).ToListAsync(ct);
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.Outbox.FromSql($"""
            SELECT * FROM outbox WHERE channel = ANY({channels}) AND (channel <> {OutboxChannels.Webhook} OR recipient = ANY({receivers}))
            AND delivered_at IS NULL AND next_attempt_at <= {now}
            AND attempts < {options.MaxAttempts} AND (locked_until IS NULL OR locked_until < {now})
            ORDER BY next_attempt_at LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var message in due)
        {
            message.LockedUntil = now + options.Lease;
            message.LockedBy = options.HostId;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return due;
    }

    /// <summary>One attempt; returns null when the receiver took the message, else the reason (nothing is written here).</summary>
    private async Task<string?> DeliverAsync(OutboxRecord message, CancellationToken ct)
    {
        using var span = EngineTelemetry.Source.StartActivity("outbox deliver", ActivityKind.Producer);
        span?.SetTag("approvalengine.outbox.id", message.Id);
        span?.SetTag("approvalengine.outbox.recipient", message.Recipient);
        span?.SetTag("approvalengine.outbox.topic", message.Topic);
        span?.SetTag("approvalengine.outbox.attempt", message.Attempts + 1);
        if (message.InstanceId is not null) span?.SetTag(EngineTelemetry.InstanceTag, message.InstanceId);
        string? error = null;
        if (message.Channel != OutboxChannels.Webhook)
        {
            var transport = transports.First(t => t.Channel == message.Channel);
            try { error = await transport.SendAsync(message, ct); }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested) { error = $"{e.GetType().Name}: {e.Message}"; }
        }
        else if (!options.Urls.TryGetValue(message.Recipient, out var url))
            error = $"no webhook URL is configured for department '{message.Recipient}' (Supervision:Webhooks:Urls)"; // removed since it was claimed
        else
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(message.PayloadJson, Encoding.UTF8, "application/json") };
                request.Headers.Add(IdempotencyHeader, message.IdempotencyKey);
                request.Headers.Add(SignatureHeader, "sha256=" + Sign(message.PayloadJson));
                request.Headers.Add("X-ApprovalEngine-Topic", message.Topic);
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(options.Timeout);
                using var response = await http.CreateClient("webhooks").SendAsync(request, cts.Token);
                if (!response.IsSuccessStatusCode) error = $"HTTP {(int)response.StatusCode} from {url}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { error = $"{e.GetType().Name}: {e.Message}"; }
        }

        var outcome = error is null ? "delivered" : "failed";
        span?.SetTag(EngineTelemetry.OutcomeTag, outcome);
        if (error is not null) span?.SetStatus(ActivityStatusCode.Error, error);
        EngineTelemetry.OutboxDeliveries.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("recipient", message.Recipient));
        return error;
    }

    /// <summary>Writes a round's outcomes and releases its leases; returns how many were delivered.</summary>
    private async Task<int> RecordAsync(IReadOnlyCollection<(OutboxRecord Message, string? Error)> outcomes, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var now = time.GetUtcNow();
        var delivered = outcomes.Where(o => o.Error is null).Select(o => o.Message).ToList();
        var ids = delivered.Select(m => m.Id).ToList();
        if (ids.Count > 0)
            await db.Outbox.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Attempts, o => o.Attempts + 1).SetProperty(o => o.DeliveredAt, now).SetProperty(o => o.LastError, (string?)null)
                .SetProperty(o => o.LockedUntil, (DateTimeOffset?)null).SetProperty(o => o.LockedBy, (string?)null), ct);
        foreach (var message in delivered)
            logger.LogInformation("Delivered {Topic} {IdempotencyKey} to {Recipient} (attempt {Attempt})", message.Topic, message.IdempotencyKey, message.Recipient, message.Attempts + 1);
        foreach (var (message, error) in outcomes.Where(o => o.Error is not null))
        {
            // The claimed copy's attempts are the row's: the lease kept everyone else off it.
            var attempts = message.Attempts + 1;
            var delay = TimeSpan.FromTicks(Math.Min(options.MaxRetryDelay.Ticks, options.FirstRetryDelay.Ticks * (1L << Math.Min(attempts - 1, 20))));
            var next = now + delay;
            var id = message.Id;
            await db.Outbox.Where(o => o.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(o => o.Attempts, attempts).SetProperty(o => o.NextAttemptAt, next).SetProperty(o => o.LastError, error)
                .SetProperty(o => o.LockedUntil, (DateTimeOffset?)null).SetProperty(o => o.LockedBy, (string?)null), ct);
            logger.LogWarning("Delivery of {Topic} {IdempotencyKey} to {Recipient} failed (attempt {Attempt}): {Error}; next try at {NextAttemptAt}",
                message.Topic, message.IdempotencyKey, message.Recipient, attempts, error, next);
        }
        return ids.Count;
    }

    public string Sign(string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.SigningSecret), Encoding.UTF8.GetBytes(body)));
}

/// <summary>Delivers outbox rows of one channel (SMS, e-mail) with the dispatcher's leases and back-off.</summary>
public interface IOutboxTransport
{
    string Channel { get; }
    /// <summary>Sends the message once; returns null when the receiver took it, else the reason (the row is retried later).</summary>
    Task<string?> SendAsync(OutboxRecord message, CancellationToken ct);
}
