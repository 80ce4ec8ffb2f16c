using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Auth;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Definitions;
using ApprovalEngine.Persistence.Http;
using ApprovalEngine.Persistence.Instances;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Activities.Elsa;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.HttpWorkflows;

/// <summary>
/// Elsa's HTTP workflows: a request to <c>/workflows/{path}</c> starts the published workflow whose HttpEndpoint trigger
/// (<c>canStartWorkflow</c>) matches path and method, or else resumes the one instance waiting on a matching HttpEndpoint
/// (narrowed by <c>?workflowInstanceId=</c> / <c>?correlationId=</c> or the <c>x-workflow-instance-id</c> /
/// <c>x-correlation-id</c> headers), as one stimulus; the first WriteHttpResponse of that stimulus is the answer.
/// The API's size limits and input checks apply (InputGuard runs first). An endpoint with <c>authorize</c> needs a signed-in
/// caller, and with <c>policy</c> one of this host's policies (staff, design, admin, intake, audit, applicant).
/// </summary>
public static class HttpWorkflowsApi
{
    public const string BasePath = "/workflows";

    public static void MapHttpWorkflows(this WebApplication app) =>
        app.Map(BasePath + "/{**path}", Handle).ExcludeFromDescription().AllowAnonymous();

    // Secrets of the caller are not workflow data: they would end up in instance state and the journal.
    private static readonly HashSet<string> HiddenHeaders = new(StringComparer.OrdinalIgnoreCase) { "Authorization", "Cookie", "Proxy-Authorization" };

