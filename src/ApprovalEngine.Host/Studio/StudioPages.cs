using System.Net;
using System.Reflection;

namespace ApprovalEngine.Host.Studio;

/// <summary>
/// Our own pages around the Studio custom elements. They are public HTML: the data behind them needs a token, which
/// the page gets at /signin and passes to the element (Studio has no login of its own).
/// </summary>
public static class StudioPages
{
    private static readonly Lazy<string> Shell = new(() => Resource("shell.html"));

    public static void MapStudioPages(this IEndpointRouteBuilder app, StudioAssets assets)
    {
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/designer", () => Page(assets, "definition-list", "Processes", "Process definitions", null));
        pages.MapGet("/designer/{definitionId}", (string definitionId) => Page(assets, "definition-editor", definitionId, "Designer: " + definitionId, definitionId));
        pages.MapGet("/instances", () => Page(assets, "instance-list", "Instances", "Workflow instances", null));
        pages.MapGet("/instances/{id}", (string id) => Page(assets, "instance-viewer", "Instance " + id, "Instance " + id, id));
        // Links inside Studio's viewer that point at pages of Elsa's own shell: sent to ours. "Open filtered logs" opens the
        // instance's journal drawer; the definition link opens the designer.
        pages.MapGet("/diagnostics/structured-logs", (string? workflowInstanceId) => TypedResults.Redirect(
            string.IsNullOrWhiteSpace(workflowInstanceId) ? "/instances" : $"/instances/{Uri.EscapeDataString(workflowInstanceId)}#journal"));
        pages.MapGet("/workflows/definitions/{definitionId}/edit", (string definitionId) => TypedResults.Redirect($"/designer/{Uri.EscapeDataString(definitionId)}"));
        pages.MapGet("/workflows/instances/{id}/view", (string id) => TypedResults.Redirect($"/instances/{Uri.EscapeDataString(id)}"));
        pages.MapGet("/studio/app.js", () => Static("app.js", "text/javascript"));
        pages.MapGet("/studio/app.css", () => Static("app.css", "text/css"));
    }

    private static IResult Page(StudioAssets assets, string page, string title, string heading, string? id) => Html(Shell.Value
        .Replace("{{title}}", WebUtility.HtmlEncode(title))
        .Replace("{{heading}}", WebUtility.HtmlEncode(heading))
        .Replace("{{page}}", page)
        .Replace("{{id}}", WebUtility.HtmlEncode(id ?? ""))
        .Replace("{{assets}}", assets.Root is null ? "missing" : "ok"));

    private static IResult Html(string html) => TypedResults.Text(html, "text/html; charset=utf-8");

    // Small and versioned with the host: revalidate rather than cache, so a deploy shows at once.
    private static IResult Static(string name, string contentType) => new CacheControlled(TypedResults.Text(Resource(name), contentType + "; charset=utf-8"));

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Studio.Pages." + name)
                           ?? throw new InvalidOperationException($"Embedded page resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private sealed class CacheControlled(IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.CacheControl = "no-cache";
            return inner.ExecuteAsync(http);
        }
    }
}
