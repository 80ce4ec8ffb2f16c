using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Activities;

/// <summary>An activity as Elsa Studio describes it in its palette and property panel (shape of Elsa's ActivityDescriptor).</summary>
public sealed record ActivityDescriptor(
    string TypeName, string Namespace, string Name, int Version, string Category, string DisplayName,
    string Description, string Kind, IReadOnlyList<InputDescriptor> Inputs, IReadOnlyList<object> Outputs,
    IReadOnlyList<PortDescriptor> Ports, JsonObject CustomProperties, JsonObject ConstructionProperties,
    bool IsContainer, bool IsBrowsable, bool IsStart, bool IsTerminal);

public sealed record InputDescriptor(
    string Name, string TypeName, string DisplayName, string Description, string UIHint, bool IsWrapped,
    int Order, object? DefaultValue, string DefaultSyntax, bool IsReadOnly, bool IsBrowsable,
    JsonObject? UISpecifications, string? Category = null, bool IsSynthetic = false);

public sealed record PortDescriptor(string Name, string DisplayName, string Type = "Flow", bool IsBrowsable = true);

/// <summary>An activity output as Studio lists it (Elsa's OutputDescriptor); the JSON binds it under its camelCase name.</summary>
public sealed record OutputDescriptor(string Name, string TypeName, string DisplayName, string Description, int Order, bool IsBrowsable = true);
