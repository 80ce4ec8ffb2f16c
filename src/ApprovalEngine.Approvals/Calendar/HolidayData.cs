using System.Text.Json;
using System.Text.Json.Serialization;

namespace ApprovalEngine.Approvals.Calendar;

/// <summary>Shape of the embedded <c>holidays-cn.json</c>; only the fields the calendar needs are bound.</summary>
internal sealed record HolidayData(int[] Years, DateOnly[] OffDays, DateOnly[] WorkDays)
{
    private const string ResourceName = "ApprovalEngine.Approvals.Calendar.holidays-cn.json";

    // Parsed once per process: the data is immutable, and every calendar (national or jurisdictional) starts from it.
    private static readonly Lazy<HolidayData> Embedded = new(LoadEmbedded);

    public static HolidayData National => Embedded.Value;

    private static HolidayData LoadEmbedded()
    {
        using var stream = typeof(HolidayData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the assembly.");
        var data = JsonSerializer.Deserialize(stream, HolidayDataJsonContext.Default.HolidayData)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is empty.");
        data.Validate();
        return data;
    }

    // A corrupt data file would silently move statutory deadlines, so refuse to start instead.
    private void Validate()
    {
        if (Years is null || Years.Length == 0 || OffDays is null || WorkDays is null)
            throw new InvalidOperationException("Holiday data must list years, offDays and workDays.");
        for (var i = 1; i < Years.Length; i++)
        {
            if (Years[i] != Years[i - 1] + 1)
                throw new InvalidOperationException("Holiday data years must be contiguous so that 'known' is a simple range.");
        }
        var clashes = OffDays.Intersect(WorkDays).ToArray();
        if (clashes.Length > 0)
            throw new InvalidOperationException($"Holiday data lists {clashes[0]:yyyy-MM-dd} as both off day and work day.");
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(HolidayData))]
internal sealed partial class HolidayDataJsonContext : JsonSerializerContext;
