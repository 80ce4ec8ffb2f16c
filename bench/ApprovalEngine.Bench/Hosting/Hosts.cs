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
}
