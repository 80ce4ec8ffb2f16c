using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Tests;

/// <summary>A loopback HTTP server standing in for an external system (a credit register, a department's system).</summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }
    public string Base => $"http://127.0.0.1:{Port}";
    public int Requests;

    /// <summary>Runs when a request reaches /api/slow, before it is left unanswered (the test moves its clock past the limit).</summary>
    public Action? OnSlow { get; set; }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            Interlocked.Increment(ref Requests);
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var path = request.Url!.AbsolutePath;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync();
        switch (path)
        {
            case "/api/slow":
                OnSlow?.Invoke();
                try { await Task.Delay(Timeout.Infinite, _stop.Token); } catch (OperationCanceledException) { }
                return;
            case "/api/missing":
                await Write(response, 404, "text/plain", "无此记录");
                return;
            case "/api/redirect-same":
                response.RedirectLocation = "/api/credit/7";
                await Write(response, 302, "text/plain", "");
                return;
            case "/api/redirect-other":
                response.RedirectLocation = $"http://localhost:{Port}/api/credit/7";
                await Write(response, 302, "text/plain", "");
                return;
            case "/api/big":
                await Write(response, 200, "text/plain", new string('x', 5000));
                return;
            default:
                var echo = new JsonObject
                {
                    ["path"] = path, ["method"] = request.HttpMethod, ["body"] = body,
                    ["authorization"] = request.Headers["Authorization"], ["tenant"] = request.Headers["X-Tenant"], ["score"] = 92,
                };
                await Write(response, 200, "application/json; charset=utf-8", echo.ToJsonString());
                return;
        }
    }

    private static async Task Write(HttpListenerResponse response, int status, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = bytes.Length;
        await response.OutputStream.WriteAsync(bytes);
        response.Close();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }
}

