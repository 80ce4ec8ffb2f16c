using System.Net;
using System.Reflection;

namespace ApprovalEngine.Host.Web;

/// <summary>
/// The role-aware pages of the office (inbox, intake, applications, audit, dashboard, admin) and the public certificate
/// check, as plain HTML and JavaScript embedded in the host. Like the Studio pages they are public HTML: everything
/// behind them comes from the REST API with the token the user got at /signin (except /verify, which needs none).
/// </summary>
public static class WebPages
{
    private const string Prefix = "Web.Pages.";
    private static readonly Lazy<string> Layout = new(() => Resource("layout.html"));

    // Only these files are served under /web/: a request can never name another embedded resource.
    private static readonly Dictionary<string, string> Assets = Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && (n.EndsWith(".js", StringComparison.Ordinal) || n.EndsWith(".css", StringComparison.Ordinal)))
        .ToDictionary(n => n[Prefix.Length..], n => n.EndsWith(".js", StringComparison.Ordinal) ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8");

    public static void MapWebPages(this IEndpointRouteBuilder app)
    {
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        pages.MapGet("/intake", () => Page("intake", "Intake", "Application intake at the window"));
        pages.MapGet("/applications", () => Page("applications", "Applications", "Applications"));
        pages.MapGet("/admin", () => Page("admin", "Admin", "Administration: seals and process versions"));
        pages.MapGet("/web/{file}", (string file, HttpContext http) =>
        {
            if (!Assets.TryGetValue(file, out var contentType)) return Results.NotFound();
            // Small and versioned with the host: revalidate rather than cache, so a deploy shows at once.
            http.Response.Headers.CacheControl = "no-cache";
            return Results.Text(Resource(file), contentType);
        });
    }

    private static IResult Page(string page, string title, string heading, string? id = null, bool isPublic = false)
    {
        var html = Layout.Value
            .Replace("{{title}}", WebUtility.HtmlEncode(title))
            .Replace("{{heading}}", WebUtility.HtmlEncode(heading))
            .Replace("{{page}}", page)
            .Replace("{{id}}", WebUtility.HtmlEncode(id ?? ""))
            .Replace("{{public}}", isPublic ? "true" : "false")
            // Last, so nothing inside the page's own markup is taken for a placeholder.
            .Replace("{{content}}", Resource(page + ".html"));
        return TypedResults.Text(html, "text/html; charset=utf-8");
    }

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Prefix + name)
                           ?? throw new InvalidOperationException($"Embedded page resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
