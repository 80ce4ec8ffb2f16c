using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Documents;

/// <summary>
/// National codes over HTTP: file numbers in the configured pattern, the process's item implementation code and the
/// project's investment project code, validated on input and carried to documents, reports and the supervision feed.
/// </summary>
public abstract class NationalCodesApiContract(DatabaseProvider provider) : IAsyncLifetime
{
    private const string ProjectCode = "2026-320500-89-01-123454";
    private const string ItemCode = "00011702600032050000000011320500MB1234567Y00"; // the shipped 3550 process's
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string> { ["FileNumbers:Processes:record-filing"] = "320505001000" });
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Codes_AreValidatedOnInput_AndCarriedToDocumentsReportsAndTheSupervisionFeed()
    {
        var clerk = await _permit.Clerk();
        var admin = await _permit.Admin();

        // File numbers: area code + date (China time) + the day's serial, per area; a given number is kept.
        var first = await StartAsync(clerk, new { definitionId = "construction-permit-3550", input = new { applicant = "Suzhou Industrial Park Co.", project = "Plant No. 3", projectCode = ProjectCode.ToLowerInvariant() } });
        var second = await StartAsync(clerk, new { definitionId = "construction-permit-3550", input = new { applicant = "Another Co." } });
        var district = await StartAsync(clerk, new { definitionId = "record-filing", input = new { applicant = "Another Co." } });
        var given = await StartAsync(clerk, new { definitionId = "construction-permit-3550", correlationId = "JS-2026-1001", input = new { applicant = "Another Co." } });
        Assert.Equal("3205002026030200001", first["correlationId"]!.GetValue<string>());
        Assert.Equal("3205002026030200002", second["correlationId"]!.GetValue<string>());
        Assert.Equal("320505001000202603020000" + "1", district["correlationId"]!.GetValue<string>());
        Assert.Equal("JS-2026-1001", given["correlationId"]!.GetValue<string>());

        // A wrong investment project code is a 400 naming the field, and starts nothing.
        var before = (await clerk.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=100"))!["totalCount"]!.GetValue<int>();
        foreach (var bad in new[] { "2026-320500-89-01-123455", "2026-320500-89-01-12345", "not a code" })
        {
            var refused = await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "construction-permit-3550", input = new { applicant = "X", projectCode = bad } });
            await AssertProblem(refused, "code.project-invalid", "input.projectCode");
        }
        Assert.Equal(before, (await clerk.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=100"))!["totalCount"]!.GetValue<int>());

        // A process's implementation code is checked when it is saved: each part, with the GB 32100 check character of the agency's code.
        var model = (await admin.GetFromJsonAsync<JsonObject>("/api/definitions/record-filing"))!;
        model["definitionId"] = "coded-filing";
        model.Remove("id");
        model["customProperties"] = new JsonObject { ["serviceGuide"] = new JsonObject { ["matter"] = "备案", ["implementationCode"] = ItemCode[..^3] + "X00" } };
        await AssertProblem(await admin.PostAsJsonAsync("/api/definitions", model), "code.implementation-invalid", "customProperties.serviceGuide.implementationCode");
        model["customProperties"]!["serviceGuide"]!["implementationCode"] = ItemCode;
        Assert.True((await admin.PostAsJsonAsync("/api/definitions", model)).IsSuccessStatusCode);

        // The approved application: its letters and certificate print the codes, sealed with them.
        var id = first["id"]!.GetValue<string>();
        await _permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(id, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "同意。")).EnsureSuccessStatusCode();
        foreach (var key in new[] { "acceptance-notice", "decision", "certificate" })
        {
            var text = PdfText(await (await clerk.GetAsync($"/api/instances/{id}/documents/{key}/pdf")).Content.ReadAsByteArrayAsync());
            Assert.Contains("事项实施编码", text);
            Assert.Contains(ItemCode, text);
            Assert.Contains(ProjectCode, text);
        }
        var certificate = (await _api.CreateClient().GetFromJsonAsync<JsonObject>($"/api/public/certificates/{(await _permit.InstanceAsync(id))["variables"]!["certificate"]!["number"]}"))!;
        Assert.True(certificate["valid"]!.GetValue<bool>(), certificate.ToJsonString());
        Assert.Equal(ProjectCode, certificate["certificate"]!["projectCode"]!.GetValue<string>());

        // The double push carries them, and so does the timeliness report.
        var push = (await admin.GetFromJsonAsync<JsonObject>($"/api/supervision?instanceId={id}"))!["items"]!.AsArray().First()!;
        Assert.Equal("3205002026030200001", push["payload"]!["codes"]!["fileNumber"]!.GetValue<string>());
        Assert.Equal(ItemCode, push["payload"]!["codes"]!["implementationCode"]!.GetValue<string>());
        Assert.Equal(ProjectCode, push["payload"]!["codes"]!["projectCode"]!.GetValue<string>());
        var csv = await clerk.GetStringAsync("/api/reports/timeliness?from=2026-03-01&to=2026-03-31&format=csv");
        Assert.Contains("file_number,implementation_code,project_code", csv);
        Assert.Contains($"3205002026030200001,{ItemCode},{ProjectCode}", csv);
    }

    private static async Task<JsonObject> StartAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/instances", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task AssertProblem(HttpResponseMessage response, string code, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Equal(code, JsonNode.Parse(body)!["code"]!.GetValue<string>());
        Assert.Equal(field, JsonNode.Parse(body)!["field"]!.GetValue<string>());
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Concat(document.GetPages().Select(p => p.Text));
    }
}

public sealed class SqliteNationalCodesApiTests() : NationalCodesApiContract(DatabaseProvider.Sqlite);

public sealed class PostgresNationalCodesApiTests() : NationalCodesApiContract(DatabaseProvider.Postgres);
