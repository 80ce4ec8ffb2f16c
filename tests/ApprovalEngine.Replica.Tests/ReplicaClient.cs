using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Replica.Tests;

public sealed record User(string Name, string Role, string? Department = null)
{
    public static readonly User Admin = new("admin-li", "admin");
    public static readonly User Designer = new("designer-xu", "designer");
    public static readonly User Clerk = new("clerk-zhang", "clerk");
    public static readonly User Bureau = new("director-chen", "reviewer", "bureau");
    public static User Reviewer(string department) => new($"reviewer-{department}", "reviewer", department);
}

/// <summary>One HTTP exchange; <see cref="Status"/> is null when the connection failed and the outcome is unknown.</summary>
public sealed record Reply(HttpStatusCode? Status, string Body, int Host)
{
    public bool Lost => Status is null;
    public JsonNode Json => JsonNode.Parse(Body)!;
    public override string ToString() => $"{(Status is null ? "connection failed" : $"{(int)Status} {Status}")} from host #{Host}: {Body}";
}

/// <summary>
/// A client of several replicas, as a load balancer without sticky sessions spreads it: each request goes to one
/// replica (round robin, or the one a test pins). It never retries a non-idempotent request by itself: after a lost
/// connection the outcome is unknown, and only the caller knows how to find out whether its change happened.
/// </summary>
public sealed class ReplicaClient(IReadOnlyList<Uri> hosts) : IDisposable
{
    // A timed-out request counts as lost, and a lost start is looked up by correlation id before it is repeated: the
    // timeout must be far above the slowest honest answer (seconds on a loaded 2-core machine), or a request still
    // being processed would be repeated.
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(60),
    };
    private readonly ConcurrentDictionary<User, Task<string>> _tokens = new();
    private int _next = -1;
    private int _lost;

    public int HostCount => hosts.Count;
    /// <summary>Requests whose connection failed (refused, reset or timed out): the replica was down or died mid-request.</summary>
    public int LostRequests => Volatile.Read(ref _lost);

    public int NextHost() => (int)((uint)Interlocked.Increment(ref _next) % (uint)hosts.Count);

    public async Task<Reply> SendOnceAsync(HttpMethod method, string path, User? user, int host, Func<HttpContent?>? content = null, CancellationToken ct = default)
    {
        var token = user is null ? null : await TokenAsync(user, ct);
        using var request = new HttpRequestMessage(method, new Uri(hosts[host], path)) { Content = content?.Invoke() };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            return new Reply(response.StatusCode, await response.Content.ReadAsStringAsync(ct), host);
        }
        // A SocketException can escape SocketsHttpHandler unwrapped: connecting to a replica being killed or restarted once
        // threw "Transport endpoint is not connected" from reading the new connection's remote end point. It is a lost
        // connection like the others.
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            Interlocked.Increment(ref _lost);
            return new Reply(null, e.GetBaseException().Message, host);
        }
    }

    public Task<Reply> PostJsonAsync(string path, User user, object body, int host, CancellationToken ct = default) =>
        SendOnceAsync(HttpMethod.Post, path, user, host, () => JsonContent.Create(body), ct);

    /// <summary>For requests that are safe to repeat (reads, token issue): on a lost connection, the next replica is asked.</summary>
    public async Task<Reply> IdempotentAsync(HttpMethod method, string path, User? user, Func<HttpContent?>? content = null, CancellationToken ct = default)
    {
        var host = NextHost();
        Reply reply = null!;
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            reply = await SendOnceAsync(method, path, user, host, content, ct);
            if (!reply.Lost) return reply;
            host = (host + 1) % hosts.Count;
            await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), ct);
        }
        throw new HttpRequestException($"{method} {path} failed on every replica 20 times; last: {reply}");
    }

    public async Task<JsonNode> GetJsonAsync(string path, User user, CancellationToken ct = default)
    {
        var reply = await IdempotentAsync(HttpMethod.Get, path, user, ct: ct);
        return reply.Status == HttpStatusCode.OK ? reply.Json : throw new HttpRequestException($"GET {path}: {reply}");
    }

    /// <summary>Signs in through the development token endpoint once per user; tokens are valid on every replica (shared key).</summary>
    private Task<string> TokenAsync(User user, CancellationToken ct) => _tokens.GetOrAdd(user, async u =>
    {
        var reply = await IdempotentAsync(HttpMethod.Post, "/api/dev/token", null,
            () => JsonContent.Create(new { user = u.Name, roles = new[] { u.Role }, department = u.Department }), ct);
        return reply.Status == HttpStatusCode.OK ? reply.Json["token"]!.GetValue<string>() : throw new HttpRequestException($"dev token for {u.Name}: {reply}");
    });

    public void Dispose() => _http.Dispose();
}
