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
}

/// <summary>
/// JavaScript expressions run in Jint without CLR interop (no <c>AllowClr</c>), so scripts only see the JSON
/// copies of the workflow's data we hand them, through the API Elsa 3 generates (see <see cref="ElsaApi"/>).
/// </summary>
public sealed class JavaScriptEvaluator(JavaScriptOptions options) : IExpressionEvaluator
{
    private readonly ConcurrentDictionary<string, Prepared<Acornima.Ast.Script>> _scripts = new();

    public string Type => "JavaScript";
    public string DisplayName => "JavaScript";

    public string? Check(JsonNode? source)
    {
        try { Prepare(SourceText(source)); return null; }
        catch (ExpressionException e) { return e.Message; }
    }

    public JsonNode? Evaluate(JsonNode? source, ExpressionScope scope)
    {
        var script = Prepare(SourceText(source));
        var engine = new Engine(o => o
            .Strict()
            .TimeoutInterval(options.Timeout)
            .LimitMemory(options.MemoryLimitBytes)
            .MaxStatements(options.MaxStatements)
            .LimitRecursion(options.MaxRecursionDepth));
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
            return json.IsString() ? JsonNode.Parse(json.AsString()) : null;
        }
        catch (TimeoutException e) { throw Stopped($"it ran longer than {options.Timeout.TotalMilliseconds} ms", e); }
        catch (MemoryLimitExceededException e) { throw Stopped($"it used more than {options.MemoryLimitBytes / 1024 / 1024} MB", e); }
        catch (StatementsCountOverflowException e) { throw Stopped($"it ran more than {options.MaxStatements} statements", e); }
        catch (RecursionDepthOverflowException e) { throw Stopped($"it recursed deeper than {options.MaxRecursionDepth} calls", e); }
        catch (JavaScriptException e) { throw new ExpressionException($"JavaScript error: {e.Message}", e); }
        catch (JintException e) { throw new ExpressionException($"JavaScript error: {e.Message}", e); }
    }

    private static ExpressionException Stopped(string why, Exception inner) =>
        new($"JavaScript expression was stopped because {why}.", inner);

    private static string SourceText(JsonNode? source) => source switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => source.ToJsonString(),
    };

    private Prepared<Acornima.Ast.Script> Prepare(string source)
    {
        if (string.IsNullOrWhiteSpace(source)) throw new ExpressionException("JavaScript expression is empty.");
        if (_scripts.TryGetValue(source, out var cached)) return cached;
        try
        {
            var prepared = Engine.PrepareScript(source, options: new ScriptPreparationOptions { ParsingOptions = ScriptParsingOptions.Default with { Tolerant = false } });
            // Bounded cache: definitions are few, but a flood of distinct ad-hoc sources must not grow memory forever.
            if (_scripts.Count < 10_000) _scripts[source] = prepared;
            return prepared;
        }
        catch (Exception e) when (e is Acornima.ParseErrorException or JintException)
        {
            throw new ExpressionException($"JavaScript syntax error: {e.Message}", e);
        }
    }
}
