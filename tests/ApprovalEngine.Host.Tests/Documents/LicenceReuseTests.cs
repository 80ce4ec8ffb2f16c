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
}

public sealed class SqliteLicenceReuseTests() : LicenceReuseContract(DatabaseProvider.Sqlite);

public sealed class PostgresLicenceReuseTests() : LicenceReuseContract(DatabaseProvider.Postgres);
