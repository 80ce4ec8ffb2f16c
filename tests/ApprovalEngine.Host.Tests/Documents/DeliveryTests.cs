using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Documents;

/// <summary>Certificate delivery (Art. 44: within 10 working days of the decision) on the working-day calendar, with fake time.</summary>
public abstract class DeliveryContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task ExpressDelivery_ClockRunsTenWorkingDaysFromTheDecision_WarnsOverdueAndStopsOnTheDeliveredDay()
    {
        // Decided on Monday 2026-03-02 (China time).
        var id = await _permit.StartAsync("JS-2026-1101");
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "同意。")).EnsureSuccessStatusCode();
        var clerk = await _permit.Clerk();
        var number = (await _permit.InstanceAsync(id))["variables"]!["certificate"]!["number"]!.GetValue<string>();

        var delivery = Assert.Single(await DeliveriesAsync(clerk, id))!;
        Assert.Equal(number, delivery["certificateNumber"]!.GetValue<string>());
        Assert.Null(delivery["method"]);
        // Ten working days after 2026-03-02: 03-03..06 and 03-09..13 are nine, Monday 03-16 the tenth.
        Assert.Equal("2026-03-16", delivery["deadline"]!["dueDate"]!.GetValue<string>());
        Assert.Equal("on-track", delivery["deadline"]!["state"]!.GetValue<string>());
        var clock = Assert.Single((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!, d => d!["kind"]!.GetValue<string>() == "Delivery")!;
        Assert.Null(clock["completedAt"]); // the application has ended; the delivery clock runs on

        // Bad facts: a clear 400 naming the field, and nothing recorded.
        var journal = (await _permit.JournalAsync(id)).Count;
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { method = "drone" }), 400, "method");
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { method = "express", address = "苏州市工业园区星湖街328号", trackingNumber = "EMS1", postedOn = "2026-03-02" }), 400, "courier");
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { method = "window" }), 400, "deliveredOn");
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { method = "window", deliveredOn = "2026-03-09" }), 400, "deliveredOn"); // the future
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { method = "express", address = "a", courier = "EMS", trackingNumber = "1", postedOn = "2026-02-27" }), 400, "postedOn");
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { certificateNumber = "AE-NONE", method = "window", deliveredOn = "2026-03-02" }), 404, "certificateNumber");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _permit.Reviewer("fire")).PostAsJsonAsync($"/api/instances/{id}/delivery", new { method = "window", deliveredOn = "2026-03-02" })).StatusCode);
        Assert.Equal(journal, (await _permit.JournalAsync(id)).Count);

        // Day 8 of 10 (Thursday 03-12): the warning share is reached; the certificate is posted.
        _api.Time.Advance(TimeSpan.FromDays(10));
        Assert.Equal("warning", Assert.Single(await DeliveriesAsync(clerk, id))!["deadline"]!["state"]!.GetValue<string>());
        var posted = await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery",
            new { method = "express", recipient = "王经理", phone = "13800000000", address = "苏州市工业园区星湖街328号", courier = "中国邮政EMS", trackingNumber = "EMS1234567890", postedOn = "2026-03-12" });
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);

        // The applicant's progress page shows how it is coming, without the address.
        var code = _api.Services.GetRequiredService<QueryCodes>().Derive(id);
        var progress = (await (await _api.CreateClient().PostAsJsonAsync("/api/public/progress", new { fileNumber = "JS-2026-1101", queryCode = code })).Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("express", progress["delivery"]!["method"]!.GetValue<string>());
        Assert.Equal("EMS1234567890", progress["delivery"]!["trackingNumber"]!.GetValue<string>());
        Assert.Equal("2026-03-16", progress["delivery"]!["dueDate"]!.GetValue<string>());
        Assert.DoesNotContain("星湖街", progress.ToJsonString());

        // Tuesday 03-17: one working day late; the delivery of that day stops the clock, not on time.
        _api.Time.Advance(TimeSpan.FromDays(5));
        Assert.Equal("overdue", Assert.Single(await DeliveriesAsync(clerk, id))!["deadline"]!["state"]!.GetValue<string>());
        var delivered = await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { deliveredOn = "2026-03-17" });
        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        delivery = Assert.Single((await delivered.Content.ReadFromJsonAsync<JsonArray>())!)!;
        Assert.Equal("2026-03-17", delivery["deliveredOn"]!.GetValue<string>());
        Assert.Equal("中国邮政EMS", delivery["courier"]!.GetValue<string>());
        Assert.Equal("completed", delivery["deadline"]!["state"]!.GetValue<string>());
        Assert.False(delivery["deadline"]!["completedOnTime"]!.GetValue<bool>());
        Assert.Equal("Delivered", delivery["deadline"]!["outcome"]!.GetValue<string>());
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{id}/delivery", new { deliveredOn = "2026-03-16" }), 409, "deliveredOn");

        // Two stimuli, each journalled and audited.
        var events = (await _permit.JournalAsync(id)).Select(e => e!["eventName"]!.GetValue<string>()).ToList();
        Assert.Equal(journal + 2, events.Count);
        Assert.Equal(["CertificatePosted", "CertificateDelivered"], events[^2..]);
        var audit = (await (await _permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&pageSize=200"))!["items"]!.AsArray().Select(r => r!["action"]!.GetValue<string>());
        Assert.Contains("certificate.delivered", audit);
    }

    private static async Task<JsonArray> DeliveriesAsync(HttpClient client, string id) =>
        (await client.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/delivery"))!;

    private static async Task AssertProblem(HttpResponseMessage response, int status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, body);
        Assert.Equal(field, JsonNode.Parse(body)!["field"]!.GetValue<string>());
    }
}

public sealed class SqliteDeliveryTests() : DeliveryContract(DatabaseProvider.Sqlite);

public sealed class PostgresDeliveryTests() : DeliveryContract(DatabaseProvider.Postgres);
