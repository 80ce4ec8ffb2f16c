using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Execution;

/// <summary>Which external systems workflows may call (SendHttpRequest), and how long and how much they may answer.</summary>
public sealed class OutboundHttpOptions
{
    /// <summary>
    /// Absolute base URLs, e.g. <c>https://credit.example.gov.cn/api/</c>: a request URL must have the same scheme, host and
    /// port and a path under the base path. Empty: workflows call nothing.
    /// </summary>
    public List<string> AllowedBaseUrls { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
    public int MaxResponseBytes { get; set; } = 1024 * 1024;
    public int MaxRedirects { get; set; } = 5;
}

/// <summary>A request the allow-list does not cover; the instance faults naming the URL.</summary>
public sealed class OutboundHttpRefusedException(string message) : Exception(message);

/// <summary>The answer of an external system, read within the size limit.</summary>
public sealed record OutboundResponse(int StatusCode, JsonObject Headers, string? ContentType, byte[] Body, string? RedirectNotFollowed);

/// <summary>
/// Sends workflow HTTP requests: only to allowed base URLs, with a time limit and a response size limit, following
/// redirects only while they stay on the same scheme, host and port and within the allow-list (never to other hosts).
/// </summary>
public sealed class OutboundHttp(OutboundHttpOptions options, TimeProvider? time = null, HttpMessageHandler? handler = null)
{
    private readonly HttpClient _client = new(handler ?? new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
    }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private readonly List<Uri> _bases = options.AllowedBaseUrls
        .Select(b => Uri.TryCreate(b, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"
            ? u : throw new ArgumentException($"Allowed base URL '{b}' is not an absolute http(s) URL."))
        .ToList();

    /// <summary>Nothing allowed: the engine's default when the host configures no external systems.</summary>
    public static OutboundHttp None { get; } = new(new OutboundHttpOptions());

    public OutboundHttpOptions Options => options;

    public bool IsAllowed(Uri url) =>
        url.IsAbsoluteUri && url.Scheme is "http" or "https" && string.IsNullOrEmpty(url.UserInfo)
        && _bases.Any(b => b.Scheme == url.Scheme && string.Equals(b.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) && b.Port == url.Port
                           && UnderPath(b.AbsolutePath, url.AbsolutePath));

    private static bool UnderPath(string basePath, string path) =>
        basePath.EndsWith('/') ? path.StartsWith(basePath, StringComparison.Ordinal) || path + "/" == basePath
            : path == basePath || path.StartsWith(basePath + "/", StringComparison.Ordinal);

    /// <param name="url">Where to send; redirects are followed from here.</param>
    /// <param name="ct">Cancels the call (the time limit is applied on top).</param>
    /// <param name="build">Builds the request for a URL; <c>true</c> asks for a GET without body (a 303, or a POST redirected by 301/302).</param>
    /// <exception cref="OutboundHttpRefusedException">The URL (or a redirect's) is not allowed, or the answer is too large.</exception>
    /// <exception cref="HttpRequestException">No connection.</exception>
    /// <exception cref="TimeoutException">No complete answer within the time limit.</exception>
    public async Task<OutboundResponse> SendAsync(Uri url, Func<Uri, bool, HttpRequestMessage> build, CancellationToken ct)
    {
        if (!IsAllowed(url))
            throw new OutboundHttpRefusedException($"'{url}' is not under an allowed base URL of this host (HttpRequests:AllowedBaseUrls).");
        // The time limit runs on the engine's clock, so tests can expire it without waiting.
        using var limit = new CancellationTokenSource(options.Timeout, time ?? TimeProvider.System);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct, limit.Token);
        try
        {
            var asGet = false;
            for (var hop = 0; ; hop++)
            {
                using var request = build(url, asGet);
                using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                    var sameOrigin = next.Scheme == url.Scheme && string.Equals(next.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase) && next.Port == url.Port;
                    if (sameOrigin && IsAllowed(next) && hop < options.MaxRedirects)
                    {
                        asGet = asGet || status == 303 || (status is 301 or 302 && request.Method == HttpMethod.Post);
                        url = next;
                        continue;
                    }
                    return await ReadAsync(response, timeout.Token, next.ToString());
                }
                return await ReadAsync(response, timeout.Token, null);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"'{url}' did not answer within {options.Timeout.TotalSeconds:0.###} s.");
        }
    }

    private async Task<OutboundResponse> ReadAsync(HttpResponseMessage response, CancellationToken ct, string? redirectNotFollowed)
    {
        if (response.Content.Headers.ContentLength > options.MaxResponseBytes)
            throw TooLarge(response.RequestMessage?.RequestUri);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (body.Length + read > options.MaxResponseBytes) throw TooLarge(response.RequestMessage?.RequestUri);
            body.Write(buffer, 0, read);
        }
        // Elsa's HttpHeaders: every header name with its values, response and content headers together.
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name] = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
        return new OutboundResponse((int)response.StatusCode, headers, response.Content.Headers.ContentType?.MediaType, body.ToArray(), redirectNotFollowed);
    }

    private OutboundHttpRefusedException TooLarge(Uri? url) =>
        new($"The answer of '{url}' is larger than {options.MaxResponseBytes:N0} bytes (HttpRequests:MaxResponseBytes).");
}
