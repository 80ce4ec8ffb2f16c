using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Fuzz.Tests;

public enum ProbeRole { Anonymous, Admin, Rotate }

/// <summary>One request to send: already-encoded path and query, raw body bytes with the content type as sent.</summary>
public sealed record Probe(string Method, string Path, string Query, string? ContentType, byte[]? Body, ProbeRole Role, int Index, string What)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Path + (Query.Length > 0 ? "?" + Query : ""));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return request;
    }

    public override string ToString() =>
        $"{Method} {Shorten(Path, 120)}{(Query.Length > 0 ? "?" + Shorten(Query, 120) : "")} [{What}]" +
        (Body is null ? "" : $" {ContentType}: {Shorten(Encoding.UTF8.GetString(Body), 160)}");

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + $"...({text.Length} chars)";
}

/// <summary>Turns an OpenAPI 3 document into malformed requests for every operation.</summary>
public sealed class OpenApiWalker(JsonObject document, Random random, IReadOnlyDictionary<string, string> knownValues)
{
    // Values as they appear in a URL (already percent-encoded): wrong types, out of range, control characters, invalid UTF-8.
    private static readonly string[] BadUrlValues =
    [
        "", "-1", "0", "1000000000", "2147483648", "-2147483649", "99999999999999999999", "abc", "%00", "A%00B", "%ED%A0%80", "%0D%0AX-Injected:%20yes",
        "9999-12-30", "0001-01-01", "2026-02-30", "true", "1e309", new string('a', 4000), "%5B%5D", "%F0%9F%98%80", "..%2F..%2Fetc%2Fpasswd", "%20",
    ];

    // JSON values (as JSON text) put where a property's proper value belongs.
    private static readonly string[] BadJsonValues =
    [
        "\"\"", "\"" + new string('x', 20_000) + "\"", "\"\\ud800\"", "\"\\udfff tail\"", "\"a\\u0000b\"", "\"line\\r\\nX-Injected: yes\"", "-1", "0", "1e309",
        "99999999999999999999999", "2147483648", "-2147483649", "1.5", "true", "null", "[]", "{}", "[\"a\",1,null]", "{\"a\":{\"b\":{\"c\":[1]}}}",
        new string('[', 300) + new string(']', 300), "\"9999-12-30\"", "\"0001-01-01T00:00:00Z\"", "\"\\ud83d\\ude00 \u4e2d\u6587\"",
    ];

    private static readonly (string? ContentType, string Body)[] BadBodies =
    [
        ("application/json", ""), ("application/json", "{"), ("application/json", "not json"), ("application/json", "null"), ("application/json", "[1,2,3]"),
        ("application/json", "\"text\""), ("application/json", "{\"a\":1,\"a\":2}"), ("application/json", new string('[', 10_000)),
        ("application/json", "{\"x\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"), ("application/json", "{\"a\":\"\\ud800\"}"), ("application/json", "{\"a\":\"\\u0000\"}"),
        ("text/plain", "{}"), ("application/xml", "<a/>"), ("application/x-www-form-urlencoded", "a=1&a=2"), ("application/json; charset=utf-16", "{}"),
        ("multipart/form-data; boundary=expected", "--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--other--\r\n"),
        (null, "{}"),
    ];

    public int OperationCount { get; private set; }

