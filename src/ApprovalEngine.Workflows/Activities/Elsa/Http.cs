using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Activities.Elsa;

/// <summary>
/// Elsa's HTTP endpoint. Started directly (not by a request) it waits for a request on its path, as in Elsa; the
/// request delivered to its bookmark becomes its outputs (parsedContent, files and file for multipart, routeData, queryStringData, headers).
/// </summary>
[Activity("Elsa", "HttpEndpoint", Category = "HTTP", DisplayName = "HTTP 端点 (HttpEndpoint)", Kind = ActivityKind.Trigger,
    Description = "等待发往 /workflows/{路径} 的 HTTP 请求。", Outputs = ["parsedContent", "files", "file", "routeData", "queryStringData", "headers", "result"])]
public sealed class HttpEndpoint : Activity
{
    [Input(DisplayName = "路径", Description = "相对于 /workflows/ 的路径。", Order = 0)]
    public string? Path { get; set; }

    [Input(DisplayName = "支持的方法", Description = "例如 [\"GET\",\"POST\"]。", Order = 1)]
    public JsonNode? SupportedMethods { get; set; }

    [Input(DisplayName = "需要登录", UIHint = "checkbox", Order = 2)]
    public bool Authorize { get; set; }

    [Input(DisplayName = "授权策略", Order = 3)]
    public string? Policy { get; set; }

    public const string BookmarkName = "HttpEndpoint";

    /// <summary>Elsa's default when no method is configured.</summary>
    public static readonly string[] DefaultMethods = ["GET"];

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        // The request that started the instance here: this is the trigger, it does not wait for another one.
        if (context.TakeTrigger() is { } request) return ValueTask.FromResult(Received(context, request));
        return ValueTask.FromResult(ActivityResult.Suspend(BookmarkName, new JsonObject
        {
            ["path"] = Path, ["methods"] = new JsonArray(Methods(SupportedMethods).Select(m => (JsonNode)m).ToArray()),
            ["authorize"] = Authorize, ["policy"] = Policy,
        }));
    }

    public override ValueTask<ActivityResult> ResumeAsync(ActivityContext context, Bookmark bookmark, ResumeStimulus stimulus) =>
        ValueTask.FromResult(Received(context, stimulus.Payload));

    /// <summary>The configured methods, upper case; Elsa stores them as a JSON array (sometimes as JSON text) or one name.</summary>
    public static IReadOnlyList<string> Methods(JsonNode? configured)
    {
        var node = configured is JsonValue v && v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[') ? JsonNode.Parse(text) : configured;
        var methods = node switch
        {
            JsonArray a => a.Select(m => m is JsonValue mv && mv.TryGetValue<string>(out var s) ? s : null).OfType<string>(),
            JsonValue one when one.TryGetValue<string>(out var s) && s.Length > 0 => [s],
            _ => [],
        };
        var list = methods.Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).Distinct().ToList();
        return list.Count > 0 ? list : DefaultMethods;
    }

    private static ActivityResult Received(ActivityContext context, JsonNode? payload)
    {
        var request = payload as JsonObject ?? [];
        context.SetOutput("routeData", request["routeData"]?.DeepClone());
        context.SetOutput("queryStringData", request["queryStringData"]?.DeepClone());
        context.SetOutput("headers", request["headers"]?.DeepClone());
        context.SetOutput("result", request.DeepClone());
        if (request["files"] is JsonArray { Count: > 0 } files)
        {
            context.SetOutput("files", files.DeepClone());
            context.SetOutput("file", files[0]?.DeepClone());
        }
        context.SetOutput("parsedContent", request["parsedContent"]?.DeepClone());
        return ActivityResult.Complete("Done");
    }
}

/// <summary>The response the host sends back for the request that started or resumed the instance.</summary>
public sealed record HttpResponseEffect(int StatusCode, JsonNode? Content, string? ContentType, JsonObject Headers);

[Activity("Elsa", "WriteHttpResponse", Category = "HTTP", DisplayName = "写入 HTTP 响应 (WriteHttpResponse)", Description = "向触发的 HTTP 请求写入响应。")]
public sealed class WriteHttpResponse : Activity
{
    [Input(DisplayName = "状态码", Description = "如 OK、NotFound 或 200。", DefaultValue = "OK", Order = 0)]
    public string? StatusCode { get; set; }

    [Input(DisplayName = "内容", UIHint = "multiline", Order = 1)]
    public JsonNode? Content { get; set; }

    [Input(DisplayName = "内容类型", Order = 2)]
    public string? ContentType { get; set; }

    [Input(DisplayName = "响应头", Description = "JSON 对象。", Order = 3)]
    public JsonNode? ResponseHeaders { get; set; }

    public override ValueTask<ActivityResult> ExecuteAsync(ActivityContext context)
    {
        if (Status(StatusCode) is not { } status) return ValueTask.FromResult(ActivityResult.Fault($"'{StatusCode}' is not an HTTP status code."));
        var headers = ResponseHeaders switch
        {
            JsonObject o => o.DeepClone().AsObject(),
            JsonValue v when v.TryGetValue<string>(out var s) && s.Trim().StartsWith('{') => JsonNode.Parse(s) as JsonObject ?? [],
            _ => [],
        };
        var effect = new HttpResponseEffect(status, Content?.DeepClone(), ContentType, headers);
        context.AddEffect(effect);
        context.Log("HttpResponse", $"{status}", new JsonObject { ["statusCode"] = status, ["content"] = Content?.DeepClone(), ["contentType"] = ContentType });
        return ValueTask.FromResult(ActivityResult.Complete("Done"));
    }

    internal static int? Status(string? value) => value switch
    {
        null or "" => 200,
        _ when int.TryParse(value, out var n) && n is >= 100 and <= 599 => n,
        _ when Enum.TryParse<System.Net.HttpStatusCode>(value, true, out var code) => (int)code,
        _ => null,
    };
}
