using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Documents;

/// <summary>The licence library and the window's reuse of a holder's valid licence instead of an upload.</summary>
public abstract class LicenceReuseContract(DatabaseProvider provider) : IAsyncLifetime
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
    public async Task IssuedPermit_IsInTheLibrary_AndSatisfiesAMaterialOfTheSameHoldersNextApplication()
    {
        var first = await _permit.StartAsync("JS-2026-0801");
        await _permit.AcceptAsync(first);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(first, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, first), "Approved", "同意。")).EnsureSuccessStatusCode();

        var clerk = await _permit.Clerk();
        var page = (await clerk.GetFromJsonAsync<JsonObject>("/api/licences?holder=Industrial&type=construction-permit-3550"))!;
        var licence = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("valid", licence["status"]!.GetValue<string>());
        Assert.Equal("建设工程施工许可证", licence["typeName"]!.GetValue<string>());
        var number = licence["number"]!.GetValue<string>();
        Assert.Empty((await clerk.GetFromJsonAsync<JsonObject>("/api/licences?holder=Nobody"))!["items"]!.AsArray());

        var valid = (await clerk.GetFromJsonAsync<JsonArray>("/api/licences/valid?holder=Suzhou%20Industrial%20Park%20Co."))!;
        Assert.Equal(number, Assert.Single(valid)!["number"]!.GetValue<string>());

        var second = await _permit.StartAsync("JS-2026-0802");
        var shared = await clerk.PostAsJsonAsync($"/api/instances/{second}/materials/shared", new { name = "上一期施工许可证", licenceNumber = number });
        Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        var materials = (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{second}/materials"))!;
        var material = Assert.Single(materials)!;
        Assert.Equal("上一期施工许可证", material["name"]!.GetValue<string>());
        Assert.Equal("application/vnd.approvalengine.licence+json", material["contentType"]!.GetValue<string>());
        Assert.Equal(number, material["licenceNumber"]!.GetValue<string>()); // the list marks it as the shared licence it is
        var journal = await _permit.JournalAsync(second);
        Assert.Contains(journal, e => e!["eventName"]?.GetValue<string>() == "LicenceShared");

        // Someone else's licence, an unknown one, and bad input change nothing.
        var other = (await (await clerk.PostAsJsonAsync("/api/instances",
            new { definitionId = "construction-permit-3550", correlationId = "JS-2026-0803", input = new { applicant = "Another Co." } })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var refused = await clerk.PostAsJsonAsync($"/api/instances/{other}/materials/shared", new { name = "施工许可证", licenceNumber = number });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("licence.other-holder", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.PostAsJsonAsync($"/api/instances/{second}/materials/shared", new { name = "x", licenceNumber = "AE-NONE" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.PostAsJsonAsync($"/api/instances/{second}/materials/shared", new { licenceNumber = number })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _permit.Reviewer("fire")).PostAsJsonAsync($"/api/instances/{second}/materials/shared", new { name = "x", licenceNumber = number })).StatusCode);
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{other}/materials"))!);

        // Three years on the permit has expired: the library says so and the window cannot use it.
        _api.Time.Advance(TimeSpan.FromDays(3 * 366));
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>("/api/licences/valid?holder=Suzhou%20Industrial%20Park%20Co."))!);
        Assert.Equal("expired", (await clerk.GetFromJsonAsync<JsonObject>($"/api/licences?number={number}"))!["items"]![0]!["status"]!.GetValue<string>());
        var expired = await clerk.PostAsJsonAsync($"/api/instances/{second}/materials/shared", new { name = "施工许可证", licenceNumber = number });
        Assert.Equal(HttpStatusCode.Conflict, expired.StatusCode);
        Assert.Equal("licence.invalid", (await expired.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }

    private const string ZhangSan = "32050219850317002X", OtherZhangSan = "11010519491231002X";

    [Fact]
    public async Task HolderIdentityNumber_IsRecordedChecked_MatchesReuse_MaskedInPublic_FullOnlyOnNeedToKnowAndLogged()
    {
        var clerk = await _permit.Clerk();
        // A wrong check digit at the window: 400 naming the field, nothing started.
        var bad = await clerk.PostAsJsonAsync("/api/instances",
            new { definitionId = "construction-permit-3550", correlationId = "JS-2026-0811", input = new { applicant = "张三", applicantId = "320502198503170021" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("input.applicantId", (await bad.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        Assert.Empty((await clerk.GetFromJsonAsync<JsonObject>("/api/instances?correlationId=JS-2026-0811"))!["items"]!.AsArray());

        var first = await StartAsync(clerk, "JS-2026-0812", ZhangSan.ToLowerInvariant()); // stored upper-cased
        await _permit.AcceptAsync(first);
        foreach (var d in PermitClient.Departments) await _permit.ReviewAsync(first, d, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, first), "Approved", "同意。")).EnsureSuccessStatusCode();

        var listed = (await clerk.GetStringAsync("/api/licences?holder=张三"));
        var licence = Assert.Single(JsonNode.Parse(listed)!["items"]!.AsArray())!;
        Assert.Equal("320502********002X", licence["holderIdMasked"]!.GetValue<string>());
        Assert.DoesNotContain(ZhangSan, listed);
        var number = licence["number"]!.GetValue<string>();
        var verified = await _api.CreateClient().GetStringAsync($"/api/public/certificates/{number}");
        Assert.Contains("320502********002X", verified);
        Assert.DoesNotContain(ZhangSan, verified);

        // Two people named 张三: the identity number decides.
        Assert.Single((await clerk.GetFromJsonAsync<JsonArray>($"/api/licences/valid?holder=张三&holderId={ZhangSan}"))!);
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>($"/api/licences/valid?holder=张三&holderId={OtherZhangSan}"))!);
        Assert.Equal(HttpStatusCode.BadRequest, (await clerk.GetAsync("/api/licences/valid?holder=张三&holderId=123")).StatusCode);
        var namesake = await StartAsync(clerk, "JS-2026-0813", OtherZhangSan);
        var refused = await clerk.PostAsJsonAsync($"/api/instances/{namesake}/materials/shared", new { name = "上一期施工许可证", licenceNumber = number });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("licence.other-holder", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        var same = await StartAsync(clerk, "JS-2026-0814", ZhangSan);
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync($"/api/instances/{same}/materials/shared", new { name = "上一期施工许可证", licenceNumber = number })).StatusCode);

        // The full number: staff who may read the issuing application (and the read is logged); another window's clerk may not.
        var full = (await clerk.GetFromJsonAsync<JsonObject>($"/api/licences/{number}/holder-id"))!;
        Assert.Equal(ZhangSan, full["holderId"]!.GetValue<string>());
        var stranger = await _api.ClientAsync("clerk-far", "clerk", "window-far");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/licences/{number}/holder-id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clerk.GetAsync("/api/licences/NO-SUCH/holder-id")).StatusCode);
        // A process designer reads no application, so no licence holder either.
        var designer = await _api.ClientAsync("designer-li", "designer");
        foreach (var path in new[] { "/api/licences?holder=张三", $"/api/licences/{number}/holder-id", "/api/licences/reason-codes" })
            Assert.Equal(HttpStatusCode.Forbidden, (await designer.GetAsync(path)).StatusCode);
        var auditor = await _api.ClientAsync("auditor-qian", "auditor");
        var log = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/access?instanceId={first}&actor=clerk-zhang"))!["items"]!.AsArray();
        Assert.Contains(log, r => r!["what"]!.GetValue<string>() == $"licence-holder-id:{number}");
    }

    private static async Task<string> StartAsync(HttpClient clerk, string file, string applicantId)
    {
        var response = await clerk.PostAsJsonAsync("/api/instances",
            new { definitionId = "construction-permit-3550", correlationId = file, input = new { applicant = "张三", applicantId } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}

public sealed class SqliteLicenceReuseTests() : LicenceReuseContract(DatabaseProvider.Sqlite);

public sealed class PostgresLicenceReuseTests() : LicenceReuseContract(DatabaseProvider.Postgres);
