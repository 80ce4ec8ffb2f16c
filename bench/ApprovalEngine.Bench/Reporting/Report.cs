using System.Globalization;
using System.Text;

namespace ApprovalEngine.Bench.Reporting;

public static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..100) of unsorted samples; NaN when there are none.</summary>
    public static double Percentile(IReadOnlyCollection<double> samples, double p)
    {
        if (samples.Count == 0) return double.NaN;
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);
    public static string Num(double value, string format = "0.0") => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
    public static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0", CultureInfo.InvariantCulture);
}

/// <summary>A Markdown table: written to bench/results/latest.md and printed as is (it reads fine in a terminal).</summary>
public sealed class Table(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public override string ToString()
    {
        var all = _rows.Prepend(headers).ToList();
        var widths = headers.Select((_, i) => all.Max(r => i < r.Length ? r[i].Length : 0)).ToArray();
        var sb = new StringBuilder();
        string Line(string[] cells) => "| " + string.Join(" | ", widths.Select((w, i) => (i < cells.Length ? cells[i] : "").PadRight(w))) + " |";
        sb.AppendLine(Line(headers));
        sb.AppendLine("| " + string.Join(" | ", widths.Select(w => new string('-', Math.Max(3, w)))) + " |");
        foreach (var r in _rows) sb.AppendLine(Line(r));
        return sb.ToString();
    }
}

/// <summary>The whole result document, built section by section as the benchmarks finish (printed as they go, too).</summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    public void Section(string title) => Write($"\n## {title}\n");
    public void Line(string text = "") => Write(text + "\n");
    public void Block(string text) => Write(text.TrimEnd() + "\n");
    public void Code(IEnumerable<string> lines) => Write("```\n" + string.Join('\n', lines) + "\n```\n");

    private void Write(string text)
    {
        _text.Append(text);
        Console.Write(text);
    }

    public async Task SaveAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, _text.ToString());
    }
}

/// <summary>One target of issue 17, judged against what was measured.</summary>
public sealed record Verdict(string Target, string Measured, bool Pass)
{
    public static Table ToTable(IEnumerable<Verdict> verdicts)
    {
        var table = new Table("Target", "Measured", "Result");
        foreach (var v in verdicts) table.Add(v.Target, v.Measured, v.Pass ? "PASS" : "FAIL");
        return table;
    }
}
