using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>Every problem details response carries a stable machine code (the front end translates it) and an English detail.</summary>
public abstract class ErrorCodeContract(HostFixture host)
{
    private readonly ApiFactory _api = host.Api;

    [Fact]
    public void Codes_AreUniqueAndLowercaseDotted()
    {
        Assert.Equal(ErrorCodes.All.Count, ErrorCodes.All.Distinct().Count());
        Assert.All(ErrorCodes.All, c => Assert.Matches(new Regex("^[a-z]+(-[a-z]+)*(\\.[a-z]+(-[a-z]+)*)?$"), c));
    }

    [Fact]
    public async Task FailingCalls_EachProblemHasItsCode()
    {
        var permit = new PermitClient(_api);
        var clerk = await permit.Clerk();
        var fire = await permit.Reviewer("fire");
        var id = await permit.StartAsync("JS-ERR-0001");
        var acceptance = await permit.OpenTaskIdAsync(clerk, id);
        var admin = await permit.Admin();
        (await admin.PostAsync($"/api/tasks/{acceptance}/claim", null)).EnsureSuccessStatusCode();
        var json = (string body) => new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        (HttpResponseMessage Response, HttpStatusCode Status, string Code, string? Field)[] calls =
        [
            (await _api.CreateClient().GetAsync("/api/definitions"), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized, null),
            (await fire.PostAsync("/api/definitions/record-filing/publish", null), HttpStatusCode.Forbidden, ErrorCodes.Forbidden, null),
            (await clerk.GetAsync("/api/tasks/does-not-exist"), HttpStatusCode.NotFound, ErrorCodes.TaskNotFound, null),
            (await clerk.GetAsync("/api/instances/does-not-exist"), HttpStatusCode.NotFound, ErrorCodes.InstanceNotFound, "id"),
            (await clerk.GetAsync("/api/no-such-endpoint"), HttpStatusCode.NotFound, ErrorCodes.NotFound, null),
            (await clerk.PostAsync("/api/instances", json("[1,2,3]")), HttpStatusCode.BadRequest, ErrorCodes.RequestMalformed, null),
            (await clerk.PostAsync("/api/instances", json("{\"definitionId\":\"\"}")), HttpStatusCode.BadRequest, ErrorCodes.ValidationField, "definitionId"),
            (await clerk.PostAsJsonAsync("/api/instances", new { definitionId = "nope" }), HttpStatusCode.NotFound, ErrorCodes.DefinitionNotFound, null),
            (await clerk.GetAsync("/api/instances?pageSize=0"), HttpStatusCode.BadRequest, ErrorCodes.Paging, "pageSize"),
            (await clerk.GetAsync("/api/reports/timeliness?from=yesterday"), HttpStatusCode.BadRequest, ErrorCodes.Date, "from"),
            (await PermitClient.CompleteAsync(clerk, acceptance, "Accepted"), HttpStatusCode.Conflict, ErrorCodes.TaskClaimedByOther, null),
            (await PermitClient.CompleteAsync(admin, acceptance, "Maybe"), HttpStatusCode.BadRequest, ErrorCodes.OutcomeUnknown, "outcome"),
            (await PermitClient.CompleteAsync(admin, acceptance, "NotAccepted", opinion: null), HttpStatusCode.BadRequest, ErrorCodes.ReasonsRequired, "opinion"),
            (await PermitClient.CompleteAsync(fire, acceptance, "Accepted"), HttpStatusCode.Forbidden, ErrorCodes.TaskForbiddenIntake, null),
        ];

        foreach (var (response, status, code, field) in calls)
        {
            var where = $"{response.RequestMessage!.Method} {response.RequestMessage.RequestUri!.PathAndQuery}";
            Assert.True(status == response.StatusCode, $"{where}: {response.StatusCode}");
            Assert.True("application/problem+json" == response.Content.Headers.ContentType?.MediaType, where);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.True(code == problem["code"]?.GetValue<string>(), $"{where}: code {problem["code"]}");
            Assert.Contains(problem["code"]!.GetValue<string>(), ErrorCodes.All);
            Assert.False(string.IsNullOrEmpty(problem["detail"]?.GetValue<string>()), where);
            if (field is not null) Assert.Equal(field, problem["field"]?.GetValue<string>());
        }
        // None of the failed completions changed the task.
        Assert.Equal("admin-li", (await permit.TasksAsync(admin, id, "claimed")).Single()!["claimedBy"]!.GetValue<string>());
    }
}

public sealed class SqliteErrorCodeTests(SqliteHost host) : ErrorCodeContract(host), IClassFixture<SqliteHost>;

public sealed class PostgresErrorCodeTests(PostgresHost host) : ErrorCodeContract(host), IClassFixture<PostgresHost>;
