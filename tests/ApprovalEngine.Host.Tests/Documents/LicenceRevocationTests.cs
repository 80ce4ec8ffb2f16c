using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Licences;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Documents;

/// <summary>Revocation and replacement of licences, and how every public verification reports them.</summary>
public abstract class LicenceRevocationContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string> { ["Documents:MaxVerifyBytes"] = "2000000" });
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task ReplaceThenRevoke_AreAuditedStimuli_AndEveryVerificationReportsThemWithReasonCodes()
    {
        var id = await _permit.StartAsync("JS-2026-0901");
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "同意。")).EnsureSuccessStatusCode();
        var clerk = await _permit.Clerk();
        var admin = await _permit.Admin();
        var anonymous = _api.CreateClient();
        var number = (await clerk.GetFromJsonAsync<JsonObject>("/api/licences?type=construction-permit-3550"))!["items"]![0]!["number"]!.GetValue<string>();
        var originalPdf = await DownloadAsync(clerk, $"/api/documents/{number}/pdf");
        var journalBefore = (await _permit.JournalAsync(id)).Count;

        // Only admins act, and bad input is a clear 400 that changes nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync($"/api/licences/{number}/revoke", new { reason = "x", reasonCode = "other" })).StatusCode);
        await AssertProblem(await admin.PostAsJsonAsync($"/api/licences/{number}/revoke", new { reason = "不实", reasonCode = "lied" }), 400, "validation.field", "reasonCode");
        await AssertProblem(await admin.PostAsJsonAsync($"/api/licences/{number}/revoke", new { reasonCode = "other" }), 400, "reason.required", "reason");
        await AssertProblem(await admin.PostAsJsonAsync($"/api/licences/{number}/replace", new { reason = "变更", reasonCode = "false-commitment" }), 400, "validation.field", "reasonCode");
        // A validity of centuries (or one already over) would be sealed into the new licence.
        foreach (var until in new[] { "9999-12-31", "2200-01-01", "2020-01-01" })
            await AssertProblem(await admin.PostAsJsonAsync($"/api/licences/{number}/replace", new { reason = "变更", reasonCode = "information-changed", validUntil = until }),
                400, "validation.date", "validUntil");
        await AssertProblem(await admin.PostAsJsonAsync("/api/licences/AE-NONE/revoke", new { reason = "x", reasonCode = "other" }), 404, "licence.not-found", "number");
        Assert.Equal("valid", (await LicenceAsync(clerk, number))["status"]!.GetValue<string>());
        Assert.Equal(journalBefore, (await _permit.JournalAsync(id)).Count);

        // Replacement: a new sealed licence that names the old one; the old one is reported as replaced.
        var replaced = await admin.PostAsJsonAsync($"/api/licences/{number}/replace", new { reason = "建设规模调整，换发许可证", reasonCode = "information-changed", scope = "3号厂房及附属用房" });
        Assert.Equal(HttpStatusCode.Created, replaced.StatusCode);
        var replacement = (await replaced.Content.ReadFromJsonAsync<JsonObject>())!;
        var newNumber = replacement["replacement"]!["number"]!.GetValue<string>();
        Assert.Equal($"{number}-02", newNumber);
        Assert.Equal(number, replacement["replacement"]!["replaces"]!.GetValue<string>());
        Assert.Equal("valid", replacement["replacement"]!["status"]!.GetValue<string>());
        Assert.Equal("3号厂房及附属用房", replacement["replacement"]!["scope"]!.GetValue<string>());
        Assert.Equal("replaced", replacement["replaced"]!["status"]!.GetValue<string>());
        Assert.Equal(newNumber, replacement["replaced"]!["replacedBy"]!.GetValue<string>());

        var old = (await anonymous.GetFromJsonAsync<JsonObject>($"/api/public/certificates/{number}"))!;
        AssertVerdict(old, false, "licence-replaced", "replaced", "information-changed");
        Assert.Equal(newNumber, old["replacedBy"]!.GetValue<string>());
        AssertVerdict(await VerifyAsync(anonymous, JsonContent.Create(new { number })), false, "licence-replaced", "replaced", "information-changed");
        AssertVerdict(await VerifyAsync(anonymous, Pdf(originalPdf)), false, "licence-replaced", "replaced", "information-changed");
        AssertVerdict((await anonymous.GetFromJsonAsync<JsonObject>($"/api/public/certificates/{newNumber}"))!, true, null, "valid", null);

        // The replacement's PDF says what it replaces and verifies on its own.
        var listing = (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/documents"))!;
        Assert.Contains(listing, d => d!["number"]!.GetValue<string>() == newNumber);
        var newPdf = await DownloadAsync(clerk, $"/api/documents/{newNumber}/pdf");
        Assert.Contains(number, PdfText(newPdf));
        Assert.Contains("换发", PdfText(newPdf));
        AssertVerdict(await VerifyAsync(anonymous, Pdf(newPdf)), true, null, "valid", null);

        // 告知承诺制's verification fails: another helper's code revokes the application's licence through the service.
        using (var scope = _api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<LicenceService>()
                .RevokeAsync(id, "核查发现承诺内容不实", LicenceReasonCodes.FalseCommitment, new Actor("verifier-zhou", ["reviewer"], "housing"));
        var revoked = (await anonymous.GetFromJsonAsync<JsonObject>($"/api/public/certificates/{newNumber}"))!;
        AssertVerdict(revoked, false, "licence-revoked", "revoked", "false-commitment");
        AssertVerdict(await VerifyAsync(anonymous, JsonContent.Create(revoked["certificate"])), false, "licence-revoked", "revoked", "false-commitment");
        AssertVerdict(await VerifyAsync(anonymous, Pdf(newPdf)), false, "licence-revoked", "revoked", "false-commitment");
        await AssertProblem(await admin.PostAsJsonAsync($"/api/licences/{newNumber}/revoke", new { reason = "again", reasonCode = "other" }), 409, "licence.ended", "number");
        await AssertProblem(await admin.PostAsJsonAsync($"/api/licences/{number}/replace", new { reason = "again", reasonCode = "other" }), 409, "licence.ended", "number");

        // Neither can stand in for a material any more.
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>("/api/licences/valid?holder=Suzhou%20Industrial%20Park%20Co."))!);
        var next = await _permit.StartAsync("JS-2026-0902");
        await AssertProblem(await clerk.PostAsJsonAsync($"/api/instances/{next}/materials/shared", new { name = "land use certificate", licenceNumber = newNumber }), 409, "licence.invalid", "licenceNumber");

        // Each act was one stimulus: its journal line and audit record, and the chain still verifies.
        var journal = await _permit.JournalAsync(id);
        Assert.Equal(journalBefore + 2, journal.Count);
        var revokedLine = journal.Single(e => e!["eventName"]!.GetValue<string>() == "LicenceRevoked")!;
        Assert.Equal("verifier-zhou", revokedLine["actor"]!.GetValue<string>());
        Assert.Contains(journal, e => e!["eventName"]!.GetValue<string>() == "LicenceReplaced");
        var audit = (await admin.GetFromJsonAsync<JsonObject>($"/api/audit?instanceId={id}&pageSize=200"))!["items"]!.AsArray().Select(r => r!["action"]!.GetValue<string>()).ToList();
        Assert.Contains("licence.replaced", audit);
        Assert.Contains("licence.revoked", audit);
        Assert.True((await admin.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={id}"))!["ok"]!.GetValue<bool>());
        var codes = (await clerk.GetFromJsonAsync<JsonObject>("/api/licences/reason-codes"))!;
        Assert.Contains(codes["revocation"]!.AsArray(), c => c!.GetValue<string>() == "false-commitment");
    }

    private static void AssertVerdict(JsonObject verdict, bool valid, string? code, string status, string? reasonCode)
    {
        Assert.True(valid == verdict["valid"]!.GetValue<bool>(), verdict.ToJsonString());
        Assert.Equal(code, verdict["code"]?.GetValue<string>());
        Assert.Equal(status, verdict["status"]!.GetValue<string>());
        Assert.Equal(reasonCode, verdict["reasonCode"]?.GetValue<string>());
    }

    private static async Task AssertProblem(HttpResponseMessage response, int status, string code, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, body);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal(code, problem["code"]!.GetValue<string>());
        Assert.Equal(field, problem["field"]!.GetValue<string>());
    }

    private static async Task<JsonObject> LicenceAsync(HttpClient client, string number) =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/licences?number={number}"))!["items"]![0]!.AsObject();

    private static async Task<JsonObject> VerifyAsync(HttpClient client, HttpContent content)
    {
        var response = await client.PostAsync("/api/public/verify", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private static MultipartFormDataContent Pdf(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", "licence.pdf" } };
    }

    private static async Task<byte[]> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text));
    }
}

public sealed class SqliteLicenceRevocationTests() : LicenceRevocationContract(DatabaseProvider.Sqlite);

public sealed class PostgresLicenceRevocationTests() : LicenceRevocationContract(DatabaseProvider.Postgres);
