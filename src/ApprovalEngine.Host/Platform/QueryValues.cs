using System.Globalization;
using System.Text;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Platform;

/// <summary>Parsing and formatting shared by the query and export endpoints.</summary>
public static class QueryValues
{
    /// <exception cref="BadRequestException">The value is not a yyyy-MM-dd date.</exception>
    public static DateOnly Date(string? value, string name)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            throw new BadRequestException($"'{name}' must be a date written yyyy-MM-dd, not '{value}'.", ErrorCodes.Date, name);
        // Calendar arithmetic adds years of days to it: near DateOnly.MaxValue that overflows.
        if (date < MinDate || date > MaxDate)
            throw new BadRequestException($"'{name}' must be between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.", ErrorCodes.Date, name);
        return date;
    }

    public static readonly DateOnly MinDate = new(1900, 1, 1);
    public static readonly DateOnly MaxDate = new(2199, 12, 31);

    /// <summary>A moment of a search (from, to) within the same years as every date the API takes.</summary>
    /// <exception cref="BadRequestException">Outside 1900-2199 (year 1 or 9999 is a typing slip, not a search).</exception>
    public static DateTimeOffset? Moment(DateTimeOffset? value, string name)
    {
        if (value is { } v && (DateOnly.FromDateTime(v.UtcDateTime) < MinDate || DateOnly.FromDateTime(v.UtcDateTime) > MaxDate))
            throw new BadRequestException($"'{name}' must be between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}.", ErrorCodes.Date, name);
        return value;
    }

    /// <summary>
    /// RFC 4180 CSV: a header line, then one line per row, cells quoted where needed. It starts with a byte order
    /// mark, without which Excel reads UTF-8 as the local code page and garbles every Chinese cell.
    /// </summary>
    public static string Csv(string header, IEnumerable<IEnumerable<string>> rows)
    {
        var csv = new StringBuilder("\uFEFF").Append(header).Append('\n');
        foreach (var row in rows)
            csv.AppendJoin(',', row.Select(c => c.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{c.Replace("\"", "\"\"")}\"" : c)).Append('\n');
        return csv.ToString();
    }
}
