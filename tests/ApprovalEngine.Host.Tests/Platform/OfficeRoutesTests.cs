using System.Text.RegularExpressions;
using ApprovalEngine.Host.Office;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>
/// The office front end routes in the browser (history mode), but a reload or a link opens the address on the host, which
/// answers index.html only for the routes it lists. A page added to the router and not to the host is a 404 on reload (the
/// 失信名单 page was, until the walkthrough test opened it by its address).
/// </summary>
public sealed partial class OfficeRoutesTests
{
    [Fact]
    public void EveryRouteOfTheOfficeRouter_IsServedByTheHost()
    {
        var router = File.ReadAllText(ApiFactory.RepositoryPath("src/ApprovalEngine.Host/ClientApp/src/router/index.ts"));
        var paths = RouterPath().Matches(router).Select(m => m.Groups[1].Value).Where(p => !p.StartsWith("/:", StringComparison.Ordinal)).ToList();
        Assert.True(paths.Count >= 10, $"read only {paths.Count} routes from the router");

        // Vue Router's ':id' is the host's '{id}'; an optional ':number?' needs the address with and without it.
        var served = paths.SelectMany(p => p.EndsWith('?')
                ? new[] { OptionalParameter().Replace(p, ""), Parameter().Replace(p.TrimEnd('?'), "{$1}") }
                : [Parameter().Replace(p, "{$1}")])
            .Distinct().ToList();
        Assert.Empty(served.Except(OfficeApp.Routes));
    }

    [GeneratedRegex(@"\{\s*path:\s*'([^']+)'")]
    private static partial Regex RouterPath();

    [GeneratedRegex(@":(\w+)")]
    private static partial Regex Parameter();

    [GeneratedRegex(@"/:\w+\?$")]
    private static partial Regex OptionalParameter();
}
