using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using MimeKit;

namespace ApprovalEngine.Host.Tests.Notifications;

/// <summary>Applicant SMS and e-mail through the outbox: signed gateway requests, SMTP, retried after a failure, delivered once.</summary>
public abstract class ApplicantNotificationContract(DatabaseProvider provider) : IAsyncLifetime
{
    private SmsGatewayReceiver _sms = null!;
    private SmtpSink _smtp = null!;
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _smtp = SmtpSink.Start(failFirst: 1);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        _sms = await SmsGatewayReceiver.StartAsync(time, failFirst: 1);
        _api = new ApiFactory(await Persistence.Tests.TestDatabases.CreateAsync(provider), time, new Dictionary<string, string>
        {
            ["Notifications:Sms:GatewayUrl"] = _sms.Url,
            ["Notifications:Sms:SigningSecret"] = SmsGatewayReceiver.Secret,
            ["Notifications:Email:Host"] = "127.0.0.1",
            ["Notifications:Email:Port"] = _smtp.Port.ToString(),
            ["Notifications:Email:Security"] = "None",
            ["Supervision:Webhooks:FirstRetryDelay"] = "00:00:30",
        });
        _ = _api.Server;
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _sms.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Permit_FirstAttemptFails_EachMessageDeliveredOnceOnBothChannels()
    {
        var clerk = await _permit.Clerk();
        var started = await clerk.PostAsJsonAsync("/api/instances", new
        {
            definitionId = "construction-permit-3550", correlationId = "JS-2026-0815",
            input = new { applicant = "苏州工业园区建设有限公司", project = "三号厂房", contactPhone = "13912345678", contactEmail = "li.ming@example.cn" },
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await PermitClient.CompleteAsync(clerk, await _permit.OpenTaskIdAsync(clerk, id), "CorrectionRequested", "材料不全。", ["消防设计文件"])).EnsureSuccessStatusCode();

        // SMS: 500 once; e-mail: 451 once. Nothing is delivered, nothing is lost.
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync());
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync()); // not due again before the back-off
        _api.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(2, await _api.Outbox.DispatchDueAsync());

