using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Definitions;

/// <summary>
/// Elsa variables are typed (Int32, Boolean, String, Object, ...) and their designer defaults are strings ("0", "").
/// Values are kept as JSON of the declared type, so <c>getCounter() + 1</c> adds instead of concatenating.
/// </summary>
public static class VariableValues
{
    public static JsonNode? Default(JsonNode? value, string typeName) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0 ? null : Coerce(value, typeName);

    /// <summary>Converts to the variable's type when that is unambiguous; anything else is kept as it is.</summary>
    public static JsonNode? Coerce(JsonNode? value, string typeName)
    {
        if (value is null) return null;
        var kind = value.GetValueKind();
        // TryGetValue: a JsonValue built from a CLR value (a DateTimeOffset) reports kind String but is not a string.
        var text = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        switch (Short(typeName))
        {
            case "Int32" or "Int64" or "Int16" or "Byte" when text is not null && long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                return JsonValue.Create(l);
            case "Double" or "Decimal" or "Single" when text is not null && decimal.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d):
                return JsonValue.Create(d);
            case "Boolean" when text is not null && bool.TryParse(text.Trim(), out var b):
                return JsonValue.Create(b);
            case "String" when kind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                return JsonValue.Create(value.ToJsonString());
            default:
                return value.DeepClone();
        }
    }

    private static string Short(string typeName) => typeName.Split(',')[0].Split('.').Last().TrimEnd('?');
}
