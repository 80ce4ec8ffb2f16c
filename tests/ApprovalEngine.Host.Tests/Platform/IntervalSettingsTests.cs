using System.Text;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>A background loop's period that no timer can wait (or that would spin) stops the start naming its key.</summary>
public sealed class IntervalSettingsTests
{
    private static readonly DatabaseOptions UnusedDatabase = new() { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" };

    [Theory]
    [InlineData("Archive:Interval", "60.00:00:00")]   // beyond Task.Delay's 49.7 days: the host stopped a second after starting
    [InlineData("Calendar:RefreshInterval", "-00:00:05")]
    [InlineData("Calendar:RefreshInterval", "00:00:00")] // spun half a core
    [InlineData("Audit:Checkpoints:Interval", "-01:00:00")]
    [InlineData("Metrics:SampleInterval", "40.00:00:00")]
    [InlineData("Live:Heartbeat", "00:00:00")]
    [InlineData("Timers:PollInterval", "00:00:00")]
    public void Start_IntervalOutOfRange_RefusesNamingTheKey(string key, string value)
    {
        using var api = new ApiFactory(UnusedDatabase, settings: new Dictionary<string, string> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => api.Server);
        var messages = new StringBuilder();
        for (var e = error; e is not null; e = e.InnerException) messages.AppendLine(e.Message);
        Assert.Contains($"{key} must be from", messages.ToString());
    }

    [Fact]
    public void Check_ZeroTurnsOffWhereAllowed_AndBoundsAreInclusive()
    {
        Assert.Equal(TimeSpan.Zero, Host.Platform.Intervals.Check("X", TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1), zeroTurnsOff: true));
        Assert.Equal(TimeSpan.FromDays(1), Host.Platform.Intervals.Check("X", TimeSpan.FromDays(1), TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
        Assert.Throws<InvalidOperationException>(() => Host.Platform.Intervals.Check("X", TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)));
    }
}
