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

    /// <summary>The process's implementation code, or null when it declares none.</summary>
    public static string? ImplementationCode(JsonNode? model) =>
        model?["customProperties"]?["serviceGuide"]?["implementationCode"] is JsonValue v && v.TryGetValue<string>(out var code) && !string.IsNullOrWhiteSpace(code)
            ? code.Trim()
            : null;

    /// <summary>A declared code must pass every part's check; a process without one is allowed (it is not a listed item).</summary>
    /// <exception cref="BadRequestException">The code is malformed, naming the field and the failing part.</exception>
    public static void Validate(JsonNode? model)
    {
        if (model?["customProperties"]?["serviceGuide"]?["implementationCode"] is not { } node) return;
        var code = node is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim() : null;
        if (code is null) throw new BadRequestException($"'{Field}' must be a string.", ErrorCodes.ImplementationCodeInvalid, Field);
        if (NationalCodes.CheckImplementationCode(code, out _) is { } problem)
            throw new BadRequestException($"'{Field}' is not a valid item implementation code (GB/T 39554.1): {problem.Message}", ErrorCodes.ImplementationCodeInvalid, Field);
    }
}
