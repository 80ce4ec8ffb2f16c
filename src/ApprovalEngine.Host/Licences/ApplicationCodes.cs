using System.Text.Json.Nodes;
using ApprovalEngine.Approvals.Licences;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Licences;

/// <summary>The national codes an application's input may carry, checked where an application is filed (window and online).</summary>
public static class ApplicationCodes
{
    /// <summary>The input member of the fixed-asset investment project code (GB/T 40058) of a construction project.</summary>
    public const string ProjectCode = "projectCode";

    /// <summary>
    /// An <c>input.projectCode</c>, when present, must be a valid investment project code; it is stored upper-cased.
    /// </summary>
    /// <exception cref="BadRequestException">Naming <paramref name="prefix"/>projectCode and the failing part.</exception>
    public static void Validate(JsonObject? input, string prefix)
    {
        HolderIds(input, prefix);
        if (input?[ProjectCode] is not { } node) return;
        var code = node is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim().ToUpperInvariant() : null;
        if (string.IsNullOrEmpty(code)) { input.Remove(ProjectCode); return; }
        if (NationalCodes.CheckInvestmentProjectCode(code) is { } problem)
            throw new BadRequestException($"'{prefix}{ProjectCode}' is not a valid investment project code (GB/T 40058, YYYY-AAAAAA-DD-TT-NNNNNC): {problem.Message}",
                ErrorCodes.ProjectCodeInvalid, prefix + ProjectCode);
        input[ProjectCode] = code;
    }

    /// <summary>
    /// The applicant's identity number at the counter (<c>applicantId</c>, or <c>creditCode</c> for an organisation), when
    /// given, must carry a valid check character (GB 32100 / GB 11643): the licence issued to the applicant records it and
    /// licence reuse matches on it. Stored upper-cased.
    /// </summary>
    private static void HolderIds(JsonObject? input, string prefix)
    {
        foreach (var key in new[] { "applicantId", "creditCode" })
        {
            if (input?[key] is not { } node) continue;
            var id = node is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim().ToUpperInvariant() : null;
            if (string.IsNullOrEmpty(id)) { input.Remove(key); continue; }
            if (!IdentityNumbers.IsValidHolderId(id))
                throw new BadRequestException($"'{prefix}{key}' must be a unified social credit code (GB 32100) or a resident ID number (GB 11643) with a valid check character.",
                    ErrorCodes.ValidationField, prefix + key);
            input[key] = id;
        }
    }
}
