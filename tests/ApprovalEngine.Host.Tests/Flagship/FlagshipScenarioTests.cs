using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Flagship;

/// <summary>The shipped processes end to end, as a real client drives them over HTTP, including the double push.</summary>
public abstract class FlagshipContract(DatabaseProvider provider) : IAsyncLifetime
{
    private const string WebhookSecret = "test-webhook-signing-secret-0123456789abcdef";
    private WebhookReceiver _receiver = null!;
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    protected virtual int WebhookFailures => 0;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(WebhookFailures);
        _api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string>
        {
            ["Supervision:Webhooks:SigningSecret"] = WebhookSecret,
            ["Supervision:Webhooks:Urls:housing-construction"] = $"{_receiver.BaseUrl}/housing-construction",
            ["Supervision:Webhooks:Urls:market-supervision"] = $"{_receiver.BaseUrl}/market-supervision",
            ["Supervision:Webhooks:Urls:tax"] = $"{_receiver.BaseUrl}/tax",
            ["Supervision:Webhooks:Urls:social-security"] = $"{_receiver.BaseUrl}/social-security",
        });
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Permit3550_HappyPath_VerifiedCertificateAndAcknowledgedPush()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        var decision = await _permit.OpenTaskIdAsync(bureau, id);
        // The card's instructions are the product's, in Chinese like its title (they were the one English line on a card).
        var card = (await bureau.GetFromJsonAsync<JsonObject>($"/api/tasks/{decision}"))!;
        Assert.StartsWith("审批决定：", card["title"]!.GetValue<string>());
        Assert.Contains("审查意见已齐", card["instructions"]!.GetValue<string>());
        (await PermitClient.CompleteAsync(bureau, decision, "Approved", "Approved after joint review.")).EnsureSuccessStatusCode();

        var instance = await _permit.InstanceAsync(id);
        Assert.Equal("Finished", instance["status"]!.GetValue<string>());
        var number = instance["variables"]!["certificate"]!["number"]!.GetValue<string>();
        // Prefix, issue date, and 48 random bits of the application's id: 32 bits made two permits of one busy day collide.
        Assert.Matches($"^[A-Z]+[0-9]{{8}}{id[^12..].ToUpperInvariant()}$", number);
        Assert.True((await _api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/public/certificates/{number}"))!["valid"]!.GetValue<bool>());

        Assert.Equal(2, await _api.Outbox.DispatchDueAsync());
        Assert.Equal(["/housing-construction", "/market-supervision"], _receiver.Deliveries.Select(d => d.Path).Order());
        foreach (var delivery in _receiver.Deliveries)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(WebhookSecret), Encoding.UTF8.GetBytes(delivery.Body)));
            Assert.Equal(expected, delivery.Signature);
            Assert.Equal(number, JsonNode.Parse(delivery.Body)!["result"]!["certificate"]!["number"]!.GetValue<string>());
        }

        var housing = await _api.ClientAsync("inspector-zhou", "reviewer", "housing-construction");
        var push = (await housing.GetFromJsonAsync<JsonObject>($"/api/supervision?instanceId={id}"))!["items"]!.AsArray().Single()!;
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _api.ClientAsync("x", "reviewer", "tax")).PostAsync($"/api/supervision/{push["id"]}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await housing.PostAsync($"/api/supervision/{push["id"]}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await housing.PostAsync($"/api/supervision/{push["id"]}/ack", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await housing.PostAsJsonAsync($"/api/supervision/{push["id"]}/feedback", new { findings = "Site inspection on 2026-04-10: construction started as permitted." })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await housing.PostAsJsonAsync($"/api/supervision/{push["id"]}/feedback", new { findings = "" })).StatusCode);

        var deadlines = (await (await _permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!;
        var acks = deadlines.Where(d => d!["kind"]!.GetValue<string>() == "Acknowledgement").ToList();
        Assert.Equal(2, acks.Count);
        Assert.Equal("completed", acks.Single(d => d!["department"]!.GetValue<string>() == "housing-construction")!["state"]!.GetValue<string>());
        Assert.Equal("on-track", acks.Single(d => d!["department"]!.GetValue<string>() == "market-supervision")!["state"]!.GetValue<string>());
        var journal = (await _permit.JournalAsync(id)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();
        Assert.Contains("SupervisionAcknowledged", journal);
        Assert.Contains("SupervisionFeedback", journal);
        Assert.True((await (await _api.ClientAsync("auditor", "auditor")).GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={id}"))!["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SupervisionList_PendingOldestFirst_ByPage_WithTheAcknowledgementClock()
    {
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        var ids = new List<string>();
        foreach (var file in new[] { "JS-2026-0101", "JS-2026-0102", "JS-2026-0203" })
        {
            var id = await _permit.StartAsync(file);
            await _permit.AcceptAsync(id);
            foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
            (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "OK")).EnsureSuccessStatusCode();
            ids.Add(id);
            _api.Time.Advance(TimeSpan.FromMinutes(5));
        }
        var housing = await _api.ClientAsync("inspector-zhou", "reviewer", "housing-construction");
        async Task<JsonObject> ListAsync(HttpClient client, string query) => (await client.GetFromJsonAsync<JsonObject>($"/api/supervision?{query}"))!;
        static List<string?> Files(JsonObject page) => page["items"]!.AsArray().Select(p => p!["fileNumber"]?.GetValue<string>()).ToList();

        var pending = await ListAsync(housing, "status=pending");
        Assert.Equal(["JS-2026-0101", "JS-2026-0102", "JS-2026-0203"], Files(pending));
        Assert.Equal(3, pending["totalCount"]!.GetValue<int>());
        var first = pending["items"]![0]!;
        Assert.Equal("housing-construction", first["department"]!.GetValue<string>());
        var clock = first["acknowledgement"]!;
        Assert.Equal("on-track", clock["state"]!.GetValue<string>());
        Assert.Equal(2, clock["limitWorkingDays"]!.GetValue<int>());
        Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}$", clock["dueDate"]!.GetValue<string>());

        // The menu's badge: what waits for the department's acknowledgement, as many as the pending tab lists.
        async Task<int> PendingCountAsync(HttpClient client) => (await client.GetFromJsonAsync<JsonObject>("/api/supervision/pending-count"))!["count"]!.GetValue<int>();
        Assert.Equal(3, await PendingCountAsync(housing));

        (await housing.PostAsync($"/api/supervision/{first["id"]}/ack", null)).EnsureSuccessStatusCode();
        Assert.Equal(["JS-2026-0102", "JS-2026-0203"], Files(await ListAsync(housing, "status=pending")));
        Assert.Equal(2, await PendingCountAsync(housing));
        Assert.Equal(0, await PendingCountAsync(await _api.ClientAsync("x", "reviewer", "tax")));
        Assert.Equal(0, await PendingCountAsync(await _api.ClientAsync("designer-wang", "designer")));
        var acknowledged = await ListAsync(housing, "status=acknowledged");
        Assert.Equal(["JS-2026-0101"], Files(acknowledged));
        Assert.Equal("inspector-zhou", acknowledged["items"]![0]!["acknowledgedBy"]!.GetValue<string>());
        Assert.Equal("completed", acknowledged["items"]![0]!["acknowledgement"]!["state"]!.GetValue<string>());

        // All, newest first, by page: a full page counts the rest.
        var page1 = await ListAsync(housing, "pageSize=2&page=1");
        Assert.Equal(["JS-2026-0101"], Files(page1));
        Assert.Equal(3, page1["totalCount"]!.GetValue<int>());
        Assert.Equal(["JS-2026-0102", "JS-2026-0101"], Files(await ListAsync(housing, "q=2026-01")));
        Assert.Equal(["JS-2026-0102"], Files(await ListAsync(housing, "q=0102&status=pending")));

        // Another department sees none of them; market supervision its own three.
        Assert.Equal(0, (await ListAsync(await _api.ClientAsync("x", "reviewer", "tax"), ""))["totalCount"]!.GetValue<int>());
        Assert.Equal(3, (await ListAsync(await _api.ClientAsync("y", "reviewer", "market-supervision"), "status=pending"))["totalCount"]!.GetValue<int>());

        foreach (var (query, field) in new[] { ("status=done", "status"), ("pageSize=0", "pageSize"), ($"q={new string('9', 129)}", "q") })
        {
            var response = await housing.GetAsync($"/api/supervision?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Permit3550_UnacknowledgedPush_EscalatesAfterTwoWorkingDays()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "OK")).EnsureSuccessStatusCode();

        _api.Time.Advance(TimeSpan.FromDays(7)); // well past two working days
        await _api.Timers.FireDueAsync();

        var notifications = await (await _permit.Admin()).GetFromJsonAsync<JsonArray>("/api/notifications");
        Assert.Contains(notifications!, n => n!["recipient"]!.GetValue<string>() == "head:market-supervision" && n["topic"]!.GetValue<string>() == "deadline.overdue");
    }

    [Fact]
    public async Task Enterprise3d_HappyPath_LicenceIssuedWithinThreeWorkingDays()
    {
        var admin = await _permit.Admin();
        (await admin.PostAsJsonAsync("/api/seals", new { department = "market-supervision", name = "Market Supervision Administration seal", profile = "sm2" })).EnsureSuccessStatusCode();
        var clerk = await _permit.Clerk();
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "enterprise-establishment-3d", correlationId = "EST-1", input = new { applicant = "Wuxi Lingxi Technology Co." } }))
            .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await _permit.AcceptAsync(id);
        await _permit.ReviewAsync(id, "market-supervision", "Approved");
        foreach (var d in new[] { "public-security", "tax", "social-security" }) await _permit.ReviewAsync(id, d, "Approved");

        var instance = await _permit.InstanceAsync(id);
        Assert.Equal("Finished", instance["status"]!.GetValue<string>());
        Assert.StartsWith("JSBL", instance["variables"]!["certificate"]!["number"]!.GetValue<string>());
        var statutory = instance["deadlines"]!.AsArray().Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.Equal(3, statutory["limitWorkingDays"]!.GetValue<int>());
        Assert.True(statutory["completedOnTime"]!.GetValue<bool>());
        Assert.Equal(2, await _api.Outbox.DispatchDueAsync()); // tax and social security
    }

    [Fact]
    public async Task RealEstate5d_TaxRejects_WrittenRefusalSealed()
    {
        var admin = await _permit.Admin();
        (await admin.PostAsJsonAsync("/api/seals", new { department = "real-estate-registry", name = "Real Estate Registration Center seal", profile = "ecdsa-p256" })).EnsureSuccessStatusCode();
        var clerk = await _permit.Clerk();
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "real-estate-registration-5d", input = new { applicant = "Li Ming" } }))
            .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await _permit.AcceptAsync(id);
        await _permit.ReviewAsync(id, "tax", "Rejected", "Deed tax has not been paid.");
        await _permit.ReviewAsync(id, "real-estate-registry", "Approved");

        var instance = await _permit.InstanceAsync(id);
        Assert.Equal("Denied", instance["variables"]!["decision"]!["outcome"]!.GetValue<string>());
        var sealedDocuments = await admin.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/sealed-documents");
        var denial = Assert.Single(sealedDocuments!)!;
        Assert.True(denial["valid"]!.GetValue<bool>());
        Assert.Contains("Deed tax has not been paid.", denial["content"]!["reasons"]![0]!.GetValue<string>());
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync());
    }
}

