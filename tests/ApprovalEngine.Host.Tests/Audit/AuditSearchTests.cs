using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.Audit;

/// <summary>Audit search by file number and applicant, CSV exports Excel opens as UTF-8, and publishing an earlier version.</summary>
public abstract class AuditSearchContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;

    [Fact]
    public async Task Audit_ByCorrelationIdAndApplicant_FindsTheApplicationsChain_CsvStartsWithBom()
    {
        var permit = new PermitClient(_api);
        var id = await permit.StartAsync("JS-AUD-0001");
        await permit.AcceptAsync(id);
        var auditor = await _api.ClientAsync("auditor-1", "auditor");

        var byNumber = await auditor.GetFromJsonAsync<JsonObject>("/api/audit?correlationId=JS-AUD-0001");
        var byApplicant = await auditor.GetFromJsonAsync<JsonObject>("/api/audit?applicant=" + Uri.EscapeDataString("Industrial Park"));
        var csv = await auditor.GetByteArrayAsync("/api/audit?correlationId=JS-AUD-0001&format=csv");
        var report = await auditor.GetByteArrayAsync("/api/reports/timeliness?from=2026-01-01&to=2026-12-31&format=csv");

        Assert.True(byNumber!["totalCount"]!.GetValue<int>() >= 2);
        Assert.All(byNumber["items"]!.AsArray(), a => Assert.Equal(id, a!["chain"]!.GetValue<string>()));
        Assert.Contains(byApplicant!["items"]!.AsArray(), a => a!["chain"]!.GetValue<string>() == id);
        Assert.Equal(0, (await auditor.GetFromJsonAsync<JsonObject>("/api/audit?correlationId=JS-NOPE"))!["totalCount"]!.GetValue<int>());
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, csv[..3]);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, report[..3]);
        Assert.StartsWith("chain,sequence", System.Text.Encoding.UTF8.GetString(csv[3..]));
        // Each row names its application by file number, as the auditor's page shows it.
        Assert.All(byNumber["items"]!.AsArray(), a => Assert.Equal("JS-AUD-0001", a!["fileNumber"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AccessLog_ByFileNumber_RowsNamedByIt_DatesOutsideTheYearsAre400()
    {
        var permit = new PermitClient(_api);
        var id = await permit.StartAsync("JS-AUD-0002");
        var clerk = await permit.Clerk();
        (await clerk.GetAsync($"/api/instances/{id}")).EnsureSuccessStatusCode();
        var auditor = await _api.ClientAsync("auditor-1", "auditor");

        var reads = (await auditor.GetFromJsonAsync<JsonObject>("/api/audit/access?correlationId=JS-AUD-0002"))!["items"]!.AsArray();
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.Equal(id, r!["instanceId"]!.GetValue<string>()));
        Assert.All(reads, r => Assert.Equal("JS-AUD-0002", r!["fileNumber"]!.GetValue<string>()));
        Assert.Equal(0, (await auditor.GetFromJsonAsync<JsonObject>("/api/audit/access?correlationId=JS-NOPE"))!["totalCount"]!.GetValue<int>());
        foreach (var url in new[] { "/api/audit/access?from=0001-01-01T00:00:00Z", "/api/audit?to=9999-12-31T00:00:00Z" })
        {
            var response = await auditor.GetAsync(url);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("validation.date", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task PublishEarlierVersion_RollsBack_NewInstancesStartOnIt()
    {
        var designer = await _api.ClientAsync("designer-1", "designer");
        var admin = await _api.ClientAsync("admin-1", "admin");
        var model = new WorkflowJson().Start().Event("step").End().Chain("start", "step", "end").Build("回滚测试", "rollback-process");
        (await designer.PostAsJsonAsync("/api/definitions", model)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/definitions/rollback-process/publish", null)).EnsureSuccessStatusCode();
        (await designer.PostAsJsonAsync("/api/definitions", model)).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/definitions/rollback-process/publish", null)).EnsureSuccessStatusCode();

        var rollback = await admin.PostAsync("/api/definitions/rollback-process/versions/1/publish", null);

        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        var versions = await admin.GetFromJsonAsync<JsonArray>("/api/definitions/rollback-process/versions");
        Assert.Equal(["Superseded", "Published"], versions!.Select(v => v!["state"]!.GetValue<string>()));
        var started = await (await admin.PostAsJsonAsync("/api/instances", new { definitionId = "rollback-process" })).Content.ReadFromJsonAsync<JsonObject>();
        var instance = await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{started!["id"]}");
        Assert.Equal(1, instance!["definitionVersion"]!.GetValue<int>());
        var missing = await admin.PostAsync("/api/definitions/rollback-process/versions/9/publish", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("definition.version-not-found", (await missing.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await designer.PostAsync("/api/definitions/rollback-process/versions/2/publish", null)).StatusCode);
    }
}

public sealed class SqliteAuditSearchTests(SqliteHost host) : AuditSearchContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresAuditSearchTests(PostgresHost host) : AuditSearchContract(host), IClassFixture<PostgresHost>;
