using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Tests;
using ApprovalEngine.Persistence.Timers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ApprovalEngine.Host.Tests;

/// <summary>The real host (real middleware, auth, database) in-process, on a fresh database of the given provider.</summary>
public sealed class ApiFactory(DatabaseOptions database, FakeTimeProvider? time = null, IReadOnlyDictionary<string, string>? settings = null,
    Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    /// <summary>Monday 2026-03-02 09:00 China Standard Time.</summary>
    public FakeTimeProvider Time { get; } = time ?? new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
    public DatabaseOptions Database => database;

    /// <summary>The audit checkpoint file of this database's hosts (siblings share it, as a restarted host would).</summary>
    public string CheckpointFilePath { get; } = Path.Combine(Path.GetTempPath(), "approvalengine-tests",
        $"checkpoints-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(database.ConnectionString)))[..16]}.jsonl");
    private readonly CapturedLog _log = new();
    public const string SigningKey = "integration-test-signing-key-0123456789abcdef";

    /// <summary>Every log event this host wrote so far, rendered with all its properties (as a sink would store them).</summary>
    public string Logs() => _log.Text;

    /// <summary>A second host process on the same database and clock, as after a restart or on another replica.</summary>
    public ApiFactory Sibling()
    {
        var sibling = new ApiFactory(database, Time, settings, services);
        _ = sibling.Server;
        return sibling;
    }

    /// <param name="services">Registrations added after the host's own (a test's observer or replacement).</param>
    public static async Task<ApiFactory> CreateAsync(DatabaseProvider provider, IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var factory = new ApiFactory(await TestDatabases.CreateAsync(provider), settings: settings, services: services);
        _ = factory.Server; // starts the host: migrations and shipped workflows
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", database.Provider.ToString());
        builder.UseSetting("Database:ConnectionString", database.ConnectionString);
        builder.UseSetting("Auth:DevTokens", "true");
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Startup:RunTimers", "false");
        builder.UseSetting("Startup:WorkflowsPath", RepositoryPath("workflows"));
        builder.UseSetting("Serilog:WriteTo:1:Name", "Console"); // no log files from tests; CapturedLog sees everything
        builder.UseSetting("Serilog:MinimumLevel:Default", "Debug");
        builder.UseSetting("Materials:MaxBytes", "1048576");
        builder.UseSetting("Seals:MasterSecret", "integration-test-seal-master-secret-0123456789");
        builder.UseSetting("Seals:PublicBaseUrl", "https://approvals.example.gov.cn");
        builder.UseSetting("Audit:Checkpoints:FilePath", CheckpointFilePath);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
        builder.ConfigureServices(registrations =>
        {
            registrations.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
            registrations.AddSingleton<Serilog.Core.ILogEventSink>(_log); // picked up by Serilog's ReadFrom.Services
            services?.Invoke(registrations);
        });
    }

    public TimerSweeper Timers => Services.GetRequiredService<TimerSweeper>();
    public Persistence.Outbox.OutboxDispatcher Outbox => Services.GetRequiredService<Persistence.Outbox.OutboxDispatcher>();

    /// <summary>A client signed in through the dev-token endpoint, as the README tells users to.</summary>
    public async Task<HttpClient> ClientAsync(string user, string role, string? department = null)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/dev/token", new { user, roles = new[] { role }, department });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static string RepositoryPath(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ApprovalEngine.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), relative);
    }
}

/// <summary>A Serilog sink keeping every event of one test host in memory.</summary>
public sealed class CapturedLog : Serilog.Core.ILogEventSink
{
    private readonly System.Text.StringBuilder _text = new();

    public string Text
    {
        get { lock (_text) return _text.ToString(); }
    }

    public void Emit(Serilog.Events.LogEvent logEvent)
    {
        using var writer = new StringWriter();
        new Serilog.Formatting.Compact.CompactJsonFormatter().Format(logEvent, writer);
        lock (_text) _text.Append(writer);
    }
}
