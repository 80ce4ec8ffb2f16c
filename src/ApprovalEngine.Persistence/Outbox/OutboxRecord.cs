namespace ApprovalEngine.Persistence.Outbox;

public static class OutboxChannels
{
    /// <summary>Shown to people in the system (department heads, supervising office); delivered by being stored.</summary>
    public const string Notification = "notification";
    /// <summary>POSTed to an external system, HMAC-signed, retried with back-off.</summary>
    public const string Webhook = "webhook";
    /// <summary>A text message to an applicant's phone, through the SMS gateway (Notifications:Sms).</summary>
    public const string Sms = "sms";
    /// <summary>An e-mail to an applicant, by SMTP (Notifications:Email).</summary>
    public const string Email = "email";
}

/// <summary>A message to the outside, written in the transaction of the change that caused it.</summary>
public sealed class OutboxRecord
{
    public required string Id { get; set; }
    public required string Channel { get; set; }
    /// <summary>Who receives it: a department code, "head:fire", "supervision", or a webhook's department.</summary>
    public required string Recipient { get; set; }
    public required string Topic { get; set; }
    public string? InstanceId { get; set; }
    public required string PayloadJson { get; set; }
    /// <summary>Receivers de-duplicate on this; a retried delivery carries the same key.</summary>
    public required string IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LockedBy { get; set; }
}
