using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Platform;
using ApprovalEngine.Workflows.Tests.Corpus;

namespace ApprovalEngine.Host.Tests.Studio;

/// <summary>
/// Every file of the shared Elsa corpus through both save endpoints: POST /api/definitions stores it (200) or refuses
/// it with a 400 that names each problem with its activity id, as the engine-level corpus suite expects; Studio's
/// auto-save (POST /elsa/api/workflow-definitions) keeps every draft. Never a 500. Child workflows are not published here, so files that use
/// one are refused naming it.
/// </summary>
public sealed class ElsaCorpusApiTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private static readonly JsonObject Expectations = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Corpus", "corpus-expectations.json")))!.AsObject();

    public static TheoryData<string> Files() => new(ElsaCorpus.Files);

    [Theory]
    [MemberData(nameof(Files))]
    public async Task CorpusFile_BothSaveEndpoints_StoreOrRefuseWithNamedProblems(string file)
    {
        var designer = await host.Api.ClientAsync("designer-corpus", "designer");
        var expected = Expectations[file]!.AsObject();
        var usesChildWorkflows = File.ReadAllText(Path.Combine(ElsaCorpus.Root, file)).Contains("\"workflowDefinitionId\"");

        foreach (var (url, body) in new[]
                 {
                     ("/api/definitions", (JsonNode)ElsaCorpus.Read(file)),
                     ("/elsa/api/workflow-definitions", new JsonObject { ["model"] = ElsaCorpus.Read(file), ["publish"] = false }),
                 })
        {
            var response = await designer.PostAsJsonAsync(url, body);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{url} {file}: {(int)response.StatusCode} {text}");
            if (url.StartsWith("/elsa"))
                // Studio's auto-save keeps every draft that parses; problems come back when it is published.
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {file}: {text}");
            else if (expected["status"]!.GetValue<string>() == "Refused")
            {
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                var problems = JsonNode.Parse(text)!["problems"]!.AsArray();
                foreach (var feature in expected["refused"]!.AsArray())
                    Assert.Contains(problems, p => p!["activityId"]?.GetValue<string>() == feature!["activityId"]?.GetValue<string>()
                                                   && p["message"]!.GetValue<string>().Contains(feature["feature"]!.GetValue<string>()));
            }
            else if (!usesChildWorkflows)
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} {file}: {text}");
            else if (response.StatusCode == HttpStatusCode.BadRequest)
                Assert.All(JsonNode.Parse(text)!["problems"]!.AsArray(), p => Assert.Contains("not published on this host", p!["message"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task WorkflowAsActivity_PublishedChild_RunsAsChildAndItsOutputLandsInTheParentVariable()
    {
        var admin = await host.Api.ClientAsync("admin-corpus", "admin");
        const string folder = "elsa-core/test/component/Elsa.Workflows.ComponentTests/Scenarios/InputOutput/Workflows/";
        foreach (var (file, id) in new[] { ("provider.json", "780fbf96f1bb1e7e"), ("consumer.json", "58dbd7bffa85a761") })
        {
            (await admin.PostAsJsonAsync("/api/definitions", ElsaCorpus.Read(folder + file))).EnsureSuccessStatusCode();
            (await admin.PostAsync($"/api/definitions/{id}/publish", null)).EnsureSuccessStatusCode();
        }

        var started = await admin.PostAsJsonAsync("/api/instances", new { definitionId = "58dbd7bffa85a761", correlationId = "corpus-io-1", input = new { } });
        Assert.True(started.IsSuccessStatusCode, await started.Content.ReadAsStringAsync());
        var instanceId = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var instance = await admin.GetFromJsonAsync<JsonObject>($"/api/instances/{instanceId}");

        // Consumer passes "Hello World!" to Provider's Input1; Provider's SetOutput returns it as Output1, bound to Variable1.
        Assert.Equal("Finished", instance!["status"]!.GetValue<string>());
        Assert.Equal("Hello World!", instance["variables"]!["Variable1"]!.GetValue<string>());
    }
}