        (await _permit.UploadAsync(clerk, id, "消防设计文件")).EnsureSuccessStatusCode();
        (await clerk.PostAsync($"/api/instances/{id}/resubmission", null)).EnsureSuccessStatusCode();
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "同意。")).EnsureSuccessStatusCode();
        await _api.Outbox.DispatchDueAsync();
        _api.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync());

        var sms = _sms.Deliveries.ToList();
        Assert.All(sms, d => Assert.True(d.SignatureValid));
        var delivered = sms.Where(d => d.Status == 200).ToList();
        Assert.Equal(delivered.Count, delivered.Select(d => d.IdempotencyKey).Distinct().Count());
        Assert.Equal(["accepted", "certificate", "correction", "decision"], delivered.Select(d => Event(d.IdempotencyKey!)).Order());
        Assert.Single(sms, d => d.Status == 500);
        Assert.Equal("correction", Event(sms.First(d => d.Status == 500).IdempotencyKey!));
        var texts = delivered.ToDictionary(d => Event(d.IdempotencyKey!), d => JsonNode.Parse(d.Body)!.AsObject());
        Assert.All(texts.Values, t => Assert.Equal("13912345678", t["phone"]!.GetValue<string>()));
        Assert.Contains("需要补正材料：消防设计文件", texts["correction"]!["text"]!.GetValue<string>());
        Assert.Contains("“建设工程施工许可”（办件编号 JS-2026-0815）已受理", texts["accepted"]!["text"]!.GetValue<string>());
        Assert.StartsWith("【政务服务】", texts["decision"]!["text"]!.GetValue<string>());

        var mails = _smtp.Messages.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m)))).ToList();
        Assert.Equal(4, mails.Count);
        Assert.Equal(4, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.All(mails, m => Assert.Equal("li.ming@example.cn", m.To.Mailboxes.Single().Address));
        Assert.Equal(["【受理通知】", "【审批结果】", "【补正通知】", "【证照签发】"], mails.Select(m => m.Subject![..6]).Order(StringComparer.Ordinal));
        Assert.Contains("准予行政许可决定", mails.Single(m => m.Subject!.StartsWith("【审批结果】")).TextBody);
    }

    [Fact]
    public async Task TheWindow_TerminatesWithAReasonTheApplicantIsTold_OrWithdrawsAtTheirRequest_BeforeTheDecisionOnly()
    {
        var clerk = await _permit.Clerk();
        async Task<string> Start(string file)
        {
            var started = await clerk.PostAsJsonAsync("/api/instances", new
            {
                definitionId = "construction-permit-3550", correlationId = file,
                input = new { applicant = "苏州工业园区建设有限公司", project = "三号厂房", contactPhone = "13912345678", contactEmail = "li.ming@example.cn" },
            });
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
            return (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        }
        async Task<string?> Field(HttpResponseMessage response)
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("validation.field", problem["code"]!.GetValue<string>());
            return problem["field"]?.GetValue<string>();
        }
        var terminated = await Start("JS-2026-0901");
        await _permit.AcceptAsync(terminated);
        Task<HttpResponseMessage> End(string id, object body) => clerk.PostAsJsonAsync($"/api/instances/{id}/cancel", body);

        // Bad input names its field and changes nothing: a termination says why, and there are two ways to end, spelt as the API spells them.
        Assert.Equal("reason", await Field(await End(terminated, new { outcome = "terminated" })));
        Assert.Equal("reason", await Field(await End(terminated, new { outcome = "terminated", reason = "  " })));
        Assert.Equal("outcome", await Field(await End(terminated, new { outcome = "Terminated", reason = "x" })));
        Assert.Equal("reason", await Field(await End(terminated, new { outcome = "withdrawn", reason = new string('长', 501) })));
        var untouched = await _permit.InstanceAsync(terminated);
        Assert.NotEqual("Cancelled", untouched["status"]!.GetValue<string>());
        Assert.Null(untouched["outcome"]?.GetValue<string>());

        (await End(terminated, new { outcome = "terminated", reason = "申请单位已注销，无法继续办理" })).EnsureSuccessStatusCode();
        Assert.Equal("terminated", (await _permit.InstanceAsync(terminated))["outcome"]!.GetValue<string>());
        var line = (await _permit.JournalAsync(terminated)).Single(j => j!["eventName"]!.GetValue<string>() == "WorkflowCancelled")!;
        Assert.Equal("申请单位已注销，无法继续办理", line["message"]!.GetValue<string>());
        Assert.Equal("clerk-zhang", line["actor"]!.GetValue<string>());

        // At the applicant's request: withdrawn, in the host's words when the clerk gives none; nobody is told what they asked for.
        var withdrawn = await Start("JS-2026-0902");
        (await End(withdrawn, new { outcome = "withdrawn" })).EnsureSuccessStatusCode();
        Assert.Equal("withdrawn", (await _permit.InstanceAsync(withdrawn))["outcome"]!.GetValue<string>());
        Assert.Equal("withdrawn at the applicant's request",
            (await _permit.JournalAsync(withdrawn)).Single(j => j!["eventName"]!.GetValue<string>() == "WorkflowCancelled")!["message"]!.GetValue<string>());

        // Once decided, neither: a grant is revoked, not withdrawn or terminated.
        var decided = await Start("JS-2026-0903");
        await _permit.AcceptAsync(decided);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(decided, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, decided), "Approved", "同意。")).EnsureSuccessStatusCode();
        var refused = await End(decided, new { outcome = "terminated", reason = "晚了" });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var after = await _permit.InstanceAsync(decided);
        Assert.Equal("approved", after["outcome"]!.GetValue<string>());
        // Refused as decided (the locked row's outcome is asked before whether the workflow still runs).
        Assert.Equal("application.decided", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());

        // The applicant hears of the termination, with its reason, by SMS and e-mail (each gateway fails once first).
        await _api.Outbox.DispatchDueAsync();
        _api.Time.Advance(TimeSpan.FromSeconds(31));
        await _api.Outbox.DispatchDueAsync();
        var told = _sms.Deliveries.Where(d => d.Status == 200 && Event(d.IdempotencyKey!) == "terminated").ToList();
        var sms = Assert.Single(told);
        Assert.StartsWith(terminated, sms.IdempotencyKey);
        Assert.Contains("（办件编号 JS-2026-0901）已终止办理，原因：申请单位已注销，无法继续办理", JsonNode.Parse(sms.Body)!["text"]!.GetValue<string>());
        var mails = _smtp.Messages.Select(m => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(m)))).ToList();
        Assert.Single(mails, m => m.Subject!.StartsWith("【终止办理】") && m.Subject.Contains("JS-2026-0901"));
        Assert.DoesNotContain(mails, m => m.Subject!.Contains("JS-2026-0902"));
    }

    [Fact]
    public async Task Application_WithoutContact_QueuesNoApplicantMessage()
    {
        var id = await _permit.StartAsync("JS-2026-0816");
        await _permit.AcceptAsync(id);
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync());
        Assert.Empty(_sms.Deliveries);
        Assert.Empty(_smtp.Messages);
    }

    private static string Event(string key) => key.Split(':')[1];
}

public sealed class SqliteApplicantNotificationTests() : ApplicantNotificationContract(DatabaseProvider.Sqlite);

public sealed class PostgresApplicantNotificationTests() : ApplicantNotificationContract(DatabaseProvider.Postgres);
