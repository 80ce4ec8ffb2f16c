using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Host.Tests.Observability;

/// <summary>One host per provider for the whole class: these tests read metrics, they don't need clean databases.</summary>
public sealed class ObservedHost : IAsyncLifetime
{
    public const string ScrapeToken = "prometheus-scrape-secret-for-tests";
    public ApiFactory Api { get; private set; } = null!;
    public PermitClient Permit { get; private set; } = null!;
    public Task InitializeAsync() => Task.CompletedTask;

    public async Task<ObservedHost> StartAsync(DatabaseProvider provider)
    {
        if (Api is not null) return this;
        Api = await ApiFactory.CreateAsync(provider, new Dictionary<string, string> { ["Metrics:ScrapeToken"] = ScrapeToken });
        Permit = new PermitClient(Api);
        await Permit.RegisterBureauSealAsync();
        return this;
    }

    public async Task DisposeAsync()
    {
        if (Api is not null) await Api.DisposeAsync();
    }

    public async Task<string> ScrapeAsync()
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ScrapeToken);
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}

/// <summary>Traces and metrics as an operator sees them: the /metrics scrape and the spans an OTLP exporter would get.</summary>
public abstract class ObservabilityContract(DatabaseProvider provider, ObservedHost host) : IAsyncLifetime
{
    private ApiFactory Api => host.Api;
    private PermitClient Permit => host.Permit;

    public async Task InitializeAsync() => await host.StartAsync(provider);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Metrics_OutsideDevelopment_NeedsAMetricsRoleAdminOrTheScrapeToken()
    {
        var anonymous = await Api.CreateClient().GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrongSecret = Api.CreateClient();
        wrongSecret.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-scrape-secret");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongSecret.GetAsync("/metrics")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await (await Api.ClientAsync("clerk-zhang", "clerk")).GetAsync("/metrics")).StatusCode);

        var admin = await (await Api.ClientAsync("admin-li", "admin")).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("# TYPE", await admin.Content.ReadAsStringAsync());
        Assert.Contains("# TYPE", await host.ScrapeAsync());
    }

    [Fact]
    public async Task Metrics_AfterAStimulus_ScrapeCountsItByKindDefinitionAndOutcome()
    {
        var before = await host.ScrapeAsync();
        await Permit.StartAsync($"OBS-{Guid.NewGuid():N}");

        var after = await host.ScrapeAsync();

        const string series = @"approvalengine_stimuli_total\{[^}]*definition=""construction-permit-3550""[^}]*kind=""start""[^}]*outcome=""ok""[^}]*\} (\d+)";
        Assert.True(Value(after, series) >= Value(before, series) + 1, after);
        Assert.Matches(@"approvalengine_stimulus_duration_seconds_bucket\{[^}]*definition=""construction-permit-3550""[^}]*kind=""start""[^}]*le=""0.1""", after);
        Assert.Matches(@"approvalengine_stimulus_duration_seconds_count\{[^}]*kind=""start""", after);
    }

    [Fact]
    public async Task Traces_EachStimulusIsASpanWithInstanceDefinitionAndActivity()
    {
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == EngineTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => { lock (spans) spans.Add(a); },
        };
        ActivitySource.AddActivityListener(listener);

        var id = await Permit.StartAsync($"OBS-{Guid.NewGuid():N}");
        await Permit.AcceptAsync(id);

