using System.Globalization;
using System.Text.RegularExpressions;
using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using ApprovalEngine.Approvals.Calendar;

namespace ApprovalEngine.Persistence.Instances;

/// <summary>The last serial given for one file-number prefix (area code + date): counted up atomically per new file number.</summary>
public sealed class FileNumberCounterRecord
{
    public required string Key { get; set; }
    public long Value { get; set; }
}

/// <summary>Configuration section "FileNumbers".</summary>
public sealed class FileNumberOptions
{
    /// <summary>
    /// The file number (办件编号) pattern: <c>{area}</c> the area code, <c>{date:FORMAT}</c> the filing day (China time,
    /// .NET date format), <c>{serial:N}</c> the day's serial with N digits (required, at the end of what varies);
    /// anything else is literal. Default: 6-digit area code + yyyyMMdd + 5-digit serial, e.g. 3205002026030200001.
    /// </summary>
    public string Pattern { get; set; } = "{area}{date:yyyyMMdd}{serial:5}";

    /// <summary>The area code (GB/T 2260, 6 or 12 digits) printed in file numbers; per process in <see cref="Processes"/>.</summary>
    public string AreaCode { get; set; } = "320500";

    /// <summary>Per process (definition id): its own area code, e.g. a district's window.</summary>
    public Dictionary<string, string> Processes { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Refuses a pattern without a serial, an unknown token or a bad area code at start-up rather than at the first filing.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Pattern.Contains("{serial:", StringComparison.Ordinal)) yield return "FileNumbers:Pattern needs {serial:N}.";
        foreach (Match token in Regex.Matches(Pattern, @"\{([^}]*)\}"))
            if (!FileNumbers.TokenPattern().IsMatch(token.Value)) yield return $"FileNumbers:Pattern has an unknown token {token.Value} (use {{area}}, {{date:yyyyMMdd}}, {{serial:5}}).";
        foreach (var (key, code) in Processes.Prepend(new("default", AreaCode)))
            if (!NationalCodes.IsValidAreaCode(code)) yield return $"FileNumbers area code '{code}' ({key}) is not a 6- or 12-digit GB/T 2260 code.";
    }
}

/// <summary>
/// Gives file numbers in the configured pattern (area code + date + serial). The serial is counted per prefix (so per
/// area and day with the default pattern) by one atomic upsert, unique across replicas; a start that fails after taking
/// a number leaves a gap, as a paper register's spoilt line does.
/// </summary>
public sealed partial class FileNumbers(ApprovalDbContext db, FileNumberOptions options, TimeProvider time)
{
    public async Task<string> NextAsync(string definitionId, CancellationToken ct = default)
    {
        var day = time.GetUtcNow().InChina();
        var area = options.Processes.GetValueOrDefault(definitionId) ?? options.AreaCode;
        var digits = 5;
        // The prefix is the pattern with everything but the serial filled in: the counter's key.
        var prefix = TokenPattern().Replace(options.Pattern, m => m.Groups["name"].Value switch
        {
            "area" => area,
            "date" => day.ToString(m.Groups["format"].Success ? m.Groups["format"].Value : "yyyyMMdd", CultureInfo.InvariantCulture),
            _ => SetDigits(m, ref digits),
        });
        var key = prefix.Replace(SerialMark, "#", StringComparison.Ordinal);
        if (key.Length > 64) key = key[..64];
        // One statement on both providers (SQLite >= 3.35 and PostgreSQL): insert the first serial or count up, and read it back.
        var serial = (await db.Database.SqlQuery<long>(
            $"INSERT INTO file_number_counters (key, value) VALUES ({key}, 1) ON CONFLICT (key) DO UPDATE SET value = file_number_counters.value + 1 RETURNING value AS \"Value\"")
            .ToListAsync(ct)).Single();
        return prefix.Replace(SerialMark, serial.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0'), StringComparison.Ordinal);
    }

    private const string SerialMark = "\u0001serial\u0001";

    private static string SetDigits(Match m, ref int digits)
    {
        digits = m.Groups["format"].Success && int.TryParse(m.Groups["format"].Value, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 12) : 5;
        return SerialMark;
    }

    [GeneratedRegex(@"\{(?<name>area|date|serial)(:(?<format>[^}]+))?\}")]
    internal static partial Regex TokenPattern();
}
