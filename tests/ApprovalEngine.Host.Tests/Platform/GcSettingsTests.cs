using System.Text.Json.Nodes;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>
/// The host runs with workstation GC (background collection on): Server GC, the Web SDK's default, kept a heap per core
/// and held peak RSS near 400 MB under the benchmark's load on two cores. The setting lives in the host's runtimeconfig,
/// which the build copies beside the tests.
/// </summary>
public sealed class GcSettingsTests
{
    [Fact]
    public void HostRuntimeConfig_UsesWorkstationConcurrentGc()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ApprovalEngine.Host.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        Assert.False(properties["System.GC.Server"]?.GetValue<bool>() ?? false, "System.GC.Server must be false (workstation GC)");
        Assert.True(properties["System.GC.Concurrent"]?.GetValue<bool>() ?? true, "System.GC.Concurrent must stay on (background GC)");
    }

    /// <summary>Idle workers sleep without spinning, and hot methods are not compiled a third time for dynamic PGO: both
    /// take CPU that PostgreSQL needs on a small shared machine (docs/performance.md, "What an approval costs").</summary>
    [Fact]
    public void HostRuntimeConfig_NoThreadPoolSpinning_NoDynamicPgo()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ApprovalEngine.Host.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))!["runtimeOptions"]!["configProperties"]!;
        Assert.Equal(0, properties["System.Threading.ThreadPool.UnfairSemaphoreSpinLimit"]?.GetValue<int>());
        Assert.False(properties["System.Runtime.TieredPGO"]?.GetValue<bool>() ?? true, "System.Runtime.TieredPGO must be false");
    }

    /// <summary>
    /// The image caps the GC's youngest generation: workstation GC sizes it from the L3 cache, and a virtual machine reporting
    /// 260 MiB of L3 gave the host a 130 MB gen0 and 320-350 MB of peak RSS under the benchmark. Only an environment variable
    /// sets it, so the Dockerfile (and through it compose and Kubernetes) carries it, and bench/ reads the same line.
    /// </summary>
    [Fact]
    public void Image_CapsTheYoungestGeneration()
    {
        var line = File.ReadLines(ApiFactory.RepositoryPath("deploy/Dockerfile")).SingleOrDefault(l => l.StartsWith("ENV DOTNET_GCgen0size=", StringComparison.Ordinal));
        Assert.NotNull(line);
        var bytes = Convert.ToInt64(line["ENV DOTNET_GCgen0size=".Length..].Trim().Replace("0x", ""), 16);
        Assert.InRange(bytes, 8L << 20, 64L << 20);
    }
}
