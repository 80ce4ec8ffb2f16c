using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Definitions;

namespace ApprovalEngine.Workflows.Activities;

/// <summary>An activity type known to the engine: how to create it, bind its inputs and describe it to Studio.</summary>
public sealed class ActivityType
{
    internal ActivityType(Type clrType, ActivityAttribute meta)
    {
        ClrType = clrType;
        Meta = meta;
        Inputs = clrType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<InputAttribute>()))
            .Where(x => x.Attribute is not null && x.Property.CanWrite)
            .Select(x => new ActivityInput(JsonNamingPolicy.CamelCase.ConvertName(x.Property.Name), x.Property, x.Attribute!))
            .OrderBy(i => i.Attribute.Order)
            .ToList();
        Prototype = Create();
    }

    public Type ClrType { get; }
    public ActivityAttribute Meta { get; }
    public string TypeName => Meta.TypeName;
    public IReadOnlyList<ActivityInput> Inputs { get; }

    /// <summary>A throwaway instance used to ask for dynamic outcomes; never executed.</summary>
    internal Activity Prototype { get; }

    public Activity Create() => (Activity)Activator.CreateInstance(ClrType)!;

    public IReadOnlyList<string> Outcomes(ActivityNode node) => Prototype.GetOutcomes(new ActivityNodeInputs(node.Inputs), Meta);

    public ActivityDescriptor Describe() => new(
        TypeName, Meta.Namespace, Meta.Name, 1, Meta.Category,
        Meta.DisplayName ?? SplitWords(Meta.Name), Meta.Description, Meta.Kind.ToString(),
        Inputs.Select(i => i.Describe()).ToList(),
        Meta.Outputs.Select((o, i) => (object)new OutputDescriptor(Pascal(o), "Object", SplitWords(Pascal(o)), "", i)).ToList(),
        Meta.Outcomes.Select((o, i) => new PortDescriptor(o, i < Meta.OutcomeLabels.Length ? Meta.OutcomeLabels[i] : SplitWords(o)))
            .Concat(Meta.Ports.Select(p => new PortDescriptor(Pascal(p), SplitWords(Pascal(p)), "Embedded"))).ToList(),
        [], [], false, Meta.IsBrowsable, Meta.IsStart, Meta.IsTerminal);

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    internal static string SplitWords(string name) =>
        string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) && !char.IsUpper(name[i - 1]) ? " " + c : c.ToString()));
}

/// <summary>One bindable input property of an activity type.</summary>
public sealed record ActivityInput(string Name, PropertyInfo Property, InputAttribute Attribute)
{
    public Type Type => Property.PropertyType;

    public InputDescriptor Describe()
    {
        JsonObject? ui = Attribute.Options.Length == 0 ? null : new JsonObject
        {
            ["dropdown"] = new JsonObject
            {
                ["selectList"] = new JsonObject
                {
                    ["items"] = new JsonArray(Attribute.Options.Select(Option).ToArray()),
                    ["isFlagsEnum"] = false,
                },
            },
        };
        return new InputDescriptor(Name, ElsaTypeName(Type), Attribute.DisplayName ?? ActivityType.SplitWords(Property.Name),
            Attribute.Description, Attribute.Options.Length > 0 ? "dropdown" : Attribute.UIHint, Attribute.IsWrapped,
            Attribute.Order, Attribute.DefaultValue, "Literal", false, true, ui);
    }

    /// <summary>An option is "value" or "value|label" (a Chinese label for a stable value).</summary>
    private static JsonNode Option(string option) =>
        option.Split('|', 2) is [var value, var text] ? new JsonObject { ["text"] = text, ["value"] = value } : new JsonObject { ["text"] = option, ["value"] = option };

    /// <summary>Elsa's type aliases, which Studio uses to pick editors.</summary>
    private static string ElsaTypeName(Type t) => (Nullable.GetUnderlyingType(t) ?? t) switch
    {
        var x when x == typeof(string) => "String",
        var x when x == typeof(int) => "Int32",
        var x when x == typeof(long) => "Int64",
        var x when x == typeof(bool) => "Boolean",
        var x when x == typeof(double) => "Double",
        var x when x == typeof(decimal) => "Decimal",
        var x when x == typeof(TimeSpan) => "TimeSpan",
        var x when x == typeof(DateTimeOffset) => "DateTimeOffset",
        var x when x == typeof(string[]) || x == typeof(List<string>) => "String[]",
        _ => "Object",
    };
}

/// <summary>A node's configured inputs, as seen by activities that compute their outcomes from them.</summary>
public sealed class ActivityNodeInputs(IReadOnlyDictionary<string, InputValue> inputs)
{
    public InputValue? this[string name] => inputs.GetValueOrDefault(name);
}

/// <summary>All activity types the engine can run, keyed by Elsa type name.</summary>
public sealed class ActivityRegistry
{
    private readonly Dictionary<string, ActivityType> _types = new(StringComparer.Ordinal);

    public IEnumerable<ActivityType> All => _types.Values;

    public ActivityRegistry Add<T>() where T : Activity, new() => Add(typeof(T));

    public ActivityRegistry Add(Type type)
    {
        var meta = type.GetCustomAttribute<ActivityAttribute>()
                   ?? throw new ArgumentException($"{type.Name} has no [Activity] attribute.", nameof(type));
        _types[meta.TypeName] = new ActivityType(type, meta);
        return this;
    }

    /// <summary>Registers every concrete <see cref="Activity"/> with an <see cref="ActivityAttribute"/> in the assembly.</summary>
    public ActivityRegistry AddFromAssembly(Assembly assembly)
    {
        foreach (var t in assembly.GetTypes().Where(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(Activity)) && t.GetCustomAttribute<ActivityAttribute>() is not null))
            Add(t);
        return this;
    }

    public bool TryGet(string typeName, out ActivityType type) => _types.TryGetValue(typeName, out type!);

    /// <summary>The Elsa flow activities of the engine itself.</summary>
    public static ActivityRegistry CreateDefault() => new ActivityRegistry().AddFromAssembly(typeof(ActivityRegistry).Assembly);
}
