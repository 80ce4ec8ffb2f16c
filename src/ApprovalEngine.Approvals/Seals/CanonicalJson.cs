using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Approvals.Seals;

/// <summary>
/// JSON Canonicalization Scheme (RFC 8785, JCS): the one byte sequence that is hashed and sealed for a JSON value.
/// </summary>
/// <remarks>
/// Object members are sorted by the UTF-16 code units of their names, there is no whitespace, strings use the minimal
/// JCS escaping (only <c>"</c>, <c>\</c> and control characters), and numbers are IEEE-754 doubles written the way
/// ECMAScript's <c>Number.prototype.toString</c> writes them. Output is UTF-8.
/// Deliberately stricter than RFC 8785 in one place: an integer literal beyond ±2^53 that a double cannot hold
/// exactly (e.g. 9007199254740993, a 64-bit id) is rejected instead of rounded, because rounding would let two
/// different sealed values share one hash. The canonical spelling of a large double (e.g. 1e+21 written as
/// 295147905179352830000) is still accepted.
/// </remarks>
public static class CanonicalJson
{
    // Integers up to 2^53 in magnitude are exactly representable as doubles.
    private static readonly BigInteger MaxExactInteger = BigInteger.Pow(2, 53);

    /// <summary>Canonical UTF-8 bytes of <paramref name="node"/> (a null node is JSON <c>null</c>).</summary>
    /// <exception cref="ArgumentException">The value has no canonical form: NaN/Infinity, an integer beyond ±2^53,
    /// a lone surrogate in a string, or a duplicate member name.</exception>
    public static byte[] Serialize(JsonNode? node)
    {
        var sb = new StringBuilder();
        WriteNode(sb, node);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>Canonical UTF-8 bytes of an already parsed <paramref name="element"/>.</summary>
    /// <exception cref="ArgumentException">See <see cref="Serialize(JsonNode?)"/>.</exception>
    public static byte[] Serialize(JsonElement element)
    {
        var sb = new StringBuilder();
        WriteElement(sb, element);
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>The ECMAScript string form of a finite double, as JCS requires (e.g. <c>1e+21</c>, <c>0.000001</c>, <c>1e-7</c>).</summary>
    /// <exception cref="ArgumentException">NaN or an infinity, which JSON cannot express.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentException($"{value} has no JSON representation.", nameof(value));
        if (value == 0)
            return "0"; // also -0, as in ECMAScript
        if (value < 0)
            return "-" + FormatNumber(-value);

        // .NET's round-trip format yields the shortest digit string that reads back to the same double, which is
        // exactly ECMAScript's choice of digits; only the layout (where the point and exponent go) differs.
        var (digits, n) = ShortestDigits(value);
        int k = digits.Length;
        if (k <= n && n <= 21)
            return digits + new string('0', n - k);
        if (0 < n && n <= 21)
            return digits[..n] + "." + digits[n..];
        if (-6 < n && n <= 0)
            return "0." + new string('0', -n) + digits;
        var exponent = n - 1;
        var sign = exponent < 0 ? "-" : "+";
        var mantissa = k == 1 ? digits : digits[..1] + "." + digits[1..];
        return mantissa + "e" + sign + Math.Abs(exponent).ToString(CultureInfo.InvariantCulture);
    }

    // Returns the significant digits (no leading/trailing zeros) and n such that value = 0.digits × 10^n.
    private static (string Digits, int N) ShortestDigits(double positive)
    {
        var text = positive.ToString("R", CultureInfo.InvariantCulture);
        int exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var point = text.IndexOf('.');
        int integerDigits = point >= 0 ? point : text.Length;
        var all = point >= 0 ? text.Remove(point, 1) : text;
        var trimmedStart = all.TrimStart('0');
        int n = integerDigits - (all.Length - trimmedStart.Length) + exponent;
        return (trimmedStart.TrimEnd('0'), n);
    }

    private static void WriteNode(StringBuilder sb, JsonNode? node)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                var members = obj.ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
                sb.Append('{');
                for (int i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    WriteString(sb, members[i].Key);
                    sb.Append(':');
                    WriteNode(sb, members[i].Value);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0)
                        sb.Append(',');
                    WriteNode(sb, array[i]);
                }
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder sb, JsonValue value)
    {
        // A JsonValue may wrap a parsed JsonElement or any CLR value (int, decimal, DateTimeOffset, a record...).
        // Non-finite floats are caught first for a clear message; everything else goes through the serializer once
        // so every CLR type ends up in the same element writer.
        if (value.TryGetValue<double>(out var d) && !double.IsFinite(d) ||
            value.TryGetValue<float>(out var f) && !float.IsFinite(f))
            throw new ArgumentException("NaN and Infinity have no JSON representation.", nameof(value));
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(sb, element);
            return;
        }
        // Strings directly: the serializer would quietly replace a lone surrogate with U+FFFD.
        if (value.TryGetValue<string>(out var text))
        {
            WriteString(sb, text);
            return;
        }
        WriteElement(sb, JsonSerializer.SerializeToElement(value));
    }

    private static void WriteElement(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(p => (p.Name, p.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                sb.Append('{');
                for (int i = 0; i < members.Count; i++)
                {
                    if (i > 0)
                    {
                        // Parsed JSON may repeat a name; JCS has no answer for which one counts.
                        if (members[i].Name == members[i - 1].Name)
                            throw new ArgumentException($"Duplicate member name \"{members[i].Name}\" has no canonical form.");
                        sb.Append(',');
                    }
                    WriteString(sb, members[i].Name);
                    sb.Append(':');
                    WriteElement(sb, members[i].Value);
                }
                sb.Append('}');
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                int index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0)
                        sb.Append(',');
                    WriteElement(sb, item);
                }
                sb.Append(']');
                break;
            case JsonValueKind.String:
                string text;
                try
                {
                    text = element.GetString()!;
                }
                catch (InvalidOperationException ex)
                {
                    // System.Text.Json refuses to unescape a lone surrogate such as "\ud800".
                    throw new ArgumentException("A string contains a lone surrogate and has no canonical form.", ex);
                }
                WriteString(sb, text);
                break;
            case JsonValueKind.Number:
                sb.Append(FormatNumber(ToDouble(element.GetRawText())));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            case JsonValueKind.Null:
                sb.Append("null");
                break;
            default:
                throw new ArgumentException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    private static double ToDouble(string raw)
    {
        var d = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(d))
            throw new ArgumentException($"The number {raw} is outside the range of a double and has no canonical form.");
        // An integer literal the double cannot hold is refused, unless it is already the canonical spelling of that
        // double (e.g. 1152921504606847000 for 2^60), so canonical output always canonicalizes again.
        if (raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0)
        {
            var exact = BigInteger.Parse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            if (BigInteger.Abs(exact) > MaxExactInteger && new BigInteger(d) != exact && FormatNumber(d) != raw)
                throw new ArgumentException(
                    $"The integer {raw} cannot be represented exactly as a JSON (IEEE-754 double) number; send it as a string.");
        }
        return d;
    }

    private static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
                    {
                        sb.Append(c).Append(s[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        // UTF-8 cannot encode a lone surrogate; Encoding.UTF8 would silently replace it with U+FFFD.
                        throw new ArgumentException("A string contains a lone surrogate and has no canonical form.");
                    }
                    else
                    {
                        sb.Append(c);
                    }
                    break;
            }
        }
        sb.Append('"');
    }
}
