using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Applicants;

/// <summary>
/// A material the applicant supplies; <c>Name</c> is the key uploads and correction notices use. <c>LicenceType</c> (the
/// process whose certificate it is, e.g. real-estate-registration-5d for the land-use certificate) lets the holder's
/// valid licence of that type stand for it instead of an upload (免提交).
/// </summary>
public sealed record GuideMaterial(string Name, string Title, bool Required, bool SharedLicence, string? Note, string? LicenceType = null);

/// <summary>A field of the online form. Type: text | textarea | number | date | phone.</summary>
/// <param name="NotPast">A date that may not lie before the day it is given (计划开工日期: a permit is for work not begun yet).</param>
public sealed record FormField(string Name, string Label, string Type, bool Required, int? MaxLength, double? Min, double? Max, bool NotPast = false);

/// <summary>Where to go in person (when the law requires it) and whom to ask.</summary>
public sealed record GuideLocation(string? Address, string? Hours, string? Phone);

/// <summary>The service guide (办事指南) of a published process, from its <c>serviceGuide</c> custom property.</summary>
public sealed record ServiceGuide(
    string DefinitionId, int Version, string Matter, string? ImplementationCode, string? Department, string? Description,
    IReadOnlyList<string> Conditions, IReadOnlyList<GuideMaterial> Materials, int? StatutoryLimitWorkingDays, int? PromisedLimitWorkingDays,
    string? Fees, IReadOnlyList<string> LegalBasis, GuideLocation? Location, bool Online, IReadOnlyList<FormField> Form);

public sealed record GuideSummary(string DefinitionId, string Matter, string? Department, int? PromisedLimitWorkingDays, int? StatutoryLimitWorkingDays, bool Online);

