using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

/// <summary>
/// What SendHttpRequest and FlowSendHttpRequest share (Elsa's SendHttpRequestBase): the request inputs and the response
/// outputs (StatusCode, ParsedContent, ResponseHeaders, Result). The call runs inside the stimulus, bounded by the host's
/// time limit; a URL outside the allow-list faults the instance naming it.
/// </summary>
public abstract class HttpRequestActivity : Activity
{
    internal enum Answer { Response, FailedToConnect, Timeout }

    [Input(DisplayName = "URL", Description = "绝对地址，必须在主机允许的外部系统地址之下（HttpRequests:AllowedBaseUrls）。", Required = true, Order = 0)]
    public string Url { get; set; } = "";

    [Input(DisplayName = "方法", Options = ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"], DefaultValue = "GET", Order = 1)]
    public string Method { get; set; } = "GET";

    [Input(DisplayName = "内容", Description = "请求内容（文本或 JSON）；与内容类型一起才会发送。", UIHint = "multiline", Order = 2)]
    public JsonNode? Content { get; set; }

    [Input(DisplayName = "内容类型", Options = ["application/json", "text/plain", "application/x-www-form-urlencoded", "application/xml"], Order = 3)]
    public string? ContentType { get; set; }

    [Input(DisplayName = "Authorization", Description = "如 Bearer {令牌}；不写入实例日志。", Order = 4)]
    public string? Authorization { get; set; }

    [Input(DisplayName = "不校验 Authorization", UIHint = "checkbox", Order = 5)]
    public bool DisableAuthorizationHeaderValidation { get; set; }

    [Input(DisplayName = "请求头", Description = "JSON 对象：名称 -> 值或值列表。", UIHint = "json-editor", Order = 6)]
    public JsonNode? RequestHeaders { get; set; }

    internal async Task<(Answer Answer, int StatusCode)> SendAsync(ActivityContext context)
    {
        if (!Uri.TryCreate(Url?.Trim(), UriKind.Absolute, out var url))
            throw new ActivityFaultException($"Url '{Url}' is not an absolute URL.", code: "http-url-invalid");
        var method = new HttpMethod(string.IsNullOrWhiteSpace(Method) ? "GET" : Method.Trim().ToUpperInvariant());
        try
        {
            var response = await context.Http.SendAsync(url, (target, asGet) => Request(asGet ? HttpMethod.Get : method, target, !asGet), CancellationToken.None);
            var parsed = Parse(response);
            context.SetOutput("statusCode", response.StatusCode);
            context.SetOutput("parsedContent", parsed?.DeepClone());
            context.SetOutput("responseHeaders", response.Headers.DeepClone());
            context.SetOutput("result", new JsonObject
            {
                ["statusCode"] = response.StatusCode, ["headers"] = response.Headers.DeepClone(), ["content"] = parsed?.DeepClone(),
            });
            context.Log("HttpRequest", $"{method} {url} -> {response.StatusCode}" +
                                       (response.RedirectNotFollowed is { } r ? $" (redirect to {r} not followed: other host or not allowed)" : ""));
            return (Answer.Response, response.StatusCode);
        }
        catch (OutboundHttpRefusedException e) { throw new ActivityFaultException(e.Message, e, "http-url-not-allowed"); }
        catch (HttpRequestException e)
        {
            context.Log("HttpRequest", $"{method} {url}: failed to connect ({e.Message})");
            return (Answer.FailedToConnect, 0);
        }
        catch (TimeoutException e)
        {
            context.Log("HttpRequest", $"{method} {url}: {e.Message}");
            return (Answer.Timeout, 0);
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url, bool withBody)
    {
        var request = new HttpRequestMessage(method, url);
        if (!string.IsNullOrWhiteSpace(Authorization))
        {
            if (DisableAuthorizationHeaderValidation) request.Headers.TryAddWithoutValidation("Authorization", Authorization);
            else if (AuthenticationHeaderValue.TryParse(Authorization, out var auth)) request.Headers.Authorization = auth;
            else throw new ActivityFaultException("Authorization is not a valid header value (e.g. 'Bearer <token>').", code: "http-request-invalid");
        }
        foreach (var (name, values) in Headers())
            if (!request.Headers.TryAddWithoutValidation(name, values))
                throw new ActivityFaultException($"Request header '{name}' cannot be set.", code: "http-request-invalid");
        if (withBody && Content is not null && !string.IsNullOrWhiteSpace(ContentType)) request.Content = Body(Content, ContentType);
        return request;
    }

    private IEnumerable<(string, string[])> Headers()
    {
        var headers = RequestHeaders is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{') ? JsonNode.Parse(text) : RequestHeaders;
        foreach (var (name, value) in headers as JsonObject ?? [])
            yield return (name, value switch
            {
                JsonArray a => a.Select(x => x is JsonValue s && s.TryGetValue<string>(out var t) ? t : x?.ToJsonString() ?? "").ToArray(),
                JsonValue s when s.TryGetValue<string>(out var t) => [t],
                null => [],
                _ => [value.ToJsonString()],
            });
    }

    // Chinese text goes out as UTF-8, not as \u escapes, which some receiving systems show verbatim.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    private static HttpContent Body(JsonNode content, string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        if (media == "application/x-www-form-urlencoded" && content is JsonObject form)
            return new FormUrlEncodedContent(form.Select(kv => KeyValuePair.Create(kv.Key, kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : kv.Value?.ToJsonString() ?? "")));
        // A string is sent as written (JSON text included); anything else as its JSON.
        var text = content is JsonValue value && value.TryGetValue<string>(out var str) ? str : content.ToJsonString(Readable);
        return new StringContent(text, Encoding.UTF8, media);
    }

    /// <summary>JSON answers become JSON values (as Elsa parses application/json to an object); anything else is text.</summary>
    private static JsonNode? Parse(OutboundResponse response)
    {
        if (response.Body.Length == 0) return null;
        var text = Encoding.UTF8.GetString(response.Body);
        if (response.ContentType is { } type && (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal)))
        {
            try { return JsonNode.Parse(text); }
            catch (JsonException) { return JsonValue.Create(text); }
        }
        return JsonValue.Create(text);
    }
}

[Activity("Elsa", "FlowSendHttpRequest", Category = "HTTP", DisplayName = "HTTP 请求 (FlowSendHttpRequest)", Kind = ActivityKind.Task,
    Outcomes = ["Done", "Unmatched status code", "Failed to connect", "Timeout"],
    Outputs = ["statusCode", "parsedContent", "responseHeaders", "result"],
    Description = "调用允许的外部系统；按状态码（预期的码、Unmatched status code）、Failed to connect 或 Timeout 继续，并总是继续 Done。")]
public sealed class FlowSendHttpRequest : HttpRequestActivity
{
    [Input(DisplayName = "预期状态码", Description = "如 [200, 404]；每个码是一个出口。", UIHint = "multitext", DefaultValue = "[200]", Order = 7)]
    public JsonNode? ExpectedStatusCodes { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (answer, status) = await SendAsync(context);
        if (answer == Answer.FailedToConnect) return ActivityResult.Complete("Failed to connect");
        if (answer == Answer.Timeout) return ActivityResult.Complete("Timeout");
        var expected = Codes(ExpectedStatusCodes);
        // Elsa: with expected codes, the matching code's port or "Unmatched status code", then "Done" in every case.
        return expected.Count == 0 ? ActivityResult.Complete("Done")
            : ActivityResult.Complete(expected.Contains(status) ? status.ToString() : "Unmatched status code", "Done");
    }

    public override IReadOnlyList<string> GetOutcomes(ActivityNodeInputs inputs, ActivityAttribute meta)
    {
        var configured = inputs["expectedStatusCodes"];
        var codes = configured is null ? [200] : configured.ExpressionType is "Literal" or "Object" or InputValue.Raw ? Codes(configured.Value) : [];
        return codes.Select(c => c.ToString()).Concat(meta.Outcomes).Distinct().ToList();
    }

    /// <summary>Studio saves the codes as a JSON array, JSON text or a comma-separated list.</summary>
    internal static List<int> Codes(JsonNode? value) => value switch
    {
        null => [],
        JsonArray a => a.Select(x => x is JsonValue v && (v.TryGetValue<int>(out var n) || (v.TryGetValue<string>(out var s) && int.TryParse(s, out n))) ? n : 0)
            .Where(n => n is >= 100 and <= 599).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) && s.TrimStart().StartsWith('[') => Codes(JsonNode.Parse(s)),
        JsonValue v when v.TryGetValue<string>(out var s) => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(x => int.TryParse(x, out var n) ? n : 0).Where(n => n is >= 100 and <= 599).ToList(),
        JsonValue v when v.TryGetValue<int>(out var n) => [n],
        _ => [],
    };
}

[Activity("Elsa", "SendHttpRequest", Category = "HTTP", DisplayName = "HTTP 请求 (SendHttpRequest)", Kind = ActivityKind.Task,
    Ports = ["unmatchedStatusCode", "failedToConnect", "timeout"], Outputs = ["statusCode", "parsedContent", "responseHeaders", "result"],
    Description = "调用允许的外部系统，按状态码运行对应的活动（或 UnmatchedStatusCode、FailedToConnect、Timeout 中的活动），完成后继续 Done。")]
public sealed class SendHttpRequest : HttpRequestActivity
{
    [Input(DisplayName = "预期状态码", Description = "每个状态码及要运行的活动。", UIHint = "http-status-codes", IsWrapped = false, Order = 7)]
    public JsonNode? ExpectedStatusCodes { get; set; }

    public override async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        var (answer, status) = await SendAsync(context);
        var slot = answer switch
        {
            Answer.FailedToConnect => "failedToConnect",
            Answer.Timeout => "timeout",
            _ => context.HasChild(Slot(status)) ? Slot(status) : "unmatchedStatusCode",
        };
        return context.HasChild(slot) ? ActivityResult.ScheduleChildren(slot) : ActivityResult.Complete("Done");
    }

    private static string Slot(int statusCode) => $"status{statusCode}";

    public override IEnumerable<(string Slot, JsonNode? Activity)> EmbeddedActivities(JsonObject activity, ActivityAttribute meta) =>
        (activity["expectedStatusCodes"] as JsonArray ?? [])
        .Select(c => (c?["statusCode"] is JsonValue v && v.TryGetValue<int>(out var code) ? Slot(code) : "status?", c?["activity"]))
        .Concat(base.EmbeddedActivities(activity, meta));
}
