using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Reviews;

/// <summary>
/// GET /api/instances/{id}/tasks: every department's steps of one application for whoever may read it. The office's
/// application page read the worklist, which keeps to the caller's inboxes: the bureau, deciding jointly, saw none of
/// the four departments' opinions.
/// </summary>
public sealed class ApplicationStepsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task TheBureau_SeesEveryDepartmentsOpinion_AnotherDepartmentNone_AndTheReadIsLogged(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var permit = new PermitClient(api);
        await permit.RegisterBureauSealAsync();
        var id = await permit.StartAsync("JS-2026-0901");
        await permit.AcceptAsync(id);
        foreach (var d in PermitClient.Departments) await permit.ReviewAsync(id, d, "Approved", $"{d} 同意。");

        using var director = await api.ClientAsync("director-huang", "reviewer", "bureau");
        var steps = (await director.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/tasks"))!.Select(s => s!.AsObject()).ToList();
        foreach (var d in PermitClient.Departments)
            Assert.Contains(steps, s => s["department"]!.GetValue<string>() == d && s["opinion"]!.GetValue<string>() == $"{d} 同意。" && s["outcome"]!.GetValue<string>() == "Approved");
        Assert.Contains(steps, s => s["department"]!.GetValue<string>() == "bureau" && s["status"]!.GetValue<string>() == "Open");
        // Oldest first: the window's acceptance opens the list.
        Assert.Equal("window", steps[0]["department"]!.GetValue<string>());
        // The worklist stays the bureau's own.
        var worklist = (await director.GetFromJsonAsync<JsonObject>($"/api/tasks?instanceId={id}&status=completed"))!;
        Assert.Empty(worklist["items"]!.AsArray());

        using var tax = await api.ClientAsync("tax-feng", "reviewer", "tax");
        var refused = await tax.GetAsync($"/api/instances/{id}/tasks");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("同意", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await director.GetAsync("/api/instances/no-such-application/tasks")).StatusCode);

        using var auditor = await api.ClientAsync("auditor-qian", "auditor");
        var reads = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/access?instanceId={id}"))!["items"]!.AsArray();
        Assert.Contains(reads, r => r!["actor"]!.GetValue<string>() == "director-huang" && r["what"]!.GetValue<string>() == "tasks");
    }
}
