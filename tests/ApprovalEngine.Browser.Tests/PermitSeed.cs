using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// Seeds 3550 construction permits over HTTP, as the window, the departments and the bureau do, so a browser test
/// starts from a real state (the same steps as the host tests' PermitClient).
/// </summary>
public sealed class PermitSeed(StudioHost host)
{
    public const string Process = "construction-permit-3550";
    public const string Applicant = "Suzhou Industrial Park Co.";
    public static readonly string[] Departments = ["planning", "land", "fire", "environment"];

    /// <summary>计划开工日期 a quarter ahead: the field refuses a day before today (the browser tests run on the real clock).</summary>
    public static readonly string PlannedStart = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public Task<HttpClient> Clerk() => host.ApiClientAsync("clerk-web", "clerk");
    public Task<HttpClient> Admin() => host.ApiClientAsync("admin-web", "admin");
    public Task<HttpClient> Reviewer(string department) => host.DepartmentClientAsync($"reviewer-{department}", "reviewer", department);

    /// <summary>Decisions and certificates need the bureau seal. The tests share one host: the first registers it.</summary>
    public async Task EnsureBureauSealAsync()
    {
        var response = await (await Admin()).PostAsJsonAsync("/api/seals",
            new { department = "bureau", name = "Administrative Approval Bureau seal", profile = "sm2", departments = Departments });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    public async Task<string> StartAsync(string correlationId, string applicant = Applicant, string project = "Plant No. 3")
    {
        var response = await (await Clerk()).PostAsJsonAsync("/api/instances",
            new { definitionId = Process, correlationId, input = new { applicant, project } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<JsonArray> TasksAsync(HttpClient client, string instanceId, string status = "open") =>
        (await client.GetFromJsonAsync<JsonObject>($"/api/tasks?instanceId={instanceId}&status={status}"))!["items"]!.AsArray();

    public async Task CompleteAsync(HttpClient client, string instanceId, string outcome, string opinion = "Conforms.", string[]? materials = null)
    {
        var task = (await TasksAsync(client, instanceId)).Single()!["id"]!.GetValue<string>();
        var response = await client.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome, opinion, materials });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Started and accepted at the window: the four department reviews are open.</summary>
    public async Task<string> AcceptedAsync(string correlationId)
    {
        await EnsureBureauSealAsync();
        var id = await StartAsync(correlationId);
        await CompleteAsync(await Clerk(), id, "Accepted", "Materials complete.");
        return id;
    }

    /// <summary>All the way: accepted, four approvals, the bureau's sign-off, sealed, certificate issued.</summary>
    public async Task<string> ApprovedAsync(string correlationId)
    {
        var id = await AcceptedAsync(correlationId);
        foreach (var department in Departments) await CompleteAsync(await Reviewer(department), id, "Approved");
        await CompleteAsync(await Reviewer("bureau"), id, "Approved", "Approved after joint review.");
        Assert.Equal("Finished", (await InstanceAsync(id))["status"]!.GetValue<string>());
        return id;
    }

    /// <summary>Fire asks for a corrected plan; the window uploads it and resubmits: fire reviews again (round 2).</summary>
    public async Task<string> CorrectedAsync(string correlationId)
    {
        var id = await AcceptedAsync(correlationId);
        await CompleteAsync(await Reviewer("fire"), id, "NeedsCorrection", "消防疏散图缺第 3-5 层。", ["fire protection design"]);
        var clerk = await Clerk();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("fire protection design"), "name" },
            { new ByteArrayContent("%PDF-1.4\n% floors 3-5\n"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } }, "file", "fire-exit-plan.pdf" },
        };
        var upload = await clerk.PostAsync($"/api/instances/{id}/materials", form);
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        var resubmitted = await clerk.PostAsync($"/api/instances/{id}/resubmission", null);
        Assert.True(resubmitted.IsSuccessStatusCode, await resubmitted.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>The demo applicant 张三 (a person; the same subject as the sign-in page's demo-zhang-san).</summary>
    public async Task<HttpClient> ApplicantAsync()
    {
        var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/api/dev/applicant-token",
            new { user = "zhang-san", subjectId = "32050219850317002X", subjectKind = "person", subjectName = "张三" });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>张三 applies online; the window accepts, the departments and the bureau approve: ended with a certificate.</summary>
    public async Task<(string Id, string FileNumber)> ApprovedOnlineAsync(string project)
    {
        await EnsureBureauSealAsync();
        var response = await (await ApplicantAsync()).PostAsJsonAsync("/api/applicant/applications", new
        {
            definitionId = Process,
            fields = new { project, projectAddress = "苏州市吴中区木渎镇1号", floorArea = 860, plannedStart = PermitSeed.PlannedStart, contactName = "张三", contactPhone = "13912345678" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = created["id"]!.GetValue<string>();
        await CompleteAsync(await Clerk(), id, "Accepted", "材料齐全。");
        foreach (var department in Departments) await CompleteAsync(await Reviewer(department), id, "Approved");
        await CompleteAsync(await Reviewer("bureau"), id, "Approved", "同意。");
        Assert.Equal("Finished", (await InstanceAsync(id))["status"]!.GetValue<string>());
        return (id, created["fileNumber"]!.GetValue<string>());
    }

    public async Task<JsonObject> InstanceAsync(string id) => (await (await Admin()).GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!;

    public async Task<JsonArray> JournalAsync(string id) => (await (await Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{id}/journal"))!;

    public async Task<string> CertificateNumberAsync(string id) => (await InstanceAsync(id))["variables"]!["certificate"]!["number"]!.GetValue<string>();
}
