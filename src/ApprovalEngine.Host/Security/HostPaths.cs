namespace ApprovalEngine.Host.Security;

public static class HostPaths
{
    /// <summary>
    /// The folder of the host's own assembly, unless the content root is configured (--contentRoot, ASPNETCORE_CONTENTROOT,
    /// DOTNET_CONTENTROOT; the test host passes one): then null, so the configured one applies.
    /// </summary>
    public static string? DefaultContentRoot(string[] args)
    {
        var configured = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_").AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()[HostDefaults.ContentRootKey];
        return string.IsNullOrEmpty(configured) ? AppContext.BaseDirectory : null;
    }
}
