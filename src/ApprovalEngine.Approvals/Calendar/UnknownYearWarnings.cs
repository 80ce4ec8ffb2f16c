namespace ApprovalEngine.Approvals.Calendar;

/// <summary>
/// Remembers which years outside the holiday data have already been reported, so a hot path that keeps hitting
/// e.g. 2027 produces one warning rather than one per call. Shared by a national calendar and everything derived from it.
/// </summary>
internal sealed class UnknownYearWarnings(Action<string>? onWarning)
{
    // One bit per possible DateOnly year (1..9999); lock-free so concurrent deadline calculations never contend.
    private readonly long[] _warned = new long[(DateOnly.MaxValue.Year >> 6) + 1];
    private readonly Action<string>? _onWarning = onWarning;

    /// <summary>Reports each not-yet-reported year in [from, to], grouping contiguous years into one message.</summary>
    public void Report(int fromYear, int toYear, int firstKnown, int lastKnown)
    {
        if (_onWarning is null)
            return;
        var runStart = 0;
        for (var year = fromYear; year <= toYear + 1; year++)
        {
            var fresh = year <= toYear && MarkFirstTime(year);
            if (fresh && runStart == 0)
            {
                runStart = year;
            }
            else if (!fresh && runStart != 0)
            {
                var span = runStart == year - 1 ? $"{runStart}" : $"{runStart}-{year - 1}";
                _onWarning($"No official holiday data for {span} (known years {firstKnown}-{lastKnown}); "
                    + "counting working days by the weekends-only rule, so deadlines there may ignore public holidays and make-up days.");
                runStart = 0;
            }
        }
    }

    private bool MarkFirstTime(int year)
    {
        var bit = 1L << (year & 63);
        ref var word = ref _warned[year >> 6];
        // Cheap read first: after the first warning every call for that year takes this branch.
        if ((Volatile.Read(ref word) & bit) != 0)
            return false;
        return (Interlocked.Or(ref word, bit) & bit) == 0;
    }
}
