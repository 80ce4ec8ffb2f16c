using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;

namespace ApprovalEngine.Workflows.Expressions;

/// <summary>Limits for designer-written Liquid templates, like those of JavaScript.</summary>
public sealed class LiquidOptions
{
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Fluid's step budget (tags, loop iterations, outputs); a runaway loop stops here.</summary>
    public int MaxSteps { get; set; } = 100_000;

    public int MaxRecursion { get; set; } = 32;

    /// <summary>Largest rendered text, and largest string an <c>assign</c> or <c>capture</c> may build.</summary>
    public int MaxResultLength { get; set; } = 1024 * 1024;
}

/// <summary>
/// Elsa's Liquid expressions (Fluid): the template renders to text, which the input then converts to its type. The
/// template sees Elsa's objects (<c>Variables</c>, <c>Input</c>, <c>WorkflowInstanceId</c>, <c>WorkflowDefinitionId</c>,
/// <c>CorrelationId</c>) as JSON copies, and Elsa's <c>base64</c> and <c>keys</c> filters besides Fluid's own. Sandbox: no
/// files (<c>include</c>/<c>render</c> find nothing), no .NET members (only dictionaries and lists), a step budget,
/// bounded output and strings, and a time limit checked as it writes and assigns.
/// </summary>
public sealed class LiquidEvaluator(LiquidOptions options) : IExpressionEvaluator
{
    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = false });
    private readonly ConcurrentDictionary<string, IFluidTemplate> _templates = new();

    public string Type => "Liquid";
    public string DisplayName => "Liquid";

    public string? Check(JsonNode? source)
    {
        try { Parse(SourceText(source)); return null; }
        catch (ExpressionException e) { return e.Message; }
    }

    public JsonNode? Evaluate(JsonNode? source, ExpressionScope scope) => RenderAsync(source, scope).AsTask().GetAwaiter().GetResult();

    public ValueTask<JsonNode?> EvaluateAsync(JsonNode? source, ExpressionScope scope, CancellationToken ct) => RenderAsync(source, scope);

    private async ValueTask<JsonNode?> RenderAsync(JsonNode? source, ExpressionScope scope)
    {
        var text = SourceText(source);
        if (string.IsNullOrWhiteSpace(text)) return null;
        var template = Parse(text);
        var clock = Stopwatch.StartNew();
        var templateOptions = new TemplateOptions
        {
            MaxSteps = options.MaxSteps,
            MaxRecursion = options.MaxRecursion,
            FileProvider = new NullFileProvider(),
            TimeZone = TimeZoneInfo.Utc,
            CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        };
        templateOptions.Filters.AddFilter("base64", (input, _, _) =>
            input.IsNil() ? NilValue.Instance : new StringValue(Convert.ToBase64String(Encoding.UTF8.GetBytes(input.ToStringValue()))));
        templateOptions.Filters.AddFilter("keys", (input, _, context) =>
            new ArrayValue(input.ToObjectValue() is IFluidIndexable d ? d.Keys.Select(k => (FluidValue)new StringValue(k)).ToList() : []));
        templateOptions.Assigned = (name, value, context) =>
        {
            Guard(clock, value.Type == FluidValues.String ? value.ToStringValue().Length : 0);
            return new ValueTask<FluidValue>(value);
        };
        templateOptions.Captured = (name, value, context) =>
        {
            Guard(clock, value.Type == FluidValues.String ? value.ToStringValue().Length : 0);
            return new ValueTask<FluidValue>(value);
        };
        var context = new TemplateContext(templateOptions);
        context.SetValue("Variables", Plain(new JsonObject(scope.Variables.Select(kv => KeyValuePair.Create(kv.Key, kv.Value?.DeepClone())))));
        context.SetValue("Input", Plain(scope.Input));
        context.SetValue("WorkflowInstanceId", scope.WorkflowInstanceId);
        context.SetValue("WorkflowDefinitionId", scope.WorkflowDefinitionId);
        context.SetValue("CorrelationId", scope.CorrelationId);
        var writer = new BoundedWriter(this, clock);
        try
        {
            await template.RenderAsync(writer, context, NullEncoder.Default);
        }
        catch (ExpressionException) { throw; }
        // Fluid 2.41 reports an exhausted step budget with its recursion message ("maximum level of recursion").
        catch (InvalidOperationException e) when (e.Message.Contains("maximum level of recursion", StringComparison.OrdinalIgnoreCase))
        {
            throw new ExpressionException($"Liquid expression was stopped because it ran more than {options.MaxSteps} steps (or recursed deeper than {options.MaxRecursion}).",
                e, ExpressionFailures.StatementLimit);
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            throw new ExpressionException($"Liquid error: {e.Message}", e);
        }
        return JsonValue.Create(writer.ToString());
    }

    private void Guard(Stopwatch clock, int length)
    {
        if (clock.Elapsed > options.Timeout)
            throw new ExpressionException($"Liquid expression was stopped because it ran longer than {options.Timeout.TotalMilliseconds} ms.", code: ExpressionFailures.TimeLimit);
        if (length > options.MaxResultLength)
            throw new ExpressionException($"Liquid expression built {length:N0} characters; the limit is {options.MaxResultLength:N0}.", code: ExpressionFailures.MemoryLimit);
    }

    /// <summary>Collects the output, failing as soon as it grows past the limit or the time is up.</summary>
    private sealed class BoundedWriter(LiquidEvaluator owner, Stopwatch clock) : StringWriter
    {
        public override void Write(char value)
        {
            base.Write(value);
            owner.Guard(clock, GetStringBuilder().Length);
        }

        public override void Write(string? value)
        {
            base.Write(value);
            owner.Guard(clock, GetStringBuilder().Length);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            base.Write(buffer, index, count);
            owner.Guard(clock, GetStringBuilder().Length);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            base.Write(buffer);
            owner.Guard(clock, GetStringBuilder().Length);
        }
    }

    /// <summary>
    /// Fluid builds a range's whole list before a loop's first step (ten million items take seconds and hundreds of MB),
    /// so the step budget cannot stop <c>(1..n)</c>: every range's upper bound is checked against it first.
    /// </summary>
    private sealed class BoundedRanges(int maxSteps) : Fluid.Ast.AstRewriter
    {
        protected override Fluid.Ast.Expression VisitRangeExpression(Fluid.Ast.RangeExpression range) =>
            new Fluid.Ast.RangeExpression(range.From, new BoundedUpper(range.From, range.To, maxSteps));
    }

    private sealed class BoundedUpper(Fluid.Ast.Expression from, Fluid.Ast.Expression to, int maxSteps) : Fluid.Ast.Expression
    {
        public override async ValueTask<FluidValue> EvaluateAsync(TemplateContext context)
        {
            var start = (await from.EvaluateAsync(context)).ToNumberValue();
            var end = await to.EvaluateAsync(context);
            if (end.ToNumberValue() - start > maxSteps)
                throw new ExpressionException($"Liquid expression was stopped because the range ({start}..{end.ToNumberValue()}) has more than {maxSteps} items.",
                    code: ExpressionFailures.StatementLimit);
            return end;
        }
    }

    /// <summary>JSON as dictionaries, lists and primitives: what Fluid reads without any .NET member access.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => Plain(kv.Value)),
        JsonArray a => a.Select(Plain).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            // Read from the JSON text: a value built in memory (an int) does not convert to decimal through TryGetValue.
            JsonValueKind.Number => decimal.TryParse(v.ToJsonString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d)
                ? d : double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        },
        _ => null,
    };

    private static string SourceText(JsonNode? source) => source switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => source.ToJsonString(),
    };

    private IFluidTemplate Parse(string source)
    {
        if (_templates.TryGetValue(source, out var cached)) return cached;
        if (!Parser.TryParse(source, out var parsed, out var error))
            throw new ExpressionException($"Liquid syntax error: {error}", code: ExpressionFailures.Syntax);
        var template = new BoundedRanges(options.MaxSteps).VisitTemplate(parsed);
        // Bounded cache, as for scripts.
        if (_templates.Count < 10_000) _templates[source] = template;
        return template;
    }
}