/// <summary>
/// Service guides are read from the published definition's custom properties (<c>serviceGuide</c>, <c>applicationForm</c>,
/// <c>statutoryLimitWorkingDays</c>), which Elsa Studio keeps and edits with the definition: a new published version
/// changes the guide.
/// </summary>
public static class ServiceGuides
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void MapServiceGuides(this IEndpointRouteBuilder app)
    {
        var open = app.MapGroup("/api/public/guides").WithTags("Service guide").AllowAnonymous();
        open.MapGet("/", List);
        open.MapGet("/{definitionId}", Get);
    }

    public static async Task<Ok<List<GuideSummary>>> List(ApprovalDbContext db, Persistence.Deadlines.DeadlineOptions deadlines, CancellationToken ct) =>
        TypedResults.Ok((await PublishedAsync(db, ct)).Select(g => Counted(g, deadlines)).Select(g => new GuideSummary(g.DefinitionId, g.Matter, g.Department,
            g.PromisedLimitWorkingDays, g.StatutoryLimitWorkingDays, g.Online)).ToList());

    public static async Task<Ok<ServiceGuide>> Get(string definitionId, DefinitionStore definitions, Persistence.Deadlines.DeadlineOptions deadlines, CancellationToken ct) =>
        TypedResults.Ok(Counted(await RequireAsync(definitions, definitionId, ct), deadlines));

    /// <summary>
    /// The guide states the limit the applications are counted by: a configured limit (Deadlines:Processes) or the default
    /// of Art. 42 when the process declares none; the guide said 30 while the clock counted the configured 20.
    /// </summary>
    private static ServiceGuide Counted(ServiceGuide guide, Persistence.Deadlines.DeadlineOptions deadlines) =>
        guide with { StatutoryLimitWorkingDays = deadlines.StatutoryLimitFor(guide.DefinitionId, guide.StatutoryLimitWorkingDays) };

    /// <summary>The guide of the published version, or 404 (unknown, unpublished, or no guide).</summary>
    public static async Task<ServiceGuide> RequireAsync(DefinitionStore definitions, string definitionId, CancellationToken ct) =>
        (await definitions.PublishedAsync(definitionId, ct) is { } version ? From(version.DefinitionId, version.Version, version.ModelJson) : null)
        ?? throw new NotFoundException($"No published process '{definitionId}' has a service guide.", ErrorCodes.GuideNotFound, "definitionId");

    private static async Task<List<ServiceGuide>> PublishedAsync(ApprovalDbContext db, CancellationToken ct)
    {
        var versions = await db.DefinitionVersions.AsNoTracking().Where(v => v.State == DefinitionState.Published)
            .Select(v => new { v.DefinitionId, v.Version, v.ModelJson }).ToListAsync(ct);
        return versions.Select(v => From(v.DefinitionId, v.Version, v.ModelJson)).OfType<ServiceGuide>().OrderBy(g => g.DefinitionId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Null when the definition has no <c>serviceGuide</c> property; malformed parts are left out rather than failing the page.</summary>
    public static ServiceGuide? From(string definitionId, int version, string modelJson)
    {
        if (JsonNode.Parse(modelJson)?["customProperties"] is not JsonObject custom || custom["serviceGuide"] is not JsonObject g) return null;
        string? Text(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s : null;
        int? Int(JsonNode? n) => n is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
        List<string> Texts(JsonNode? n) => n is JsonArray a ? a.Select(Text).OfType<string>().ToList() : [];
        var materials = g["materials"] is JsonArray ms
            ? ms.OfType<JsonObject>().Where(m => Text(m["name"]) is not null).Select(m => new GuideMaterial(Text(m["name"])!, Text(m["title"]) ?? Text(m["name"])!,
                m["required"] is not JsonValue r || !r.TryGetValue<bool>(out var req) || req, m["sharedLicence"] is JsonValue sl && sl.TryGetValue<bool>(out var s) && s,
                Text(m["note"]), Text(m["licenceType"]))).ToList()
            : [];
        var form = custom["applicationForm"] is JsonArray fs ? ReadForm(fs) : [];
        var location = g["location"] is JsonObject l ? new GuideLocation(Text(l["address"]), Text(l["hours"]), Text(l["phone"])) : null;
        return new ServiceGuide(definitionId, version, Text(g["matter"]) ?? definitionId, Text(g["implementationCode"]), Text(g["department"]), Text(g["description"]),
            Texts(g["conditions"]), materials, Int(custom["statutoryLimitWorkingDays"]), Int(g["promisedLimitWorkingDays"]), Text(g["fees"]), Texts(g["legalBasis"]),
            location, form.Count > 0, form);
    }

    private static List<FormField> ReadForm(JsonArray fields)
    {
        var list = new List<FormField>();
        foreach (var f in fields.OfType<JsonObject>())
        {
            try
            {
                var field = f.Deserialize<FormField>(Json);
                if (field is { Name.Length: > 0, Label.Length: > 0 } && FormFields.Types.Contains(field.Type)) list.Add(field);
            }
            catch (JsonException) { /* a malformed field edited in Studio is left out */ }
        }
        return list;
    }
}

/// <summary>Server-side validation of the online form: every problem is reported per field; nothing is stored unless all pass.</summary>
public static partial class FormFields
{
    /// <summary><c>projectCode</c>: a fixed-asset investment project code (GB/T 40058, check character verified).</summary>
    public static readonly string[] Types = ["text", "textarea", "number", "date", "phone", "projectCode"];

    [GeneratedRegex(@"^1[3-9]\d{9}$")]
    private static partial Regex MobilePhone();

    /// <summary>
    /// The input object for the workflow (only declared fields), or 400 naming every field at fault (<c>field</c> = the first).
    /// <paramref name="given"/>: the counter's check, where the input is the clerk's own and paper forms vary: only the form's
    /// fields that are there are checked (and typed), none is required and other members are no fault.
    /// </summary>
    /// <param name="today">China's date now, for <see cref="FormField.NotPast"/> (the counter's check applies it too: a stale paper
    /// form is corrected with the applicant, not filed).</param>
    public static JsonObject Validate(IReadOnlyList<FormField> form, JsonObject? values, DateOnly today, string prefix = "fields.", bool given = false)
    {
        values ??= [];
        var errors = new List<(string Field, string Message)>();
        var input = new JsonObject();
        if (!given)
            foreach (var unknown in values.Select(p => p.Key).Where(k => form.All(f => f.Name != k)))
                errors.Add(($"{prefix}{unknown}", $"'{unknown}' is not a field of this form."));
        foreach (var f in form)
        {
            if (given && !values.ContainsKey(f.Name)) continue;
            var node = values[f.Name];
            // By kind, not by CLR type: a number built in code (the demo's) wraps an int, which TryGetValue<double> refuses.
            var text = node is JsonValue v ? v.GetValueKind() switch
            {
                JsonValueKind.String => v.GetValue<string>().Trim(),
                JsonValueKind.Number => v.ToJsonString(),
                _ => null,
            } : null;
            if (node is not null && text is null) { errors.Add(($"{prefix}{f.Name}", $"'{f.Label}' must be a string or number.")); continue; }
            if (string.IsNullOrEmpty(text))
            {
                if (f.Required && !given) errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' ({f.Label}) is required."));
                continue;
            }
            if (text.Any(char.IsControl) && f.Type != "textarea" || text.Length > (f.MaxLength ?? (f.Type == "textarea" ? 2000 : 256)))
            {
                errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' is longer than {f.MaxLength ?? (f.Type == "textarea" ? 2000 : 256)} characters or has control characters."));
                continue;
            }
            switch (f.Type)
            {
                case "number":
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || !double.IsFinite(number)
                        || number < (f.Min ?? double.MinValue) || number > (f.Max ?? double.MaxValue))
                        errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' must be a number{(f.Min is null ? "" : $" from {f.Min}")}{(f.Max is null ? "" : $" to {f.Max}")}."));
                    else input[f.Name] = number;
                    break;
                case "date":
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year is < 1900 or > 2199)
                        errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' must be a date yyyy-MM-dd."));
                    else if (f.NotPast && date < today)
                        errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' must not be before today ({today:yyyy-MM-dd}, China time)."));
                    else input[f.Name] = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case "projectCode":
                    if (Approvals.Licences.NationalCodes.CheckInvestmentProjectCode(text.ToUpperInvariant()) is { } problem)
                        errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' is not a valid investment project code (GB/T 40058, YYYY-AAAAAA-DD-TT-NNNNNC): {problem.Message}"));
                    else input[f.Name] = text.ToUpperInvariant();
                    break;
                case "phone":
                    if (!MobilePhone().IsMatch(text)) errors.Add(($"{prefix}{f.Name}", $"'{f.Name}' must be an 11-digit mobile number."));
                    else input[f.Name] = text;
                    break;
                default:
                    input[f.Name] = text;
                    break;
            }
        }
        if (errors.Count > 0)
            throw new FormInvalidException(errors);
        return input;
    }
}

/// <summary>400 with <c>field</c> = the first field at fault and <c>errors</c> = every field with its message.</summary>
public sealed class FormInvalidException(IReadOnlyList<(string Field, string Message)> errors)
    : ApiException(string.Join(" ", errors.Select(e => e.Message)), ErrorCodes.ValidationField, errors[0].Field)
{
    public IReadOnlyList<(string Field, string Message)> Errors { get; } = errors;
}
