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

    [Theory]
    [InlineData("POST", "/api/instances", """{"definitionId":42}""", "definitionId")]
    [InlineData("POST", "/api/instances", """[1,2]""", null)]
    [InlineData("POST", "/api/public/verify", """{"number":123}""", "number")]
    [InlineData("GET", "/api/calendar/add-working-days?from=2026-12-01&days=abc", null, "days")]
    [InlineData("GET", "/api/instances?status=99", null, "status")]
    public async Task Malformed_DetailSpeaksOfTheRequestNotOfTheHostsTypes(string method, string path, string? body, string? field)
    {
        // ASP.NET's and System.Text.Json's own words named this host's types ("could not be converted to ApprovalEngine...",
        // "Nullable<int> days") and .NET's ("Unexpected end of Stream"); a number where a certificate number belongs had no field.
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json(body) };
        var response = await _admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var problem = JsonNode.Parse(text)!.AsObject();
        var detail = problem["detail"]!.GetValue<string>();
        Assert.DoesNotContain("ApprovalEngine", detail);
        Assert.DoesNotContain("System.", detail);
        Assert.DoesNotContain("Nullable", detail);
        Assert.Equal(field, problem["field"]?.GetValue<string>());
    }

    [Fact]
    public async Task VerifyPdf_NoFileOrNotAPdf_400NamingTheFileField()
    {
        var anyone = _api.CreateClient();
        using var empty = new MultipartFormDataContent { { new StringContent("x"), "other" } };
        var missing = await ProblemAsync(await anyone.PostAsync("/api/public/verify-pdf", empty), HttpStatusCode.BadRequest, ErrorCodes.PdfMissing);
        Assert.Equal("file", missing["field"]?.GetValue<string>());
        using var notPdf = new MultipartFormDataContent { { new ByteArrayContent("hello"u8.ToArray()), "file", "a.pdf" } };
        var invalid = await ProblemAsync(await anyone.PostAsync("/api/public/verify-pdf", notPdf), HttpStatusCode.BadRequest, ErrorCodes.PdfInvalid);
        Assert.Equal("file", invalid["field"]?.GetValue<string>());
        var huge = await ProblemAsync(await anyone.PostAsync("/api/public/verify", Json($$"""{"number":"{{new string('N', 100_000)}}"}""")), HttpStatusCode.BadRequest, ErrorCodes.ValidationField);
        Assert.True(huge["detail"]!.GetValue<string>().Length < 200);
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

    [Theory]
    [InlineData("\"x\"", "customProperties")]
    [InlineData("[]", "customProperties")]
    [InlineData("""{"serviceGuide":"x"}""", "customProperties.serviceGuide")]
    [InlineData("""{"serviceGuide":5}""", "customProperties.serviceGuide")]
    [InlineData("""{"statutoryLimitWorkingDays":-5}""", "customProperties.statutoryLimitWorkingDays")]
    [InlineData("""{"statutoryLimitWorkingDays":0}""", "customProperties.statutoryLimitWorkingDays")]
    [InlineData("""{"statutoryLimitWorkingDays":1000000000000}""", "customProperties.statutoryLimitWorkingDays")]
    [InlineData("""{"statutoryLimitWorkingDays":"30"}""", "customProperties.statutoryLimitWorkingDays")]
    [InlineData("""{"statutoryLimitWorkingDays":20.5}""", "customProperties.statutoryLimitWorkingDays")]
    [InlineData("""{"maxExtensionWorkingDays":-1}""", "customProperties.maxExtensionWorkingDays")]
    public async Task SaveOrPublishDefinition_CustomPropertiesOfTheWrongKindOrRange_400NamingThem(string custom, string field)
    {
        // A negative limit was stored and published, then failed every acceptance of the process with a 500; a string or an
        // array where an object belongs failed the save itself.
        var model = new WorkflowJson().Start().Event("step").Chain("start", "step").Build("Limits", "limits-process");
        model["customProperties"] = JsonNode.Parse(custom);
        var problem = await ProblemAsync(await _admin.PostAsJsonAsync("/api/definitions", model), HttpStatusCode.BadRequest, "definition.field-type");
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/definitions/limits-process")).StatusCode);
        // Studio's auto-save keeps an unfinished draft; publishing it is refused the same way.
        var draft = await _admin.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model.DeepClone(), ["publish"] = false });
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        var published = await ProblemAsync(await _admin.PostAsync("/api/definitions/limits-process/publish", null), HttpStatusCode.BadRequest, "definition.field-type");
        Assert.Equal(field, published["field"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("Approvals.Acceptance", "deadlineWorkingDays", "1000000000")]
    [InlineData("Approvals.Acceptance", "deadlineWorkingDays", "-3")]
    [InlineData("Approvals.Review", "deadlineWorkingDays", "abc")]
    [InlineData("Approvals.Review", "deadlineWorkingDays", "0")]
    [InlineData("Approvals.Decision", "deadlineWorkingDays", "400")]
    [InlineData("Approvals.PushToSupervision", "ackDeadlineWorkingDays", "-1")]
    public async Task SaveDefinition_StepDeadlineOutOfRange_400NamingTheInput(string type, string input, string value)
    {
        // 10^9 working days saved and published, then failed every start of the process with a 500; -3 and "abc" made no deadline.
        var model = new WorkflowJson().Start().Activity("step", type, ("department", "Literal", "fire"), (input, "Literal", value))
            .Chain("start", "step").Build("Deadline", "deadline-process");
        var response = await _admin.PostAsJsonAsync("/api/definitions", model);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains(input, body);
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/definitions/deadline-process")).StatusCode);
    }

    [Theory]
    [InlineData("1000000000")]
    [InlineData("-5")]
    public async Task StartInstance_StepDeadlineExpressionOutOfRange_TheStepFaultsNotTheRequest(string days)
    {
        // Known only when it runs: the working-day calendar threw inside the stimulus and every start answered 500.
        var model = new WorkflowJson().Start().Activity("review", "Approvals.Review", ("department", "Literal", "fire"), ("deadlineWorkingDays", "JavaScript", days))
            .Chain("start", "review").Build("Computed deadline", "computed-deadline");
        (await _admin.PostAsJsonAsync("/api/definitions", model)).EnsureSuccessStatusCode();
        (await _admin.PostAsync("/api/definitions/computed-deadline/publish", null)).EnsureSuccessStatusCode();
        var response = await (await _api.ClientAsync("clerk-wang", "clerk")).PostAsJsonAsync("/api/instances", new { definitionId = "computed-deadline" });
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(response.StatusCode == HttpStatusCode.Created, created.ToJsonString());
        Assert.Equal("Faulted", created["status"]!.GetValue<string>());
        var view = (await _admin.GetFromJsonAsync<JsonObject>($"/api/instances/{created["id"]}"))!;
        Assert.Contains("outside 0 to 365", view["fault"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("-leading")]
    [InlineData("空格 id")]
    public async Task SaveDefinition_IdNoAddressReaches_400(string definitionId)
    {
        var model = new WorkflowJson().Start().Event("step").Chain("start", "step").Build("Unreachable", definitionId);
        var problem = await ProblemAsync(await _admin.PostAsJsonAsync("/api/definitions", model), HttpStatusCode.BadRequest, ErrorCodes.ValidationField);
        Assert.Equal("definitionId", problem["field"]?.GetValue<string>());
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
    public async Task Upload_TwoFilesOrTwoNames_400NamingTheFieldAndNothingStored()
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var id = (await (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing" })).Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        ByteArrayContent Pdf()
        {
            var file = new ByteArrayContent("%PDF-1.4 test"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            return file;
        }
        using var twoFiles = new MultipartFormDataContent { { new StringContent("site plan"), "name" }, { Pdf(), "file", "a.pdf" }, { Pdf(), "file", "b.pdf" } };
        var files = await ProblemAsync(await clerk.PostAsync($"/api/instances/{id}/materials", twoFiles), HttpStatusCode.BadRequest, ErrorCodes.ValidationField);
        Assert.Equal("file", files["field"]?.GetValue<string>());
        using var twoNames = new MultipartFormDataContent { { new StringContent("site plan"), "name" }, { new StringContent("licence"), "name" }, { Pdf(), "file", "a.pdf" } };
        var names = await ProblemAsync(await clerk.PostAsync($"/api/instances/{id}/materials", twoNames), HttpStatusCode.BadRequest, ErrorCodes.ValidationField);
        Assert.Equal("name", names["field"]?.GetValue<string>());
        // A name whose bytes are not UTF-8 (a surrogate encoded, ED A0 80) was stored as U+FFFD, garbled for good.
        var garbled = new ByteArrayContent([0x73, 0xED, 0xA0, 0x80]);
        using var notUtf8 = new MultipartFormDataContent { { garbled, "name" }, { Pdf(), "file", "a.pdf" } };
        var text = await ProblemAsync(await clerk.PostAsync($"/api/instances/{id}/materials", notUtf8), HttpStatusCode.BadRequest, ErrorCodes.TextInvalidCharacter);
        Assert.Equal("name", text["field"]?.GetValue<string>());
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!);
        using var twoPdfs = new MultipartFormDataContent { { Pdf(), "file", "a.pdf" }, { Pdf(), "file", "b.pdf" } };
        var verify = await ProblemAsync(await _api.CreateClient().PostAsync("/api/public/verify-pdf", twoPdfs), HttpStatusCode.BadRequest, ErrorCodes.ValidationField);
        Assert.Equal("file", verify["field"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"applicant":{"x":1}}""", "input.applicant")]
    [InlineData("""{"applicant":"某公司","creditCode":12345}""", "input.creditCode")]
    [InlineData("""{"applicant":"某公司","project":["一号楼"]}""", "input.project")]
    [InlineData("""{"applicant":"某公司","rooms":[{"n":1e400}]}""", "input.rooms[0].n")]
    [InlineData("""{"applicant":"某公司","floorArea":"abc"}""", "input.floorArea")] // the guide's form field, typed as online
    [InlineData("""{"applicant":"某公司","plannedStart":"2026-02-30"}""", "input.plannedStart")]
    [InlineData("""{"applicant":"某公司","plannedStart":"2020-01-01"}""", "input.plannedStart")] // notPast: work planned to start before today
    public async Task Start_InputTheProductReadsByName_OfTheWrongShape_400NamingIt_NothingStored(string input, string field)
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var before = await InstanceCountAsync();
        var body = new StringContent($$"""{"definitionId":"construction-permit-3550","correlationId":"SHAPE-1","input":{{input}}}""", System.Text.Encoding.UTF8, "application/json");
        var problem = await ProblemAsync(await clerk.PostAsync("/api/instances", body), HttpStatusCode.BadRequest, ErrorCodes.ValidationField);
        Assert.Equal(field, problem["field"]?.GetValue<string>());
        Assert.Equal(before, await InstanceCountAsync());
    }

    [Fact]
    public async Task Start_TheGuidesFormFieldsGivenAtTheCounter_AreTypedAsOnline()
    {
        var clerk = await _api.ClientAsync("clerk-wang", "clerk");
        var started = await clerk.PostAsJsonAsync("/api/instances", new
        {
            definitionId = "construction-permit-3550", correlationId = "FORM-1", input = new { applicant = "某公司", floorArea = "1200.5", contactName = " 陈工 ", note = "窗口备注" },
        });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var input = (await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["input"]!;
        Assert.Equal(1200.5, input["floorArea"]!.GetValue<double>());
        Assert.Equal("陈工", input["contactName"]!.GetValue<string>());
        Assert.Equal("窗口备注", input["note"]!.GetValue<string>()); // not a form field: the counter's own, kept
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
