using System.Text.Json;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Expressions;

/// <summary>What an expression can see: the instance's variables and input, and (when run in a workflow) Elsa's wider context.</summary>
public sealed record ExpressionScope(IReadOnlyDictionary<string, JsonNode?> Variables, JsonObject Input)
{
    /// <summary>No variables, no input: for checking constant expressions at load time.</summary>
    public static ExpressionScope Empty => new(new Dictionary<string, JsonNode?>(), []);

    /// <summary>Writes a variable (Elsa's <c>set&lt;Variable&gt;()</c>, <c>variables.x = ..</c>); null makes variables read-only.</summary>
    public Action<string, JsonNode?>? SetVariable { get; init; }

    /// <summary>Workflow outputs set so far (Elsa's <c>output</c>).</summary>
    public JsonObject? Output { get; init; }

    /// <summary>Outputs of activities that ran, keyed by activity name (Elsa's <c>get&lt;Output&gt;From&lt;Activity&gt;()</c>).</summary>
    public IReadOnlyDictionary<string, JsonObject>? ActivityOutputs { get; init; }

    public JsonNode? LastResult { get; init; }
    public string? WorkflowInstanceId { get; init; }
    public string? CorrelationId { get; init; }
    public string? WorkflowDefinitionId { get; init; }

    /// <summary>Declared workflow input names, so <c>get&lt;Input&gt;()</c> exists even when the caller did not send that input.</summary>
    public IReadOnlyList<string> InputNames { get; init; } = [];
}

/// <summary>Evaluates one expression language (Elsa's expression "type").</summary>
public interface IExpressionEvaluator
{
    string Type { get; }
    string DisplayName { get; }

    /// <summary>Returns a problem description when the source cannot be evaluated at all (syntax), otherwise null.</summary>
    string? Check(JsonNode? source);

    JsonNode? Evaluate(JsonNode? source, ExpressionScope scope);

    /// <summary>
    /// What the engine calls at run time. Evaluators that burn CPU (JavaScript) queue here without holding a thread,
    /// so a burst of expensive expressions cannot take every thread-pool thread from unrelated requests.
    /// </summary>
    ValueTask<JsonNode?> EvaluateAsync(JsonNode? source, ExpressionScope scope, CancellationToken ct) =>
        ValueTask.FromResult(Evaluate(source, scope));
}

/// <summary>Stable machine codes of <see cref="ExpressionException"/>; they reach API clients as the instance's fault code.</summary>
public static class ExpressionFailures
{
    public const string Error = "expression-error";
    public const string Syntax = "expression-syntax";
    public const string TimeLimit = "expression-time-limit";
    public const string MemoryLimit = "expression-memory-limit";
    public const string StatementLimit = "expression-statement-limit";
    public const string RecursionLimit = "expression-recursion-limit";
}

/// <summary>An expression failed; the message is meant for the process designer, <see cref="Code"/> for machines.</summary>
public sealed class ExpressionException(string message, Exception? inner = null, string code = ExpressionFailures.Error) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>Literal values are used as written (Studio stores them as strings; inputs convert them to their type).</summary>
public sealed class LiteralEvaluator : IExpressionEvaluator
{
    public string Type => "Literal";
    public string DisplayName => "Literal";
    public string? Check(JsonNode? source) => null;
    public JsonNode? Evaluate(JsonNode? source, ExpressionScope scope) => source?.DeepClone();
}

/// <summary>Studio's "Object" expression: a JSON document, usually sent as a string (fork branches arrive like this).</summary>
public sealed class ObjectEvaluator : IExpressionEvaluator
{
    public string Type => "Object";
    public string DisplayName => "Object";

    public string? Check(JsonNode? source)
    {
        try { Evaluate(source, ExpressionScope.Empty); return null; }
        catch (ExpressionException e) { return e.Message; }
    }

    public JsonNode? Evaluate(JsonNode? source, ExpressionScope scope)
    {
        if (source is JsonValue v && v.TryGetValue<string>(out var text))
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            // A key given twice is ambiguous (which one wins depends on the reader), so it is an error here as in requests.
            try { return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 64 }); }
            catch (JsonException e) { throw new ExpressionException($"Object expression is not valid JSON: {e.Message}", e); }
        }
        return source?.DeepClone();
    }
}

/// <summary>Looks up evaluators by Elsa expression type name.</summary>
public sealed class ExpressionEvaluators(IEnumerable<IExpressionEvaluator> evaluators)
{
    private readonly Dictionary<string, IExpressionEvaluator> _byType = evaluators.ToDictionary(e => e.Type, StringComparer.Ordinal);

    public IEnumerable<IExpressionEvaluator> All => _byType.Values;
    public bool TryGet(string type, out IExpressionEvaluator evaluator) => _byType.TryGetValue(type, out evaluator!);

    public static ExpressionEvaluators CreateDefault(JavaScriptOptions? javaScript = null, LiquidOptions? liquid = null) =>
        new([new LiteralEvaluator(), new ObjectEvaluator(), new JavaScriptEvaluator(javaScript ?? new JavaScriptOptions()), new LiquidEvaluator(liquid ?? new LiquidOptions())]);
}
