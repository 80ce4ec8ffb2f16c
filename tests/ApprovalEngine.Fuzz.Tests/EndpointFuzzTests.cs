using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests;
using ApprovalEngine.Persistence;
using Xunit.Abstractions;

namespace ApprovalEngine.Fuzz.Tests;

/// <summary>
/// Walks every operation of the host's OpenAPI document with malformed path, query and body values, as every role
/// and anonymously, and requires that none answers 5xx or hangs. Deterministic: one seeded random per provider.
/// </summary>
public abstract class EndpointFuzzContract(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    private ApiFactory _api = null!;

    public async Task InitializeAsync() => _api = await ApiFactory.CreateAsync(provider);
    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task EveryEndpoint_MalformedInput_NeverServerErrorOrHang()
    {
        var clients = new List<(string Role, HttpClient Client)> { ("anonymous", _api.CreateClient()) };
        foreach (var (user, role, department) in new[] { ("admin-zhao", "admin", (string?)null), ("designer-qian", "designer", null), ("fire-sun", "reviewer", "fire"),
                     ("auditor-li", "auditor", null), ("clerk-wang", "clerk", null) })
            clients.Add((role, await _api.ClientAsync(user, role, department)));
        var admin = clients.Single(c => c.Role == "admin").Client;

        // Real identifiers, so that malformed bodies reach the handlers behind the 404s.
        var instanceId = (await (await admin.PostAsJsonAsync("/api/instances", new { definitionId = "record-filing", correlationId = "FUZZ-1" }))
            .Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var document = (await admin.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var walker = new OpenApiWalker(document, new Random(20261201), new Dictionary<string, string>
        {
            ["id"] = instanceId, ["instanceId"] = instanceId, ["definitionId"] = "record-filing", ["number"] = "JS-2026-0001",
        });

        var failures = new List<string>();
        var store = new StoreFingerprint(_api.Services);
        var before = await store.TakeAsync();
        var count = 0;
        var clock = Stopwatch.StartNew();
        foreach (var probe in walker.Probes())
        {
            var (role, client) = probe.Role switch
            {
                ProbeRole.Anonymous => clients[0],
                ProbeRole.Admin => clients[1],
                _ => clients[1 + probe.Index % (clients.Count - 1)],
            };
            count++;
            using var request = probe.ToRequest();
            var watch = Stopwatch.StartNew();
            try
            {
                using var timeout = new CancellationTokenSource(RequestTimeout);
                // Headers only: a stream (GET /api/events) answers at once and never ends; other bodies are read below when needed.
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status >= 500)
                    failures.Add($"{status} as {role}: {probe}\n    {Shorten(await response.Content.ReadAsStringAsync(), 400)}");
                else if (status >= 400)
                {
                    if (await ProblemCodeAsync(response) is { } complaint) failures.Add($"{status} {complaint} as {role}: {probe}");
                    var after = await store.TakeAsync();
                    if (after != before) failures.Add($"{status} changed the store ({StoreFingerprint.Diff(before, after)}) as {role}: {probe}");
                    before = after;
                }
                else before = await store.TakeAsync(); // an accepted plausible call may change things
            }
            catch (TaskCanceledException)
            {
                failures.Add($"no answer within {RequestTimeout.TotalSeconds:0} s as {role}: {probe}");
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(5)) output.WriteLine($"slow ({watch.Elapsed.TotalSeconds:0.0} s) as {role}: {probe}");
        }
        output.WriteLine($"{count} requests over {walker.OperationCount} operations in {clock.Elapsed.TotalSeconds:0} s; {failures.Count} failures");
        Assert.True(walker.OperationCount > 40, $"the OpenAPI document lists only {walker.OperationCount} operations");
        Assert.True(failures.Count == 0, $"{failures.Count} of {count} requests failed:\n" + string.Join("\n", failures.Take(60)));
    }

    /// <summary>Null when the response is RFC 7807 problem details with a machine <c>code</c>; else what is wrong.</summary>
    private static async Task<string?> ProblemCodeAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            return $"is {response.Content.Headers.ContentType?.MediaType ?? "without a body"}, not problem+json";
        try
        {
            var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject;
            return problem?["code"] is JsonValue code && code.TryGetValue<string>(out var text) && text.Length > 0 ? null : "problem without a code";
        }
        catch (System.Text.Json.JsonException) { return "problem+json that does not parse"; }
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "...";
}

public sealed class SqliteEndpointFuzzTests(ITestOutputHelper output) : EndpointFuzzContract(DatabaseProvider.Sqlite, output);

public sealed class PostgresEndpointFuzzTests(ITestOutputHelper output) : EndpointFuzzContract(DatabaseProvider.Postgres, output);
