using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Formatting.Compact;

namespace ApprovalEngine.Host.Platform;

/// <summary>
/// A host that cannot start because of its configuration (a refused secret, a setting out of range, a value of the wrong
/// type) says so in one line and exits with 1, and the line is in the log file too: it printed the exception twice with
/// its stack, aborted with 134, and the operator's log shipper saw nothing.
/// </summary>
public static class StartupFailure
{
    /// <summary>This process is the host itself (not a test host running its entry point), so it may decide its exit code.</summary>
    public static bool OwnProcess => System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == typeof(StartupFailure).Assembly.GetName().Name;

    /// <summary>A mistake in the configuration: the options' own checks, the binder's conversions, our start-up checks.</summary>
    public static bool IsConfiguration(Exception e) => e is InvalidOperationException or OptionsValidationException or FormatException;

    /// <summary>The reasons, outermost first, on one line: the binder names the key, its inner exception the value.</summary>
    public static string Reasons(Exception e)
    {
        var reasons = new List<string>();
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
            if (!reasons.Contains(x.Message)) reasons.Add(x.Message);
        return string.Join(" ", reasons);
    }

    /// <summary>One line on the console; the same line with the exception in logs/ under the content root.</summary>
    public static void Report(Exception e, string[] args)
    {
        var message = "ApprovalEngine cannot start: " + Reasons(e);
        Console.Error.WriteLine(message);
        var root = Security.HostPaths.DefaultContentRoot(args) ?? Directory.GetCurrentDirectory();
        try
        {
            using var file = new LoggerConfiguration()
                .WriteTo.File(new CompactJsonFormatter(), Path.Combine(root, "logs", "approvalengine-.log"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14)
                .CreateLogger();
            file.Fatal(e, "{Message}", message);
        }
        catch (IOException) { } // a read-only content root: the console line stands alone
        catch (UnauthorizedAccessException) { }
    }
}
