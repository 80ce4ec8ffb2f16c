using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>A client that retries a start after a lost reply gets the first application back instead of a second one.</summary>
public abstract class IdempotencyContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private HttpClient _clerk = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _clerk = await _api.ClientAsync("clerk-wang", "clerk");
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private static HttpRequestMessage Start(string key, string correlationId, string applicant = "Acme Ltd") =>
        new(HttpMethod.Post, "/api/instances")
        {
            Headers = { { "Idempotency-Key", key } },
            Content = JsonContent.Create(new { definitionId = "record-filing", correlationId, input = new { applicant } }),
        };

    private async Task<int> CountAsync() =>
        (await _clerk.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=500"))!["totalCount"]!.GetValue<int>();

    [Fact]
    public async Task Retry_SameKeySameBody_ReturnsFirstInstanceAndCreatesNothing()
    {
        var first = await _clerk.SendAsync(Start("7f1c2a9e-retry", "JS-2026-0100"));
        var retry = await _clerk.SendAsync(Start("7f1c2a9e-retry", "JS-2026-0100"));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        var id = (await first.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        Assert.Equal(id, (await retry.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>());
        Assert.Equal(retry.Headers.Location, first.Headers.Location);
        Assert.True(retry.Headers.Contains("Idempotent-Replayed"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Retry_AfterTheApplicationMovedOn_ReplaysTheFirstAnswer()
    {
        var first = (await (await _clerk.SendAsync(Start("moved-on", "JS-2026-0150"))).Content.ReadFromJsonAsync<JsonObject>())!;
        var id = first["id"]!.GetValue<string>();
        (await _clerk.PostAsJsonAsync($"/api/instances/{id}/cancel", new { reason = "withdrawn by the applicant" })).EnsureSuccessStatusCode();

        var retry = (await (await _clerk.SendAsync(Start("moved-on", "JS-2026-0150"))).Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(first.ToJsonString(), retry.ToJsonString());
        Assert.NotEqual("Cancelled", retry["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task SameKeyDifferentBody_409KeyReusedAndNothingCreated()
    {
        (await _clerk.SendAsync(Start("key-1", "JS-2026-0200"))).EnsureSuccessStatusCode();
        var response = await _clerk.SendAsync(Start("key-1", "JS-2026-0200", applicant: "Other Ltd"));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("idempotency.key-reused", problem["code"]!.GetValue<string>());
        Assert.Equal("Idempotency-Key", problem["field"]!.GetValue<string>());
        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task SameKeyOtherCaller_IsAnotherApplication()
    {
        var other = await _api.ClientAsync("clerk-li", "clerk");
        (await _clerk.SendAsync(Start("shared-key", "JS-2026-0300"))).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await other.SendAsync(Start("shared-key", "JS-2026-0300"))).StatusCode);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task ConcurrentRetries_OneInstance()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _clerk.SendAsync(Start("burst", "JS-2026-0400"))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountAsync());
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    public async Task InvalidKey_400(string key)
    {
        var request = Start("x", "JS-2026-0500");
        request.Headers.Remove("Idempotency-Key");
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key.Length == 0 ? new string('k', 201) : key);
        var response = await _clerk.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("idempotency.invalid-key", (await response.Content.ReadFromJsonAsync<JsonObject>())!["code"]!.GetValue<string>());
        Assert.Equal(0, await CountAsync());
    }
}

public sealed class SqliteIdempotencyTests() : IdempotencyContract(DatabaseProvider.Sqlite);

public sealed class PostgresIdempotencyTests() : IdempotencyContract(DatabaseProvider.Postgres);
