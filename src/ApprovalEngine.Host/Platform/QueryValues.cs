using System.Globalization;
using System.Text;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Platform;

/// <summary>Parsing and formatting shared by the query and export endpoints.</summary>
public static class QueryValues
{
    /// <exception cref="BadRequestException">The value is not a yyyy-MM-dd date.</exception>
    public static DateOnly Date(string? value, string name) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new BadRequestException($"'{name}' must be a date written yyyy-MM-dd, not '{value}'.", ErrorCodes.Date, name);

    /// <summary>RFC 4180 CSV: a header line, then one line per row, cells quoted where needed.</summary>
    public static string Csv(string header, IEnumerable<IEnumerable<string>> rows)
    {
        var csv = new StringBuilder(header).Append('\n');
        foreach (var row in rows)
            csv.AppendJoin(',', row.Select(c => c.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{c.Replace("\"", "\"\"")}\"" : c)).Append('\n');
        return csv.ToString();
    }
}
