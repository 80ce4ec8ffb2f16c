using System.Text.Json;
using ApprovalEngine.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace ApprovalEngine.Host.Security;

public static partial class BadInput
{
    /// <summary>
    /// PostgreSQL's data exceptions (class 22: a value too long for its column, U+0000 in jsonb, a number or date out of
    /// range) are always about a value the caller sent, which a handler let through: refused as 400, never a 500.
    /// </summary>
    public static ProblemDetails? DataError(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: { } state } pg && state.StartsWith("22", StringComparison.Ordinal))
                return new ProblemDetails
                {
                    Status = 400, Title = "Bad request",
                    Detail = state == Npgsql.PostgresErrorCodes.StringDataRightTruncation
                        ? "A text value is longer than the field allows; nothing was changed."
                        : $"A value cannot be stored ({pg.MessageText}); nothing was changed.",
                    Extensions = { ["code"] = state == Npgsql.PostgresErrorCodes.StringDataRightTruncation ? ErrorCodes.TextTooLong : ErrorCodes.ValueInvalid },
                };
        return null;
    }

    /// <summary>Reads a multipart or urlencoded form; every endpoint that takes a form reads it through here.</summary>
    /// <exception cref="BadRequestException">The body does not match its declared boundary or exceeds the form limits (multipart.invalid).</exception>
    public static async Task<IFormCollection> ReadFormAsync(HttpRequest request, CancellationToken ct)
    {
        try { return await request.ReadFormAsync(ct); }
        // A body that does not match its declared boundary, or framing beyond the form limits, is the sender's mistake.
        catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
        {
            throw new BadRequestException("The multipart/form-data body cannot be read: it does not match its declared boundary, or it exceeds the form limits.", ErrorCodes.MultipartInvalid);
        }
    }

    /// <summary>
    /// The one file a form must carry under <paramref name="field"/>, or null when it has none. Two parts of the same name
    /// are refused: reading the first and dropping the rest would store something the sender did not mean.
    /// </summary>
    public static IFormFile? SingleFile(IFormCollection form, string field)
    {
        var files = form.Files.GetFiles(field);
        if (files.Count > 1) throw new BadRequestException($"Send one '{field}' per request; this form has {files.Count}.", ErrorCodes.ValidationField, field);
        return files.Count == 1 ? files[0] : null;
    }

    /// <summary>A form's text field that must appear at most once (two values would be joined with a comma).</summary>
    public static string? SingleValue(IFormCollection form, string field)
    {
        var values = form[field];
        if (values.Count > 1) throw new BadRequestException($"Send '{field}' once; this form has it {values.Count} times.", ErrorCodes.ValidationField, field);
        // The form reader decodes bytes that are not UTF-8 as U+FFFD: a name stored that way is garbled for good (a JSON
        // body with the same bytes is refused by the input guard).
        if (values.Count == 1 && values[0]!.Contains('\uFFFD'))
            throw new BadRequestException($"'{field}' is not valid UTF-8 text.", ErrorCodes.TextInvalidCharacter, field);
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>A request ASP.NET could not bind (JSON of the wrong shape, a query value of the wrong type, a body too large).</summary>
    public static ProblemDetails Problem(BadHttpRequestException e)
    {
        var json = e.InnerException as JsonException;
        // A JSON body names the field by its path; a route or query value by the parameter ASP.NET failed to bind
        // ("Failed to bind parameter \"Nullable<int> pageSize\" from \"abc\"."), which is the query's own name.
        var field = json?.Path is { Length: > 2 } path ? path.TrimStart('$', '.')
            : json is null && BoundParameter().Match(e.Message) is { Success: true } bound ? bound.Groups["name"].Value : null;
        var details = new ProblemDetails
        {
            Status = e.StatusCode,
            Title = e.StatusCode == 413 ? "Too large" : "Bad request",
            // Not ASP.NET's or System.Text.Json's own words: they name this host's types ("could not be converted to
            // ApprovalEngine.Host.Applicants.ApplyRequest", "Nullable<int> days"), which tell a caller nothing useful.
            Detail = field is not null ? $"'{field}' has the wrong type or format."
                : json is not null ? "The body is not JSON of the shape this endpoint takes."
                : TypeName().Replace(e.Message, "\"${name}\""),
            Extensions = { ["code"] = e.StatusCode == 400 ? ErrorCodes.RequestMalformed : ErrorCodes.ForStatus(e.StatusCode) },
        };
        if (field is not null) details.Extensions["field"] = field;
        return details;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"parameter ""(?:[^""]*\s)?(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial System.Text.RegularExpressions.Regex BoundParameter();

    /// <summary>A parameter as ASP.NET quotes it, its type first ("WindowEvaluationRequest request"): the name alone is kept.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"""[^""]*\s(?<name>[A-Za-z_][A-Za-z0-9_]*)""")]
    private static partial System.Text.RegularExpressions.Regex TypeName();
}
