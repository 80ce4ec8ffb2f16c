using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Tests;
using Npgsql;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>
/// PostgreSQL becomes unreachable under a running host (a TCP relay between them is cut: refused connections, broken
/// pooled ones, as when the server or the network goes down) and comes back: 503 with Retry-After meanwhile, then
/// normal answers again without restarting the host.
/// </summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private TcpRelay _relay = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        var target = new NpgsqlConnectionStringBuilder((await TestDatabases.CreateAsync(DatabaseProvider.Postgres)).ConnectionString);
        _relay = TcpRelay.Start(target.Host!, target.Port);
        var relayed = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = _relay.Port, Timeout = 3 };
        _api = new ApiFactory(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = relayed.ConnectionString });
        _ = _api.Server;
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _relay.Dispose();
    }

    [Fact]
    public async Task DatabaseDown_503WithRetryAfter_ThenRecoversWithoutRestart()
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        Assert.Equal(HttpStatusCode.OK, (await clerk.GetAsync("/api/instances")).StatusCode);

        _relay.Cut();
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
                 {
                     () => clerk.GetAsync("/api/instances"),
                     () => clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "DOWN-1" }),
                     () => clerk.GetAsync("/api/tasks"),
                 })
        {
            var response = await request();
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {body}");
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("database.unavailable", JsonNode.Parse(body)!["code"]!.GetValue<string>());
        }

        _relay.Resume();
        // Pooled connections died with the relay: each is found broken once (503) and replaced, then all is normal.
        var answers = new List<(HttpStatusCode Status, string Body)>();
        for (var attempt = 0; attempt < 20 && answers.LastOrDefault().Status != HttpStatusCode.Created; attempt++)
        {
            var response = await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "UP-1" });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }
        Assert.Equal(HttpStatusCode.Created, answers.Last().Status);
        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{(int)a.Status}: {a.Body}"));
        var list = await clerk.GetFromJsonAsync<JsonObject>("/api/instances");
        Assert.Equal(["UP-1"], list!["items"]!.AsArray().Select(i => i!["correlationId"]!.GetValue<string>()));
    }
}

/// <summary>A TCP relay on a fixed loopback port that can be cut (listener closed, live connections reset) and resumed.</summary>
public sealed class TcpRelay : IDisposable
{
    private readonly string _host;
    private readonly int _targetPort;
    private readonly List<TcpClient> _open = [];
    private TcpListener? _listener;

    private TcpRelay(string host, int targetPort, int port)
    {
        _host = host;
        _targetPort = targetPort;
        Port = port;
    }

    public int Port { get; }

    public static TcpRelay Start(string host, int targetPort)
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var relay = new TcpRelay(host, targetPort, port);
        relay.Resume();
        return relay;
    }

    public void Resume()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open)
            {
                // A pump that already ended has disposed its pair (Client is then null): nothing left to reset.
                try { if (client.Client is { } socket) socket.LingerState = new LingerOption(true, 0); } // RST, as a dead server's host answers
                catch (ObjectDisposedException) { }
                client.Dispose();
            }
            _open.Clear();
        }
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient inbound;
            try { inbound = await listener.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            var outbound = new TcpClient();
            try { await outbound.ConnectAsync(_host, _targetPort); }
            catch (SocketException) { inbound.Dispose(); outbound.Dispose(); continue; }
            lock (_open) _open.AddRange([inbound, outbound]);
            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException) { }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }

    public void Dispose() => Cut();
}
