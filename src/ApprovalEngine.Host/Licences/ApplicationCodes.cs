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
        Shapes(input, prefix);
        HolderIds(input, prefix);
        if (input?[ProjectCode] is not { } node) return;
        var code = node is JsonValue v && v.TryGetValue<string>(out var text) ? text.Trim().ToUpperInvariant() : null;
        if (string.IsNullOrEmpty(code)) { input.Remove(ProjectCode); return; }
        if (NationalCodes.CheckInvestmentProjectCode(code) is { } problem)
            throw new BadRequestException($"'{prefix}{ProjectCode}' is not a valid investment project code (GB/T 40058, YYYY-AAAAAA-DD-TT-NNNNNC): {problem.Message}",
                ErrorCodes.ProjectCodeInvalid, prefix + ProjectCode);
        input[ProjectCode] = code;
    }

    /// <summary>The members the product reads by name: printed on notices and licences, matched by licence reuse and credit checks.</summary>
    public static readonly string[] TextMembers = ["applicant", "applicantId", "creditCode", "project", ProjectCode, "projectAddress", "contactName", "contactPhone"];

    /// <summary>
    /// The input is the caller's own, but what the product reads by name must be text (an object as the applicant was
    /// sealed into an acceptance notice as its JSON; a number as the credit code skipped its check), at most 256
    /// characters, and no number anywhere may be beyond a double (1e400 was stored as written).
    /// </summary>
    private static void Shapes(JsonObject? input, string prefix)
    {
        if (input is null) return;
        foreach (var key in TextMembers)
        {
            if (input[key] is not { } node) continue;
            if (node is not JsonValue v || v.GetValueKind() != System.Text.Json.JsonValueKind.String)
                throw new BadRequestException($"'{prefix}{key}' must be text.", ErrorCodes.ValidationField, prefix + key);
            if (v.GetValue<string>().Length > 256)
                throw new BadRequestException($"'{prefix}{key}' must be at most 256 characters.", ErrorCodes.ValidationField, prefix + key);
        }
        var pending = new Stack<(JsonNode Node, string Path)>([(input, prefix.TrimEnd('.'))]);
        while (pending.TryPop(out var item))
            switch (item.Node)
            {
                case JsonObject o:
                    foreach (var (name, child) in o) if (child is not null) pending.Push((child, $"{item.Path}.{name}"));
                    break;
                case JsonArray a:
                    for (var i = 0; i < a.Count; i++) if (a[i] is { } child) pending.Push((child, $"{item.Path}[{i}]"));
                    break;
                case JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.Number
                                      && !(double.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)):
                    throw new BadRequestException($"'{item.Path}' is a number beyond what can be stored.", ErrorCodes.ValidationField, item.Path);
            }
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
