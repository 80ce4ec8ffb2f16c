using System.Net;
using ApprovalEngine.Host.Tests.Platform;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>
/// Headers every answer carries: no framing by another site (a framed office page could be clicked into an approval),
/// no address sent to other sites, no API answer kept by a cache, and a 401 that names its scheme.
/// </summary>
public sealed class SecurityHeadersTests(SqliteHost host) : IClassFixture<SqliteHost>
{
    private readonly ApiFactory _api = host.Api;

    [Theory]
    [InlineData("/signin")]
    [InlineData("/service")]
    [InlineData("/api/public/guides")]
    [InlineData("/api/me")]
    public async Task PagesAndApi_CannotBeFramed_LeakNoAddress(string path)
    {
        using var client = await _api.ClientAsync("clerk-wang", "clerk");
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SAMEORIGIN", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("frame-ancestors 'self'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("same-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(path.StartsWith("/api", StringComparison.Ordinal), response.Headers.CacheControl?.NoStore == true);
    }

    [Fact]
    public async Task Unauthorized_NamesTheBearerScheme_AndIsNotCached()
    {
        var response = await _api.CreateClient().GetAsync("/api/tasks");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, h => h.Scheme == "Bearer");
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
