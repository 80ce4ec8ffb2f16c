using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Archiving;
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
        if (options.Interval <= TimeSpan.Zero) throw new InvalidOperationException("Archive:Interval must be positive.");
        builder.Services.AddSingleton(options);
        builder.Services.AddHostedService<ArchiveService>();
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

/// <summary>Archives every Archive:Interval while Archive:AfterDays is set, on hosts that run background work.</summary>
public sealed class ArchiveService(IServiceScopeFactory scopes, ArchiveOptions options, TimeProvider time, IOptions<StartupOptions> startup,
    ILogger<ArchiveService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!startup.Value.RunTimers || options.AfterDays <= 0) return;
        while (!stoppingToken.IsCancellationRequested)
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
            try { await Task.Delay(options.Interval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
