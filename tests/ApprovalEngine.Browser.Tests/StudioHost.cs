using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace ApprovalEngine.Browser.Tests;

/// <summary>
/// The real host as a separate process on a free loopback port (WebApplicationFactory's in-memory server cannot
/// serve a browser), on a fresh SQLite file with the shipped workflows, plus Debian's chromium driven by Playwright.
/// </summary>
public sealed class StudioHost : IAsyncLifetime
{
    /// <summary>The real Studio is ~12 MB of brotli plus a WebAssembly start-up: generous, but bounded.</summary>
    public static readonly TimeSpan StudioLoad = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan HostStart = TimeSpan.FromSeconds(90);

    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("approvalengine-browser-").FullName;
    private Process? _host;
    private IPlaywright? _playwright;

    public Uri BaseAddress { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string ScreenshotDirectory { get; } = RepositoryPath("TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var hostAssembly = typeof(StudioHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "HostAssembly").Value!;
        if (!File.Exists(hostAssembly)) throw new FileNotFoundException("The host is not built; build the solution first.", hostAssembly);
        var port = FreePort();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            // The host's bin folder is its content root: appsettings*.json are there.
            WorkingDirectory = Path.GetDirectoryName(hostAssembly)!,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { hostAssembly, "--urls", BaseAddress.ToString().TrimEnd('/') },
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["Database__Provider"] = "Sqlite",
                ["Database__ConnectionString"] = $"Data Source={Path.Combine(_dataDirectory, "browser-tests.db")}",
                ["Startup__WorkflowsPath"] = RepositoryPath("workflows"),
                ["Startup__RunTimers"] = "false",
                ["Studio__AssetsPath"] = RepositoryPath("src", "ApprovalEngine.Host", "Studio", "node_modules", "@elsa-workflows", "elsa-studio-wasm"),
                ["Office__AssetsPath"] = RepositoryPath("src", "ApprovalEngine.Host", "ClientApp", "dist"),
                ["Serilog__WriteTo__1__Args__path"] = Path.Combine(_dataDirectory, "logs", "host-.log"),
                // Its own checkpoint file: the default sits in the shared bin folder, where other suites' hosts anchor other databases.
                ["Audit__Checkpoints__FilePath"] = Path.Combine(_dataDirectory, "audit-checkpoints.jsonl"),
            },
        };
        _host = Process.Start(start) ?? throw new InvalidOperationException("Could not start the host process.");
        _host.OutputDataReceived += (_, e) => Append(e.Data);
        _host.ErrorDataReceived += (_, e) => Append(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        await WaitUntilReadyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            // Debian's chromium, never a browser download.
            ExecutablePath = Environment.GetEnvironmentVariable("APPROVALENGINE_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync"],
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        }
        _host?.Dispose();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { /* a log file still closing; temp folder */ }
    }

    /// <summary>What the host printed, for failure messages.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>A page signed in through our /signin page, as a person would: pick the first demo user with <paramref name="role"/>, land on <paramref name="path"/>.</summary>
    public async Task<IPage> SignedInPageAsync(string role, string path)
    {
        EnsureRunning();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout((float)StudioLoad.TotalMilliseconds);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString(path));
        var demoUser = page.Locator($"button[data-role=\"{role}\"]").First;
        var target = new Uri(BaseAddress, path).ToString();
        await SubmitSignInAsync(page, demoUser, url => url == target);
        return page;
    }

    public async Task ScreenshotAsync(IPage page, string name, bool fullPage = false)
    {
        // A full-page capture of a scrolled page draws the sticky header bar where the viewport was.
        if (fullPage) await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = fullPage });
    }

    /// <summary>Laptop size: the office pages must work on one.</summary>
    public static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };

    /// <summary>
    /// A page signed in through /signin's "其他用户" (another user) form (any user, roles and department, as development
    /// sign-in allows), landed on <paramref name="path"/>. For the office pages: no Studio download, so waits are short.
    /// </summary>
    public async Task<IPage> SignInAsync(string user, string[] roles, string? department, string path, ViewportSize? viewport = null, string? locale = null)
    {
        var page = await NewPageAsync(viewport);
        if (locale is not null)
            await page.Context.AddInitScriptAsync($"localStorage.setItem('approvalengine.locale', '{locale}')");
        await page.GotoAsync("/signin?returnUrl=" + Uri.EscapeDataString(path));
        var form = page.Locator("[data-testid=custom-user]");
        var userInput = form.Locator("input[name=user]");
        // Filled (again) before every click: a form filled while the page was still settling can come back empty (seen
        // on a loaded machine as the page's own "fill in a user and a role" message), so each attempt checks what it shows.
        async Task FillAsync()
        {
            if (!await userInput.IsVisibleAsync()) await form.Locator(".el-collapse-item__header").ClickAsync();
            if (await userInput.InputValueAsync() != user) await userInput.FillAsync(user);
            foreach (var role in roles)
            {
                var option = page.Locator($"[data-role-option=\"{role}\"]");
                if (!(await option.GetAttributeAsync("class") ?? "").Contains("is-checked", StringComparison.Ordinal)) await option.ClickAsync();
            }
            var departmentInput = form.Locator("input[name=department]");
            if (department is not null && await departmentInput.InputValueAsync() != department) await departmentInput.FillAsync(department);
        }
        // By path: the pages keep their filters in the query string as soon as they load.
        var expected = path.Split('?')[0];
        await SubmitSignInAsync(page, page.Locator("[data-testid=custom-submit]"), url => new Uri(url).AbsolutePath == expected, FillAsync);
        return page;
    }

    /// <summary>
    /// Clicks <paramref name="submit"/> on /signin until the page leaves for where <paramref name="arrived"/> says, after
    /// <paramref name="prepare"/> has (re)filled the form. On a machine at load 30+ a click can land while the page is still
    /// wiring its handlers, and is lost: a person would click again, and so does this, up to three times. A page that never
    /// leaves fails with its error message or what it shows, and a screenshot, so a CI log says why.
    /// </summary>
    async Task SubmitSignInAsync(IPage page, ILocator submit, Func<string, bool> arrived, Func<Task>? prepare = null)
    {
        // Commit, not load: callers wait for the elements they need, and a page that keeps fetching must not stall here.
        var options = new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit, Timeout = 30_000 };
        for (var attempt = 1; ; attempt++)
        {
            // The demo users are listed once the page's mount has run: from then on its handlers are wired.
            await page.Locator(".ae-user-choice").First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 45_000 });
            if (prepare is not null) await prepare();
            await submit.ClickAsync(new LocatorClickOptions { Timeout = 30_000 });
            try
            {
                await page.WaitForURLAsync(url => arrived(url), options);
                return;
            }
            catch (TimeoutException) when (arrived(page.Url))
            {
                // Arrived by the router's same-document navigation, but the waiter missed the event (seen on a loaded
                // machine: the page rendered at /intake?id=... while the wait timed out).
                return;
            }
            catch (TimeoutException) when (new Uri(page.Url).AbsolutePath == "/signin")
            {
                if (attempt < 3) continue;
                await ScreenshotAsync(page, $"signin-stuck-{DateTime.UtcNow:HHmmss}");
                var alert = page.Locator(".ae-signin-error");
                var shown = await alert.CountAsync() > 0 ? $"its message: {await alert.InnerTextAsync()}" : $"the page shows: {await page.Locator("main").InnerTextAsync()}";
                throw new TimeoutException($"Still on /signin after {attempt} clicks; {shown}");
            }
        }
    }

    /// <summary>A page in a fresh browser context: nobody signed in.</summary>
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        EnsureRunning();
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString(), ViewportSize = viewport ?? Laptop });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>An HTTP client for our REST API, signed in with a development token.</summary>
    public async Task<HttpClient> ApiClientAsync(string user, params string[] roles)
    {
        EnsureRunning();
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/api/dev/token", new { user, roles });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A reviewer's (or department head's) client: the department claim decides which tasks they see.</summary>
    public async Task<HttpClient> DepartmentClientAsync(string user, string role, string department)
    {
        EnsureRunning();
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var response = await client.PostAsJsonAsync("/api/dev/token", new { user, roles = new[] { role }, department });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A host that died makes every later step fail with "connection refused"; say why instead.</summary>
    public void EnsureRunning()
    {
        if (_host is { HasExited: true })
            throw new InvalidOperationException($"The host process exited with code {_host.ExitCode}. Its output:\n{Output}");
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + HostStart;
        while (DateTime.UtcNow < deadline)
        {
            if (_host!.HasExited) throw new InvalidOperationException($"The host exited with code {_host.ExitCode}:\n{Output}");
            try
            {
                if ((await client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* slow start */ }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The host did not become ready within {HostStart.TotalSeconds} s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepositoryPath(params string[] parts)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ApprovalEngine.sln"))) dir = dir.Parent;
        return Path.Combine([dir?.FullName ?? throw new DirectoryNotFoundException("repository root"), .. parts]);
    }
}

[CollectionDefinition(Name)]
public sealed class StudioCollection : ICollectionFixture<StudioHost>
{
    public const string Name = "Studio in a real browser";
}
