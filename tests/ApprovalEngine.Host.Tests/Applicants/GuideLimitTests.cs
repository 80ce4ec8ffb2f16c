using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Applicants;

/// <summary>The service guide states the statutory limit the application's clock counts, configured or declared.</summary>
public sealed class GuideLimitTests
{
    [Fact]
    public async Task A_configured_limit_is_the_guides_and_the_clocks()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string>
        {
            ["Deadlines:Processes:construction-permit-3550:LimitWorkingDays"] = "30",
        });
        var anonymous = api.CreateClient();
        var guide = (await anonymous.GetFromJsonAsync<JsonObject>("/api/public/guides/construction-permit-3550"))!;
        var listed = (await anonymous.GetFromJsonAsync<JsonArray>("/api/public/guides"))!.Single(g => g!["definitionId"]!.GetValue<string>() == "construction-permit-3550")!;
        Assert.Equal(30, guide["statutoryLimitWorkingDays"]!.GetValue<int>()); // the process declares 50
        Assert.Equal(30, listed["statutoryLimitWorkingDays"]!.GetValue<int>());

        var permit = new PermitClient(api);
        var id = await permit.StartAsync();
        await permit.AcceptAsync(id);
        var deadlines = (await (await permit.Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/deadlines"))!;
        var statutory = deadlines.Single(d => d!["kind"]!.GetValue<string>() == "Statutory")!;
        Assert.Equal(30, statutory["limitWorkingDays"]!.GetValue<int>());
    }
}