/// <summary>SendHttpRequest and FlowSendHttpRequest against a loopback listener: allow-list, outcomes, outputs, redirects, limits.</summary>
public sealed class HttpRequestTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private EngineHarness Harness(int maxResponseBytes = 1024 * 1024) => new(http: new OutboundHttpOptions
    {
        AllowedBaseUrls = [$"{server.Base}/api/", "http://127.0.0.1:1/api/"],
        Timeout = TimeSpan.FromSeconds(10),
        MaxResponseBytes = maxResponseBytes,
    });

    private static (string, string, string)[] Request(string url, params (string, string, string)[] more) => [("url", "Literal", url), .. more];

    /// <summary>start -> request; every port of the flow activity leads to a WriteLine naming it.</summary>
    private static JsonObject FlowWorkflow(string url, string expected = "[200]", params (string, string, string)[] inputs)
    {
        var wf = new WorkflowJson().Start().Variable("credit")
            .Activity("call", "Elsa.FlowSendHttpRequest", [.. Request(url, inputs), ("expectedStatusCodes", "Object", expected)]);
        wf.Connect("start", "call");
        foreach (var port in new[] { "200", "404", "Unmatched status code", "Failed to connect", "Timeout", "Done" })
        {
            if (port is "200" or "404" && !expected.Contains(port)) continue;
            var id = "on" + port.Replace(" ", "");
            wf.Activity(id, "Elsa.WriteLine", ("text", "Literal", port)).Connect("call", id, port);
        }
        var json = wf.Build();
        json["root"]!["activities"]![1]!["parsedContent"] = new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "credit" } };
        return json;
    }

    private static List<string> Lines(EngineHarness h) => h.Journal.Where(j => j.EventName == "WriteLine").Select(j => j.Message!).ToList();

    [Fact]
    public async Task FlowSendHttpRequest_Post_SendsContentAndHeaders_FollowsTheCodePortAndDone_BindsParsedJson()
    {
        var h = await Harness().StartAsync(FlowWorkflow($"{server.Base}/api/credit/91320000", "[200]",
            ("method", "Literal", "POST"), ("content", "JavaScript", "({ applicant: '某建设公司' })"), ("contentType", "Literal", "application/json"),
            ("authorization", "Literal", "Bearer token-1"), ("requestHeaders", "Object", "{\"X-Tenant\":\"jiangsu\"}")));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["200", "Done"], Lines(h));
        var credit = h.State.Variables["credit"]!;
        Assert.Equal("POST", credit["method"]!.GetValue<string>());
        Assert.Equal("{\"applicant\":\"某建设公司\"}", credit["body"]!.GetValue<string>());
        Assert.Equal("Bearer token-1", credit["authorization"]!.GetValue<string>());
        Assert.Equal("jiangsu", credit["tenant"]!.GetValue<string>());
        Assert.Equal(200, h.State.ActivityOutputs["call"]["statusCode"]!.GetValue<int>());
        Assert.DoesNotContain(h.Journal, j => j.Message?.Contains("token-1") == true);
    }

    [Fact]
    public async Task FlowSendHttpRequest_StatusNotExpected_TakesUnmatchedStatusCodeAndDone()
    {
        var h = await Harness().StartAsync(FlowWorkflow($"{server.Base}/api/missing"));

        Assert.Equal(["Unmatched status code", "Done"], Lines(h));
        Assert.Equal("无此记录", h.State.Variables["credit"]!.GetValue<string>());
    }

    [Fact]
    public async Task FlowSendHttpRequest_UrlOutsideTheAllowList_FaultsNamingItWithoutSending()
    {
        var before = server.Requests;
        var h = await Harness().StartAsync(FlowWorkflow($"{server.Base}/internal/admin"));

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Equal("http-url-not-allowed", h.State.FaultCode);
        Assert.Contains($"'{server.Base}/internal/admin'", h.State.Fault);
        Assert.Equal(before, server.Requests);
    }

    [Fact]
    public async Task FlowSendHttpRequest_RedirectOnTheSameHost_IsFollowed_RedirectToAnotherHost_IsNot()
    {
        var same = await Harness().StartAsync(FlowWorkflow($"{server.Base}/api/redirect-same"));
        var other = await Harness().StartAsync(FlowWorkflow($"{server.Base}/api/redirect-other"));

        Assert.Equal(["200", "Done"], Lines(same));
        Assert.Equal("/api/credit/7", same.State.Variables["credit"]!["path"]!.GetValue<string>());
        Assert.Equal(["Unmatched status code", "Done"], Lines(other));
        Assert.Equal(302, other.State.ActivityOutputs["call"]["statusCode"]!.GetValue<int>());
        Assert.Contains(other.Journal, j => j.EventName == "HttpRequest" && j.Message!.Contains("not followed"));
    }

    [Fact]
    public async Task FlowSendHttpRequest_NoAnswerWithinTheLimit_TakesTimeout()
    {
        var h = Harness();
        server.OnSlow = () => h.Time.Advance(TimeSpan.FromSeconds(11));

        await h.StartAsync(FlowWorkflow($"{server.Base}/api/slow"));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["Timeout"], Lines(h));
    }

    [Fact]
    public async Task FlowSendHttpRequest_NobodyListening_TakesFailedToConnect()
    {
        var h = await Harness().StartAsync(FlowWorkflow("http://127.0.0.1:1/api/ping"));

        Assert.Equal(["Failed to connect"], Lines(h));
    }

    [Fact]
    public async Task FlowSendHttpRequest_AnswerLargerThanTheLimit_Faults()
    {
        var h = await Harness(maxResponseBytes: 1000).StartAsync(FlowWorkflow($"{server.Base}/api/big"));

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Contains("larger than 1,000 bytes", h.State.Fault);
    }

    [Theory]
    [InlineData("/api/missing", "missing")]
    [InlineData("/api/credit/1", "unmatched")]
    public async Task SendHttpRequest_RunsTheActivityOfTheMatchingStatusCodeOrUnmatched(string path, string expected)
    {
        static JsonObject Line(string text) => new()
        {
            ["id"] = text, ["type"] = "Elsa.WriteLine",
            ["text"] = new JsonObject { ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = text } },
        };
        var call = new JsonObject
        {
            ["id"] = "call", ["type"] = "Elsa.SendHttpRequest",
            ["url"] = new JsonObject { ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = server.Base + path } },
            ["expectedStatusCodes"] = new JsonArray(new JsonObject { ["statusCode"] = 404, ["activity"] = Line("missing") }),
            ["unmatchedStatusCode"] = Line("unmatched"),
        };
        var h = await Harness().StartAsync(new WorkflowJson().Start().Raw(call).Activity("after", "Elsa.WriteLine", ("text", "Literal", "after"))
            .Chain("start", "call", "after").Build());

        Assert.Equal([expected, "after"], Lines(h));
    }

    [Theory]
    [InlineData("http://credit.example/api/v1/x", true)]
    [InlineData("http://credit.example/api/", true)]
    [InlineData("http://credit.example/apix", false)]
    [InlineData("https://credit.example/api/v1/x", false)]
    [InlineData("http://credit.example:8080/api/x", false)]
    [InlineData("http://user:pw@credit.example/api/x", false)]
    [InlineData("http://credit.example.evil/api/x", false)]
    [InlineData("http://exact.example/check", true)]
    [InlineData("http://exact.example/check/sub", true)]
    [InlineData("http://exact.example/checkout", false)]
    public void AllowList_MatchesSchemeHostPortAndPathUnderTheBase(string url, bool allowed)
    {
        var http = new OutboundHttp(new OutboundHttpOptions { AllowedBaseUrls = ["http://credit.example/api/", "http://exact.example/check"] });

        Assert.Equal(allowed, http.IsAllowed(new Uri(url)));
    }
}
