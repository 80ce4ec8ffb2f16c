using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Seals;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Seals;

/// <summary>Seals, certificates and the audit trail, through the API, on both providers.</summary>
public abstract class SealAuditContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<string> ApproveAsync(string correlationId = "JS-2026-0100")
    {
        var id = await _permit.StartAsync(correlationId);
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        var done = await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "Approved after joint review.");
        Assert.True(done.IsSuccessStatusCode, await done.Content.ReadAsStringAsync());
        return id;
    }

    [Theory]
    [InlineData("sm2", "SM2-with-SM3")]
    [InlineData("ecdsa-p256", "ECDSA-P256-SHA256")]
    public async Task Certificate_FullApproval_VerifiesPubliclyAndAnyChangedByteFails(string profile, string algorithm)
    {
        await _permit.RegisterBureauSealAsync(profile);
        var id = await ApproveAsync();
        var number = (await _permit.InstanceAsync(id))["variables"]!["certificate"]!["number"]!.GetValue<string>();
        var anonymous = _api.CreateClient();

        var published = await anonymous.GetFromJsonAsync<JsonObject>($"/api/public/certificates/{number}");

        Assert.True(published!["valid"]!.GetValue<bool>(), published.ToJsonString());
        var certificate = published["certificate"]!.AsObject();
        Assert.Equal("Suzhou Industrial Park Co.", certificate["holder"]!.GetValue<string>());
        Assert.Equal(algorithm, certificate["seal"]!["algorithm"]!.GetValue<string>());
        Assert.Equal($"https://approvals.example.gov.cn/verify/{number}", certificate["verificationUrl"]!.GetValue<string>());
        Assert.True((await Verify(anonymous, certificate))["valid"]!.GetValue<bool>());

        var changedHolder = certificate.DeepClone().AsObject();
        changedHolder["holder"] = "Suzhou Industrial Park Co., Ltd";
        var verdict = await Verify(anonymous, changedHolder);
        Assert.False(verdict["valid"]!.GetValue<bool>());
        Assert.Equal("content-changed", verdict["code"]!.GetValue<string>());

        var signature = Convert.FromBase64String(certificate["seal"]!["signature"]!.GetValue<string>());
        signature[^1] ^= 0x01;
        var changedSignature = certificate.DeepClone().AsObject();
        changedSignature["seal"]!["signature"] = Convert.ToBase64String(signature);
        Assert.False((await Verify(anonymous, changedSignature))["valid"]!.GetValue<bool>());

        var decisions = await (await _permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/sealed-documents");
        Assert.True(Assert.Single(decisions!)!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Certificate_SealRevokedAfterSigning_StaysValid_UnknownSealDoesNot()
    {
        var seal = await _permit.RegisterBureauSealAsync();
        var id = await ApproveAsync();
        var number = (await _permit.InstanceAsync(id))["variables"]!["certificate"]!["number"]!.GetValue<string>();
        _api.Time.Advance(TimeSpan.FromDays(1));

        var revoke = await (await _permit.Admin()).PostAsJsonAsync($"/api/seals/{seal["id"]}/revoke", new { reason = "key custodian changed" });

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        var after = await _api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/public/certificates/{number}");
        Assert.True(after!["valid"]!.GetValue<bool>(), after.ToJsonString());
        var forged = after["certificate"]!.DeepClone().AsObject();
        forged["seal"]!["sealId"] = "seal-unknown-k1";
        Assert.Equal("unknown-seal", (await Verify(_api.CreateClient(), forged))["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _api.CreateClient().GetAsync("/api/public/certificates/NOPE-1")).StatusCode);
    }

    [Fact]
    public async Task Seals_Registry_RejectsBadInputAndNeverShowsPrivateKeys()
    {
        var admin = await _permit.Admin();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/seals", new { department = "bureau", name = "x", profile = "rsa" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/seals", new { name = "x", profile = "sm2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _permit.Clerk()).PostAsJsonAsync("/api/seals", new { department = "bureau", name = "x", profile = "sm2" })).StatusCode);
        var seal = await _permit.RegisterBureauSealAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/seals", new { department = "fire", name = "second", profile = "sm2" })).StatusCode);
        var rotated = await (await admin.PostAsync($"/api/seals/{seal["id"]}/rotate", null)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(2, rotated!["keys"]!.AsArray().Count);
        await ApproveAsync();

        var listing = await admin.GetStringAsync("/api/seals");
        var secrets = await _api.Services.CreateScope().ServiceProvider.GetRequiredService<ApprovalDbContext>()
            .Set<SealKeyRecord>().Select(k => k.ProtectedPrivateKey).ToListAsync();
        Assert.Equal(2, secrets.Count);
        var logs = _api.Logs();
        Assert.NotEmpty(logs);
        foreach (var secret in secrets)
        {
            // Any 24-character window of the protected key would betray it.
            var probe = secret.Substring(secret.Length / 2, 24);
            Assert.DoesNotContain(probe, listing);
            Assert.DoesNotContain(probe, logs);
        }
        Assert.DoesNotContain("privateKey", listing, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Audit_FullApproval_ChainVerifiesAndSqlTamperingIsFoundAtItsSequence()
    {
        await _permit.RegisterBureauSealAsync();
        var id = await ApproveAsync();
        var auditor = await _api.ClientAsync("auditor-sun", "auditor");

        Assert.True((await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={id}"))!["ok"]!.GetValue<bool>());
        Assert.True((await auditor.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!["ok"]!.GetValue<bool>());
        var trail = await auditor.GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&pageSize=100");
        var actions = trail!["items"]!.AsArray().Select(a => a!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("instance.started", actions);
        Assert.Equal(6, actions.Count(a => a == "task.completed")); // window, four departments, bureau
        Assert.Contains(trail["items"]!.AsArray(), a => a!["actor"]!.GetValue<string>() == "reviewer-fire" && a["department"]!.GetValue<string>() == "fire");
        Assert.StartsWith("chain,sequence", await auditor.GetStringAsync($"/api/audit?instanceId={id}&format=csv"));

        await Sql($"UPDATE audit SET summary = 'nothing happened here' WHERE chain = '{id}' AND sequence = 3");
        var broken = await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={id}");
        Assert.False(broken!["ok"]!.GetValue<bool>());
        Assert.Equal(3, broken["firstBrokenSequence"]!.GetValue<int>());

        var other = await ApproveAsync("JS-2026-0101");
        await Sql($"DELETE FROM audit WHERE chain = '{other}' AND sequence = 5");
        Assert.Equal(5, (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={other}"))!["firstBrokenSequence"]!.GetValue<int>());

        var third = await ApproveAsync("JS-2026-0102");
        var last = await Scalar($"SELECT MAX(sequence) FROM audit WHERE chain = '{third}'");
        await Sql($"DELETE FROM audit WHERE chain = '{third}' AND sequence = {last}");
        Assert.Equal(last, (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={third}"))!["firstBrokenSequence"]!.GetValue<long>());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _permit.Clerk()).GetAsync($"/api/audit/verify?instanceId={id}")).StatusCode);
    }

    [Fact]
    public async Task Audit_StimulusThatFails_LeavesNoAuditRecordBehind()
    {
        // No seal is registered, so the decision's sealing fails and the whole completion rolls back.
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var auditor = await _api.ClientAsync("auditor-sun", "auditor");
        var before = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}"))!["totalCount"]!.GetValue<int>();
        var journalBefore = (await _permit.JournalAsync(id)).Count;
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");

        var response = await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "OK");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("No active seal", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}"))!["totalCount"]!.GetValue<int>());
        Assert.Equal(journalBefore, (await _permit.JournalAsync(id)).Count);
        Assert.True((await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={id}"))!["ok"]!.GetValue<bool>());
        Assert.Single(await _permit.TasksAsync(bureau, id));
    }

    private static async Task<JsonObject> Verify(HttpClient client, JsonObject certificate)
    {
        var response = await client.PostAsJsonAsync("/api/public/verify", certificate);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task Sql(string sql)
    {
        using var scope = _api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ApprovalDbContext>().Database.ExecuteSqlRawAsync(sql);
    }

    private async Task<long> Scalar(string sql)
    {
        using var scope = _api.Services.CreateScope();
        var connection = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}

public sealed class SqliteSealAuditTests() : SealAuditContract(DatabaseProvider.Sqlite);

public sealed class PostgresSealAuditTests() : SealAuditContract(DatabaseProvider.Postgres);
