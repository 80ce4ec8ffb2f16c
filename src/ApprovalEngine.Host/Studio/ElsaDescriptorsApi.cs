using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Expressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ApprovalEngine.Host.Studio;

/// <summary>
/// What the designer can offer: our engine's activities and expression languages, plus the fixed answers Studio
/// needs for Elsa server features we do not have (strategies, storage drivers, features).
/// </summary>
public static class ElsaDescriptorsApi
{
    public static void MapElsaDescriptors(this RouteGroupBuilder api)
    {
        api.MapGet("/descriptors/activities", Activities);
        api.MapGet("/descriptors/expression-descriptors", Expressions);
        api.MapGet("/descriptors/workflow-activation-strategies", () => TypedResults.Ok(List(
            new ElsaStrategyDescriptor("Elsa.Workflows.ActivationStrategies.AllowAlwaysStrategy, Elsa.Workflows.Core", "Always", "Always allow new instances."))));
        api.MapGet("/descriptors/incident-strategies", () => TypedResults.Ok(List(
            new ElsaStrategyDescriptor("Elsa.Workflows.IncidentStrategies.FaultStrategy, Elsa.Workflows.Core", "Fault", "A failing activity faults the instance."))));
        api.MapGet("/descriptors/log-persistence-strategies", () => TypedResults.Ok(List(
            new ElsaStrategyDescriptor("Elsa.Workflows.LogPersistence.Strategies.Include, Elsa.Workflows.Core", "Include", "Every step is journaled."))));
        api.MapGet("/descriptors/commit-strategies/{kind}", (string kind) => TypedResults.Ok(List<ElsaStrategyDescriptor>()));
        // Variables live in the instance state row, written in the stimulus transaction: one storage driver.
        api.MapGet("/descriptors/storage-drivers", () => TypedResults.Ok(List(
            new ElsaStorageDriverDescriptor("Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core", "Workflow instance", 0, false))));
        api.MapGet("/descriptors/variables", () => TypedResults.Ok(List(VariableTypes)));
        api.MapGet("/descriptors/output-converters", () => TypedResults.Ok(List<object>()));
        api.MapGet("/workflow-contexts/provider-descriptors", () => TypedResults.Ok(List<object>()));
        api.MapGet("/resilience/strategies", () => TypedResults.Ok(List<object>()));
        // Monaco asks for typings of workflow variables; none are generated, so it works without IntelliSense.
        api.MapMethods("/scripting/javascript/type-definitions/{definitionId}", ["GET", "POST"],
            (string definitionId) => TypedResults.Text("", "text/plain"));
        api.MapGet("/features/installed", () => TypedResults.Ok(List(Features)));
        api.MapGet("/features/installed/{fullName}", (string fullName) =>
            Features.FirstOrDefault(f => f.FullName == fullName) is { } f ? Results.Ok(f) : Results.NotFound());
        api.MapGet("/package/version", () => TypedResults.Ok(new ElsaPackageVersion("3.8.0")));
    }

    private static readonly ElsaVariableTypeDescriptor[] VariableTypes =
        new[] { "String", "Boolean", "Int32", "Int64", "Double", "Decimal", "DateTimeOffset", "TimeSpan", "Object" }
            .Select(t => new ElsaVariableTypeDescriptor(t, t, t == "Object" ? "Dynamic" : "Primitives", null)).ToArray();

    // Only features we really answer for. Reporting Elsa.RealTimeWorkflowUpdates would make Studio open a SignalR hub we do not have.
    private static readonly ElsaFeature[] Features =
        new[] { "Elsa.Workflows.Management", "Elsa.Workflows.Runtime", "Elsa.Workflows.Api", "Elsa.JavaScript" }
            .Select(f => new ElsaFeature(f.Split('.')[^1], f[..f.LastIndexOf('.')], f, f, "")).ToArray();

    /// <summary>Our activities as the engine describes them, plus the root flowchart (a container Studio needs to know, not offered in the palette).</summary>
    public static async Task<Ok<ElsaList<ActivityDescriptor>>> Activities(ActivityRegistry registry, Departments.StaffDirectory directory,
        Persistence.Storage.ApprovalDbContext db, CancellationToken ct)
    {
        var flowchart = new ActivityDescriptor("Elsa.Flowchart", "Elsa", "Flowchart", 1, "Flow", "Flowchart",
            "The process: activities connected by their outcomes.", "Action", [], [], [],
            new JsonObject { ["Type"] = "Elsa.Flowchart" }, [], IsContainer: true, IsBrowsable: false, IsStart: false, IsTerminal: false);
        var departments = DepartmentItems(directory);
        var items = registry.All.Select(t => t.Describe()).Select(d => d with { Inputs = d.Inputs.Select(i => WithDepartments(i, departments)).ToList() })
            .Concat(await PublishedWorkflowsAsync(db, ct))
            .OrderBy(d => d.Category).ThenBy(d => d.DisplayName).Prepend(flowchart).ToList();
        return TypedResults.Ok(new ElsaList<ActivityDescriptor>(items, items.Count));
    }

