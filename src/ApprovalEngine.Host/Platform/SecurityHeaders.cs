using System.Text;

namespace ApprovalEngine.Host.Platform;

public static class SecurityHeaders
{
    /// <summary>
    /// Every response says "nosniff": a browser renders a response only as its declared type, so an uploaded file
    /// (or any JSON echoing user text) is never run as HTML or script. No page may be framed by another site
    /// (clickjacking a clerk into an acceptance or a reviewer into an approval), addresses (which carry application ids)
    /// are not sent to other sites, and no API answer (applicants' data, sealed documents) is kept by a cache or the
    /// browser's history. A 401 names its scheme (RFC 9110).
    /// </summary>
    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((http, next) =>
        {
            // At OnStarting: the exception handler clears headers set earlier when it writes an error response.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                if (!headers.ContainsKey("Content-Security-Policy")) headers.ContentSecurityPolicy = "frame-ancestors 'self'";
                headers["Referrer-Policy"] = "same-origin";
                if (http.Request.Path.StartsWithSegments("/api") && !headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-store";
                if (http.Response.StatusCode == StatusCodes.Status401Unauthorized && !headers.ContainsKey("WWW-Authenticate")) headers.WWWAuthenticate = "Bearer";
                return Task.CompletedTask;
            });
            return next(http);
        });

    /// <summary>
    /// <c>attachment</c> with the name as RFC 5987 <c>filename*=UTF-8''...</c> (Chinese names survive) and an ASCII
    /// <c>filename</c> for old clients: the name's ASCII letters, digits and -_. with its extension, else "material".
    /// </summary>
    public static string Attachment(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        static string Ascii(string s) => new(s.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.').ToArray());
        var stem = Ascii(Path.GetFileNameWithoutExtension(fileName)).Trim('.');
        var fallback = (stem.Length == 0 ? "material" : stem) + Ascii(extension);
        return $"attachment; filename=\"{fallback}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}";
    }
}
