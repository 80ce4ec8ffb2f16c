using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Live;
using ApprovalEngine.Persistence.Organisation;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Live;

public sealed class LiveOptions
{
    /// <summary>How often each host reads the change feed (one loop per host, whatever the number of subscribers).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A comment line this often keeps proxies from closing an idle stream.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(15);
    /// <summary>Feed rows kept; older ones are deleted (subscribers only ever need the newest).</summary>
    public int Keep { get; set; } = 100_000;
}

/// <summary>The subscribers of this host: each open GET /api/events gets its own bounded queue of the events it may see.</summary>
public sealed class LiveEventHub
{
    private readonly ConcurrentDictionary<Guid, (Func<LiveEventRecord, bool> Filter, Channel<LiveEventRecord> Queue)> _subscribers = new();

    public int Count => _subscribers.Count;

    public (ChannelReader<LiveEventRecord> Reader, IDisposable Subscription) Subscribe(Func<LiveEventRecord, bool> filter)
    {
        var id = Guid.NewGuid();
        // A slow reader loses its oldest events, never the host's memory; the pages reload their lists on any event anyway.
        var queue = Channel.CreateBounded<LiveEventRecord>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _subscribers[id] = (filter, queue);
        return (queue.Reader, new Unsubscribe(() => _subscribers.TryRemove(id, out _)));
    }

    public void Publish(LiveEventRecord e)
    {
        foreach (var (filter, queue) in _subscribers.Values)
            if (filter(e)) queue.Writer.TryWrite(e);
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>
/// Reads the database's change feed (live_events, written in each change's own transaction) and fans it out to this
/// host's subscribers. Every replica runs one, so an event written through any replica reaches subscribers of all.
/// </summary>
public sealed class LiveEventFeed(IServiceScopeFactory scopes, LiveEventHub hub, LiveOptions options, TimeProvider time, ILogger<LiveEventFeed> logger) : BackgroundService
{
    // Ids are handed out before commit: a transaction can commit after a later id was read. Re-reading the last
    // Lookback ids (and skipping those delivered) catches such a late row.
    private const int Lookback = 200;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HashSet<long> _delivered = [];
    private long? _cursor;
    private int _polls;

    /// <summary>One read of the feed: publishes rows not delivered yet. The first read only finds where the feed ends (no replay).</summary>
    public async Task PollOnceAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
            if (_cursor is not { } cursor)
            {
                _cursor = await db.LiveEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
                return;
            }
            var rows = await db.LiveEvents.AsNoTracking().Where(e => e.Id > cursor - Lookback).OrderBy(e => e.Id).Take(1000).ToListAsync(ct);
            foreach (var row in rows)
                if (row.Id > cursor || !_delivered.Contains(row.Id))
                {
                    if (_delivered.Add(row.Id)) hub.Publish(row);
                }
            if (rows.Count > 0) _cursor = Math.Max(cursor, rows[^1].Id);
            _delivered.RemoveWhere(id => id <= _cursor - Lookback);
            if (++_polls % 600 == 0)
            {
                var floor = _cursor.Value - options.Keep;
                await db.LiveEvents.Where(e => e.Id < floor).ExecuteDeleteAsync(ct);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.PollInterval <= TimeSpan.Zero) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await PollOnceAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Reading the live event feed failed; retrying"); }
            try { await Task.Delay(options.PollInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}

/// <summary>GET /api/events: server-sent events of task changes and notifications for the caller's department (admins and auditors: all).</summary>
public static class EventsApi
{
    public const string Path = "/api/events";

    public static void AddLiveEvents(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Live").Get<LiveOptions>() ?? new LiveOptions();
        Platform.Intervals.Check("Live:PollInterval", options.PollInterval, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(10), zeroTurnsOff: true);
        Platform.Intervals.Check("Live:Heartbeat", options.Heartbeat, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<LiveEventHub>();
        builder.Services.AddSingleton<LiveEventFeed>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveEventFeed>());
    }

    public static void MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet(Path, Stream).WithTags("Live").RequireAuthorization(Policies.Staff).Produces(200, contentType: "text/event-stream")
            .WithMetadata(NoAdmissionLine.Instance);

    /// <summary>
    /// Whether an event may go to this caller: tasks of the departments they work for, notifications to those or their
    /// heads. Asked per event, not fixed at subscription: a stand-in that starts or ends while the stream is open (the
    /// directory's day) changes what it carries, as it changes the caller's inboxes.
    /// </summary>
    public static Func<LiveEventRecord, bool> FilterFor(Actor actor, OrganisationDirectory organisation, TimeProvider time)
    {
        if (Persistence.Access.ApplicationAccess.SeesAll(actor)) return _ => true;
        return e =>
        {
            var audience = e.Kind == LiveEventKinds.Notification && e.Audience.StartsWith("head:", StringComparison.Ordinal) ? e.Audience["head:".Length..] : e.Audience;
            return organisation.WorkingDepartments(actor, time.GetUtcNow()).Contains(audience, StringComparer.OrdinalIgnoreCase);
        };
    }

    public static async Task Stream(HttpContext http, LiveEventHub hub, LiveOptions options, OrganisationDirectory organisation, TimeProvider time, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        Persistence.Access.ApplicationAccess.RequireDepartment(actor);
        var (reader, subscription) = hub.Subscribe(FilterFor(actor, organisation, time));
        using var _ = subscription;
        http.Response.ContentType = "text/event-stream; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        // nginx and similar proxies buffer responses unless told not to.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        await Write(http, "retry: 5000\n: connected\n\n", ct);
        Task<bool>? waiting = null;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                waiting ??= reader.WaitToReadAsync(ct).AsTask();
                var beat = Task.Delay(options.Heartbeat, time, ct);
                if (await Task.WhenAny(waiting, beat) != waiting)
                {
                    await Write(http, ": heartbeat\n\n", ct);
                    continue;
                }
                if (!await waiting) break;
                waiting = null;
                var text = new StringBuilder();
                while (reader.TryRead(out var e))
                    text.Append("id: ").Append(e.Id).Append("\nevent: ").Append(e.Kind).Append("\ndata: ").Append(e.DataJson).Append("\n\n");
                await Write(http, text.ToString(), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    private static async Task Write(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
