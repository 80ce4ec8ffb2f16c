using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Workflows.Tests;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>Each class of input that once gave a 500 now gets a 4xx problem with a code naming the field, and changes nothing.</summary>
public abstract class BadInputContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _admin = await _api.ClientAsync("admin-zhao", "admin");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, problem["code"]?.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        return problem;
    }

    private async Task<int> InstanceCountAsync() =>
        (await _admin.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=500"))!["totalCount"]!.GetValue<int>();

    [Fact]
    public async Task Verify_DuplicateHolderKey_Refused()
    {
        var response = await _api.CreateClient().PostAsync("/api/public/verify",
            Json("""{"number":"JS-2026-0001","holder":"Forged Ltd","holder":"Acme Ltd","issuedAt":"2026-03-02"}"""));
        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "json.duplicate-key");
        Assert.Equal("holder", problem["field"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"definitionId":"record-filing","definitionId":"record-filing"}""", "json.duplicate-key", "definitionId")]
    [InlineData("""{"definitionId":42}""", "request.malformed", "definitionId")]
    [InlineData("""{"definitionId":"record-filing","input":{"applicant":"\ud800"}}""", "text.invalid-character", "applicant")]
    [InlineData("""{"definitionId":"record-filing","input":{"applicant":"Acme\u0000Ltd"}}""", "text.invalid-character", "applicant")]
    [InlineData("""{"definitionId":"record-filing","correlationId":"\udfff"}""", "text.invalid-character", "correlationId")]
    public async Task StartInstance_MalformedJson_400NamingTheFieldAndNothingStarted(string body, string code, string field)
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var before = await InstanceCountAsync();
        var problem = await ProblemAsync(await clerk.PostAsync("/api/instances", Json(body)), HttpStatusCode.BadRequest, code);
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        Assert.Equal(before, await InstanceCountAsync());
    }

    [Theory]
    [InlineData("/api/instances?pageSize=abc", "pageSize")]
    [InlineData("/api/instances?page=1.5", "page")]
    [InlineData("/api/credit-marks?includeRemoved=maybe", "includeRemoved")]
    public async Task QueryValueOfTheWrongType_400NamingTheParameter(string path, string field)
    {
        var problem = await ProblemAsync(await _admin.GetAsync(path), HttpStatusCode.BadRequest, "request.malformed");
        Assert.Equal(field, problem["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task StartInstance_DeeplyNestedOrHugeInput_Refused()
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var deep = """{"definitionId":"record-filing","input":{"a":""" + new string('[', 200) + new string(']', 200) + "}}";
        await ProblemAsync(await clerk.PostAsync("/api/instances", Json(deep)), HttpStatusCode.BadRequest, "json.too-deep");
        var huge = """{"definitionId":"record-filing","input":{"applicant":" """ + new string('x', 8 * 1024 * 1024) + "\"}}";
        await ProblemAsync(await clerk.PostAsync("/api/instances", Json(huge)), HttpStatusCode.RequestEntityTooLarge, "request.too-large");
        await ProblemAsync(await clerk.PostAsync("/api/instances", Json("{\"definitionId\":")), HttpStatusCode.BadRequest, "json.invalid");
        Assert.Equal(0, await InstanceCountAsync());
    }

    [Theory]
    [InlineData("name")]
    [InlineData("description")]
    [InlineData("definitionId")]
    public async Task SaveDefinition_NonStringTextField_400(string field)
    {
        var model = new WorkflowJson().Start().Event("step").Chain("start", "step").Build("Typed", "typed-process");
        model[field] = new JsonObject { ["not"] = "text" };
        var problem = await ProblemAsync(await _admin.PostAsJsonAsync("/api/definitions", model), HttpStatusCode.BadRequest, "definition.field-type");
        Assert.Equal(field, problem["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task SaveDefinition_NumberWhereObjectBelongs_ProblemNotCrash()
    {
        var model = new WorkflowJson().Start().Event("step").Build("Old format", "old-format");
        model["variables"] = JsonNode.Parse("[42]");
        var response = await _admin.PostAsJsonAsync("/api/definitions", model);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problems = (await response.Content.ReadFromJsonAsync<JsonObject>())!["problems"]!.AsArray().Select(p => p!["message"]!.GetValue<string>()).ToList();
        Assert.Contains(problems, p => p.Contains("wrong JSON kind"));
    }

    [Fact]
    public async Task StartInstance_JavaScriptImport_NoServerError()
    {
        var model = new WorkflowJson().Start().Decision("gate", "import('fs')").Event("yes").Event("no")
            .Chain("start", "gate").Connect("gate", "yes", "True").Connect("gate", "no", "False").Build("Imports", "imports-fs");
        (await _admin.PostAsJsonAsync("/api/definitions", model)).EnsureSuccessStatusCode();
        (await _admin.PostAsync("/api/definitions/imports-fs/publish", null)).EnsureSuccessStatusCode();
        var response = await _admin.PostAsJsonAsync("/api/instances", new { definitionId = "imports-fs" });
        Assert.True((int)response.StatusCode < 500, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/instances?page=1000000000", "validation.paging", "page")]
    [InlineData("/api/tasks?page=1000000000&pageSize=500", "validation.paging", "page")]
    [InlineData("/api/audit?page=2147483647", "validation.paging", "page")]
    [InlineData("/api/calendar/add-working-days?from=9999-12-30&days=5", "validation.date", "from")]
    [InlineData("/api/calendar/working-days-between?from=0001-01-01&to=9999-12-31", "validation.date", "from")]
    [InlineData("/api/instances?correlationId=A%00B", "text.invalid-character", "correlationId")]
    public async Task Query_OutOfRangeOrNul_400(string url, string code, string field)
    {
        var problem = await ProblemAsync(await _admin.GetAsync(url), HttpStatusCode.BadRequest, code);
        Assert.Equal(field, problem["field"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(-1)]
    public async Task Upload_LongOrCrlfFileName_400AndNothingStored(int length)
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing" })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        // RFC 5987 lets a client send any character, CR LF included, percent-encoded in filename*.
        var fileName = length > 0 ? new string('a', length) + ".pdf" : "plan.pdf%0D%0AX-Injected%3A%20yes";
        var file = new ByteArrayContent("%PDF-1.4 test"u8.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        file.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"file\"; filename*=UTF-8''{fileName}");
        using var form = new MultipartFormDataContent { { new StringContent("site plan"), "name" }, file };

        var problem = await ProblemAsync(await clerk.PostAsync($"/api/instances/{id}/materials", form), HttpStatusCode.BadRequest, "material.file-name");
        Assert.Equal("file", problem["field"]?.GetValue<string>());
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!);
    }

    [Fact]
    public async Task Upload_BoundaryMismatch_400()
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing" })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var body = new StringContent("--other\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nplan\r\n--other--\r\n");
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=expected");
        await ProblemAsync(await clerk.PostAsync($"/api/instances/{id}/materials", body), HttpStatusCode.BadRequest, "multipart.invalid");
    }
}

public sealed class SqliteBadInputTests() : BadInputContract(DatabaseProvider.Sqlite);

public sealed class PostgresBadInputTests() : BadInputContract(DatabaseProvider.Postgres);
