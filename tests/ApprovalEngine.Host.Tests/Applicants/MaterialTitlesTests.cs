using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Applicants;

/// <summary>
/// Materials keep their stable names (keys of uploads and notices); people read their titles from the process's service
/// guide: the office pages through GET /api/materials/titles, the sealed notices and their PDFs directly.
/// </summary>
public abstract class MaterialTitlesContract(DatabaseProvider provider) : IAsyncLifetime
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
    public async Task Titles_ComeFromTheGuide_NoticesAreSealedWithThem_UnknownNamesStayAsTyped()
    {
        var clerk = await _permit.Clerk();
        var titles = (await clerk.GetFromJsonAsync<JsonObject>("/api/materials/titles"))!;
        Assert.Equal("消防设计审查意见", titles["construction-permit-3550"]!["fire protection design"]!.GetValue<string>());
        Assert.Equal("公司章程", titles["enterprise-establishment-3d"]!["articles of association"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await (await Applicants.Person(_api)).GetAsync("/api/materials/titles")).StatusCode);

        var started = await clerk.PostAsJsonAsync("/api/instances", new
        {
            definitionId = "construction-permit-3550", correlationId = "MT-2026-0001", input = new { applicant = "苏州工业园区建设有限公司", contactPhone = "13912345678" },
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await PermitClient.CompleteAsync(clerk, await _permit.OpenTaskIdAsync(clerk, id), "CorrectionRequested", "材料不全。",
            ["fire protection design", "施工合同"])).EnsureSuccessStatusCode();
        // The stored notice keeps the names (uploads answer it by name); the issued document states the titles.
        var notice = Assert.Single((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/correction-notices"))!)!;
        Assert.Contains("fire protection design", notice.ToJsonString());
        var listing = Assert.Single((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/documents"))!)!;
        var pdf = await clerk.GetByteArrayAsync(listing["downloadUrl"]!.GetValue<string>());
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        Assert.Contains("1. 消防设计审查意见", text);
        Assert.Contains("2. 施工合同", text);
        Assert.DoesNotContain("fire protection design", text);

        // The applicant's SMS names them the same way.
        using var scope = _api.Services.CreateScope();
        var sms = await scope.ServiceProvider.GetRequiredService<ApprovalDbContext>().Outbox.AsNoTracking()
            .Where(o => o.InstanceId == id && o.Channel == "sms" && o.Topic == "applicant.correction-requested").Select(o => o.PayloadJson).SingleAsync();
        Assert.Contains("需要补正材料：消防设计审查意见、施工合同", JsonNode.Parse(sms)!["text"]!.GetValue<string>());
    }
}

public sealed class SqliteMaterialTitlesTests() : MaterialTitlesContract(DatabaseProvider.Sqlite);

public sealed class PostgresMaterialTitlesTests() : MaterialTitlesContract(DatabaseProvider.Postgres);
