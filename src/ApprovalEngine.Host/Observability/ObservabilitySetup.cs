using System.Security.Cryptography;
using System.Text;
using ApprovalEngine.Persistence.Deadlines;
using ApprovalEngine.Persistence.Outbox;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ApprovalEngine.Host.Observability;

public sealed class TelemetryOptions
{
    /// <summary>OTLP collector (e.g. http://otel-collector:4317); traces and metrics are exported there when set.
    /// The standard OTEL_EXPORTER_OTLP_ENDPOINT variable works too.</summary>
    public string? OtlpEndpoint { get; set; }
    public string ServiceName { get; set; } = "approvalengine";
}

public sealed class MetricsOptions
{
    /// <summary>Shared secret a Prometheus server sends as "Authorization: Bearer {token}" to scrape /metrics.</summary>
    public string? ScrapeToken { get; set; }
    /// <summary>How often the database gauges (open/overdue tasks, outbox, timers) are read; zero turns that off.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>OpenTelemetry traces and metrics, the Prometheus /metrics endpoint and its access rule.</summary>
public static class ObservabilitySetup
{
    public const string MetricsPolicy = "metrics";
    public const string MetricsRole = "metrics";

    public static void AddObservability(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Configuration.GetSection("Telemetry").Get<TelemetryOptions>() ?? new TelemetryOptions();
        var metrics = builder.Configuration.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        Platform.Intervals.Check("Metrics:SampleInterval", metrics.SampleInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), zeroTurnsOff: true);
        builder.Services.AddSingleton(metrics);
        var otlp = telemetry.OtlpEndpoint ?? builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(telemetry.ServiceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(m =>
            {
                m.AddMeter(EngineTelemetry.Name, "Npgsql").AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    // No response cache: a scrape right after a stimulus must see it (Prometheus scrapes every 15-60 s anyway).
                    .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp is not null) m.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
            });
        // Spans cost CPU on every request and statement; they are only recorded when someone collects them.
        if (otlp is not null)
            otel.WithTracing(t => t
                .AddSource(EngineTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsNoise(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));

        builder.Services.AddSingleton<OperationalMetrics>();
        builder.Services.AddHostedService<OperationalMetricsService>();
        builder.Services.AddAuthorizationBuilder().AddPolicy(MetricsPolicy, p => p.AddRequirements(new AssertionRequirement(ctx =>
            ctx.User.IsInRole(MetricsRole) || ctx.User.IsInRole(Auth.Roles.Admin) || HasScrapeToken(ctx.Resource as HttpContext, metrics.ScrapeToken))));
    }

    /// <summary>GET /metrics (Prometheus text format): anonymous only in Development.</summary>
    public static void MapObservability(this WebApplication app)
    {
        var endpoint = app.MapPrometheusScrapingEndpoint("/metrics");
        if (app.Environment.IsDevelopment()) endpoint.AllowAnonymous();
        else endpoint.RequireAuthorization(MetricsPolicy);
    }

    private static bool IsNoise(PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content");

    private static bool HasScrapeToken(HttpContext? http, string? token)
    {
        if (http is null || string.IsNullOrEmpty(token)) return false;
        var header = http.Request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()), Encoding.UTF8.GetBytes(token));
    }
}

/// <summary>Samples the database gauges every Metrics:SampleInterval on every replica (each reports the same numbers).</summary>
public sealed class OperationalMetricsService(
    IServiceScopeFactory scopes, OperationalMetrics gauges, MetricsOptions options, TimeProvider time, ILogger<OperationalMetricsService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.SampleInterval <= TimeSpan.Zero) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var services = scope.ServiceProvider;
                await gauges.SampleAsync(services.GetRequiredService<ApprovalDbContext>(), services.GetRequiredService<DeadlineService>(),
                    services.GetRequiredService<WebhookOptions>(), services.GetRequiredService<Persistence.Calendar.HolidayService>(), time.GetUtcNow(), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogWarning(e, "Sampling the operational gauges failed; retrying"); }
            try { await Task.Delay(options.SampleInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
