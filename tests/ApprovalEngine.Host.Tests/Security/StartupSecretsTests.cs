using System.Diagnostics;
using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text;
using System.Text.RegularExpressions;
using ApprovalEngine.Host.Security;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Tests;
using Microsoft.IdentityModel.Tokens;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>A host outside Development refuses to start on secrets an attacker can know, and never issues development tokens.</summary>
public sealed class StartupSecretsTests
{
    private const string GoodSecret = "a-secret-of-this-deployment-only-0123456789abcdef";
    private static readonly DatabaseOptions UnusedDatabase = new() { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=:memory:" };

    public static TheoryData<string, string, string> BadSecrets()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var key in new[] { "Auth:SigningKey", "Seals:MasterSecret" })
        {
            data.Add(key, "", "is missing");
            data.Add(key, "short-but-random-31-bytes-x1234", "shorter than 32 bytes");
            foreach (var shipped in StartupSecrets.Shipped) data.Add(key, shipped, "published in the ApprovalEngine repository");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BadSecrets))]
    public void Start_ProductionWithUnsafeSecret_RefusesNamingTheKey(string key, string value, string reason)
    {
        var error = StartFails(new() { ["environment"] = "Production", ["Auth:DevTokens"] = "false", [key] = value });
        Assert.Contains($"{key} ", error);
        Assert.Contains(reason, error);
        if (value.Length > 0) Assert.DoesNotContain(value, error); // the secret itself never reaches the log
    }

    [Fact]
    public void Start_TestingEnvironmentWithShippedDevelopmentKey_Refuses() =>
        Assert.Contains("Auth:SigningKey is a value published", StartFails(new() { ["Auth:SigningKey"] = "development-only-signing-key-not-for-production-use" }));

    [Fact]
    public void Start_WebhooksWithoutStrongSigningSecret_Refuses()
    {
        var error = StartFails(new()
        {
            ["Supervision:Webhooks:Urls:housing-construction"] = "https://housing.example.gov.cn/push",
            ["Supervision:Webhooks:SigningSecret"] = "s",
        });
        Assert.Contains("Supervision:Webhooks:SigningSecret is shorter than 32 bytes", error);
    }

    [Fact]
    public void Start_StagingWithDevTokens_Refuses() =>
        Assert.Contains("Auth:DevTokens is on in the Staging environment", StartFails(new() { ["environment"] = "Staging" }));

    [Fact]
    public async Task Start_ProductionWithAuthorityInsteadOfSigningKey_StartsWithoutDevTokens()
    {
        await using var api = new ApiFactory(await TestDatabases.CreateAsync(DatabaseProvider.Sqlite), settings: new Dictionary<string, string>
        {
            ["environment"] = "Production", ["Auth:DevTokens"] = "false", ["Auth:SigningKey"] = "", ["Auth:Authority"] = "https://login.example.gov.cn",
            ["Seals:MasterSecret"] = GoodSecret,
        });
        var response = await api.CreateClient().PostAsync("/api/dev/token", new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string StartFails(Dictionary<string, string> settings)
    {
        using var api = new ApiFactory(UnusedDatabase, settings: settings);
        var error = Assert.ThrowsAny<Exception>(() => api.Server);
        var messages = new StringBuilder();
        for (var e = error; e is not null; e = e.InnerException) messages.AppendLine(e.Message);
        Assert.Contains("Refusing to start", messages.ToString());
        return messages.ToString();
    }

    /// <summary>Every secret-looking value in the shipped configuration files is on the refused list.</summary>
    [Fact]
    public void Shipped_ListsEverySecretValueInTheRepository()
    {
        var found = new List<string>();
        var json = File.ReadAllText(ApiFactory.RepositoryPath("src/ApprovalEngine.Host/appsettings.Development.json"));
        found.AddRange(Regex.Matches(json, "\"(?:SigningKey|MasterSecret|SigningSecret)\"\\s*:\\s*\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        foreach (var file in Directory.GetFiles(ApiFactory.RepositoryPath("src/ApprovalEngine.Host"), "appsettings*.json"))
            Assert.DoesNotMatch("\"(SigningKey|MasterSecret|SigningSecret)\"\\s*:\\s*\"[^\"]+\"", Path.GetFileName(file) == "appsettings.Development.json" ? "" : File.ReadAllText(file));
        var env = File.ReadAllText(ApiFactory.RepositoryPath("deploy/.env.example"));
        found.AddRange(Regex.Matches(env, @"^(?:AUTH_SIGNING_KEY|SEALS_MASTER_SECRET|WEBHOOK_SIGNING_SECRET)=(.+)$", RegexOptions.Multiline).Select(m => m.Groups[1].Value.Trim()));
        var k8s = File.ReadAllText(ApiFactory.RepositoryPath("deploy/k8s/secret.template.yaml"));
        found.AddRange(Regex.Matches(k8s, "(?:Auth__SigningKey|Seals__MasterSecret|Supervision__Webhooks__SigningSecret):\\s*\"([^\"]+)\"").Select(m => m.Groups[1].Value));
        Assert.True(found.Count >= 6, $"expected the shipped secrets, found: {string.Join(", ", found)}");
        Assert.All(found, value => Assert.Contains(value, StartupSecrets.Shipped));
    }

    [Fact]
    public async Task Token_ExpiredTwoMinutesAgo_IsRejected()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Sqlite);
        async Task<HttpStatusCode> Call(TimeSpan expiredAgo)
        {
            var now = DateTime.UtcNow;
            var token = new JwtSecurityToken("approvalengine", "approvalengine", [new Claim("sub", "auditor-li"), new Claim("name", "auditor-li"), new Claim("role", "auditor")],
                now.AddHours(-1), now - expiredAgo,
                new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(ApiFactory.SigningKey)), SecurityAlgorithms.HmacSha256));
            var client = api.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", new JwtSecurityTokenHandler().WriteToken(token));
            return (await client.GetAsync("/api/instances")).StatusCode;
        }
        Assert.Equal(HttpStatusCode.Unauthorized, await Call(TimeSpan.FromMinutes(2)));
        Assert.Equal(HttpStatusCode.OK, await Call(TimeSpan.FromSeconds(-60)));
    }

    /// <summary>`dotnet path/to/ApprovalEngine.Host.dll` from another folder finds its appsettings (here: the development keys).</summary>
    [Fact]
    public async Task Start_BuiltDllFromAnotherWorkingDirectory_UsesItsOwnAppSettings()
    {
        var workDir = Directory.CreateTempSubdirectory("approvalengine-cwd-");
        var port = FreePort();
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } dotnet && File.Exists(dotnet) ? dotnet : "dotnet")
        {
            WorkingDirectory = workDir.FullName, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ApprovalEngine.Host.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || k.StartsWith("DOTNET_", StringComparison.Ordinal) && k != "DOTNET_ROOT").ToList())
            info.Environment.Remove(key);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["Startup__RunTimers"] = "false";
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
            var deadline = Stopwatch.StartNew();
            HttpStatusCode? ready = null;
            while (ready != HttpStatusCode.OK && !process.HasExited && deadline.Elapsed < TimeSpan.FromSeconds(90))
            {
                try { ready = (await http.GetAsync("/health/ready")).StatusCode; }
                // A busy machine can hold the first request past the client timeout: that is "not ready yet", not a failure.
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { await Task.Delay(200); }
            }
            string Log() { lock (output) return output.ToString(); }
            Assert.True(ready == HttpStatusCode.OK, $"the host did not become ready:\n{Log()}");
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/dev/users")).StatusCode); // Auth:DevTokens from appsettings.Development.json
            Assert.True(File.Exists(Path.Combine(workDir.FullName, "approvalengine.db")), "the relative SQLite path stays relative to the working directory");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            try { workDir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
