using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApprovalEngine.Persistence;

public enum DatabaseProvider { Sqlite, Postgres }

public sealed class DatabaseOptions
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    public string ConnectionString { get; set; } = "Data Source=approvalengine.db";

    /// <summary>
    /// PostgreSQL: send <c>plan_cache_mode=force_generic_plan</c> as a startup option (see <see cref="Storage.PostgresConnections.WithDefaults"/>).
    /// A connection pooler that refuses startup options (PgBouncer unless its <c>ignore_startup_parameters</c> lists
    /// <c>options</c>) would refuse every connection: there, set this false and the mode for the host's role instead
    /// (<c>ALTER ROLE ... SET plan_cache_mode = force_generic_plan</c>).
    /// </summary>
    public bool GenericPlans { get; set; } = true;

    /// <summary>
    /// PostgreSQL: every this many seconds, tables that changed by at least their own size since their statistics were taken
    /// are analyzed (the host's YoungTableStatistics: a new database's first minutes, bulk imports); 0 turns it off.
    /// </summary>
    public int StatisticsCheckSeconds { get; set; } = 20;
}

public static class PersistenceServices
{
    /// <summary>Registers the store for the configured provider, plus definitions, the runtime and the timer sweeper.</summary>
    /// <summary>
    /// A failed command is EF's Debug, not its Error: the host expects some (a unique key lost to a concurrent request, which is
    /// retried or answered 409: the audit chain's next sequence, an idempotency key, a second rating), and ten parallel
    /// ratings logged nine errors an alert would fire on. A failure nobody handles still reaches the request log as the
    /// 500's exception, and background jobs log their own.
    /// </summary>
    private static DbContextOptionsBuilder Quiet(DbContextOptionsBuilder options) => options.ConfigureWarnings(w => w.Log(
        (Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandError, Microsoft.Extensions.Logging.LogLevel.Debug),
        (Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.SaveChangesFailed, Microsoft.Extensions.Logging.LogLevel.Debug)));

