using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using ApprovalEngine.Persistence;
using Microsoft.AspNetCore.Http.Features;

namespace ApprovalEngine.Host.Security;

/// <summary>Request size limits (configuration section "Limits").</summary>
public sealed class InputLimits
{
    /// <summary>Largest JSON request body; an application's input or a workflow model beyond it is refused with 413.</summary>
    public long MaxJsonBodyBytes { get; set; } = 1024 * 1024;
    /// <summary>Deepest nesting of arrays and objects in a JSON body.</summary>
    public int MaxJsonDepth { get; set; } = 64;
    /// <summary>Largest body of any other request except material uploads (those are bounded by Materials:MaxBytes).</summary>
    public long MaxOtherBodyBytes { get; set; } = 64 * 1024;
}

/// <summary>
/// The boundary every request crosses before an endpoint sees it. JSON bodies are read once (bounded), checked and
/// replayed: invalid JSON, duplicate keys (which object wins is up to whoever parses it; the verify endpoint once
/// trusted the forged first <c>holder</c>), nesting beyond the limit, lone UTF-16 surrogates and U+0000 (which
/// PostgreSQL cannot store) are refused with a 400 naming the place; query and route values get the same text checks.
/// </summary>
public sealed class InputGuard(RequestDelegate next, InputLimits limits, Persistence.Tasks.MaterialOptions materials)
{
    /// <summary>Multipart framing (boundaries, part headers, the name field) on top of the file itself.</summary>
    private const long MultipartOverheadBytes = 64 * 1024;

    public async Task InvokeAsync(HttpContext http)
    {
        foreach (var (key, values) in http.Request.Query)
        {
            CheckText(key, "query", key);
            foreach (var value in values) CheckText(value, key, key);
        }
        foreach (var (key, value) in http.Request.RouteValues)
            if (value is string text) CheckText(text, key, key);

        var multipart = http.Request.HasFormContentType;
        // A year's holiday schedule as iCalendar is a document like a JSON one: the calendar endpoint bounds it itself.
        var limit = multipart ? materials.MaxBytes + MultipartOverheadBytes
            : IsJson(http.Request.ContentType) ? limits.MaxJsonBodyBytes
            : IsCalendar(http.Request.ContentType) ? Math.Max(limits.MaxOtherBodyBytes, Persistence.Calendar.HolidayService.MaxUploadBytes)
            : limits.MaxOtherBodyBytes;
        if (http.Request.ContentLength > limit) throw TooLarge(limit);
        // Kestrel enforces this while streaming (a chunked body declares no length); the JSON path below counts itself.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (IsJson(http.Request.ContentType)) await CheckJsonAsync(http, limit);
        await next(http);
    }

    private async Task CheckJsonAsync(HttpContext http, long limit)
    {
        // Read straight into one buffer sized by the declared length (a chunked body grows it): no copy per chunk and
        // none at the end, since the endpoint reads the same bytes again.
        var declared = http.Request.ContentLength is > 0 and var length && length <= limit ? (int)length : 0;
        var body = new ArrayBufferWriter<byte>(Math.Max(declared + 1, 256));
        while (true)
        {
            var room = declared > 0 ? Math.Max(declared - body.WrittenCount, 1) : 4096;
            var read = await http.Request.Body.ReadAsync(body.GetMemory(room), http.RequestAborted);
            if (read == 0) break;
            if (body.WrittenCount + read > limit) throw TooLarge(limit);
            body.Advance(read);
        }
        // RFC 8259 8.1 lets a parser ignore a byte order mark; Windows Notepad writes one, and the endpoint never sees it.
        var written = body.WrittenMemory;
        if (written.Span.StartsWith("\uFEFF"u8)) written = written[3..];
        if (written.Length > 0) Check(written.Span, limits.MaxJsonDepth);
        var bytes = MemoryMarshal.TryGetArray(written, out var segment) ? segment : new ArraySegment<byte>(written.ToArray());
        http.Request.Body = new MemoryStream(bytes.Array!, bytes.Offset, bytes.Count, writable: false);
        http.Request.ContentLength = bytes.Count;
    }

    /// <summary>Walks the whole document once; throws <see cref="BadRequestException"/> at the first problem.</summary>
    public static void Check(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        var keys = new Stack<HashSet<string>>();
        string? lastName = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName:
                        var name = Text(ref reader, keys.Count == 0 ? "$" : "property name");
                        CheckText(name, name, name);
                        if (!keys.Peek().Add(name))
                            throw new BadRequestException($"The JSON key '{name}' appears twice in one object; send each key once.", ErrorCodes.JsonDuplicateKey, name);
                        lastName = name;
                        break;
                    case JsonTokenType.String:
                        var field = lastName ?? "body";
                        CheckText(Text(ref reader, field), field, field);
                        break;
                }
            }
        }
        catch (JsonException e) when (e.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase) && e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequestException($"The JSON body is nested deeper than {maxDepth} levels.", ErrorCodes.JsonTooDeep);
        }
        catch (JsonException e)
        {
            throw new BadRequestException($"The body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).", ErrorCodes.JsonInvalid);
        }
    }

    private static string Text(ref Utf8JsonReader reader, string field)
    {
        try { return reader.GetString()!; }
        catch (InvalidOperationException)
        {
            throw new BadRequestException($"'{field}' is not valid text: bytes that are not UTF-8, or an unpaired UTF-16 surrogate escape.", ErrorCodes.TextInvalidCharacter, field);
        }
    }

    /// <summary>U+0000 and unpaired surrogates are not text: PostgreSQL refuses the first, UTF-8 cannot encode the second.</summary>
    public static void CheckText(string? value, string field, string? name = null)
    {
        if (string.IsNullOrEmpty(value)) return;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\0') throw new BadRequestException($"'{name ?? field}' contains the character U+0000, which is not allowed in text.", ErrorCodes.TextInvalidCharacter, name ?? field);
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) { i++; continue; }
            if (char.IsSurrogate(c)) throw new BadRequestException($"'{name ?? field}' contains an unpaired UTF-16 surrogate.", ErrorCodes.TextInvalidCharacter, name ?? field);
        }
    }

    private static TooLargeException TooLarge(long limit) =>
        new($"The request body exceeds the limit of {limit:N0} bytes.", "request.too-large");

    private static bool IsCalendar(string? contentType) =>
        contentType is not null && contentType.Split(';')[0].Trim().Equals("text/calendar", StringComparison.OrdinalIgnoreCase);

    internal static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
                                    || contentType.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}

public static class InputGuardSetup
{
    public static void AddInputGuard(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("Limits").Get<InputLimits>() ?? new InputLimits();
        builder.Services.AddSingleton(limits);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Defence in depth behind InputGuard: the serializer itself refuses a key given twice.
            o.SerializerOptions.AllowDuplicateProperties = false;
            o.SerializerOptions.MaxDepth = limits.MaxJsonDepth;
        });
        // A body that cannot be bound becomes a BadHttpRequestException, answered as problem details with a code (not an empty 400).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    }
}
