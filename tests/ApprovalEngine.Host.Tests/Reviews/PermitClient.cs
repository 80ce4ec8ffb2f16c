using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Host.Tests.Reviews;

/// <summary>Drives the 3550 construction permit over HTTP the way the window, the departments and the bureau do.</summary>
public sealed class PermitClient(ApiFactory api)
{
    public static readonly string[] Departments = ["planning", "land", "fire", "environment"];

    public async Task<HttpClient> Clerk() => await api.ClientAsync("clerk-zhang", "clerk");
    public async Task<HttpClient> Reviewer(string department) => await api.ClientAsync($"reviewer-{department}", "reviewer", department);
    public async Task<HttpClient> Admin() => await api.ClientAsync("admin-li", "admin");

    /// <summary>The bureau seal the 3550 process seals its decisions and certificates with ("one seal manages approval").</summary>
    public async Task<JsonObject> RegisterBureauSealAsync(string profile = "sm2")
    {
        var response = await (await Admin()).PostAsJsonAsync("/api/seals",
            new { department = "bureau", name = "Administrative Approval Bureau seal", profile, departments = new[] { "planning", "land", "fire", "environment" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public async Task<string> StartAsync(string correlationId = "JS-2026-0001")
    {
        var response = await (await Clerk()).PostAsJsonAsync("/api/instances",
            new { definitionId = "construction-permit-3550", correlationId, input = new { applicant = "Suzhou Industrial Park Co.", project = "Plant No. 3" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<JsonArray> TasksAsync(HttpClient client, string instanceId, string status = "open", string? department = null)
    {
        var url = $"/api/tasks?instanceId={instanceId}&status={status}" + (department is null ? "" : $"&department={department}");
        var page = await client.GetFromJsonAsync<JsonObject>(url);
        return page!["items"]!.AsArray();
    }

    public async Task<string> OpenTaskIdAsync(HttpClient client, string instanceId) =>
        (await TasksAsync(client, instanceId)).Single()!["id"]!.GetValue<string>();

    public static Task<HttpResponseMessage> CompleteAsync(HttpClient client, string taskId, string outcome, string? opinion = "Conforms.", string[]? materials = null, string? competentAgency = null) =>
        client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, opinion, materials, competentAgency });

    public async Task AcceptAsync(string instanceId)
    {
        var clerk = await Clerk();
        (await CompleteAsync(clerk, await OpenTaskIdAsync(clerk, instanceId), "Accepted")).EnsureSuccessStatusCode();
    }

    public async Task ReviewAsync(string instanceId, string department, string outcome, string? opinion = "Conforms.", string[]? materials = null)
    {
        var reviewer = await Reviewer(department);
        var response = await CompleteAsync(reviewer, await OpenTaskIdAsync(reviewer, instanceId), outcome, opinion, materials);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task<HttpResponseMessage> UploadAsync(HttpClient client, string instanceId, string name, string contentType = "application/pdf", int size = 2048)
    {
        var form = new MultipartFormDataContent();
        form.Add(new StringContent(name), "name");
        var file = new ByteArrayContent(PdfBytes(size));
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", name.Replace(' ', '-') + ".pdf");
        return await client.PostAsync($"/api/instances/{instanceId}/materials", form);
    }

    /// <summary>A PDF header, so the upload passes the content check, then <paramref name="size"/> bytes of filler.</summary>
    public static byte[] PdfBytes(int size = 2048) => [.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, size).Select(i => (byte)(i * 31))];

    public async Task<JsonObject> InstanceAsync(string instanceId) =>
        (await (await Admin()).GetFromJsonAsync<JsonObject>($"/api/instances/{instanceId}"))!;

    public async Task<JsonArray> JournalAsync(string instanceId) =>
        (await (await Admin()).GetFromJsonAsync<JsonArray>($"/api/instances/{instanceId}/journal"))!;
}
