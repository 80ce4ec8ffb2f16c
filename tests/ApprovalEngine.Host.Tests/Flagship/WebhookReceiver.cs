using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApprovalEngine.Host.Tests.Flagship;

/// <summary>A supervising department's webhook endpoint on loopback: records every delivery, fails the first N.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    public sealed record Delivery(string Path, string Body, string? Signature, string? IdempotencyKey, int Status);

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();
    public string BaseUrl { get; private set; } = "";

    private WebhookReceiver(int failFirst)
    {
        _failuresLeft = failFirst;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapPost("/{department}", async (HttpContext http) =>
        {
            var body = await new StreamReader(http.Request.Body).ReadToEndAsync();
            var status = Interlocked.Decrement(ref _failuresLeft) >= 0 ? 500 : 200;
            Deliveries.Enqueue(new Delivery(http.Request.Path, body, http.Request.Headers["X-ApprovalEngine-Signature"], http.Request.Headers["Idempotency-Key"], status));
            return Results.StatusCode(status);
        });
    }

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var receiver = new WebhookReceiver(failFirst);
        await receiver._app.StartAsync();
        receiver.BaseUrl = receiver._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
