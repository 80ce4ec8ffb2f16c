using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Audit;

/// <summary>
/// Checkpoints anchor the audit chains outside the database: a DBA deleting rows together with the head row that would
/// have given them away is still caught by GET /api/audit/verify, on both providers, with plain SQL.
/// </summary>
public abstract class AuditAnchoringContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private HttpClient _auditor = null!;
    private HttpClient _clerk = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _auditor = await _api.ClientAsync("auditor-zhao", "auditor");
        _clerk = await _api.ClientAsync("clerk-wang", "clerk");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>A record filing moved one step: its chain has two records.</summary>
    private async Task<string> FilingWithTwoRecordsAsync(string correlationId)
    {
        var started = await _clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var view = await _clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}");
        var bookmark = view!["currentActivities"]![0]!["bookmarkId"]!.GetValue<string>();
        var resumed = await _clerk.PostAsJsonAsync($"/api/instances/{id}/bookmarks/{bookmark}/resume", new { payload = new { complete = true } });
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        return id;
    }

    private async Task<JsonObject> CheckpointAsync()
    {
        var response = await _auditor.PostAsync("/api/audit/checkpoints", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<JsonObject> VerifyAsync(string? instanceId = null) =>
        (await _auditor.GetFromJsonAsync<JsonObject>(instanceId is null ? "/api/audit/verify" : $"/api/audit/verify?instanceId={instanceId}"))!;

    private async Task SqlAsync(Func<ApprovalDbContext, Task> sql)
    {
        using var scope = _api.Services.CreateScope();
        await sql(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>());
    }

    private static JsonObject Finding(JsonObject verification, string chain) =>
        verification["findings"]!.AsArray().Select(f => f!.AsObject()).SingleOrDefault(f => f["chain"]!.GetValue<string>() == chain)
        ?? throw new Xunit.Sdk.XunitException($"no finding for {chain}: {verification.ToJsonString()}");

    [Fact]
    public async Task Verify_TailDeletedWithHeadRowAfterCheckpoint_ReportsTruncatedChainAtAnchoredSequence()
    {
        var id = await FilingWithTwoRecordsAsync("AN-0001");
        await CheckpointAsync();
        var before = await VerifyAsync(id);
        Assert.True(before["ok"]!.GetValue<bool>(), before.ToJsonString());

        await SqlAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            // On PostgreSQL the chain's remaining records refer to their head (the partition month): the DBA turns the foreign keys off first.
            if (db is PostgresApprovalDbContext) await db.Database.ExecuteSqlRawAsync("SET LOCAL session_replication_role = replica");
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit WHERE chain = {id} AND sequence = 2");
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit_heads WHERE chain = {id}");
            await tx.CommitAsync();
        });
        var after = await VerifyAsync(id);

        Assert.False(after["ok"]!.GetValue<bool>(), after.ToJsonString());
        var finding = Finding(after, id);
        Assert.Equal(AnchorCodes.ChainTruncated, finding["code"]!.GetValue<string>());
        Assert.Equal(id, finding["instanceId"]!.GetValue<string>());
        Assert.Equal("AN-0001", finding["fileNumber"]!.GetValue<string>()); // the auditor's page names the finding by it
        Assert.Equal(2, finding["sequence"]!.GetValue<long>());
        Assert.Equal(2, after["firstBrokenSequence"]!.GetValue<long>());
    }

    [Fact]
    public async Task Verify_WholeChainDeletedWithHeadRow_ReportsMissingChainWithAndWithoutInstanceId()
    {
        var kept = await FilingWithTwoRecordsAsync("AN-0002");
        var gone = await FilingWithTwoRecordsAsync("AN-0003");
        await CheckpointAsync();

        await SqlAsync(async db =>
        {
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit WHERE chain = {gone}");
            await db.Database.ExecuteSqlAsync($"DELETE FROM audit_heads WHERE chain = {gone}");
        });
        var one = await VerifyAsync(gone);
        var all = await VerifyAsync();

        Assert.False(one["ok"]!.GetValue<bool>(), one.ToJsonString());
        Assert.Equal(AnchorCodes.ChainMissing, Finding(one, gone)["code"]!.GetValue<string>());
        Assert.Equal(2, Finding(one, gone)["sequence"]!.GetValue<long>());
        Assert.False(all["ok"]!.GetValue<bool>(), all.ToJsonString());
        Assert.Equal(AnchorCodes.ChainMissing, Finding(all, gone)["code"]!.GetValue<string>());
        Assert.DoesNotContain(all["findings"]!.AsArray(), f => f!["chain"]!.GetValue<string>() == kept);
        Assert.True((await VerifyAsync(kept))["ok"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Verify_AnchoredChainRewrittenWithConsistentHashes_ReportsHashMismatch()
    {
        // A DBA who edits a record and recomputes every hash and the head passes the row-by-row check; the anchor does not.
        var id = await FilingWithTwoRecordsAsync("AN-0004");
        await CheckpointAsync();

        await SqlAsync(async db =>
        {
            var record = await db.Set<AuditRecord>().SingleAsync(r => r.Chain == id && r.Sequence == 2);
            record.Actor = "someone-else";
            record.Hash = AuditTrail.HashOf(record);
            var head = await db.Set<AuditHeadRecord>().SingleAsync(h => h.Chain == id);
            head.Hash = record.Hash;
            await db.SaveChangesAsync();
        });
        var after = await VerifyAsync(id);

        Assert.Equal(2, after["records"]!.GetValue<long>());
        Assert.False(after["ok"]!.GetValue<bool>(), after.ToJsonString());
        Assert.Equal(AnchorCodes.HashMismatch, Finding(after, id)["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Checkpoint_WithBureauSeal_IsSignedChainedInTheFileAuditedAndPushedToSupervision()
    {
        var unsigned = await CheckpointAsync();
        await new PermitClient(_api).RegisterBureauSealAsync("ecdsa-p256");
        await FilingWithTwoRecordsAsync("AN-0005");

        var signed = await CheckpointAsync();

        Assert.False(unsigned["signed"]!.GetValue<bool>());
        Assert.Contains("unsigned", unsigned["warning"]!.GetValue<string>());
        Assert.True(signed["signed"]!.GetValue<bool>(), signed.ToJsonString());
        Assert.Null(signed["warning"]);
        var lines = File.ReadAllLines(_api.CheckpointFilePath);
        Assert.Equal(2, lines.Length);
        Assert.Equal(CheckpointFile.LineHash(lines[0]), JsonNode.Parse(lines[1])!["checkpoint"]!["previousLineHash"]!.GetValue<string>());
        Assert.Equal(signed["lineHash"]!.GetValue<string>(), CheckpointFile.LineHash(lines[1]));
        var verification = await VerifyAsync();
        Assert.True(verification["ok"]!.GetValue<bool>(), verification.ToJsonString());
        Assert.Equal(signed["id"]!.GetValue<string>(), verification["checkpoint"]!["id"]!.GetValue<string>());
        Assert.True(verification["checkpoint"]!["signed"]!.GetValue<bool>());

        var audited = await _auditor.GetFromJsonAsync<JsonObject>($"/api/audit?action={AuditAnchoring.CheckpointAction}");
        Assert.Equal(2, audited!["totalCount"]!.GetValue<int>());
        Assert.All(audited["items"]!.AsArray(), a => Assert.Equal("system", a!["chain"]!.GetValue<string>()));
        await SqlAsync(async db =>
        {
            var pushes = await db.Outbox.Where(o => o.Topic == AuditAnchoring.CheckpointTopic).ToListAsync();
            Assert.Equal(2, pushes.Count);
            Assert.All(pushes, p => Assert.Equal("supervision", p.Recipient));
            Assert.Contains(pushes, p => JsonNode.Parse(p.PayloadJson)!["lineHash"]!.GetValue<string>() == signed["lineHash"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Verify_CheckpointFileLineEdited_ReportsBrokenFile()
    {
        await CheckpointAsync();
        await CheckpointAsync();
        var lines = File.ReadAllLines(_api.CheckpointFilePath);
        lines[0] = lines[0].Replace("\"chains\":", "\"chains\": ");
        File.WriteAllLines(_api.CheckpointFilePath, lines);

        var verification = await VerifyAsync();

        Assert.False(verification["ok"]!.GetValue<bool>());
        Assert.Contains(verification["findings"]!.AsArray(), f => f!["code"]!.GetValue<string>() == AnchorCodes.CheckpointFileBroken && f["sequence"]!.GetValue<long>() == 2);
    }

    [Fact]
    public async Task Checkpoint_Reader_Returns403()
    {
        var reviewer = await _api.ClientAsync("reviewer-li", "reviewer", "fire");

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostAsync("/api/audit/checkpoints", null)).StatusCode);
    }
}

public sealed class SqliteAuditAnchoringTests() : AuditAnchoringContract(DatabaseProvider.Sqlite);

public sealed class PostgresAuditAnchoringTests() : AuditAnchoringContract(DatabaseProvider.Postgres);
