using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Persistence.Definitions;

/// <summary>
/// The process-level custom properties a definition carries (<c>customProperties</c>, edited in Studio with the definition):
/// the service guide and the statutory limits. Checked when a definition is saved for real and when it is published, so
/// that a process cannot be published that breaks every application of it (a negative limit failed each acceptance).
/// </summary>
public static class ProcessProperties
{
    /// <summary>The statutory limit (Administrative Licensing Law, Art. 42: 20 working days unless a law says otherwise).</summary>
    public const string LimitField = "customProperties.statutoryLimitWorkingDays";
    public const string ExtensionField = "customProperties.maxExtensionWorkingDays";

    /// <summary>The longest limit or extension a process may declare: a year of working days.</summary>
    public const int MaxWorkingDays = 365;

    /// <summary><c>customProperties</c> when it is an object; null when absent or not an object.</summary>
    public static JsonObject? Custom(JsonNode? model) => (model as JsonObject)?["customProperties"] as JsonObject;

    /// <exception cref="BadRequestException">A property of the wrong type or out of range, naming it (code definition.field-type).</exception>
    public static void Validate(JsonNode? model)
    {
        var custom = (model as JsonObject)?["customProperties"];
        if (custom is null) return;
        if (custom is not JsonObject properties) throw WrongType("customProperties", "an object");
        if (properties["serviceGuide"] is { } guide && guide is not JsonObject) throw WrongType("customProperties.serviceGuide", "an object");
        WorkingDays(properties, "statutoryLimitWorkingDays", LimitField, 1);
        WorkingDays(properties, "maxExtensionWorkingDays", ExtensionField, 0);
        ProcessCodes.Validate(model);
    }

    /// <summary>
    /// A whole JSON number of working days within [min, a year], or absent: the readers take numbers only, so "30" and 10^12
    /// fell back to 20 days unseen.
    /// </summary>
    private static void WorkingDays(JsonObject properties, string name, string field, int min)
    {
        if (properties[name] is not { } node) return;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<int>(out var days) || days < min || days > MaxWorkingDays)
            throw new BadRequestException($"'{field}' must be a whole number of working days from {min} to {MaxWorkingDays}.", "definition.field-type", field);
    }

    private static BadRequestException WrongType(string field, string expected) =>
        new($"'{field}' must be {expected}.", "definition.field-type", field);
}
