using Serilog;

namespace ApprovalEngine.Host.Platform;

public static class LoggingSetup
{
    /// <summary>Serilog from configuration ("Serilog" section): console plus a rolling file by default.</summary>
    public static void AddLogging(this WebApplicationBuilder builder) =>
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
}