    // Framed by the server, not by a workflow.
    private static readonly HashSet<string> ServerHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Content-Type", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer", "Set-Cookie",
    };

    /// <summary>A matching HttpEndpoint: a trigger of a published definition, or a waiting instance's bookmark.</summary>
    private sealed record Match(string? DefinitionId, string? InstanceId, string ActivityId, string? BookmarkId, bool Authorize, string? Policy, JsonObject RouteData);

    public static async Task<IResult> Handle(HttpContext http, string? path, ApprovalDbContext db, DefinitionStore definitions, WorkflowRuntime runtime,
        HttpResponses responses, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator, CancellationToken ct)
    {
        var requestPath = "/" + (path ?? "").Trim('/');
        var method = http.Request.Method.ToUpperInvariant();
        var triggers = await TriggersAsync(db, definitions, requestPath, method, ct);
        if (triggers.Count > 1) return Ambiguous(triggers.Select(t => t.DefinitionId!));
        var match = triggers.SingleOrDefault();
        if (match is null)
        {
            var waiting = await BookmarksAsync(http, db, requestPath, method, ct);
            if (waiting.Count > 1) return Ambiguous(waiting.Select(w => w.InstanceId!));
            match = waiting.SingleOrDefault();
        }
        if (match is null)
            return Problem(404, $"No workflow handles {method} {BasePath}{requestPath}.");
        if (await AuthorizeAsync(http, match, policies, evaluator) is { } refused) return refused;

        var request = await ReadRequestAsync(http, requestPath, match.RouteData, ct);
        var actor = http.User.Identity?.IsAuthenticated == true ? http.User.ToActor() : new Actor("http:anonymous", ["anonymous"]);
        var instance = match.BookmarkId is null
            ? await runtime.StartAsync(match.DefinitionId!, Header(http, "correlationId", "x-correlation-id"), null, actor, ct,
                trigger: new WorkflowTrigger(match.ActivityId, request))
            : await runtime.ResumeAsync(match.InstanceId!, match.BookmarkId, request, actor, ct);

        http.Response.Headers["X-Workflow-Instance-Id"] = instance.Id;
        if (responses.For(instance.Id) is { } response) return Write(response);
        if (instance.Status == WorkflowStatus.Faulted)
            // The fault is the workflow's, not the caller's; its details stay in the instance journal for staff.
            return Problem(500, $"The workflow handling this request faulted (instance {instance.Id}).");
        // Like Elsa: a workflow that writes no response answers 200 with no body.
        return TypedResults.Ok();
    }

    private static IResult Problem(int status, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.ForStatus(status) });

    private static IResult Ambiguous(IEnumerable<string> ids) => Problem(409, $"The request matches several workflows ({string.Join(", ", ids)}); name one with ?workflowInstanceId= or ?correlationId=.");

    private static async Task<List<Match>> TriggersAsync(ApprovalDbContext db, DefinitionStore definitions, string path, string method, CancellationToken ct)
    {
        var ids = await db.DefinitionVersions.AsNoTracking().Where(v => v.State == DefinitionState.Published).Select(v => new { v.Id, v.DefinitionId }).ToListAsync(ct);
        var matches = new List<Match>();
        foreach (var id in ids)
        {
            // Cached by version: the model is parsed once per host, not per request.
            if (await definitions.ForExecutionAsync(id.Id, ct) is not { } version) continue;
            foreach (var node in definitions.Flowchart(version).Activities.Values.Where(n => n.Type == "Elsa.HttpEndpoint" && n.CanStartWorkflow))
            {
                if (Literal(node, "path") is not { } template || !HttpEndpoint.Methods(node.Inputs.GetValueOrDefault("supportedMethods")?.Value).Contains(method)) continue;
                if (Routes.Match(template, path) is { } route)
                    matches.Add(new Match(id.DefinitionId, null, node.Id, null, Literal(node, "authorize") is "true" or "True", Literal(node, "policy"), route));
            }
        }
        return matches;
    }

    private static async Task<List<Match>> BookmarksAsync(HttpContext http, ApprovalDbContext db, string path, string method, CancellationToken ct)
    {
        var query = db.Bookmarks.AsNoTracking().Where(b => b.Name == HttpEndpoint.BookmarkName);
        if (Header(http, "workflowInstanceId", "x-workflow-instance-id") is { } instanceId) query = query.Where(b => b.InstanceId == instanceId);
        if (Header(http, "correlationId", "x-correlation-id") is { } correlationId)
            query = query.Where(b => db.Instances.Any(i => i.Id == b.InstanceId && i.CorrelationId == correlationId));
        var matches = new List<Match>();
        foreach (var b in await query.ToListAsync(ct))
        {
            if (b.PayloadJson is null || JsonNode.Parse(b.PayloadJson) is not JsonObject payload) continue;
            if (Text(payload["path"]) is not { } template || !HttpEndpoint.Methods(payload["methods"]).Contains(method)) continue;
            if (Routes.Match(template, path) is { } route)
                matches.Add(new Match(null, b.InstanceId, b.ActivityId, b.Id, payload["authorize"] is JsonValue a && a.TryGetValue<bool>(out var yes) && yes,
                    Text(payload["policy"]), route));
        }
        return matches;
    }

    /// <summary>The endpoint's <c>authorize</c>/<c>policy</c>: anonymous when off; else the named policy, or any signed-in caller.</summary>
    private static async Task<IResult?> AuthorizeAsync(HttpContext http, Match match, IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator)
    {
        if (!match.Authorize) return null;
        var policy = string.IsNullOrWhiteSpace(match.Policy) ? await policies.GetDefaultPolicyAsync() : await policies.GetPolicyAsync(match.Policy.Trim());
        if (policy is null)
            return Problem(403, $"The workflow's HTTP endpoint requires policy '{match.Policy}', which this host does not have.");
        var authentication = await evaluator.AuthenticateAsync(policy, http);
        var result = await evaluator.AuthorizeAsync(policy, authentication, http, null);
        if (result.Succeeded) return null;
        return result.Challenged
            ? Problem(401, "A valid bearer token is required.")
            : Problem(403, "Your role does not allow calling this workflow endpoint.");
    }

    /// <summary>The request as HttpEndpoint's outputs: method, path, query, headers (without credentials), route values, parsed body.</summary>
    private static async Task<JsonObject> ReadRequestAsync(HttpContext http, string path, JsonObject routeData, CancellationToken ct)
    {
        var request = http.Request;
        var query = new JsonObject();
        foreach (var (key, values) in request.Query)
            query[key] = values.Count == 1 ? values[0] : new JsonArray(values.Select(v => (JsonNode?)v).ToArray());
        var headers = new JsonObject();
        foreach (var (key, values) in request.Headers.Where(h => !HiddenHeaders.Contains(h.Key)))
            headers[key] = values.ToString();
        var (parsedContent, files) = await ParseBodyAsync(request, ct);
        return new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = BasePath + path,
            ["queryString"] = request.QueryString.Value,
            ["routeData"] = routeData,
            ["queryStringData"] = query,
            ["headers"] = headers,
            ["contentType"] = request.ContentType,
            ["parsedContent"] = parsedContent,
            ["files"] = files,
        };
    }

    /// <summary>
    /// The body as Elsa's HttpEndpoint outputs it: JSON parsed, text as text, a form (URL-encoded or multipart) as its fields
    /// (a field sent twice as a list), and multipart files as Files (name, fileName, contentType, length, content in base64).
    /// InputGuard bounds every body first (multipart by Materials:MaxBytes, as uploads are).
    /// </summary>
    private static async Task<(JsonNode? Content, JsonArray? Files)> ParseBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength == 0 || !(request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)) return (null, null);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var fields = new JsonObject(form.Select(f => KeyValuePair.Create(f.Key, f.Value.Count == 1
                ? (JsonNode?)f.Value.ToString()
                : new JsonArray(f.Value.Select(v => (JsonNode?)v).ToArray()))));
            var files = new JsonArray();
            foreach (var file in form.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content, ct);
                files.Add(new JsonObject
                {
                    ["name"] = file.Name, ["fileName"] = file.FileName, ["contentType"] = file.ContentType, ["length"] = file.Length,
                    ["content"] = Convert.ToBase64String(content.GetBuffer(), 0, (int)content.Length),
                });
            }
            return (fields, files.Count > 0 ? files : null);
        }
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(ct);
        // InputGuard already checked a JSON body (valid, no duplicate keys, bounded depth).
        var json = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        return (json && text.Length > 0 ? JsonNode.Parse(text) : text, null);
    }

    private static IResult Write(HttpResponseEffect response) => new WorkflowResponse(response);

    private sealed class WorkflowResponse(HttpResponseEffect response) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = response.StatusCode;
            foreach (var (name, value) in response.Headers)
                if (!ServerHeaders.Contains(name) && value is not null) http.Response.Headers[name] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value.ToJsonString();
            if (response.Content is null) return;
            var text = response.Content is JsonValue cv && cv.TryGetValue<string>(out var content);
            http.Response.ContentType = response.ContentType is { Length: > 0 } type ? type
                : text ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
            await http.Response.WriteAsync(text ? response.Content.GetValue<string>() : response.Content.ToJsonString(), http.RequestAborted);
        }
    }

    private static string? Header(HttpContext http, string queryName, string headerName) =>
        http.Request.Query[queryName] is [{ Length: > 0 } q] ? q : http.Request.Headers[headerName] is [{ Length: > 0 } h] ? h : null;

    private static string? Literal(ActivityNode node, string input) =>
        node.Inputs.GetValueOrDefault(input) is { ExpressionType: "Literal" or InputValue.Raw, Value: { } value } ? Text(value) ?? value.ToJsonString() : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>Elsa's route templates: literal segments (case-insensitive), <c>{name}</c> or <c>{name:constraint}</c> for one segment, <c>{*name}</c> for the rest.</summary>
public static class Routes
{
    public static JsonObject? Match(string template, string path)
    {
        var pattern = template.Trim().Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var segments = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        var values = new JsonObject();
        for (var i = 0; i < pattern.Length; i++)
        {
            var part = pattern[i];
            if (part.StartsWith('{') && part.EndsWith('}'))
            {
                var name = part[1..^1].Split(':')[0];
                if (name.StartsWith('*'))
                {
                    values[name.TrimStart('*')] = string.Join('/', segments.Skip(i));
                    return values;
                }
                var optional = name.EndsWith('?');
                name = name.TrimEnd('?');
                if (i >= segments.Length)
                {
                    if (optional) continue;
                    return null;
                }
                values[name] = segments[i];
            }
            else if (i >= segments.Length || !string.Equals(part, segments[i], StringComparison.OrdinalIgnoreCase)) return null;
        }
        return segments.Length <= pattern.Length ? values : null;
    }
}
