using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>
/// `--demo=true` on an empty database: staff find applications in every state, and each demo applicant signing in on
/// /service/signin finds their own (they found none before: the demo filed everything at the counter).
/// </summary>
public sealed class DemoDataTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Demo_EveryApplicantOwnsApplications_InTheStatesTheirPagesShow(DatabaseProvider provider)
    {
        await using var api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string> { ["demo"] = "true" });

        async Task<List<JsonObject>> OwnAsync(string user)
        {
            var a = DemoSeeder.Applicants.Single(x => x.User == user);
            using var client = await Applicants.Applicants.ClientAsync(api, a.User, a.SubjectId, a.SubjectKind, a.SubjectName);
            var page = (await client.GetFromJsonAsync<JsonObject>("/api/applicant/applications"))!;
            return page["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        }
        static List<string> States(List<JsonObject> items) => items.Select(i => i["status"]!.GetValue<string>()).Order().ToList();

        var person = await OwnAsync("zhang-san");
        Assert.Equal(["inProgress"], States(person));
        Assert.Equal("real-estate-registration-5d", person[0]["definitionId"]!.GetValue<string>());

        // Two users of one company share its applications: a certificate to download and rate, a correction to answer.
        var company = await OwnAsync("suip-agent-1");
        Assert.Equal(["approved", "awaitingCorrection"], States(company));
        Assert.Equal(company.Select(i => i["id"]!.GetValue<string>()).Order(), (await OwnAsync("suip-agent-2")).Select(i => i["id"]!.GetValue<string>()).Order());
        var approvedId = company.Single(i => i["status"]!.GetValue<string>() == "approved")["id"]!.GetValue<string>();
        var a1 = DemoSeeder.Applicants.Single(x => x.User == "suip-agent-1");
        using (var client = await Applicants.Applicants.ClientAsync(api, a1.User, a1.SubjectId, a1.SubjectKind, a1.SubjectName))
        {
            var detail = (await client.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{approvedId}"))!;
            Assert.Contains(detail["documents"]!.AsArray(), d => d!["kind"]!.GetValue<string>() == "certificate");
            var correcting = company.Single(i => i["status"]!.GetValue<string>() == "awaitingCorrection")["id"]!.GetValue<string>();
            var corrections = (await client.GetFromJsonAsync<JsonObject>($"/api/applicant/applications/{correcting}"))!["corrections"]!.AsArray();
            Assert.Contains(corrections, c => c!["resolvedAt"] is null && c["missing"]!.AsArray().Count == 1);
        }

        Assert.Equal(["awaitingAcceptance"], States(await OwnAsync("wuxi-agent")));

        // The window sees the counter's applications and the online ones, under the names the platform vouched for.
        using var clerk = await api.ClientAsync("clerk-wang", "clerk");
        var list = (await clerk.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=50"))!;
        var applicants = list["items"]!.AsArray().Select(i => i!["applicant"]?.GetValue<string>()).ToList();
        Assert.Equal(10, list["totalCount"]!.GetValue<int>());
        Assert.Contains("张三", applicants);
        Assert.Equal(2, applicants.Count(n => n == "苏州工业园区建设有限公司"));
        // The two waiting for the applicant's correction say so in the list (they read 办理中 like the rest).
        Assert.Equal(2, list["items"]!.AsArray().Count(i => i!["awaitingCorrection"]!.GetValue<bool>()));
        // Ended ones say how: the two permits granted, the solvent store refused by environment review; running ones nothing.
        string? OutcomeOf(string file) => list["items"]!.AsArray().Single(i => i!["correlationId"]?.GetValue<string>() == file)!["outcome"]?.GetValue<string>();
        Assert.Equal("approved", OutcomeOf("JS-3550-0004"));
        Assert.Equal("denied", OutcomeOf("JS-3550-0005"));
        Assert.Null(OutcomeOf("JS-3550-0002"));
    }
}
