using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApprovalEngine.Approvals.Deadlines;
using ApprovalEngine.Approvals.Reviews;
using ApprovalEngine.Approvals.Sealing;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Persistence.Notifications;

public sealed class NotificationOptions
{
    /// <summary>The SMS signature (签名) every text starts with, as registered with the carrier.</summary>
    public string SmsSignature { get; set; } = "【政务服务】";
    /// <summary>Chinese matter names by process; a process not listed is named by its definition name.</summary>
    public Dictionary<string, string> Matters { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["construction-permit-3550"] = "建设工程施工许可",
        ["enterprise-establishment-3d"] = "企业开办",
        ["real-estate-registration-5d"] = "不动产登记",
        ["record-filing"] = "备案",
    };
}

/// <summary>Where an applicant is reached: the phone and e-mail given on the application (either may be missing).</summary>
public sealed record ApplicantContact(string? Phone, string? Email)
{
    private static readonly string[] PhoneKeys = ["contactPhone", "phone", "mobile"];
    private static readonly string[] EmailKeys = ["contactEmail", "email"];

    public bool IsEmpty => Phone is null && Email is null;

    /// <summary>Reads the contact from the application's input; malformed values are ignored rather than sent.</summary>
    public static ApplicantContact FromInput(JsonObject? input) => new(
        First(input, PhoneKeys) is { } p && ContactRules.IsPhone(p) ? p : null,
        First(input, EmailKeys) is { } e && ContactRules.IsEmail(e) ? e : null);

    private static string? First(JsonObject? input, string[] keys) =>
        keys.Select(k => input?[k] is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : null).FirstOrDefault(s => !string.IsNullOrEmpty(s));
}

public static partial class ContactRules
{
    /// <summary>A mainland mobile number (11 digits starting 1) or a landline with area code (e.g. 0512-12345678).</summary>
    public static bool IsPhone(string value) => PhonePattern().IsMatch(value);

    /// <summary>
    /// A number as people type it ("+86 139 1234 5678", "139-1234-5678") in the one form stored and compared: spaces gone,
    /// a country code before a mobile dropped, a mobile's hyphens dropped (a landline keeps the one after its area code).
    /// </summary>
    public static string NormalizePhone(string value)
    {
        var compact = string.Concat(value.Where(c => !char.IsWhiteSpace(c)));
        foreach (var prefix in new[] { "+86", "0086" })
            if (compact.StartsWith(prefix, StringComparison.Ordinal)) { compact = compact[prefix.Length..].TrimStart('-'); break; }
        var digits = compact.Replace("-", "");
        return digits.Length == 11 && digits[0] == '1' ? digits : compact;
    }
    public static bool IsEmail(string value) => value.Length <= 128 && EmailPattern().IsMatch(value);

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();
    [GeneratedRegex(@"^[^@\s<>""]+@[^@\s<>""]+\.[^@\s<>""]+$")]
    private static partial Regex EmailPattern();
}

/// <summary>One message to an applicant, rendered in Chinese; SMS gets <see cref="Text"/>, e-mail the subject and text.</summary>
public sealed record ApplicantMessage(string Event, string Subject, string Text);

/// <summary>
/// Queues SMS and e-mail to applicants in the outbox, inside the transaction of the change they report. The idempotency
/// key names the event and the channel, so a message is queued once per event even if the stimulus is replayed, and a
/// retried delivery carries the same key (the SMS gateway and the mail's Message-Id de-duplicate on it).
/// </summary>
public sealed class ApplicantNotifier(NotificationOptions options)
{
    public string Matter(string definitionId, string fallback) => options.Matters.TryGetValue(definitionId, out var name) ? name : fallback;

    public void Enqueue(ApprovalDbContext db, string? instanceId, ApplicantContact contact, string key, ApplicantMessage message, DateTimeOffset now)
    {
        if (contact.Phone is { } phone)
            Add(db, OutboxChannels.Sms, phone, instanceId, key, message,
                new JsonObject { ["to"] = phone, ["text"] = options.SmsSignature + message.Text, ["event"] = message.Event }, now);
        if (contact.Email is { } email)
            Add(db, OutboxChannels.Email, email, instanceId, key, message,
                new JsonObject { ["to"] = email, ["subject"] = message.Subject, ["text"] = message.Text, ["event"] = message.Event }, now);
    }

    private static void Add(ApprovalDbContext db, string channel, string to, string? instanceId, string key, ApplicantMessage message, JsonObject payload, DateTimeOffset now) =>
        db.Outbox.Add(new OutboxRecord
        {
            Id = Guid.CreateVersion7().ToString("N"), Channel = channel, Recipient = to, Topic = "applicant." + message.Event, InstanceId = instanceId,
            PayloadJson = payload.ToJsonString(), IdempotencyKey = $"{key}:{channel}", CreatedAt = now, NextAttemptAt = now,
        });
}

