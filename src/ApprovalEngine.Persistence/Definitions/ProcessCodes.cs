using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Licences;

namespace ApprovalEngine.Persistence.Definitions;

/// <summary>
/// The national item implementation code (GB/T 39554.1) a process carries in its service guide
/// (<c>customProperties.serviceGuide.implementationCode</c>, edited in Studio with the definition).
/// </summary>
public static class ProcessCodes
{
    public const string Field = "customProperties.serviceGuide.implementationCode";

    /// <summary>The process's implementation code, or null when it declares none (or a draft's custom properties are not objects).</summary>
    public static string? ImplementationCode(JsonNode? model) =>
        ServiceGuide(model)?["implementationCode"] is JsonValue v && v.TryGetValue<string>(out var code) && !string.IsNullOrWhiteSpace(code)
            ? code.Trim()
            : null;

    /// <summary>
    /// <c>customProperties.serviceGuide</c> when both are objects: indexing a JSON string or array by name throws, and an
    /// auto-saved draft may hold anything (<see cref="ProcessProperties.Validate"/> refuses it when saving for real).
    /// </summary>
    public static JsonObject? ServiceGuide(JsonNode? model) => ProcessProperties.Custom(model)?["serviceGuide"] as JsonObject;

    /// <summary>A declared code must pass every part's check; a process without one is allowed (it is not a listed item).</summary>
    /// <exception cref="BadRequestException">The code is malformed, naming the field and the failing part.</exception>
    public static void Validate(JsonNode? model)
    {
        if (ServiceGuide(model)?["implementationCode"] is not { } node) return;
        var code = node is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (code is null) throw new BadRequestException($"'{Field}' must be a string.", ErrorCodes.ImplementationCodeInvalid, Field);
        if (NationalCodes.CheckImplementationCode(code, out _) is { } problem)
            throw new BadRequestException($"'{Field}' is not a valid item implementation code (GB/T 39554.1): {problem.Message}", ErrorCodes.ImplementationCodeInvalid, Field);
    }
}
