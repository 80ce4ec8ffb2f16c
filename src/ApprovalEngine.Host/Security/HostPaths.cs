namespace ApprovalEngine.Host.Security;

public static class HostPaths
{
    private const string ProjectFile = "ApprovalEngine.Host.csproj";

    /// <summary>
    /// The folder of the host's own assembly, unless the content root is configured (--contentRoot, ASPNETCORE_CONTENTROOT,
    /// DOTNET_CONTENTROOT; the test host passes one): then null, so the configured one applies. `dotnet run` starts the
    /// host in its project folder, where the development assets live (Studio/node_modules, ClientApp/dist): that folder
    /// is kept as the content root, recognised by the project file in it, never just by being the working directory.
    /// </summary>
    public static string? DefaultContentRoot(string[] args)
    {
        var configured = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_").AddEnvironmentVariables("ASPNETCORE_").AddCommandLine(args).Build()[HostDefaults.ContentRootKey];
        if (!string.IsNullOrEmpty(configured)) return null;
        var workingDirectory = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(workingDirectory, ProjectFile)) ? workingDirectory : AppContext.BaseDirectory;
    }
}
