namespace ApprovalEngine.Host.Platform;

/// <summary>
/// The periods background loops wait between rounds, checked at start-up naming the key: a negative period or one beyond
/// what a timer can wait (about 49.7 days) stopped the whole host a second after it started, with an error naming
/// neither, and a zero refresh spun a core.
/// </summary>
public static class Intervals
{
    /// <summary>Throws naming <paramref name="key"/> unless <paramref name="value"/> is within [min, max] (or zero, when zero turns the loop off).</summary>
    public static TimeSpan Check(string key, TimeSpan value, TimeSpan min, TimeSpan max, bool zeroTurnsOff = false)
    {
        if (zeroTurnsOff && value == TimeSpan.Zero) return value;
        if (value < min || value > max)
            throw new InvalidOperationException($"{key} must be from {min:c} to {max:c}{(zeroTurnsOff ? " (00:00:00 turns it off)" : "")}; it is {value:c}.");
        return value;
    }
}
