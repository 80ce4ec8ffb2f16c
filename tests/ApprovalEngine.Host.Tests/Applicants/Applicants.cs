using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Host.Tests.Applicants;

/// <summary>Demo applicants (valid GB 11643 / GB 32100 check characters) and their signed-in clients.</summary>
public static class Applicants
{
    public const string PersonId = "32050219850317002X";
    public const string CompanyId = "91320594MA1M111104";
    public const string CompanyName = "苏州工业园区建设有限公司";
    public const string OtherCompanyId = "91320200MA1P2Q3R43";

    public static Task<HttpClient> Company(ApiFactory api, string user = "suip-agent-1") => ClientAsync(api, user, CompanyId, "organisation", CompanyName);
    public static Task<HttpClient> OtherCompany(ApiFactory api) => ClientAsync(api, "wuxi-agent", OtherCompanyId, "organisation", "无锡灵犀科技有限公司");
    public static Task<HttpClient> Person(ApiFactory api) => ClientAsync(api, "zhang-san", PersonId, "person", "张三");

    public static async Task<HttpClient> ClientAsync(ApiFactory api, string user, string subjectId, string subjectKind, string subjectName)
    {
        var client = api.CreateClient();
        var response = await client.PostAsJsonAsync("/api/dev/applicant-token", new { user, subjectId, subjectKind, subjectName });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