    public IEnumerable<Probe> Probes()
    {
        var index = 0;
        foreach (var (path, item) in ((JsonObject)document["paths"]!).OrderBy(p => p.Key, StringComparer.Ordinal))
        foreach (var (method, node) in ((JsonObject)item!).Where(m => m.Key is "get" or "post" or "put" or "patch" or "delete").OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            OperationCount++;
            var operation = (JsonObject)node!;
            var verb = method.ToUpperInvariant();
            var parameters = (operation["parameters"] as JsonArray ?? []).Concat(item!["parameters"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var pathParams = parameters.Where(p => (string?)p["in"] == "path").Select(p => (string)p["name"]!).ToList();
            var queryParams = parameters.Where(p => (string?)p["in"] == "query").ToList();
            var content = operation["requestBody"]?["content"] as JsonObject;
            var jsonSchema = content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value?["schema"];
            var multipart = content?.ContainsKey("multipart/form-data") == true || (verb == "POST" && path.EndsWith("/materials", StringComparison.Ordinal));
            var skeleton = jsonSchema is null ? null : Sample(jsonSchema, 0);
            var validPath = FillPath(path, pathParams, null, null);
            var validBody = skeleton is null ? null : Encoding.UTF8.GetBytes(skeleton.ToJsonString());
            string? json = skeleton is null ? null : "application/json";

            // Every role (and nobody) calls every operation with plausible input.
            foreach (var role in new[] { ProbeRole.Anonymous, ProbeRole.Admin, ProbeRole.Rotate, ProbeRole.Rotate, ProbeRole.Rotate, ProbeRole.Rotate })
                yield return new Probe(verb, validPath, SampleQuery(queryParams), json, validBody, role, index++, "plausible");

            foreach (var name in pathParams)
                // An encoded NUL in the path never reaches the app (Kestrel refuses the request line; the test server throws).
                foreach (var bad in Pick(BadUrlValues, 6).Where(v => !v.Contains("%00", StringComparison.Ordinal)))
                    yield return new Probe(verb, FillPath(path, pathParams, name, bad), "", json, validBody, ProbeRole.Admin, index++, $"path {name}");

            foreach (var parameter in queryParams)
            {
                var name = (string)parameter["name"]!;
                foreach (var bad in Pick(BadUrlValues, 5))
                    yield return new Probe(verb, validPath, $"{Uri.EscapeDataString(name)}={bad}", json, validBody, index % 3 == 0 ? ProbeRole.Rotate : ProbeRole.Admin, index++, $"query {name}");
            }
            if (queryParams.Count > 0)
                yield return new Probe(verb, validPath, string.Join('&', queryParams.Select(p => $"{Uri.EscapeDataString((string)p["name"]!)}=1&{Uri.EscapeDataString((string)p["name"]!)}=2")),
                    json, validBody, ProbeRole.Admin, index++, "every query parameter twice");

            if (verb is "GET" or "DELETE" && skeleton is null) continue;
            foreach (var (contentType, body) in BadBodies)
                yield return new Probe(verb, validPath, "", contentType, Encoding.UTF8.GetBytes(body), ProbeRole.Admin, index++, "malformed body");
            if (skeleton is JsonObject shape)
            {
                foreach (var property in shape.Select(p => p.Key).ToList())
                {
                    foreach (var bad in Pick(BadJsonValues, 4))
                        yield return new Probe(verb, validPath, "", "application/json", Encoding.UTF8.GetBytes(Replace(shape, property, bad)), ProbeRole.Admin, index++, $"body {property}");
                    var duplicated = shape.ToJsonString()[..^1] + (shape.Count > 0 ? "," : "") + $"\"{property}\":{shape[property]?.ToJsonString() ?? "null"}}}";
                    yield return new Probe(verb, validPath, "", "application/json", Encoding.UTF8.GetBytes(duplicated), ProbeRole.Admin, index++, $"body {property} twice");
                }
            }
            if (multipart)
                foreach (var (contentType, body) in MultipartBodies())
                    yield return new Probe(verb, validPath, "", contentType, body, ProbeRole.Admin, index++, "multipart");
        }
    }

    private IEnumerable<string> Pick(string[] values, int count) => values.OrderBy(_ => random.Next()).Take(count);

    private string FillPath(string template, List<string> names, string? badName, string? bad)
    {
        var path = template;
        foreach (var name in names)
        {
            var value = name == badName ? bad! : Uri.EscapeDataString(knownValues.GetValueOrDefault(name) ?? "fuzz");
            path = path.Replace("{" + name + "}", value, StringComparison.Ordinal).Replace("{" + name + ":int}", value, StringComparison.Ordinal);
        }
        return path;
    }

    private string SampleQuery(List<JsonObject> parameters) => string.Join('&', parameters.Where(_ => random.Next(2) == 0)
        .Select(p => $"{Uri.EscapeDataString((string)p["name"]!)}={Uri.EscapeDataString(Sample(p["schema"], 0)?.ToString() ?? "")}"));

    private static string Replace(JsonObject shape, string property, string badJson)
    {
        var copy = (JsonObject)shape.DeepClone();
        copy[property] = 0; // placeholder, swapped textually: some bad values (lone surrogates, 1e309) have no JsonNode form
        return copy.ToJsonString().Replace($"\"{property}\":0", $"\"{property}\":{badJson}", StringComparison.Ordinal);
    }

    /// <summary>A plausible value for a schema: enough for the request to get past binding and into the handler.</summary>
    private JsonNode? Sample(JsonNode? schema, int depth)
    {
        if (schema is not JsonObject s || depth > 4) return null;
        if (s["$ref"] is JsonValue reference)
            return Sample(document["components"]?["schemas"]?[((string)reference!).Split('/')[^1]], depth + 1);
        if (s["enum"] is JsonArray { Count: > 0 } values) return values[random.Next(values.Count)]?.DeepClone();
        var type = s["type"] switch
        {
            JsonArray types => types.Select(t => (string?)t).FirstOrDefault(t => t != "null"),
            JsonValue single => (string?)single,
            _ => s["properties"] is not null ? "object" : null,
        };
        return type switch
        {
            "string" => (string?)s["format"] switch
            {
                "date" => "2026-03-02", "date-time" => "2026-03-02T09:00:00+08:00", "uuid" => Guid.Empty.ToString(), _ => "fuzz",
            },
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            "array" => new JsonArray(Sample(s["items"], depth + 1)),
            "object" => new JsonObject((s["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, Sample(p.Value, depth + 1)))),
            _ => new JsonObject(),
        };
    }

    private static IEnumerable<(string ContentType, byte[] Body)> MultipartBodies()
    {
        static byte[] Part(string disposition, string name = "site plan") => Encoding.UTF8.GetBytes(
            $"--b\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n{name}\r\n--b\r\nContent-Disposition: {disposition}\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--b--\r\n");
        yield return ("multipart/form-data; boundary=b", Part("form-data; name=\"file\"; filename*=UTF-8''a%0D%0AX-Injected%3A%20yes.pdf"));
        yield return ("multipart/form-data; boundary=b", Part($"form-data; name=\"file\"; filename=\"{new string('a', 1000)}.pdf\""));
        yield return ("multipart/form-data; boundary=b", Part("form-data; name=\"file\"; filename*=UTF-8''%ED%A0%80.pdf"));
        yield return ("multipart/form-data; boundary=b", Part("form-data; name=\"file\"; filename=\"a.pdf\"", "a\0b"));
        yield return ("multipart/form-data; boundary=b", Part("form-data; name=\"other\"; filename=\"a.pdf\""));
        yield return ("multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF"u8.ToArray());
        yield return ("multipart/form-data", "--b\r\n\r\n--b--\r\n"u8.ToArray());
    }
}
