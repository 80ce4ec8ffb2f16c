using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Outbox;

namespace ApprovalEngine.Host.Notifications;

public sealed class SmsOptions
{
    /// <summary>
    /// The gateway's send endpoint; empty = SMS rows wait in the outbox (nothing is lost, nothing is sent). A path alone
    /// (<c>/api/dev/sms-sink</c>, the development default) is this host itself, on whatever address it listens on.
    /// </summary>
    public string GatewayUrl { get; set; } = "";
    /// <summary>HMAC-SHA256 key shared with the gateway (at least 32 bytes outside Development).</summary>
    public string SigningSecret { get; set; } = "";
    /// <summary>Our account at the gateway, sent as X-Sms-App-Id.</summary>
    public string AppId { get; set; } = "approvalengine";
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// The signature on every gateway request: HMAC-SHA256 over <c>timestamp + "\n" + nonce + "\n" + body</c> (UTF-8), lower-case
/// hex, in <c>X-Sms-Signature: sha256=&lt;hex&gt;</c>, with <c>X-Sms-Timestamp</c> (Unix seconds) and <c>X-Sms-Nonce</c> (32 hex).
/// A receiver recomputes it, rejects a timestamp more than 5 minutes off and a nonce it has seen, and de-duplicates
/// deliveries on <c>Idempotency-Key</c> (the same on every retry of one message; the nonce is new on each attempt).
/// </summary>
public static class SmsSignature
{
    public const string TimestampHeader = "X-Sms-Timestamp", NonceHeader = "X-Sms-Nonce", SignatureHeader = "X-Sms-Signature", AppIdHeader = "X-Sms-App-Id";
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static string Compute(string secret, string timestamp, string nonce, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n{body}")));

    /// <summary>Constant-time check of a received request's headers against its body.</summary>
    public static bool Verify(string secret, string? timestamp, string? nonce, string? signature, string body, DateTimeOffset now) =>
        long.TryParse(timestamp, out var seconds) && !string.IsNullOrEmpty(nonce) && signature is not null
        && (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() <= MaxSkew
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Compute(secret, timestamp!, nonce, body)), Encoding.ASCII.GetBytes(signature));
}

/// <summary>Sends outbox SMS rows to the configured HTTP gateway, one signed POST per attempt.</summary>
public sealed class SmsGatewayTransport(IHttpClientFactory http, SmsOptions options, TimeProvider time, Microsoft.AspNetCore.Hosting.Server.IServer server) : IOutboxTransport
{
    public string Channel => OutboxChannels.Sms;

    /// <summary>
    /// A gateway URL that is a path alone, resolved against the first address this host listens on (a wildcard host is
    /// reached on loopback); null while the host listens nowhere yet. An absolute URL is returned as it is.
    /// </summary>
    public static Uri? Resolve(string gatewayUrl, IEnumerable<string> listening)
    {
        if (!gatewayUrl.StartsWith('/')) return new Uri(gatewayUrl);
        var first = listening.FirstOrDefault();
        if (first is null) return null;
        var address = new UriBuilder(first.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (address.Host is "0.0.0.0" or "localhost") address.Host = "127.0.0.1";
        else if (address.Host is "[::]" or "::") address.Host = "[::1]";
        return new Uri(address.Uri, gatewayUrl);
    }

    public async Task<string?> SendAsync(OutboxRecord message, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(options.GatewayUrl)) return "no SMS gateway is configured (Notifications:Sms:GatewayUrl)";
        var gateway = Resolve(options.GatewayUrl,
            server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses ?? []);
        if (gateway is null) return "the SMS gateway is this host, which listens on no address yet";
        var payload = JsonNode.Parse(message.PayloadJson)!;
        var body = new JsonObject { ["messageId"] = message.IdempotencyKey, ["phone"] = message.Recipient, ["text"] = payload["text"]?.GetValue<string>() }.ToJsonString();
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add(SmsSignature.TimestampHeader, timestamp);
        request.Headers.Add(SmsSignature.NonceHeader, nonce);
        request.Headers.Add(SmsSignature.SignatureHeader, SmsSignature.Compute(options.SigningSecret, timestamp, nonce, body));
        request.Headers.Add(SmsSignature.AppIdHeader, options.AppId);
        request.Headers.Add(OutboxDispatcher.IdempotencyHeader, message.IdempotencyKey);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(options.Timeout);
        using var response = await http.CreateClient("sms").SendAsync(request, cts.Token);
        return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode} from the SMS gateway";
    }
}
