using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence.Notifications;
using ApprovalEngine.Persistence.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Notifications;

public static class NotificationsSetup
{
    /// <summary>Applicant SMS and e-mail: templates' options, the two outbox transports.</summary>
    public static void AddApplicantNotifications(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Notifications");
        builder.Services.AddSingleton(section.Get<NotificationOptions>() ?? new NotificationOptions());
        builder.Services.AddSingleton(section.GetSection("Sms").Get<SmsOptions>() ?? new SmsOptions());
        builder.Services.AddSingleton(section.GetSection("Email").Get<EmailOptions>() ?? new EmailOptions());
        builder.Services.AddHttpClient("sms");
        builder.Services.AddSingleton<IOutboxTransport, SmsGatewayTransport>();
        builder.Services.AddSingleton<IOutboxTransport, SmtpMailTransport>();
        builder.Services.AddSingleton<DevSmsSink>();
        // Evaluation and complaint limits (working days) and the department answering general complaints.
        builder.Services.AddSingleton(builder.Configuration.GetSection("Care").Get<Persistence.Evaluations.CareOptions>() ?? new Persistence.Evaluations.CareOptions());
    }

    /// <summary>
    /// Development only (where dev tokens are allowed): an SMS gateway stand-in at POST /api/dev/sms-sink that checks the
    /// signature like a real gateway and records each message once; admins read it at GET /api/dev/sms-sink.
    /// </summary>
    public static void MapDevSmsSink(this WebApplication app)
    {
        if (!Security.StartupSecrets.AllowsDevTokens(app.Environment)) return;
        var group = app.MapGroup("/api/dev/sms-sink").WithTags("Development");
        group.MapPost("", Receive).AllowAnonymous();
        group.MapGet("", List).RequireAuthorization(Policies.Admin);
    }

    public static async Task<Results<Ok<DevSmsSink.Message>, UnauthorizedHttpResult, BadRequest>> Receive(HttpRequest request, DevSmsSink sink, SmsOptions options, TimeProvider time)
    {
        var body = await new StreamReader(request.Body).ReadToEndAsync(request.HttpContext.RequestAborted);
        if (!SmsSignature.Verify(options.SigningSecret, request.Headers[SmsSignature.TimestampHeader], request.Headers[SmsSignature.NonceHeader],
                request.Headers[SmsSignature.SignatureHeader], body, time.GetUtcNow()))
            return TypedResults.Unauthorized();
        var json = JsonNode.Parse(body);
        var key = request.Headers[OutboxDispatcher.IdempotencyHeader].ToString();
        if (json?["phone"]?.GetValue<string>() is not { } phone || json["text"]?.GetValue<string>() is not { } text || key.Length == 0) return TypedResults.BadRequest();
        return TypedResults.Ok(sink.Record(key, phone, text, time.GetUtcNow()));
    }

    public static Ok<IReadOnlyList<DevSmsSink.Message>> List(DevSmsSink sink) => TypedResults.Ok(sink.Messages);
}

/// <summary>What the development SMS gateway received: each idempotency key once, newest first, at most 500.</summary>
public sealed class DevSmsSink
{
    public sealed record Message(string Key, string Phone, string Text, DateTimeOffset ReceivedAt, int Deliveries);

    private readonly ConcurrentDictionary<string, Message> _messages = new();

    public Message Record(string key, string phone, string text, DateTimeOffset at)
    {
        var message = _messages.AddOrUpdate(key, _ => new Message(key, phone, text, at, 1), (_, m) => m with { Deliveries = m.Deliveries + 1 });
        if (_messages.Count > 500)
            foreach (var old in _messages.Values.OrderBy(m => m.ReceivedAt).Take(_messages.Count - 500)) _messages.TryRemove(old.Key, out _);
        return message;
    }

    public IReadOnlyList<Message> Messages => [.. _messages.Values.OrderByDescending(m => m.ReceivedAt)];
}