    public static IServiceCollection AddApprovalPersistence(this IServiceCollection services, DatabaseOptions database, TimerOptions? timers = null)
    {
        // Pooled contexts: a new context per request built its own internal service scope (some fifty EF services resolved
        // and cached, its loggers created, its options compared with the cached ones field by field): 4 % of the host's
        // allocations in the fork/join workload. A context goes back to the pool reset (nothing tracked, EF's default
        // settings); what this code changes per use (change detection, savepoints) it sets again on each use.
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                services.AddDbContextPool<ApprovalDbContext, SqliteApprovalDbContext>(o => Quiet(o.UseSqlite(database.ConnectionString).AddInterceptors(new SqliteBusyWait(), new ReadsBeforeTheWriteLock(), new AutocommitWritesInLine())));
                break;
            case DatabaseProvider.Postgres:
                services.AddDbContextPool<ApprovalDbContext, PostgresApprovalDbContext>(o => Quiet(o.UseNpgsql(PostgresConnections.WithDefaults(database.ConnectionString, database.GenericPlans)).AddInterceptors(new FreshNpgsqlCommands())));
                break;
        }
        services.AddSingleton<FlowchartCache>();
        services.AddScoped<DefinitionStore>();
        services.AddScoped<WorkflowRuntime>();
        services.TryAddSingleton(new StimulusOptions());
        services.AddSingleton(timers ?? new TimerOptions());
        services.AddSingleton<TimerSweeper>();
        services.TryAddScoped<Audit.IActorAccessor, Audit.SystemActorAccessor>();
        services.AddScoped<Audit.AuditTrail>();
        services.TryAddSingleton(new Archiving.ArchiveOptions());
        services.AddScoped<Archiving.Archiver>();
        services.TryAddSingleton(new Partitions.PartitionOptions());
        services.AddSingleton<Partitions.MonthlyPartitions>();
        services.TryAddSingleton(new Seals.SealOptions());
        services.AddScoped<Seals.SealService>();
        services.AddScoped<Licences.LicenceService>();
        services.AddScoped<Licences.DeliveryService>();
        services.TryAddSingleton(new FileNumberOptions());
        services.AddScoped<FileNumbers>();
        services.AddScoped<IWorkflowEffectHandler, Seals.SealEffectHandler>();
        services.AddScoped<IWorkflowEffectHandler, Supervision.SupervisionEffectHandler>();
        services.AddScoped<Supervision.SupervisionService>();
        services.TryAddSingleton(new Outbox.WebhookOptions());
        services.AddHttpClient("webhooks");
        services.AddSingleton<Outbox.OutboxDispatcher>();
        services.AddScoped<IWorkflowEffectHandler, Outbox.WorkflowEmailHandler>();
        services.AddScoped<Http.HttpResponses>();
        services.AddScoped<IWorkflowEffectHandler>(sp => sp.GetRequiredService<Http.HttpResponses>());
        services.AddScoped<Tasks.TaskEffectHandler>();
        services.AddScoped<IWorkflowEffectHandler>(sp => sp.GetRequiredService<Tasks.TaskEffectHandler>());
        services.AddScoped<IStimulusObserver>(sp => sp.GetRequiredService<Tasks.TaskEffectHandler>());
        // Before the applicant's notifications, which read the outcome it settles (a termination is told to the applicant).
        services.AddScoped<IStimulusObserver, Instances.ApplicationOutcomeObserver>();
        services.AddScoped<Tasks.TaskService>();
        services.AddScoped<Tasks.AddedSigners>();
        services.AddScoped<Intake.AcceptanceModeService>();
        services.AddScoped<Intake.CreditList>();
        services.AddScoped<IWorkflowEffectHandler, Intake.AcceptanceModeEffectHandler>();
        services.AddSingleton<ITimerHandler>(new Intake.DeferredSupplyLapse());
        services.AddSingleton<Access.AccessLogMemory>();
        services.AddScoped<Access.AccessLog>();
        services.AddScoped<Access.ApplicationAccess>();
        services.AddScoped<Tasks.MaterialService>();
        services.AddSingleton<Organisation.OrganisationDirectory>();
        services.AddScoped<Organisation.OrganisationService>();
        services.TryAddSingleton(new Tasks.MaterialOptions());
        services.TryAddSingleton(new Deadlines.DeadlineOptions());
        services.TryAddSingleton(_ => new Calendar.CalendarSource(new Approvals.Calendar.CalendarOptions()));
        // The calendar in force now (it changes when an administrator applies a year's holiday schedule).
        services.TryAddTransient(sp => sp.GetRequiredService<Calendar.CalendarSource>().Current);
        services.AddScoped<Calendar.HolidayService>();
        services.AddSingleton<Deadlines.DeadlineService>();
        services.AddScoped<Deadlines.DeadlineBookkeeping>();
        services.AddScoped<IWorkflowEffectHandler>(sp => sp.GetRequiredService<Deadlines.DeadlineBookkeeping>());
        services.AddScoped<IStimulusObserver>(sp => sp.GetRequiredService<Deadlines.DeadlineBookkeeping>());
        services.AddSingleton<ITimerHandler>(sp => new RecurringTriggers.Handler(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITimerHandler>(new Deadlines.DeadlineEscalation(Deadlines.DeadlineTimerKinds.Warning));
        services.AddSingleton<ITimerHandler>(new Deadlines.DeadlineEscalation(Deadlines.DeadlineTimerKinds.Overdue));
        services.TryAddSingleton(new Notifications.NotificationOptions());
        services.AddSingleton<Notifications.ApplicantNotifier>();
        services.AddScoped<IStimulusObserver, Notifications.ApplicantNotificationObserver>();
        services.TryAddSingleton(new Evaluations.CareOptions());
        services.AddScoped<IStimulusObserver, Evaluations.FollowUpObserver>();
        services.AddScoped<Evaluations.EvaluationService>();
        services.AddScoped<Complaints.ComplaintService>();
        // Last observer: the audit record summarizes the stimulus after everything else has been applied.
        services.AddScoped<IStimulusObserver, Audit.AuditObserver>();
        return services;
    }

    /// <summary>Applies this provider's migrations; SQLite also switches to WAL so readers don't block the writer.</summary>
    public static async Task MigrateAsync(ApprovalDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}

public static class EngineServices
{
    /// <summary>Registers the workflow engine with the Elsa flow activities plus any domain activities <paramref name="configure"/> adds.</summary>
    public static IServiceCollection AddWorkflowEngine(this IServiceCollection services,
        Action<Workflows.Activities.ActivityRegistry>? configure = null, Workflows.Expressions.JavaScriptOptions? javaScript = null,
        Workflows.Expressions.LiquidOptions? liquid = null, Workflows.Execution.OutboundHttpOptions? http = null)
    {
        // The engine's flow activities plus the approval domain's human steps, seals and pushes.
        var registry = Workflows.Activities.ActivityRegistry.CreateDefault().AddFromAssembly(typeof(Approvals.Reviews.Review).Assembly);
        configure?.Invoke(registry);
        services.AddSingleton(registry);
        services.AddSingleton(Workflows.Expressions.ExpressionEvaluators.CreateDefault(javaScript, liquid));
        // External systems workflows may call (SendHttpRequest): none unless HttpRequests:AllowedBaseUrls names them.
        services.AddSingleton(sp => new Workflows.Execution.OutboundHttp(http ?? new(), sp.GetRequiredService<TimeProvider>()));
        // Published definitions are available to other workflows as activities (Elsa's workflow-definition activities).
        services.TryAddSingleton<Workflows.Definitions.IWorkflowDefinitionResolver, Definitions.PublishedDefinitionResolver>();
        services.AddSingleton<Workflows.Definitions.FlowchartLoader>();
        services.AddSingleton<Workflows.Execution.WorkflowEngine>(sp => new Workflows.Execution.WorkflowEngine(
            sp.GetRequiredService<Workflows.Activities.ActivityRegistry>(), sp.GetRequiredService<Workflows.Expressions.ExpressionEvaluators>(),
            sp.GetRequiredService<TimeProvider>(), children: sp.GetRequiredService<Workflows.Definitions.IWorkflowDefinitionResolver>(),
            http: sp.GetRequiredService<Workflows.Execution.OutboundHttp>()));
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
