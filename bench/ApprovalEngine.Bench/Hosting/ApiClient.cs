using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Bench.Hosting;

public sealed record User(string Name, string Role, string? Department = null)
{
    public static readonly User Admin = new("admin-li", "admin");
    public static readonly User Designer = new("designer-xu", "designer");
    public static readonly User Clerk = new("clerk-zhang", "clerk");
    public static readonly User Auditor = new("auditor-qian", "auditor");
    public static readonly User Bureau = new("director-chen", "reviewer", "bureau");
    public static User Reviewer(string department) => new($"reviewer-{department}", "reviewer", department);
}

/// <summary>One timed exchange. Status is null when the request failed at the transport level.</summary>
public sealed record Reply(HttpStatusCode? Status, string Body, double Milliseconds)
{
    public bool Ok => Status is { } s && (int)s is >= 200 and < 300;
    public JsonNode Json => JsonNode.Parse(Body)!;
    public override string ToString() => $"{(Status is null ? "transport error" : ((int)Status).ToString())}: {(Body.Length > 300 ? Body[..300] : Body)}";
}

/// <summary>
/// A bounded HTTP client of one or more hosts (round robin): one SocketsHttpHandler per host whose connection limit
/// is the benchmark's concurrency, so the client never opens more sockets than it has requests in flight.
/// </summary>
public sealed class ApiClient : IDisposable
{
    private readonly HttpClient[] _hosts;
    private readonly ConcurrentDictionary<User, Task<string>> _tokens = new();
    private int _next = -1;

    public ApiClient(IReadOnlyList<Uri> hosts, int maxConnectionsPerHost)
    {
        _hosts = hosts.Select(h => new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnectionsPerHost,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            AutomaticDecompression = DecompressionMethods.None,
        })
        { BaseAddress = h, Timeout = TimeSpan.FromSeconds(120) }).ToArray();
    }

    public async Task<Reply> SendAsync(HttpMethod method, string path, User? user, object? body = null)
    {
        var token = user is null ? null : await TokenAsync(user);
        var http = _hosts[(int)((uint)Interlocked.Increment(ref _next) % (uint)_hosts.Length)];
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return new Reply(response.StatusCode, text, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new Reply(null, e.GetBaseException().Message, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    public Task<Reply> GetAsync(string path, User user) => SendAsync(HttpMethod.Get, path, user);
    public Task<Reply> PostAsync(string path, User user, object? body) => SendAsync(HttpMethod.Post, path, user, body ?? new { });

    public async Task<JsonNode> GetJsonAsync(string path, User user)
    {
        var reply = await GetAsync(path, user);
        return reply.Ok ? reply.Json : throw new HttpRequestException($"GET {path}: {reply}");
    }

    public async Task<JsonNode> PostJsonAsync(string path, User user, object? body)
    {
        var reply = await PostAsync(path, user, body);
        return reply.Ok ? reply.Json : throw new HttpRequestException($"POST {path}: {reply}");
    }

    /// <summary>Signs in once per user through the development token endpoint (tokens are not part of the measured work).</summary>
    public Task<string> TokenAsync(User user) => _tokens.GetOrAdd(user, async u =>
    {
        var reply = await SendAsync(HttpMethod.Post, "/api/dev/token", null, new { user = u.Name, roles = new[] { u.Role }, department = u.Department });
        return reply.Ok ? reply.Json["token"]!.GetValue<string>() : throw new HttpRequestException($"dev token for {u.Name}: {reply}");
    });

    public void Dispose()
    {
        foreach (var h in _hosts) h.Dispose();
    }
}
