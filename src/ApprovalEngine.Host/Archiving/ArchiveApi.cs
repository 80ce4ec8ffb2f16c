using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Archiving;
using ApprovalEngine.Persistence.Partitions;
using ApprovalEngine.Persistence.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Archiving;

public sealed record ArchivePreview(int AfterDays, DateTimeOffset FinishedBefore, int Total, IReadOnlyList<ArchiveCandidate> Items);

public sealed record ArchiveRunRequest(int? AfterDays, int? MaxBatches);

/// <summary>Archiving finished applications (Archive:AfterDays): see what a run would move, and run it now (admins).</summary>
public static class ArchiveApi
{
    public const int MaxLimit = 500;
    public const int MaxBatches = 10_000;

    public static void AddArchiving(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ArchiveOptions.SectionName).Get<ArchiveOptions>() ?? new ArchiveOptions();
        // Checked at start-up, naming the key: a mistyped age must not silently archive too much or nothing.
        if (options.AfterDays is < 0 or > Archiver.MaxDays) throw new InvalidOperationException($"Archive:AfterDays must be from 0 (off) to {Archiver.MaxDays}.");
        if (options.BatchSize is < 1 or > 10_000) throw new InvalidOperationException("Archive:BatchSize must be from 1 to 10000.");
        Platform.Intervals.Check("Archive:Interval", options.Interval, TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        builder.Services.AddSingleton(options);
        var partitions = builder.Configuration.GetSection(PartitionOptions.SectionName).Get<PartitionOptions>() ?? new PartitionOptions();
        if (partitions.MonthsAhead is < 1 or > 24) throw new InvalidOperationException("Partitions:MonthsAhead must be from 1 to 24.");
        builder.Services.AddSingleton(partitions);
        builder.Services.AddHostedService<ArchiveService>();
        builder.Services.AddHealthChecks().AddCheck<DefaultPartitionCheck>("partitions", tags: ["ready"]);
    }

    public static void MapArchiveApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/archive").WithTags("Archive").RequireAuthorization(Policies.Admin);
        api.MapGet("/preview", Preview);
        api.MapPost("/run", Run);
    }

    /// <summary>The finished applications a run would archive now (<c>afterDays</c> defaults to Archive:AfterDays), oldest first.</summary>
    public static async Task<Ok<ArchivePreview>> Preview(int? afterDays, int? limit, Archiver archiver, ArchiveOptions options, TimeProvider time, CancellationToken ct)
    {
        var days = Days(afterDays, options);
        if (limit is < 1 or > MaxLimit) throw new BadRequestException($"'limit' must be from 1 to {MaxLimit}.", ErrorCodes.ValidationField, "limit");
        var (total, items) = await archiver.PreviewAsync(days, limit ?? 50, ct);
        return TypedResults.Ok(new ArchivePreview(days, time.GetUtcNow().AddDays(-days), total, items));
    }

    /// <summary>Archives now, in batches (one transaction and one audit record each), at most <c>maxBatches</c> (default 100) batches.</summary>
    public static async Task<Ok<ArchiveRun>> Run(ArchiveRunRequest? request, Archiver archiver, ArchiveOptions options, CancellationToken ct)
    {
        var days = Days(request?.AfterDays, options);
        if (request?.MaxBatches is < 1 or > MaxBatches) throw new BadRequestException($"'maxBatches' must be from 1 to {MaxBatches}.", ErrorCodes.ValidationField, "maxBatches");
        return TypedResults.Ok(await archiver.RunAsync(days, request?.MaxBatches ?? 100, ct));
    }

    private static int Days(int? afterDays, ArchiveOptions options)
    {
        if (afterDays is null && options.AfterDays == 0)
            throw new BadRequestException("Archiving is off (Archive:AfterDays is 0); give 'afterDays'.", ErrorCodes.ValidationField, "afterDays");
        if (afterDays is < 1 or > Archiver.MaxDays) throw new BadRequestException($"'afterDays' must be from 1 to {Archiver.MaxDays}.", ErrorCodes.ValidationField, "afterDays");
        return afterDays ?? options.AfterDays;
    }
}

/// <summary>
/// Every Archive:Interval on hosts that run background work: makes the coming months' journal and audit partitions
/// (PostgreSQL; start-up made them too) and, while Archive:AfterDays is set, archives.
/// </summary>
public sealed class ArchiveService(IServiceScopeFactory scopes, ArchiveOptions options, PartitionOptions partitionOptions, MonthlyPartitions partitions,
    TimeProvider time, IOptions<StartupOptions> startup, ILogger<ArchiveService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!startup.Value.RunTimers) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await partitions.EnsureAsync(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>(), time.GetUtcNow(), partitionOptions.MonthsAhead, logger, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Making the coming months' partitions failed; retrying at the next interval"); }
            if (options.AfterDays > 0)
            {
                try
                {
                    using var scope = scopes.CreateScope();
                    var run = await scope.ServiceProvider.GetRequiredService<Archiver>().RunAsync(options.AfterDays, int.MaxValue, stoppingToken);
                    if (run.Applications > 0)
                        logger.LogInformation("Archived {Applications} applications in {Batches} batches ({JournalRows} journal rows, {OutboxRows} outbox rows)",
                            run.Applications, run.Batches, run.JournalRows, run.OutboxRows);
                }
                catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Archiving failed; retrying at the next interval"); }
            }
            try { await Task.Delay(options.Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}

/// <summary>
/// /health/ready is Degraded (still 200) while journal or audit rows sit in a DEFAULT partition (PostgreSQL): their
/// month had no partition, and PostgreSQL will not create it until the rows are moved out (README: Monthly partitions).
/// </summary>
public sealed class DefaultPartitionCheck(IServiceScopeFactory scopes, MonthlyPartitions partitions) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var scope = scopes.CreateScope();
        var rows = await partitions.DefaultRowsAsync(scope.ServiceProvider.GetRequiredService<ApprovalDbContext>(), ct);
        return rows == 0 ? HealthCheckResult.Healthy("No journal or audit rows outside their month's partition.")
            : HealthCheckResult.Degraded($"{rows} journal/audit row(s) are in a DEFAULT partition: a month's partition was missing. Move them out and create it.",
                data: new Dictionary<string, object> { ["defaultRows"] = rows });
    }
}
