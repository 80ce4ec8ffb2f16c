using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Tests;
using ApprovalEngine.Workflows.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>
/// The admission line (Host:Admission): at most MaxConcurrent API requests work at once, QueueLimit more wait, the rest
/// are refused with 503 + Retry-After before they touch anything. A turn is held here by starting an application whose
/// file number begins with HOLD-: a stimulus observer keeps that request working until the test releases it.
/// </summary>
public sealed class AdmissionTests
{
    private readonly HoldingObserver _hold = new();

    private Task<ApiFactory> HostAsync(int maxConcurrent, int queueLimit) => ApiFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string>
    {
        ["Host:Admission:MaxConcurrent"] = maxConcurrent.ToString(), ["Host:Admission:QueueLimit"] = queueLimit.ToString(),
    }, services => services.AddScoped<IStimulusObserver>(_ => _hold));

    [Fact]
    public async Task FullLine_RefusesWith503AndRetryAfter_ChangesNothing_ProbesAndPagesStillAnswer()
    {
        await using var api = await HostAsync(maxConcurrent: 1, queueLimit: 0);
        var line = api.Services.GetRequiredService<AdmissionLine>();
        var clerk = await new PermitClient(api).Clerk();
        var admin = await new PermitClient(api).Admin();

        var holding = clerk.PostAsJsonAsync("/api/instances", StartRequest("HOLD-ADM-0001"));
        await WaitUntil(() => line.Working == 1);

        var refused = await clerk.PostAsJsonAsync("/api/instances", StartRequest("JS-ADM-0002"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(Admission.RetryAfterSeconds), refused.Headers.RetryAfter?.Delta);
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(ErrorCodes.Busy, problem["code"]!.GetValue<string>());
        Assert.Contains("nothing was changed", problem["detail"]!.GetValue<string>());
        Assert.Equal(1, line.TurnedAway);
        Assert.Equal(1, Observe(line, "approvalengine.admission.turned_away"));
        // Prometheus sees the line (names only: in this process every test host's meter is scraped together).
        var metrics = await admin.GetStringAsync("/metrics");
        foreach (var name in new[] { "approvalengine_admission_working", "approvalengine_admission_waiting", "approvalengine_admission_turned_away_total" })
            Assert.Contains(name, metrics);

        // Probes and pages never wait in the line: an overloaded host is busy, not dead.
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient().GetAsync("/worklist")).StatusCode);
        // A body that arrives at the sender's pace (an upload, a PDF to verify) takes no turn: answered, not refused.
        var pdf = await api.CreateClient().PostAsync("/api/public/verify-pdf",
            new ByteArrayContent("%PDF-1.7 not a real document"u8.ToArray()) { Headers = { ContentType = new("application/pdf") } });
        Assert.InRange((int)pdf.StatusCode, 400, 499);

        _hold.Release();
        Assert.Equal(HttpStatusCode.Created, (await holding).StatusCode);
        Assert.Equal(0, line.Working);
        // The refused start created nothing; the same request sent again is served.
        Assert.Empty(await InstancesAsync(clerk, "JS-ADM-0002"));
        Assert.Equal(HttpStatusCode.Created, (await clerk.PostAsJsonAsync("/api/instances", StartRequest("JS-ADM-0002"))).StatusCode);
        Assert.Single(await InstancesAsync(clerk, "JS-ADM-0002"));
    }

    [Fact]
    public async Task WaitingRequests_Run_WhenATurnFrees()
    {
        await using var api = await HostAsync(maxConcurrent: 1, queueLimit: 5);
        var line = api.Services.GetRequiredService<AdmissionLine>();
        var clerk = await new PermitClient(api).Clerk();

        var holding = clerk.PostAsJsonAsync("/api/instances", StartRequest("HOLD-ADM-0101"));
        await WaitUntil(() => line.Working == 1);
        var waiting = new[] { "JS-ADM-0102", "JS-ADM-0103" }.Select(n => clerk.PostAsJsonAsync("/api/instances", StartRequest(n))).ToList();
        await WaitUntil(() => line.Waiting == 2);
        Assert.All(waiting, w => Assert.False(w.IsCompleted));
        Assert.Equal(1, Observe(line, "approvalengine.admission.working"));
        Assert.Equal(2, Observe(line, "approvalengine.admission.waiting"));

        _hold.Release();
        Assert.Equal(HttpStatusCode.Created, (await holding).StatusCode);
        foreach (var w in waiting) Assert.Equal(HttpStatusCode.Created, (await w).StatusCode);
        Assert.Equal(0, line.TurnedAway);
        Assert.Equal((0, 0), (line.Working, line.Waiting));
    }

    /// <summary>SQLite stimuli wait for the one write lock inside their turn: the default line there is long enough not to
    /// hold up the reads beside them (measured in docs/performance.md, "The admission line"); a setting wins on either provider.</summary>
    [Theory]
    [InlineData(DatabaseProvider.Postgres, 0, 4)]
    [InlineData(DatabaseProvider.Sqlite, 0, 32)]
    [InlineData(DatabaseProvider.Sqlite, 3, 0)]
    public void DefaultTurns_DependOnTheDatabase_ASettingWins(DatabaseProvider provider, int setting, int perProcessor)
    {
        var expected = perProcessor == 0 ? setting : perProcessor * Environment.ProcessorCount;
        Assert.Equal(expected, new AdmissionOptions { MaxConcurrent = setting }.EffectiveMaxConcurrent(provider));
    }

    [Theory]
    [InlineData("Host:Admission:MaxConcurrent")]
    [InlineData("Host:Admission:QueueLimit")]
    public async Task NegativeSetting_RefusesToStart_NamingTheKey(string key)
    {
        var factory = new ApiFactory(await TestDatabases.CreateAsync(DatabaseProvider.Sqlite), settings: new Dictionary<string, string> { [key] = "-1" });
        var error = Assert.Throws<InvalidOperationException>(() => factory.Server);
        Assert.Contains(key, error.Message);
    }

    private static object StartRequest(string correlationId) =>
        new { definitionId = "construction-permit-3550", correlationId, input = new { applicant = "Suzhou Industrial Park Co.", project = "Plant No. 3" } };

    private static async Task<JsonArray> InstancesAsync(HttpClient client, string correlationId)
    {
        var page = await client.GetFromJsonAsync<JsonObject>($"/api/instances?correlationId={correlationId}");
        return page!["items"]!.AsArray();
    }

    /// <summary>What the host's instrument reports to an exporter now (its own meter: other test hosts in this process have theirs).</summary>
    private static double Observe(AdmissionLine line, string instrument) =>
        Observability.Gauges.Read(instrument, line.Meter).Select(m => (double?)m.Value).LastOrDefault() ?? throw new InvalidOperationException($"{instrument} reported nothing");

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), "the admission line did not reach the expected state within 5 s");
    }

    /// <summary>Keeps a stimulus of an application numbered HOLD-... working until <see cref="Release"/>.</summary>
    private sealed class HoldingObserver : IStimulusObserver
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _released.TrySetResult();

        public Task OnAppliedAsync(StimulusContext context, ExecutionResult result, CancellationToken ct) =>
            context.Instance.CorrelationId?.StartsWith("HOLD-", StringComparison.Ordinal) == true ? _released.Task.WaitAsync(ct) : Task.CompletedTask;
    }
}
