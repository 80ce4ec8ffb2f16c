using System.Net.Mail;
using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

/// <summary>An e-mail a workflow asked for; the host queues one outbox message per recipient in the stimulus transaction.</summary>
public sealed record EmailEffect(string MessageId, IReadOnlyList<string> Recipients, string Subject, string Body, bool IsHtml);

/// <summary>
/// Elsa's SendEmail. The message leaves through the host's outbox (SMTP via MailKit, retried, at most once per message),
/// only once the step's transaction commits. The sender is the host's configured address (a workflow cannot pose as
/// someone else); Cc and Bcc recipients each get their own copy. Attachments are not supported (refused when configured).
/// </summary>
[Activity("Elsa", "SendEmail", Category = "邮件", DisplayName = "发送邮件 (SendEmail)",
    Description = "经发件箱通过 SMTP 发送电子邮件（事务提交后发送，失败重试）。")]
public sealed class SendEmail : Activity
{
    [Input(DisplayName = "发件人", Description = "Elsa 兼容；实际使用主机配置的发件地址。", Order = 0)]
    public string? From { get; set; }

    [Input(DisplayName = "收件人", Description = "一个或多个地址（JSON 数组，或以逗号、分号分隔）。", Required = true, Order = 1)]
    public JsonNode? To { get; set; }

    [Input(DisplayName = "抄送", Order = 2)]
    public JsonNode? Cc { get; set; }

    [Input(DisplayName = "密送", Order = 3)]
    public JsonNode? Bcc { get; set; }

    [Input(DisplayName = "主题", Order = 4)]
    public string? Subject { get; set; }

    [Input(DisplayName = "正文", Description = "文本或 HTML。", UIHint = "multiline", Order = 5)]
    public JsonNode? Body { get; set; }

    [Input(DisplayName = "附件", Description = "不支持。", Order = 6)]
    public JsonNode? Attachments { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Attachments is JsonArray { Count: > 0 } || Attachments is JsonValue v && v.TryGetValue<string>(out var a) && a.Trim() is { Length: > 0 } and not "[]")
            return Result(ActivityResult.Fault("SendEmail: attachments are not supported on this host."));
        var recipients = Addresses(To).Concat(Addresses(Cc)).Concat(Addresses(Bcc)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (recipients.Count == 0) return Result(ActivityResult.Fault("SendEmail: 'To' names no recipient."));
        if (recipients.FirstOrDefault(r => !IsAddress(r)) is { } bad) return Result(ActivityResult.Fault($"SendEmail: '{bad}' is not an e-mail address."));
        var body = Body switch
        {
            null => "",
            JsonValue text when text.TryGetValue<string>(out var s) => s,
            _ => Body.ToJsonString(),
        };
        var html = body.TrimStart().StartsWith('<');
        var id = ActivityContext.NewId();
        context.AddEffect(new EmailEffect(id, recipients, Subject ?? "", body, html));
        // Addresses can be applicants' personal data: the journal keeps how many, not who.
        context.Log("EmailQueued", $"{recipients.Count} recipient(s): {Subject}", new JsonObject { ["messageId"] = id, ["recipients"] = recipients.Count });
        return Result(ActivityResult.Complete("Done"));
    }

    private static ValueTask<ActivityResult> Result(ActivityResult result) => ValueTask.FromResult(result);

    /// <summary>Elsa stores address lists as JSON arrays, JSON text of one, or a single string (commas and semicolons separate).</summary>
    private static IEnumerable<string> Addresses(JsonNode? node)
    {
        var parsed = node is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[') ? JsonNode.Parse(text) : node;
        var items = parsed switch
        {
            JsonArray array => array.Select(i => i is JsonValue iv && iv.TryGetValue<string>(out var s) ? s : i?.ToJsonString()).OfType<string>(),
            JsonValue one when one.TryGetValue<string>(out var s) => s.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries),
            _ => [],
        };
        return items.Select(i => i.Trim()).Where(i => i.Length > 0);
    }

    private static bool IsAddress(string value) =>
        value.Length <= 254 && MailAddress.TryCreate(value, out var address) && address.Address == value && !value.Any(char.IsControl);
}
