using System.Text.RegularExpressions;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace ApprovalEngine.Host.Studio;

public sealed class StudioOptions
{
    /// <summary>Folder of the installed <c>@elsa-workflows/elsa-studio-wasm</c> package; found automatically when empty.</summary>
    public string? AssetsPath { get; set; }
}

/// <summary>
/// Serves the files of the pinned Elsa Studio package: Blazor's <c>_framework/</c> and <c>_content/</c> folders and the
/// custom elements' stylesheet, with their pre-compressed .br/.gz twins when the browser accepts them.
/// </summary>
/// <remarks>
/// The files sit at the site root (not under a prefix) because Blazor resolves them, and its own later imports,
/// against the page's &lt;base href&gt;, and Blazor's NavigationManager refuses to start when the page URL
/// (/designer/...) is not under that base. So the base is "/", and these two folder names are Blazor's reserved ones.
/// </remarks>
public sealed partial class StudioAssets
{
    public const string PackageVersion = "3.8.2";
    private const string PackageFolder = "Studio/node_modules/@elsa-workflows/elsa-studio-wasm";
    private static readonly string[] Roots = ["_framework", "_content"];
    public const string StylesheetName = "Elsa.Studio.Host.CustomElements.styles.css";

    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();
    private readonly PhysicalFileProvider? _files;

    private StudioAssets(string? root)
    {
        Root = root;
        _files = root is null ? null : new PhysicalFileProvider(root);
    }

    /// <summary>The package folder, or null when the package is not installed (the pages then say how to install it).</summary>
    public string? Root { get; }

    /// <summary>Configured path first; else the npm folder of a development checkout; else studio-assets/ beside a published app.</summary>
    public static StudioAssets Locate(StudioOptions options, string contentRoot, ILogger logger)
    {
        var candidates = new[]
        {
            options.AssetsPath is { Length: > 0 } configured ? Path.GetFullPath(configured, contentRoot) : null,
            Path.Combine(contentRoot, PackageFolder),
            Path.Combine(AppContext.BaseDirectory, "studio-assets"),
        };
        var root = candidates.FirstOrDefault(c => c is not null && File.Exists(Path.Combine(c, "_framework", "blazor.webassembly.js")));
        if (root is null)
            logger.LogWarning("Elsa Studio files not found (looked in {Candidates}); the designer pages will not load. Build the host (it runs npm ci) or set Studio:AssetsPath",
                string.Join(", ", candidates.Where(c => c is not null)));
        else
            logger.LogInformation("Serving Elsa Studio {Version} from {Root}", PackageVersion, root);
        return new StudioAssets(root);
    }

    public void Map(IEndpointRouteBuilder app)
    {
        foreach (var folder in Roots)
            app.MapMethods($"/{folder}/{{**path}}", ["GET", "HEAD"], (string path, HttpContext http) => Serve($"{folder}/{path}", http))
                .AllowAnonymous().ExcludeFromDescription();
        app.MapMethods($"/{StylesheetName}", ["GET", "HEAD"], (HttpContext http) => Serve(StylesheetName, http))
            .AllowAnonymous().ExcludeFromDescription();
        // Blazor's boot manifest requires the app's appsettings.json next to the base href. This is Studio's client
        // configuration (never the host's own file): quiet browser logs and this server as the default backend.
        app.MapGet("/appsettings.json", (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Json(new
            {
                Logging = new { LogLevel = new Dictionary<string, string> { ["Default"] = "Warning" } },
                Backend = new { Url = $"{http.Request.Scheme}://{http.Request.Host}{StudioSetup.ElsaApiPrefix}" },
            });
        }).AllowAnonymous().ExcludeFromDescription();
    }

    public IResult Serve(string relativePath, HttpContext http)
    {
        if (_files is null || relativePath.EndsWith(".br", StringComparison.Ordinal) || relativePath.EndsWith(".gz", StringComparison.Ordinal))
            return TypedResults.NotFound();
        var file = _files.GetFileInfo(relativePath);
        if (!file.Exists || file.IsDirectory || file.PhysicalPath is null) return TypedResults.NotFound();
        if (!ContentTypes.TryGetContentType(relativePath, out var contentType)) contentType = "application/octet-stream";

        // Pre-compressed twins: ~12 MB of brotli instead of ~40 MB for a first load. The type stays the original file's.
        var (served, encoding) = (file, (string?)null);
        var accepts = AcceptedEncodings(http.Request);
        foreach (var (name, suffix) in new[] { ("br", ".br"), ("gzip", ".gz") })
        {
            if (!accepts.Contains(name)) continue;
            var twin = _files.GetFileInfo(relativePath + suffix);
            if (twin.Exists && twin.PhysicalPath is not null) { (served, encoding) = (twin, name); break; }
        }
        var headers = http.Response.Headers;
        if (_files.GetFileInfo(relativePath + ".br").Exists || _files.GetFileInfo(relativePath + ".gz").Exists) headers.Vary = "Accept-Encoding";
        if (encoding is not null) headers.ContentEncoding = encoding;
        // Fingerprinted names (dotnet.native.b6l13xorvf.js) never change content: cache for a year. The few
        // unfingerprinted ones (dotnet.js, _content scripts) are revalidated by ETag, so a package upgrade is never mixed with stale files.
        headers.CacheControl = Fingerprinted().IsMatch(Path.GetFileName(relativePath)) ? "public, max-age=31536000, immutable" : "public, no-cache";
        var etag = new EntityTagHeaderValue($"\"{served.Length:x}-{served.LastModified.ToUnixTimeSeconds():x}{(encoding is null ? "" : "-" + encoding)}\"");
        return TypedResults.PhysicalFile(served.PhysicalPath!, contentType, lastModified: served.LastModified, entityTag: etag);
    }

    private static HashSet<string> AcceptedEncodings(HttpRequest request)
    {
        var result = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding.OfType<string>().ToList(), out var values))
            foreach (var v in values)
                if (v.Quality is null or > 0) result.Add(v.Value.ToString());
        return result;
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".dat"] = "application/octet-stream"; // ICU data
        provider.Mappings[".wasm"] = "application/wasm";        // streaming compilation needs the exact type
        provider.Mappings[".blat"] = "application/octet-stream";
        provider.Mappings[".webmanifest"] = "application/manifest+json";
        provider.Mappings[".map"] = "application/json";
        provider.Mappings[".json"] = "application/json";
        provider.Mappings[".js"] = "text/javascript";
        provider.Mappings[".mjs"] = "text/javascript";
        return provider;
    }

    // A .NET static-asset fingerprint: ten base-36 characters, at least one digit, between dots.
    [GeneratedRegex(@"\.(?=[a-z]*\d)[a-z0-9]{10}\.")]
    private static partial Regex Fingerprinted();
}
