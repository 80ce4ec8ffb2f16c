using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.AccessControl;

/// <summary>One host per provider with two permits in review; the tests only read, so they share it.</summary>
public abstract class AccessFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public ApiFactory Api { get; private set; } = null!;
    public PermitClient Permit { get; private set; } = null!;
    /// <summary>Accepted: all four departments have a review task.</summary>
    public string InReview { get; private set; } = null!;
    /// <summary>Still at the window: no department has seen it.</summary>
    public string AtWindow { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Api = await ApiFactory.CreateAsync(provider);
        Permit = new PermitClient(Api);
        InReview = await Permit.StartAsync("JS-ACCESS-1");
        await Permit.AcceptAsync(InReview);
        AtWindow = await Permit.StartAsync("JS-ACCESS-2");
    }

    public async Task DisposeAsync() => await Api.DisposeAsync();
}

public sealed class SqliteAccessFixture() : AccessFixture(DatabaseProvider.Sqlite);
public sealed class PostgresAccessFixture() : AccessFixture(DatabaseProvider.Postgres);

/// <summary>Need-to-know: who may read which application, on both providers.</summary>
public abstract class NeedToKnowContract(AccessFixture fixture)
{
    private ApiFactory Api => fixture.Api;

    [Theory]
    [InlineData("/api/tasks")]
    [InlineData("/api/tasks?status=open")]
    [InlineData("/api/notifications")]
    [InlineData("/api/supervision")]
    public async Task ReviewerWithoutDepartment_IsRefusedWithACode(string url)
    {
        var reviewer = Tokens.Client(Api, "reviewer-nobody", ["reviewer"]);

        var response = await reviewer.GetAsync(url);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("department-required", problem["code"]!.GetValue<string>());
        Assert.Equal("department", problem["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task ReviewerWithoutDepartment_CannotOpenATask()
    {
        var admin = await fixture.Permit.Admin();
        var task = (await fixture.Permit.TasksAsync(admin, fixture.InReview, department: "fire")).Single()!["id"]!.GetValue<string>();

        var response = await Tokens.Client(Api, "reviewer-nobody", ["reviewer"]).GetAsync($"/api/tasks/{task}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("department-required", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
    }
}

public sealed class SqliteNeedToKnowTests(SqliteAccessFixture fixture) : NeedToKnowContract(fixture), IClassFixture<SqliteAccessFixture>;
public sealed class PostgresNeedToKnowTests(PostgresAccessFixture fixture) : NeedToKnowContract(fixture), IClassFixture<PostgresAccessFixture>;
