using System.Diagnostics.Metrics;
using System.Globalization;
using System.Threading.RateLimiting;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Telemetry;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalEngine.Host.Platform;

/// <summary>Host:Admission: how many API requests run at once, and how many may wait for a turn.</summary>
public sealed class AdmissionOptions
{
    /// <summary>Requests working at once; 0 (the default) means 4 per processor on PostgreSQL, 32 on SQLite. On two cores the
    /// host and PostgreSQL share, more requests in flight than that only lengthen every request (they queue for CPU and
    /// connections instead of here). On SQLite writers wait in line for the one write lock inside their turn, so a short line
    /// fills with waiting writers and holds up the reads that could run beside them: measured, 4 per core there cost 15-20 %
    /// of the throughput and tripled p99 (docs/performance.md, "The admission line").</summary>
    public int MaxConcurrent { get; set; }

    /// <summary>Requests that wait, oldest first, for a turn; beyond this they are turned away at once with 503.</summary>
    public int QueueLimit { get; set; } = 1000;

    public int EffectiveMaxConcurrent(DatabaseProvider provider) =>
        MaxConcurrent != 0 ? MaxConcurrent : (provider == DatabaseProvider.Sqlite ? 32 : 4) * Environment.ProcessorCount;
}

/// <summary>Endpoint metadata: the request holds no turn (a live event stream stays open for hours and does no work while it waits).</summary>
public sealed class NoAdmissionLine
{
    public static readonly NoAdmissionLine Instance = new();
    private NoAdmissionLine() { }
}

/// <summary>
/// The bulkhead in front of the API: a fixed number of requests work at once and the rest wait in line, oldest first.
/// Under a burst each request then gets the CPU, memory and database connections it needs and finishes, instead of all of
/// them sharing too little and finishing late together (peak memory and tail latency grow with what is in flight). When
/// the line is full a request is refused before it touches anything: 503 with Retry-After, nothing changed.
/// </summary>
public sealed class AdmissionLine : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public AdmissionLine(AdmissionOptions options, DatabaseOptions database, IMeterFactory meters)
    {
        MaxConcurrent = options.EffectiveMaxConcurrent(database.Provider);
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = MaxConcurrent, QueueLimit = options.QueueLimit, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        var meter = Meter = meters.Create(EngineTelemetry.Name);
        meter.CreateObservableGauge("approvalengine.admission.working", () => Working, "{request}",
            "API requests holding a turn (at most Host:Admission:MaxConcurrent)");
        meter.CreateObservableGauge("approvalengine.admission.waiting", () => Waiting, "{request}",
            "API requests waiting for a turn");
        meter.CreateObservableCounter("approvalengine.admission.turned_away", () => TurnedAway, "{request}",
            "API requests refused with 503 because the line was full");
    }

    public int MaxConcurrent { get; }
    /// <summary>This host's meter (test hosts in one process each have their own).</summary>
    public Meter Meter { get; }
    public int Working => MaxConcurrent - (int)_limiter.GetStatistics()!.CurrentAvailablePermits;
    public int Waiting => (int)_limiter.GetStatistics()!.CurrentQueuedCount;
    public long TurnedAway => _limiter.GetStatistics()!.TotalFailedLeases;

    public ValueTask<RateLimitLease> EnterAsync(CancellationToken ct) => _limiter.AcquireAsync(1, ct);

    public void Dispose() => _limiter.Dispose();
}

public static class Admission
{
    public const int RetryAfterSeconds = 1;

    public static void AddAdmission(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("Host:Admission").Get<AdmissionOptions>() ?? new AdmissionOptions();
        if (options.MaxConcurrent < 0) throw new InvalidOperationException("Host:Admission:MaxConcurrent must be 0 (4 per processor on PostgreSQL, 32 on SQLite) or more.");
        if (options.QueueLimit < 0) throw new InvalidOperationException("Host:Admission:QueueLimit must be 0 (refuse when all turns are taken) or more.");
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        builder.Services.AddSingleton(sp => new AdmissionLine(options, database, sp.GetRequiredService<IMeterFactory>()));
    }

    /// <summary>Applies to the API surfaces (office and applicant API, Studio's Elsa API, HTTP workflows); pages,
    /// static files, health and metrics never wait, so an overloaded host still answers its probes. Runs after the
    /// input guard: a JSON body has arrived in full before its request takes a turn, so a slow sender holds none.</summary>
    public static void UseAdmission(this WebApplication app)
    {
        var line = app.Services.GetRequiredService<AdmissionLine>();
        app.Use(async (http, next) =>
        {
            if (!Applies(http))
            {
                await next(http);
                return;
            }
            RateLimitLease lease;
            try { lease = await line.EnterAsync(http.RequestAborted); }
            catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested) { return; } // the caller left while waiting
            using (lease)
            {
                if (lease.IsAcquired) await next(http);
                else await Busy(http);
            }
        });
    }

    private static bool Applies(HttpContext http)
    {
        var path = http.Request.Path;
        var api = path.StartsWithSegments("/api") || path.StartsWithSegments(Studio.StudioSetup.ElsaApiPrefix)
                  || path.StartsWithSegments(HttpWorkflows.HttpWorkflowsApi.BasePath);
        if (!api) return false;
        // Other bodies (material uploads, a PDF to verify) stream to their endpoint at the sender's pace: a phone uploading
        // a scan for a minute must not hold a turn a reviewer's decision needs. They are bounded by their own size limits.
        var streamsBody = http.Request.ContentLength is not (null or 0) || http.Request.Headers.TransferEncoding.Count > 0;
        if (streamsBody && !Security.InputGuard.IsJson(http.Request.ContentType)) return false;
        return http.GetEndpoint()?.Metadata.GetMetadata<NoAdmissionLine>() is null;
    }

    private static async Task Busy(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = 503, Title = "Service busy",
                Detail = $"The server is busy and this request was not started; nothing was changed. Retry in {RetryAfterSeconds} second(s).",
                Extensions = { ["code"] = ErrorCodes.Busy },
            },
        });
    }
}
