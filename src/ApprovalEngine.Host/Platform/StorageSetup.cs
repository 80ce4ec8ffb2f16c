using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Timers;
using Microsoft.Extensions.Options;

namespace ApprovalEngine.Host.Platform;

public sealed class StartupOptions
{
    /// <summary>Apply migrations at start-up. Multi-replica deployments turn this off and run `--migrate` once.</summary>
    public bool MigrateOnStartup { get; set; } = true;
    /// <summary>Folder of Elsa workflow JSON files published at start-up when not yet present.</summary>
    public string WorkflowsPath { get; set; } = "workflows";
    public bool RunTimers { get; set; } = true;
}

public static class StorageSetup
{
    public static void AddStorageAndEngine(this WebApplicationBuilder builder)
    {
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var timers = builder.Configuration.GetSection("Timers").Get<TimerOptions>() ?? new TimerOptions();
        Intervals.Check("Timers:PollInterval", timers.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        builder.Services.AddOptions<StartupOptions>().BindConfiguration("Startup").ValidateOnStart();
        builder.Services.AddWorkflowEngine(javaScript: builder.Configuration.GetSection("JavaScript").Get<Workflows.Expressions.JavaScriptOptions>(),
            liquid: builder.Configuration.GetSection("Liquid").Get<Workflows.Expressions.LiquidOptions>(),
            http: builder.Configuration.GetSection("HttpRequests").Get<Workflows.Execution.OutboundHttpOptions>());
        builder.Services.AddSingleton(builder.Configuration.GetSection("Deadlines").Get<Persistence.Deadlines.DeadlineOptions>() ?? new Persistence.Deadlines.DeadlineOptions());
        builder.Services.AddSingleton(sp =>
        {
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("ApprovalEngine.Calendar");
            var options = builder.Configuration.GetSection(Approvals.Calendar.CalendarOptions.SectionName).Get<Approvals.Calendar.CalendarOptions>() ?? new();
            return new Persistence.Calendar.CalendarSource(options, warning => log.LogWarning("{CalendarWarning}", warning));
        });
        builder.Services.AddSingleton(builder.Configuration.GetSection("Seals").Get<Persistence.Seals.SealOptions>() ?? new Persistence.Seals.SealOptions());
        var fileNumbers = builder.Configuration.GetSection("FileNumbers").Get<Persistence.Instances.FileNumberOptions>() ?? new Persistence.Instances.FileNumberOptions();
        if (fileNumbers.Problems().FirstOrDefault() is { } fileNumberProblem) throw new InvalidOperationException(fileNumberProblem);
        builder.Services.AddSingleton(fileNumbers);
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<Persistence.Audit.IActorAccessor, Audit.HttpActorAccessor>();
        builder.Services.AddApprovalPersistence(database, timers);
        builder.Services.AddSingleton(builder.Configuration.GetSection("Stimuli").Get<Persistence.Instances.StimulusOptions>() ?? new Persistence.Instances.StimulusOptions());
        builder.Services.AddSingleton(builder.Configuration.GetSection("Materials").Get<Persistence.Tasks.MaterialOptions>() ?? new Persistence.Tasks.MaterialOptions());
        builder.Services.AddScoped<WorkflowSeeder>();
        builder.Services.AddScoped<DemoSeeder>();
        builder.Services.AddHostedService<TimerService>();
        builder.Services.AddHostedService<Supervision.OutboxService>();
        if (database.Provider == DatabaseProvider.Postgres && database.StatisticsCheckSeconds > 0)
        {
            builder.Services.AddSingleton(sp => new YoungTableStatistics(sp.GetRequiredService<IServiceScopeFactory>(), database,
                sp.GetRequiredService<ILogger<YoungTableStatistics>>()));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<YoungTableStatistics>());
        }
        builder.Services.AddSingleton(builder.Configuration.GetSection("Supervision:Webhooks").Get<Persistence.Outbox.WebhookOptions>() ?? new Persistence.Outbox.WebhookOptions());
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<ApprovalDbContext>("database", tags: ["ready"]);
    }

    /// <summary>Migrates (unless disabled) and publishes the shipped workflows; `--migrate` does only this and exits.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StartupOptions>>().Value;
        var migrateOnly = app.Configuration.GetValue<bool>("migrate");
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        if (options.MigrateOnStartup || migrateOnly)
        {
            await PersistenceServices.MigrateAsync(db);
            app.Logger.LogInformation("Database migrated ({Provider})", db.Database.ProviderName);
        }
        // PostgreSQL: this month's and the coming months' journal and audit partitions, before any stimulus writes.
        await app.Services.GetRequiredService<Persistence.Partitions.MonthlyPartitions>().EnsureAsync(db, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(),
            app.Services.GetRequiredService<Persistence.Partitions.PartitionOptions>().MonthsAhead, app.Logger);
        await scope.ServiceProvider.GetRequiredService<WorkflowSeeder>().SeedAsync(options.WorkflowsPath, app.Environment.ContentRootPath);
        if (app.Configuration.GetValue<bool>("demo"))
        {
            if (app.Environment.IsProduction()) throw new InvalidOperationException("--demo is for trying the product out; it is refused in Production.");
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        if (migrateOnly)
        {
            app.Logger.LogInformation("--migrate: done, exiting");
            Environment.Exit(0);
        }
    }
}

/// <summary>Fires due durable timers in the background on every replica; the database decides who fires what.</summary>
public sealed class TimerService(TimerSweeper sweeper, TimerOptions options, TimeProvider time, IOptions<StartupOptions> startup, ILogger<TimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!startup.Value.RunTimers) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await sweeper.FireDueAsync(stoppingToken); }
            catch (Exception e) when (e is not OperationCanceledException) { logger.LogError(e, "Timer sweep failed; retrying"); }
            try { await Task.Delay(options.PollInterval, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }
}
