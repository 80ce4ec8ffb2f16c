namespace ApprovalEngine.Bench.Hosting;

/// <summary>The host configuration every benchmark shares, and the one-shot migration replicas use in production.</summary>
public static class Hosts
{
    public static Dictionary<string, string> Environment(string provider, string connectionString, bool runTimers) => new()
    {
        ["Database__Provider"] = provider,
        ["Database__ConnectionString"] = connectionString,
        // Migrated beforehand by MigrateAsync, as a multi-replica deployment does.
        ["Startup__MigrateOnStartup"] = "false",
        ["Startup__RunTimers"] = runTimers ? "true" : "false",
    };

    /// <summary>`--migrate=true`: applies migrations, publishes the shipped workflows, exits.</summary>
    public static async Task MigrateAsync(HostLaunch launch, string provider, string connectionString)
    {
        await using var migrate = HostProcess.Start(launch, $"migrate-{provider.ToLowerInvariant()}", null,
            Environment(provider, connectionString, runTimers: false), ["--migrate=true"]);
        var code = await migrate.WaitForExitAsync(TimeSpan.FromMinutes(3));
        if (code != 0) throw new InvalidOperationException($"Migration of the {provider} database exited with {code}; see {launch.LogDirectory}.");
    }

    /// <summary>
    /// ANALYZE after the host's warm-up (PostgreSQL; `--analyze false` leaves it to autovacuum). The database was created
    /// seconds before: autovacuum analyzes a table first at about 50 rows and then not again until its next round a minute
    /// later, and a generic plan the host prepared from those statistics (it forces generic plans) reads the whole table for a
    /// lookup by key until then (a sequential scan of instances for every journal line's foreign key, of the open tasks for the
    /// clerk's look-up). A live database's statistics are current; measuring its first minute measured autovacuum's timing.
    /// </summary>
    public static async Task SettleStatisticsAsync(string provider, string connectionString, BenchOptions options)
    {
        if (provider != "Postgres" || !options.Analyze) return;
        await Sql.ExecuteAsync(connectionString, "ANALYZE");
    }
}
