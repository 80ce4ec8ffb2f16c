using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ApprovalEngine.Host.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApprovalEngine.Host.Tests.Notifications;

/// <summary>An SMS gateway on loopback: verifies the HMAC signature as the gateway would, answers 500 to the first N requests.</summary>
public sealed class SmsGatewayReceiver : IAsyncDisposable
{
    public const string Secret = "test-sms-gateway-signing-secret-0123456789";
    private readonly WebApplication _app;
    private int _failuresLeft;

    public sealed record Delivery(string Body, string? IdempotencyKey, bool SignatureValid, int Status);

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();
    public string Url { get; private set; } = "";

    private SmsGatewayReceiver(int failFirst, TimeProvider time)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/send", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var valid = SmsSignature.Verify(Secret, http.Request.Headers[SmsSignature.TimestampHeader], http.Request.Headers[SmsSignature.NonceHeader],
                http.Request.Headers[SmsSignature.SignatureHeader], body, time.GetUtcNow());
            var status = !valid ? 401 : Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
            Deliveries.Enqueue(new Delivery(body, http.Request.Headers["Idempotency-Key"], valid, status));
            return Results.StatusCode(status);
        });
    }

    public static async Task<SmsGatewayReceiver> StartAsync(TimeProvider time, int failFirst)
    {
        var receiver = new SmsGatewayReceiver(failFirst, time);
        await receiver._app.StartAsync();
        receiver.Url = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/send";
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>
/// A minimal SMTP server on loopback (EHLO, MAIL, RCPT, DATA, QUIT): keeps every accepted message's raw text, and
/// answers 451 (try again later) to the MAIL command of the first N sessions.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private int _failuresLeft;
    private Task _loop = Task.CompletedTask;

    public ConcurrentQueue<string> Messages { get; } = new();
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static SmtpSink Start(int failFirst)
    {
        var sink = new SmtpSink { _failuresLeft = failFirst };
        sink._listener.Start();
        sink._loop = sink.AcceptLoopAsync();
        return sink;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 localhost test SMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var command = line.Split(' ')[0].ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-localhost");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "MAIL":
                    await writer.WriteLineAsync(Interlocked.Decrement(ref _failuresLeft) >= 0 ? "451 4.3.0 Try again later" : "250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } d && d != ".") data.AppendLine(d.StartsWith("..") ? d[1..] : d);
                    Messages.Enqueue(data.ToString());
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 Bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
    }
}