    /// <summary>
    /// Published workflows whose designer ticked "usable as activity" (Elsa's <c>options.usableAsActivity</c>), described as
    /// Elsa describes them: the definition's inputs, outputs and outcomes, and construction properties that make Studio write
    /// <c>workflowDefinitionId</c> into the dropped activity, which is how the loader recognises it.
    /// </summary>
    private static async Task<IEnumerable<ActivityDescriptor>> PublishedWorkflowsAsync(Persistence.Storage.ApprovalDbContext db, CancellationToken ct)
    {
        var published = await db.DefinitionVersions.AsNoTracking().Where(v => v.State == Persistence.Storage.DefinitionState.Published).ToListAsync(ct);
        var items = new List<ActivityDescriptor>();
        foreach (var version in published)
        {
            if (JsonNode.Parse(version.ModelJson) is not JsonObject model || model["options"]?["usableAsActivity"] is not JsonValue usable
                || !usable.TryGetValue<bool>(out var yes) || !yes) continue;
            var typeName = TypeName(version.Name, version.DefinitionId);
            var inputs = Declared(model["inputs"]).Select((d, i) => new InputDescriptor(Camel(d.Name), d.Type, d.DisplayName, d.Description,
                d.UIHint ?? "singleline", true, i, null, "Literal", false, true, null, d.Category, IsSynthetic: true)).ToList();
            var outputs = Declared(model["outputs"]).Select((d, i) => (object)new OutputDescriptor(Camel(d.Name), d.Type, d.DisplayName, d.Description, i)).ToList();
            var ports = new[] { "Done" }.Concat((model["outcomes"] as JsonArray ?? []).Select(o => o?.GetValue<string>()).OfType<string>())
                .Distinct().Select(o => new PortDescriptor(o, o)).ToList();
            var category = model["options"]?["activityCategory"]?.GetValue<string>() is { Length: > 0 } c ? c : "工作流";
            items.Add(new ActivityDescriptor(typeName, "Workflows", typeName, version.Version, category, version.Name, version.Description ?? "",
                "Action", inputs, outputs, ports,
                new JsonObject { ["RootType"] = "WorkflowDefinitionActivity", ["WorkflowDefinitionId"] = version.DefinitionId, ["WorkflowDefinitionVersionId"] = version.Id },
                new JsonObject { ["WorkflowDefinitionId"] = version.DefinitionId, ["WorkflowDefinitionVersionId"] = version.Id, ["Version"] = version.Version },
                false, true, false, false));
        }
        return items;
    }

    private sealed record DeclaredPort(string Name, string Type, string DisplayName, string Description, string? UIHint, string? Category);

    private static IEnumerable<DeclaredPort> Declared(JsonNode? list) =>
        (list as JsonArray ?? []).OfType<JsonObject>().Where(d => d["name"] is JsonValue).Select(d => new DeclaredPort(
            d["name"]!.GetValue<string>(), Text(d["type"]) ?? "Object", Text(d["displayName"]) ?? d["name"]!.GetValue<string>(),
            Text(d["description"]) ?? "", Text(d["uiHint"]), Text(d["category"])));

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static string Camel(string name) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(name);

    /// <summary>Elsa's type name of a workflow used as an activity: its name in Pascal case (the definition id when the name has no letters or digits).</summary>
    internal static string TypeName(string name, string definitionId)
    {
        var words = System.Text.RegularExpressions.Regex.Split(name, "[^\\p{L}\\p{Nd}]+").Where(w => w.Length > 0).ToList();
        return words.Count == 0 ? definitionId : string.Concat(words.Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
    }

    /// <summary>The organisation directory's departments as Studio's pick-list items ("规划局 (planning)" -> planning).</summary>
    private static JsonArray DepartmentItems(Departments.StaffDirectory directory) =>
        new(directory.Departments().Select(d => (JsonNode)new JsonObject { ["text"] = $"{d.Name} ({d.Code})", ["value"] = d.Code }).ToArray());

    /// <summary>
    /// Department inputs are picked from the directory, so a designer cannot mistype a code: one department (an approval
    /// step's <c>department</c>) in Studio's dropdown, several (the supervising <c>departments</c> of a push) in its check list.
    /// Both editors read their items from <c>uiSpecifications[uiHint]</c>; the check list stores an Object expression holding
    /// the JSON array of codes, which is how lists are stored anyway.
    /// </summary>
    private static InputDescriptor WithDepartments(InputDescriptor input, JsonArray departments) => input switch
    {
        { TypeName: "String" } when input.Name.Equals("department", StringComparison.OrdinalIgnoreCase) => input with
        {
            UIHint = "dropdown",
            UISpecifications = new JsonObject { ["dropdown"] = new JsonObject { ["selectList"] = PickList(departments) } },
        },
        { TypeName: "String[]", UIHint: "checklist" } when input.Name.Equals("departments", StringComparison.OrdinalIgnoreCase) => input with
        {
            UISpecifications = new JsonObject { ["checklist"] = new JsonObject { ["checkList"] = PickList(departments) } },
        },
        _ => input,
    };

    private static JsonObject PickList(JsonArray items) => new() { ["items"] = items.DeepClone(), ["isFlagsEnum"] = false };

    /// <summary>
    /// The engine's expression languages. Object is not browsable (it carries structured values such as fork branches), and
    /// JavaScript must be listed: Studio's property editor breaks when only Literal/Object are offered.
    /// </summary>
    public static Ok<ElsaList<ElsaExpressionDescriptor>> Expressions(ExpressionEvaluators evaluators)
    {
        var items = evaluators.All.Select(e => new ElsaExpressionDescriptor(e.Type, e.DisplayName, true, e.Type != "Object",
            e.Type == "JavaScript" ? new Dictionary<string, string> { ["MonacoLanguage"] = "javascript" } : new Dictionary<string, string>())).ToList();
        return TypedResults.Ok(new ElsaList<ElsaExpressionDescriptor>(items, items.Count));
    }

    private static ElsaList<T> List<T>(params T[] items) => new(items, items.Length);
}