public sealed class SqliteFlagshipTests() : FlagshipContract(DatabaseProvider.Sqlite);

public sealed class PostgresFlagshipTests() : FlagshipContract(DatabaseProvider.Postgres);

/// <summary>A supervising department's endpoint that fails twice: delivery is retried with back-off and lands once.</summary>
public sealed class FlakyWebhookTests : IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;
    private ApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        _api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres, new Dictionary<string, string>
        {
            ["Supervision:Webhooks:SigningSecret"] = "integration-test-webhook-secret-0123456789",
            ["Supervision:Webhooks:Urls:housing-construction"] = $"{_receiver.BaseUrl}/housing-construction",
            ["Supervision:Webhooks:FirstRetryDelay"] = "00:00:30",
        });
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Push_WebhookFailsTwiceThenSucceeds_DeliveredExactlyOnceWithOneIdempotencyKey()
    {
        var permit = new PermitClient(_api);
        await permit.RegisterBureauSealAsync();
        var id = await permit.StartAsync();
        await permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await permit.OpenTaskIdAsync(bureau, id), "Approved", "OK")).EnsureSuccessStatusCode();

        Assert.Equal(0, await _api.Outbox.DispatchDueAsync()); // housing: 500; market-supervision: no URL configured
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync()); // not due again yet
        _api.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync()); // second 500; next try after 60 s
        _api.Time.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(0, await _api.Outbox.DispatchDueAsync());
        _api.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await _api.Outbox.DispatchDueAsync());
        _api.Time.Advance(TimeSpan.FromHours(2));
        await _api.Outbox.DispatchDueAsync();

        var deliveries = _receiver.Deliveries.ToList();
        Assert.Equal([500, 500, 200], deliveries.Select(d => d.Status));
        Assert.Single(deliveries.Select(d => d.IdempotencyKey).Distinct());
        Assert.Single(deliveries, d => d.Status == 200);
    }
}

