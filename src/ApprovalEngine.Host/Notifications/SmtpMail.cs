using System.Text.Json.Nodes;
using ApprovalEngine.Persistence.Outbox;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ApprovalEngine.Host.Notifications;

public sealed class EmailOptions
{
    /// <summary>SMTP server; empty (and no pickup directory) = e-mail rows wait in the outbox.</summary>
    public string Host { get; set; } = "";
    public int Port { get; set; } = 25;
    /// <summary>None, StartTls, StartTlsWhenAvailable or SslOnConnect.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "政务服务 <noreply@approvals.example.gov.cn>";
    /// <summary>Development: write each message as {idempotency key}.eml into this folder instead of sending it.</summary>
    public string? PickupDirectory { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Sends outbox e-mail rows by SMTP (MailKit), or drops them as .eml files in Development.</summary>
public sealed class SmtpMailTransport(EmailOptions options) : IOutboxTransport
{
    public string Channel => OutboxChannels.Email;

    public async Task<string?> SendAsync(OutboxRecord message, CancellationToken ct)
    {
        var mail = Compose(message);
        if (!string.IsNullOrEmpty(options.PickupDirectory))
        {
            Directory.CreateDirectory(options.PickupDirectory);
            // Named by the key: a retried message overwrites its own file instead of adding a second one.
            await mail.WriteToAsync(Path.Combine(options.PickupDirectory, SafeName(message.IdempotencyKey) + ".eml"), ct);
            return null;
        }
        if (string.IsNullOrEmpty(options.Host)) return "no SMTP server is configured (Notifications:Email:Host)";
        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        await client.ConnectAsync(options.Host, options.Port, options.Security, ct);
        if (!string.IsNullOrEmpty(options.UserName)) await client.AuthenticateAsync(options.UserName, options.Password ?? "", ct);
        await client.SendAsync(mail, ct);
        await client.DisconnectAsync(true, ct);
        return null;
    }

    private MimeMessage Compose(OutboxRecord message)
    {
        var payload = JsonNode.Parse(message.PayloadJson)!;
        var mail = new MimeMessage
        {
            Subject = payload["subject"]?.GetValue<string>() ?? "",
            // Workflows (SendEmail) may send HTML; the applicant notifications are plain text.
            Body = payload["html"] is JsonValue html
                ? new TextPart("html") { Text = html.GetValue<string>() }
                : new TextPart("plain") { Text = payload["text"]?.GetValue<string>() ?? "" },
            // The same Message-Id on every retry: mail systems drop a duplicate the transport could not tell was delivered.
            MessageId = $"{SafeName(message.IdempotencyKey)}@approvalengine",
        };
        mail.From.Add(MailboxAddress.Parse(options.From));
        mail.To.Add(MailboxAddress.Parse(message.Recipient));
        return mail;
    }

    private static string SafeName(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '.'));
}