        List<Activity> mine;
        lock (spans) mine = spans.Where(s => s.GetTagItem(EngineTelemetry.InstanceTag) as string == id).ToList();
        var start = Assert.Single(mine, s => s.DisplayName == "stimulus start");
        Assert.Equal("construction-permit-3550", start.GetTagItem(EngineTelemetry.DefinitionTag));
        Assert.Equal("ok", start.GetTagItem(EngineTelemetry.OutcomeTag));
        var accept = Assert.Single(mine, s => s.DisplayName == "stimulus resume");
        Assert.Equal("construction-permit-3550", accept.GetTagItem(EngineTelemetry.DefinitionTag));
        Assert.False(string.IsNullOrEmpty(accept.GetTagItem(EngineTelemetry.ActivityTag) as string));
    }

    [Fact]
    public async Task Gauges_OpenAndOverdueTasksByDepartment_TimerLagAndOutbox()
    {
        var id = await Permit.StartAsync($"OBS-{Guid.NewGuid():N}");
        await Permit.AcceptAsync(id);
        await Permit.ReviewAsync(id, "planning", "Approved");

        var snapshot = await SampleAsync();
        Assert.True(snapshot.OpenTasksByDepartment["fire"] >= 1);
        Assert.Equal(CountOpen("fire"), snapshot.OpenTasksByDepartment["fire"]);
        Assert.Equal(CountOpen("planning"), snapshot.OpenTasksByDepartment.GetValueOrDefault("planning"));
        Assert.Equal(0, snapshot.OverdueTasksByDepartment["fire"]);
        Assert.Equal(snapshot.OpenTasksByDepartment["fire"], Observe("approvalengine.tasks.open")["fire"]);
        Assert.Equal(0, Observe("approvalengine.tasks.overdue")["fire"]);
        Assert.Equal(snapshot.OutboxBacklog, Observe("approvalengine.outbox.backlog")[""]);

        // 20 working days later the 15-day reviews are overdue, and the warning/overdue timers have waited.
        Api.Time.Advance(TimeSpan.FromDays(28));
        snapshot = await SampleAsync();
        Assert.True(snapshot.OverdueTasksByDepartment["fire"] >= 1);
        Assert.True(snapshot.TimersDue >= 1);
        Assert.True(snapshot.TimersOldestDueAgeSeconds > TimeSpan.FromDays(1).TotalSeconds);
        Assert.Equal(snapshot.OverdueTasksByDepartment["fire"], Observe("approvalengine.tasks.overdue")["fire"]);
        Assert.Equal(snapshot.TimersOldestDueAgeSeconds, Observe("approvalengine.timers.oldest_due_age")[""]);

        await Api.Timers.FireDueAsync();
        var scrape = await host.ScrapeAsync();
        Assert.Matches(@"approvalengine_timer_lag_seconds_bucket\{[^}]*kind=""DeadlineOverdue""", scrape);
        Assert.Matches(@"approvalengine_timers_fired_total\{[^}]*kind=""DeadlineWarning""[^}]*outcome=""fired""", scrape);
        Assert.Equal(0, (await SampleAsync()).TimersDue);
    }

    [Fact]
    public async Task Gauges_AuditCheckpointAge_AndYearsWithoutHolidayData()
    {
        using (var scope = Api.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<Persistence.Audit.AuditAnchoring>().CreateAsync(default);
        Api.Time.Advance(TimeSpan.FromMinutes(90));
        var snapshot = await SampleAsync();
        Assert.Equal(TimeSpan.FromMinutes(90).TotalSeconds, snapshot.AuditCheckpointAgeSeconds!.Value, 0);
        Assert.Equal(snapshot.AuditCheckpointAgeSeconds, Observe("approvalengine.audit.checkpoint_age")[""]);
        int expected;
        using (var scope = Api.Services.CreateScope())
            expected = (await scope.ServiceProvider.GetRequiredService<Persistence.Calendar.HolidayService>().CoverageAsync()).MissingYears.Count;
        Assert.Equal(expected, snapshot.CalendarMissingYears);
        Assert.Equal(expected, Observe("approvalengine.calendar.missing_years")[""]);
    }

    [Fact]
    public async Task DeployAssets_DashboardAndAlertRulesParse_AndUseOnlyMetricsTheHostExports()
    {
        var dashboardJson = await File.ReadAllTextAsync(ApiFactory.RepositoryPath("deploy/observability/grafana-dashboard.json"));
        var dashboard = System.Text.Json.Nodes.JsonNode.Parse(dashboardJson)!.AsObject();
        Assert.Equal("approvalengine", dashboard["uid"]!.GetValue<string>());
        var panels = dashboard["panels"]!.AsArray();
        Assert.All(panels, p => Assert.NotEmpty(p!["targets"]!.AsArray()));

        var rulesYaml = await File.ReadAllTextAsync(ApiFactory.RepositoryPath("deploy/observability/prometheus-alerts.yml"));
        var rules = new YamlDotNet.Serialization.DeserializerBuilder().WithNamingConvention(YamlDotNet.Serialization.NamingConventions.CamelCaseNamingConvention.Instance).Build().Deserialize<AlertFile>(rulesYaml);
        var alerts = rules.Groups.SelectMany(g => g.Rules).ToList();
        Assert.All(alerts, a =>
        {
            Assert.False(string.IsNullOrWhiteSpace(a.Expr), a.Alert);
            Assert.Contains(a.Labels["severity"], new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(a.Annotations["summary"]), a.Alert);
        });
        foreach (var expected in new[] { "ApprovalEngineOverdueTasksGrowing", "ApprovalEngineOutboxStuck", "ApprovalEngineTimerLag", "ApprovalEngineAuditCheckpointLate" })
            Assert.Contains(alerts, a => a.Alert == expected);

        // Every metric the dashboard and the rules query is one the host exports (so a rename breaks this test, not the pager).
        await Permit.StartAsync($"OBS-{Guid.NewGuid():N}"); // a stimulus and an open task, so those series exist
        await SampleAsync();
        var scrape = await host.ScrapeAsync();
        var exported = Regex.Matches(scrape, @"^# TYPE (\w+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        // The database gauges and the admission line's instruments of this host by their Prometheus names (a scrape in a test
        // process may show another host's instruments of the same name instead: the admission counter went missing once in CI).
        exported.UnionWith(GaugeNames().Select(g => g.Name.Replace('.', '_') + (g.Unit == "s" ? "_seconds" : "")
                                                    + (g.GetType().Name.StartsWith("ObservableCounter", StringComparison.Ordinal) ? "_total" : "")));
        // Instruments that appear once their first event happened.
        string[] eventual = ["approvalengine_timer_lag_seconds", "approvalengine_timers_fired_total", "approvalengine_outbox_deliveries_total"];
        var queried = Regex.Matches(dashboardJson + rulesYaml, @"\bapprovalengine_\w+").Select(m => Regex.Replace(m.Value, "_(bucket|sum|count)$", "")).Distinct().ToList();
        Assert.NotEmpty(queried);
        Assert.All(queried.Where(q => !eventual.Contains(q)), q => Assert.Contains(q, exported));
    }

    public sealed class AlertFile { public List<AlertGroup> Groups { get; set; } = []; }
    public sealed class AlertGroup { public string Name { get; set; } = ""; public List<AlertRule> Rules { get; set; } = []; }
    public sealed class AlertRule
    {
        public string Alert { get; set; } = "";
        public string Expr { get; set; } = "";
        public string For { get; set; } = "";
        public Dictionary<string, string> Labels { get; set; } = [];
        public Dictionary<string, string> Annotations { get; set; } = [];
    }

    /// <summary>What this host's gauges report now, by department ("" for unlabelled), read as an exporter would.</summary>
    /// <remarks>Not from the scrape: every host in the test process exports every host's gauges of the same name.</remarks>
    private Dictionary<string, double> Observe(string instrument)
    {
        var values = new Dictionary<string, double>();
        foreach (var m in Gauges.Read(instrument, Api.Services.GetRequiredService<OperationalMetrics>().Meter))
            values[m.Tags.GetValueOrDefault("department") as string ?? ""] = m.Value;
        return values;
    }

    private List<System.Diagnostics.Metrics.Instrument> GaugeNames()
    {
        System.Diagnostics.Metrics.Meter[] meters = [Api.Services.GetRequiredService<OperationalMetrics>().Meter, Api.Services.GetRequiredService<ApprovalEngine.Host.Platform.AdmissionLine>().Meter];
        var instruments = new List<System.Diagnostics.Metrics.Instrument>();
        using var listener = new System.Diagnostics.Metrics.MeterListener { InstrumentPublished = (i, _) => { if (meters.Contains(i.Meter)) instruments.Add(i); } };
        listener.Start();
        return instruments;
    }

    private int CountOpen(string department)
    {
        using var scope = Api.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<ApprovalDbContext>().Tasks
            .Count(t => t.Department == department && (t.Status == Persistence.Tasks.TaskStatus.Open || t.Status == Persistence.Tasks.TaskStatus.Claimed));
    }

    private async Task<OperationalSnapshot> SampleAsync()
    {
        using var scope = Api.Services.CreateScope();
        var services = scope.ServiceProvider;
        return await services.GetRequiredService<OperationalMetrics>().SampleAsync(services.GetRequiredService<ApprovalDbContext>(),
            services.GetRequiredService<DeadlineService>(), services.GetRequiredService<WebhookOptions>(),
            services.GetRequiredService<Persistence.Calendar.HolidayService>(), Api.Time.GetUtcNow());
    }

    private static double Value(string scrape, string pattern) =>
        Regex.Matches(scrape, pattern).Sum(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
}

public sealed class SqliteObservabilityTests(ObservedHost host) : ObservabilityContract(DatabaseProvider.Sqlite, host), IClassFixture<ObservedHost>;

public sealed class PostgresObservabilityTests(ObservedHost host) : ObservabilityContract(DatabaseProvider.Postgres, host), IClassFixture<ObservedHost>;