/// <summary>The dispatcher writes what happened to a round of deliveries together, not a read and an update per message.</summary>
public sealed class OutboxRoundTests
{
    [Theory]
    [InlineData(DatabaseProvider.Postgres)]
    [InlineData(DatabaseProvider.Sqlite)]
    public async Task A_round_of_deliveries_is_recorded_in_one_update_and_a_failure_keeps_its_back_off(DatabaseProvider provider)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string>
        {
            ["Supervision:Webhooks:SigningSecret"] = "integration-test-webhook-secret-0123456789",
            ["Supervision:Webhooks:Urls:housing-construction"] = $"{receiver.BaseUrl}/housing-construction",
            ["Supervision:Webhooks:Urls:market-supervision"] = "http://127.0.0.1:9/market-supervision", // nothing listens: each attempt fails
            ["Supervision:Webhooks:FirstRetryDelay"] = "00:00:30",
        });
        var now = api.Time.GetUtcNow();
        using (var scope = api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
            // 20 for the receiver (two rounds of 16 and 4), one for a department whose receiver is down, and one for a
            // department with no URL configured, which waits untouched (it was tried and given up on, a warning each time).
            db.Outbox.AddRange(Enumerable.Range(0, 22).Select(i => new OutboxRecord
            {
                Id = $"round-{i:D2}", Channel = OutboxChannels.Webhook, Recipient = i switch { 20 => "market-supervision", 21 => "tax", _ => "housing-construction" },
                Topic = "licence.issued", PayloadJson = $$"""{"n":{{i}}}""", IdempotencyKey = $"round-{i:D2}", CreatedAt = now, NextAttemptAt = now,
            }));
            await db.SaveChangesAsync();
        }

        using var counter = new DbCounter(api.Database.ConnectionString);
        await DbCounter.UntilEfSeesListenersAsync();
        counter.Capture();
        Assert.Equal(20, await api.Outbox.DispatchDueAsync());
        var statements = counter.Captured(s => s.Contains("outbox", StringComparison.OrdinalIgnoreCase));

        Assert.Equal(20, receiver.Deliveries.Count(d => d.Status == 200));
        // The claim (2 statements), then one UPDATE per round for what was delivered (2) and one for the failure: was 44.
        Assert.True(statements.Count <= 5, $"{statements.Count} statements on the outbox:\n{string.Join("\n--\n", statements)}");
        using (var scope = api.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
            var rows = await db.Outbox.AsNoTracking().Where(o => o.Id.StartsWith("round-")).OrderBy(o => o.Id).ToListAsync();
            Assert.All(rows.Take(20), r => Assert.True(r.DeliveredAt == now && r.Attempts == 1 && r.LockedBy is null && r.LockedUntil is null && r.LastError is null, $"{r.Id}: {r.DeliveredAt} {r.Attempts} {r.LockedBy}"));
            var failed = rows[20];
            Assert.Null(failed.DeliveredAt);
            Assert.Equal(1, failed.Attempts);
            Assert.Equal(now + TimeSpan.FromSeconds(30), failed.NextAttemptAt);
            Assert.Contains("127.0.0.1:9", failed.LastError);
            Assert.Null(failed.LockedBy);
            var parked = rows[21];
            Assert.True(parked is { Attempts: 0, LastError: null, DeliveredAt: null, LockedBy: null }, $"{parked.Attempts} {parked.LastError}");
        }
        Assert.Equal(0, await api.Outbox.DispatchDueAsync()); // nothing is due again before the failure's back-off
    }
}
