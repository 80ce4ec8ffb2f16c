using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace ApprovalEngine.Host.Office;

public sealed class OfficeOptions
{
    /// <summary>Folder of the built office front end (index.html + assets/); found automatically when empty.</summary>
    public string? AssetsPath { get; set; }
}

/// <summary>
/// The office front end (ClientApp/, Vue + Element Plus, built by the host's build with Vite): its hashed assets and,
/// for every office route, index.html (history-mode routing happens in the browser). Public HTML like the Studio pages:
/// everything behind it comes from the REST API with the token the user got at /signin (except /verify).
/// </summary>
public static class OfficeApp
{
    /// <summary>The routes the front end's router knows; each answers index.html. API, Studio and health routes are not here.</summary>
    public static readonly string[] Routes =
    [
        "/", "/signin", "/worklist", "/inbox", "/intake", "/applications", "/applications/{id}", "/audit", "/dashboard", "/directory", "/care", "/holidays", "/licences", "/credit-marks", "/supervision", "/admin", "/verify", "/verify/{number}",
    ];

    /// <summary>The applicant's mobile pages (second Vite entry, Vant): each answers applicant.html.</summary>
    public static readonly string[] ApplicantRoutes =
    [
        "/service", "/service/guides/{definitionId}", "/service/apply/{definitionId}", "/service/mine", "/service/mine/{id}", "/service/progress", "/service/signin",
        "/service/complaints", "/service/complaints/{number}",
    ];

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void MapOfficeApp(this WebApplication app)
    {
        var options = app.Configuration.GetSection("Office").Get<OfficeOptions>() ?? new OfficeOptions();
        var root = Locate(options, app.Environment.ContentRootPath, app.Logger);
        var files = root is null ? null : new PhysicalFileProvider(root);
        var pages = app.MapGroup("").AllowAnonymous().ExcludeFromDescription();
        foreach (var route in Routes)
            pages.MapMethods(route, ["GET", "HEAD"], (HttpContext http) => Index(files, http));
        foreach (var route in ApplicantRoutes)
            pages.MapMethods(route, ["GET", "HEAD"], (HttpContext http) => Index(files, http, "applicant.html"));
        // Vite names every built asset by its content hash: cache for a year, a new build has new names.
        pages.MapMethods("/assets/{**path}", ["GET", "HEAD"], (string path, HttpContext http) => Asset(files, "assets/" + path, http, immutable: true));
        pages.MapMethods("/favicon.svg", ["GET", "HEAD"], (HttpContext http) => Asset(files, "favicon.svg", http, immutable: false));
    }

    private static IResult Index(PhysicalFileProvider? files, HttpContext http, string page = "index.html")
    {
        // Revalidate every time: index.html names the current build's assets, so a deploy shows at once.
        http.Response.Headers.CacheControl = "no-cache";
        var index = files?.GetFileInfo(page);
        if (index is not { Exists: true, PhysicalPath: not null })
            return TypedResults.Text("<!DOCTYPE html><meta charset=utf-8><title>ApprovalEngine</title><p>前端尚未构建：请构建主机项目（它会在 src/ApprovalEngine.Host/ClientApp 运行 npm ci 与 npm run build），或设置 Office:AssetsPath。</p>" +
                                     "<p>The office front end is not built: build the host (it runs npm ci and npm run build in ClientApp) or set Office:AssetsPath.</p>",
                "text/html; charset=utf-8", statusCode: 503);
        return TypedResults.PhysicalFile(index.PhysicalPath, "text/html; charset=utf-8", lastModified: index.LastModified);
    }

    private static IResult Asset(PhysicalFileProvider? files, string relativePath, HttpContext http, bool immutable)
    {
        var file = files?.GetFileInfo(relativePath);
        if (file is not { Exists: true, IsDirectory: false, PhysicalPath: not null }) return TypedResults.NotFound();
        if (!ContentTypes.TryGetContentType(relativePath, out var contentType)) contentType = "application/octet-stream";
        http.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "public, no-cache";
        return TypedResults.PhysicalFile(file.PhysicalPath, contentType, lastModified: file.LastModified);
    }

    /// <summary>Configured path first; else the Vite output of a development checkout; else office-assets/ beside a published app.</summary>
    private static string? Locate(OfficeOptions options, string contentRoot, ILogger logger)
    {
        var candidates = new[]
        {
            options.AssetsPath is { Length: > 0 } configured ? Path.GetFullPath(configured, contentRoot) : null,
            Path.Combine(contentRoot, "ClientApp", "dist"),
            Path.Combine(AppContext.BaseDirectory, "office-assets"),
        };
        var root = candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "index.html")));
        if (root is null)
            logger.LogWarning("Office front end not found (looked in {Candidates}); build the host (it runs npm run build in ClientApp) or set Office:AssetsPath",
                string.Join(", ", candidates.Where(c => c is not null)));
        return root;
    }
}
