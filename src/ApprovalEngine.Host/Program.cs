using ApprovalEngine.Host.Applicants;
using ApprovalEngine.Host.Archiving;
using ApprovalEngine.Host.Audit;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Host.Calendar;
using ApprovalEngine.Host.Deadlines;
using ApprovalEngine.Host.Departments;
using ApprovalEngine.Host.Documents;
using ApprovalEngine.Host.Definitions;
using ApprovalEngine.Host.Instances;
using ApprovalEngine.Host.Intake;
using ApprovalEngine.Host.Licences;
using ApprovalEngine.Host.Live;
using ApprovalEngine.Host.Notifications;
using ApprovalEngine.Host.Evaluations;
using ApprovalEngine.Host.HttpWorkflows;
using ApprovalEngine.Host.Complaints;
using ApprovalEngine.Host.Office;
using ApprovalEngine.Host.Organisation;
using ApprovalEngine.Host.Observability;
using ApprovalEngine.Host.Platform;
using ApprovalEngine.Host.Seals;
using ApprovalEngine.Host.Security;
using ApprovalEngine.Host.Supervision;
using ApprovalEngine.Host.Studio;
using ApprovalEngine.Host.Tasks;
using ApprovalEngine.Host.Tasks.Operations;
using Serilog;

// A plain (not bootstrap) logger: integration tests start several hosts in one process, and a frozen bootstrap logger cannot be reused.
Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();
try
{
    // Content root = the app's own folder (appsettings*.json, workflows/ are there), so `dotnet path/to/ApprovalEngine.Host.dll`
    // works from any working directory; --contentRoot or ASPNETCORE_CONTENTROOT still choose another.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = HostPaths.DefaultContentRoot(args) });
    StartupSecrets.Require(builder.Configuration, builder.Environment);
    // Loopback by default; --urls, Urls or ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS (containers) take precedence.
    if (builder.Configuration["urls"] is null && builder.Configuration["http_ports"] is null && builder.Configuration["https_ports"] is null)
        builder.WebHost.UseUrls("http://127.0.0.1:5080");
    builder.AddLogging();
    builder.AddStorageAndEngine();
    builder.AddAuditAnchoring();
    builder.AddApiPlatform();
    builder.AddAdmission();
    builder.AddAuth();
    builder.AddProgressLookup();
    builder.AddComplaintLimits();
    builder.AddStaffDirectory();
    builder.AddTaskOperations();
    builder.AddDocuments();
    builder.AddApplicantNotifications();
    builder.Services.AddScoped<WorklistCards>();
    builder.AddLiveEvents();
    builder.AddObservability();
    builder.AddHolidayCalendar();
    builder.AddArchiving();

    var app = builder.Build();
    app.UseSecurityHeaders();
    app.UseApiPlatform();
    app.UseAdmission();
    app.UseAuth();
    app.UseRateLimiter();
    app.MapDevTokens();
    app.MapDirectoryApi();
    app.MapOrganisationApi();
    app.MapDefinitionsApi();
    app.MapInstancesApi();
    app.MapTasksApi();
    app.MapTaskOperationsApi();
    app.MapAcceptanceModesApi();
    app.MapWorklistApi();
    app.MapStudio();
    app.MapHttpWorkflows();
    app.MapDeadlinesApi();
    app.MapReportsApi();
    app.MapDashboardApi();
    app.MapEventsApi();
    app.MapSealsApi();
    app.MapDocumentsApi();
    app.MapLicencesApi();
    app.MapDeliveryApi();
    app.MapAuditApi();
    app.MapAccessAuditApi();
    app.MapSupervisionApi();
    app.MapDevSmsSink();
    app.MapEvaluationsApi();
    app.MapComplaintsApi();
    app.MapApplicantApi();
    app.MapServiceGuides();
    app.MapMaterialTitles();
    app.MapProgressLookup();
    app.MapOfficeApp();
    app.MapObservability();
    app.MapHolidaysApi();
    app.MapArchiveApi();

    await app.PrepareDatabaseAsync();
    await app.SeedOrganisationAsync();
    app.Run();
}
catch (Exception e) when (e is not HostAbortedException && StartupFailure.OwnProcess && StartupFailure.IsConfiguration(e))
{
    StartupFailure.Report(e, args);
    return 1;
}
catch (Exception e) when (e is not HostAbortedException)
{
    Log.Fatal(e, "ApprovalEngine host terminated unexpectedly");
    throw;
}
finally
{
    Log.CloseAndFlush();
}
return 0;

/// <summary>Entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
