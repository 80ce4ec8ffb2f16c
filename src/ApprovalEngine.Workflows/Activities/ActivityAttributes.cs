namespace ApprovalEngine.Workflows.Activities;

/// <summary>Marks a class as a workflow activity and names its Elsa type, e.g. <c>Elsa.FlowDecision</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ActivityAttribute(string @namespace, string name) : Attribute
{
    public string Namespace { get; } = @namespace;
    public string Name { get; } = name;
    public string TypeName => $"{Namespace}.{Name}";
    public string Category { get; init; } = "Miscellaneous";
    public string? DisplayName { get; init; }
    public string Description { get; init; } = "";
    public ActivityKind Kind { get; init; } = ActivityKind.Action;

    /// <summary>Named outcomes (Studio ports). Activities with dynamic outcomes override <see cref="Activity.GetOutcomes"/>.</summary>
    public string[] Outcomes { get; init; } = ["Done"];

    /// <summary>The ports' labels on Studio's canvas, by position in <see cref="Outcomes"/> (the outcome names stay the stable codes).</summary>
    public string[] OutcomeLabels { get; init; } = [];

    /// <summary>Output names (camelCase, as Elsa's JSON binds them to variables with a <c>memoryReference</c>).</summary>
    public string[] Outputs { get; init; } = [];

    /// <summary>
    /// Embedded ports (camelCase JSON keys holding one child activity, e.g. <c>then</c>, <c>else</c>, <c>body</c>): Elsa's
    /// <c>[Port] IActivity</c> properties. The activity schedules them and is called back when they are done.
    /// </summary>
    public string[] Ports { get; init; } = [];

    /// <summary>A loop that a <c>Break</c> inside its embedded children ends.</summary>
    public bool IsLoop { get; init; }

    /// <summary>Hidden from Studio's palette (engine-internal types).</summary>
    public bool IsBrowsable { get; init; } = true;
    public bool IsStart { get; init; }
    public bool IsTerminal { get; init; }
}

/// <summary>Marks a settable property of an activity as an input the designer edits and the engine evaluates.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputAttribute : Attribute
{
    public string? DisplayName { get; init; }
    public string Description { get; init; } = "";
    /// <summary>Studio editor: singleline, multiline, checkbox, dropdown, dynamic-outcomes, variable-picker, ...</summary>
    public string UIHint { get; init; } = "singleline";
    public string[] Options { get; init; } = [];
    public string? DefaultValue { get; init; }
    public bool Required { get; init; }
    public int Order { get; init; }
    /// <summary>Not an expression: the raw JSON is bound (Elsa's unwrapped inputs, e.g. a variable reference).</summary>
    public bool IsWrapped { get; init; } = true;
}

public enum ActivityKind { Action, Trigger, Job, Task }