/// <summary>The Chinese texts (plain resource strings: short, fixed, reviewed by the service office).</summary>
public static class ApplicantMessages
{
    public static ApplicantMessage Accepted(string matter, string file) =>
        new("accepted", $"【受理通知】{matter}（{file}）",
            $"您申请的“{matter}”（办件编号 {file}）已受理，办理时限自受理次日起按工作日计算。可凭办件编号和查询码查询办理进度。");

    public static ApplicantMessage CorrectionRequested(string matter, string file, IReadOnlyList<string> missing) =>
        new("correction-requested", $"【补正通知】{matter}（{file}）",
            $"您申请的“{matter}”（办件编号 {file}）需要补正材料：{string.Join("、", missing)}。请一次性补齐后重新提交，补正期间暂停计时。");

    public static ApplicantMessage Decided(string matter, string file, bool approved) => approved
        ? new("decision", $"【审批结果】{matter}（{file}）准予许可",
            $"您申请的“{matter}”（办件编号 {file}）已作出准予行政许可决定。")
        : new("decision", $"【审批结果】{matter}（{file}）不予许可",
            $"您申请的“{matter}”（办件编号 {file}）已作出不予行政许可决定，理由及申请行政复议、提起行政诉讼的权利见决定书。");

    /// <summary>终止办理: the office (or a lapse) ended the application before a decision; the applicant is told why.</summary>
    public static ApplicantMessage Terminated(string matter, string file, string? reason) =>
        new("terminated", $"【终止办理】{matter}（{file}）",
            $"您申请的“{matter}”（办件编号 {file}）已终止办理{(string.IsNullOrEmpty(reason) ? "" : $"，原因：{reason}")}。如有疑问，请联系受理窗口。");

    public static ApplicantMessage CertificateIssued(string matter, string file, string number) =>
        new("certificate-issued", $"【证照签发】{matter}（{file}）",
            $"您申请的“{matter}”（办件编号 {file}）证照已签发，证照编号 {number}，可在线下载电子证照或到窗口领取。");

    public static ApplicantMessage ComplaintReplied(string complaintNumber) =>
        new("complaint-replied", $"【投诉建议答复】{complaintNumber}",
            $"您提交的投诉建议（编号 {complaintNumber}）已答复，请登录查看答复内容并进行评价。");

    public static ApplicantMessage ComplaintTransferred(string complaintNumber, string department) =>
        new("complaint-transferred", $"【投诉建议转办】{complaintNumber}",
            $"您提交的投诉建议（编号 {complaintNumber}）已转交{department}办理，答复期限不变。");
}

/// <summary>Turns what a stimulus did (acceptance, correction notice, decision, certificate) into applicant messages.</summary>
public sealed class ApplicantNotificationObserver(ApplicantNotifier notifier) : IStimulusObserver
{
    public async Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct)
    {
        // The outcome observer, registered before this one, has settled the instance's outcome in this stimulus.
        var terminated = context.Instance.Status == WorkflowStatus.Cancelled && context.PreviousStatus != WorkflowStatus.Cancelled
                         && context.Instance.Outcome == ApplicationOutcomes.Terminated;
        if (result.Effects.Count == 0 && !terminated) return;
        var instance = context.Instance;
        var contact = ApplicantContact.FromInput(result.State.Input);
        if (contact.IsEmpty) return;
        if (terminated)
        {
            var reason = ApplicationOutcomes.CancelReason(ApplicationOutcomes.Cancellation(result)?.Message);
            notifier.Enqueue(context.Db, instance.Id, contact, $"{instance.Id}:terminated",
                ApplicantMessages.Terminated(notifier.Matter(instance.DefinitionId, instance.Name), instance.CorrelationId ?? instance.Id, reason), context.Now);
        }
        // A correction notice names the materials as the applicant's guide does (消防设计审查意见), not by their stable names.
        var titles = result.Effects.Any(e => e.Effect is CorrectionNotice)
            ? await Definitions.MaterialTitles.ForVersionAsync(context.Db, instance.DefinitionVersionId, ct)
            : new Dictionary<string, string>();
        var matter = notifier.Matter(instance.DefinitionId, instance.Name);
        var file = instance.CorrelationId ?? instance.Id;
        foreach (var effect in result.Effects)
        {
            (string Key, ApplicantMessage Message)? message = effect.Effect switch
            {
                StartStatutoryClock => ("accepted", ApplicantMessages.Accepted(matter, file)),
                CorrectionNotice n => ($"correction:{n.NoticeId}", ApplicantMessages.CorrectionRequested(matter, file, Definitions.MaterialTitles.Titles(titles, n.Missing).ToList())),
                StopStatutoryClock s => ("decision", ApplicantMessages.Decided(matter, file, s.Outcome == Outcomes.Approved)),
                IssueCertificateRequest c => ($"certificate:{c.Number}", ApplicantMessages.CertificateIssued(matter, file, c.Number)),
                CloseTask when instance.DefinitionId == Evaluations.CareWorkflows.ComplaintReply => ("complaint-replied", ApplicantMessages.ComplaintReplied(file)),
                _ => null,
            };
            if (message is { } m) notifier.Enqueue(context.Db, instance.Id, contact, $"{instance.Id}:{m.Key}", m.Message, context.Now);
        }
    }
}
