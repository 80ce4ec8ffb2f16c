using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Activities;

/// <summary>Converts evaluated expression values (JSON) to the CLR type of an activity input.</summary>
public static class ValueConverter
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <exception cref="FormatException">The value cannot represent the target type.</exception>
    public static object? Convert(JsonNode? value, Type target)
    {
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        if (value is null)
            return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
        if (underlying == typeof(JsonNode)) return value.DeepClone();
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (underlying == typeof(string)) return text;
            if (string.IsNullOrWhiteSpace(text))
                return target.IsValueType && Nullable.GetUnderlyingType(target) is null ? Activator.CreateInstance(target) : null;
            var converter = TypeDescriptor.GetConverter(underlying);
            if (converter.CanConvertFrom(typeof(string)) && underlying != typeof(object))
            {
                try { return converter.ConvertFromInvariantString(text.Trim()); }
                catch (Exception e) when (e is FormatException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
                {
                    throw new FormatException($"'{text}' is not a valid {Describe(underlying)}.", e);
                }
            }
            // Complex inputs written as literal JSON text, e.g. a list of materials.
            return Deserialize(text, underlying);
        }
        if (underlying == typeof(string))
            return value is JsonValue jv ? System.Convert.ToString(jv.GetValue<object>(), CultureInfo.InvariantCulture) : value.ToJsonString();
        return Deserialize(value.ToJsonString(), underlying);
    }

    private static object? Deserialize(string json, Type target)
    {
        try { return JsonSerializer.Deserialize(json, target, Json); }
        catch (JsonException e) { throw new FormatException($"'{Truncate(json)}' is not a valid {Describe(target)}.", e); }
    }

    private static string Truncate(string s) => s.Length <= 60 ? s : s[..57] + "...";

    public static string Describe(Type t) => t switch
    {
        _ when t == typeof(int) || t == typeof(long) => "whole number",
        _ when t == typeof(bool) => "boolean (true or false)",
        _ when t == typeof(TimeSpan) => "duration (d.hh:mm:ss)",
        _ when t == typeof(DateTimeOffset) || t == typeof(DateOnly) => "date",
        _ when t == typeof(double) || t == typeof(decimal) => "number",
        _ when t.IsArray || (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>)) => "JSON array",
        _ => t.Name,
    };
}
