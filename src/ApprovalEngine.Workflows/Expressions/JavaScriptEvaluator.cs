using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Jint;
using Jint.Runtime;

namespace ApprovalEngine.Workflows.Expressions;

/// <summary>Limits for designer-written JavaScript; a workflow must never be able to hang or exhaust the host.</summary>
public sealed class JavaScriptOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);
    public long MemoryLimitBytes { get; set; } = 16 * 1024 * 1024;
    public int MaxStatements { get; set; } = 100_000;
    public int MaxRecursionDepth { get; set; } = 64;

    /// <summary>
    /// Scripts evaluating at once; the rest wait asynchronously (no thread held). Half the cores by default, so a
    /// burst of CPU-heavy expressions always leaves cores and thread-pool threads to everything else.
    /// </summary>
    public int MaxConcurrentEvaluations { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Largest result (characters of JSON) an expression may return.</summary>
    public int MaxResultLength { get; set; } = 1024 * 1024;
}

/// <summary>
/// JavaScript expressions run in Jint without CLR interop (no <c>AllowClr</c>), so scripts only see the JSON
/// copies of the workflow's data we hand them, through the API Elsa 3 generates (see <see cref="ElsaApi"/>).
/// </summary>
public sealed class JavaScriptEvaluator(JavaScriptOptions options) : IExpressionEvaluator
{
    private readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> _scripts = new();
    private readonly SemaphoreSlim _gate = new(Math.Max(1, options.MaxConcurrentEvaluations));

    public string Type => "JavaScript";
    public string DisplayName => "JavaScript";

    public string? Check(JsonNode? source)
    {
        try { Prepare(SourceText(source)); return null; }
        catch (ExpressionException e) { return e.Message; }
    }

    public async ValueTask<JsonNode?> EvaluateAsync(JsonNode? source, ExpressionScope scope, CancellationToken ct)
    {
        // The wait is asynchronous and the limit starts only once admitted: a script's own budget is not spent queueing.
        await _gate.WaitAsync(ct);
        try { return Evaluate(source, scope); }
        finally { _gate.Release(); }
    }

    public JsonNode? Evaluate(JsonNode? source, ExpressionScope scope)
    {
        var script = Prepare(SourceText(source));
        var engine = new Engine(o =>
        {
            o.Strict()
                .TimeoutInterval(options.Timeout)
                .LimitMemory(options.MemoryLimitBytes)
                .MaxStatements(options.MaxStatements)
                .LimitRecursion(options.MaxRecursionDepth);
            // Jint's own default is 10 s per match, and a match runs inside one statement where the time constraint
            // cannot look: without this a backtracking pattern like /^(a+)+$/ outlives the script's limit 20 times over.
            o.Constraints.RegexTimeout = options.Timeout;
        });
        try
        {
            var variables = new JsonObject(scope.Variables.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())));
            engine.Execute(ElsaApi.Prelude(scope, variables));
            var result = engine.Evaluate(script);
            if (scope.SetVariable is { } set)
                ElsaApi.WriteBack(engine.Evaluate("JSON.stringify(variables)").AsString(), variables, set);
            if (result.IsUndefined()) return null;
            engine.SetValue("__result", result);
            var json = engine.Evaluate("JSON.stringify(__result)");
            if (!json.IsString()) return null;
            var text = json.AsString();
            // The result is stored in the instance state; a script must not be able to write megabytes into it.
            if (text.Length > options.MaxResultLength)
                throw new ExpressionException($"JavaScript expression result is {text.Length:N0} characters of JSON; the limit is {options.MaxResultLength:N0}.");
            return JsonNode.Parse(text);
        }
        // RegexMatchTimeoutException is a TimeoutException: a runaway regular expression is the same failure as a runaway loop.
        catch (TimeoutException e) { throw Stopped($"it ran longer than {options.Timeout.TotalMilliseconds} ms", e, ExpressionFailures.TimeLimit); }
        catch (MemoryLimitExceededException e) { throw Stopped($"it used more than {options.MemoryLimitBytes / 1024 / 1024} MB", e, ExpressionFailures.MemoryLimit); }
        catch (StatementsCountOverflowException e) { throw Stopped($"it ran more than {options.MaxStatements} statements", e, ExpressionFailures.StatementLimit); }
        catch (RecursionDepthOverflowException e) { throw Stopped($"it recursed deeper than {options.MaxRecursionDepth} calls", e, ExpressionFailures.RecursionLimit); }
        catch (JavaScriptException e) { throw new ExpressionException($"JavaScript error: {e.Message}", e); }
        catch (JintException e) { throw new ExpressionException($"JavaScript error: {e.Message}", e); }
        // Whatever else the engine throws (import('fs') has no module loader, ...) is the script's failure, not the host's.
        catch (Exception e) when (e is not ExpressionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExpressionException($"JavaScript error: {e.Message}", e);
        }
    }

    private static ExpressionException Stopped(string why, Exception inner, string code) =>
        new($"JavaScript expression was stopped because {why}.", inner, code);

    private static string SourceText(JsonNode? source) => source switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => source.ToJsonString(),
    };

    private Prepared<Acornima.Ast.Script> Prepare(string source)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new ExpressionException("JavaScript expression is empty.", code: ExpressionFailures.Syntax);
        if (_scripts.TryGetValue(source, out var cached)) return cached;
        try
        {
            var prepared = Engine.PrepareScript(source, options: new ScriptPreparationOptions { ParsingOptions = ScriptParsingOptions.Default with { Tolerant = false } });
            // Bounded cache: definitions are few, but a flood of distinct ad-hoc sources must not grow memory forever.
            if (_scripts.Count < 10_000) _scripts[source] = prepared;
            return prepared;
        }
        catch (Exception e) when (e is not ExpressionException and not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExpressionException($"JavaScript syntax error: {e.Message}", e, ExpressionFailures.Syntax);
        }
    }
}
