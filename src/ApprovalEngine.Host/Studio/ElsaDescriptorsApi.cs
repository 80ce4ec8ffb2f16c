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
        Persistence.Organisation.OrganisationDirectory organisation, Persistence.Storage.ApprovalDbContext db, CancellationToken ct)
    {
        var flowchart = new ActivityDescriptor("Elsa.Flowchart", "Elsa", "Flowchart", 1, "流程", "流程图 (Flowchart)",
            "流程：活动按其结果相连。", "Action", [], [], [],
            new JsonObject { ["Type"] = "Elsa.Flowchart" }, [], IsContainer: true, IsBrowsable: false, IsStart: false, IsTerminal: false);
        // Containers a flowchart may hold (Elsa's own JSON uses them; the corpus does): without a descriptor Studio drew an
        // empty canvas for such a workflow, and its next save stored the empty canvas.
        var sequence = new ActivityDescriptor("Elsa.Sequence", "Elsa", "Sequence", 1, "流程", "顺序 (Sequence)",
            "依次执行其中的活动。", "Action", [], [], [], new JsonObject { ["Type"] = "Elsa.Sequence" }, [], IsContainer: true, IsBrowsable: false, IsStart: false, IsTerminal: false);
        var flowNode = new ActivityDescriptor("Elsa.FlowNode", "Elsa", "FlowNode", 1, "流程", "流程节点 (FlowNode)",
            "在流程图中包装一个活动。", "Action", [], [], [], new JsonObject { ["Type"] = "Elsa.FlowNode" }, [], IsContainer: true, IsBrowsable: false, IsStart: false, IsTerminal: false);
        var stored = await StoredPicksAsync(db, ct);
        var snapshot = organisation.Current;
        var departments = DepartmentItems(directory, stored[DepartmentsInput].Concat(stored[DepartmentInput]), snapshot);
        var staff = StaffItems(snapshot, stored[SignersInput]);
        var items = registry.All.Select(t => t.Describe()).Select(d => d with { Inputs = d.Inputs.Select(i => WithDirectory(i, departments, staff)).ToList() })
            .Concat(await PublishedWorkflowsAsync(db, ct))
            .OrderBy(d => d.Category).ThenBy(d => d.DisplayName).Prepend(flowNode).Prepend(sequence).Prepend(flowchart).ToList();
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

    private const string DepartmentInput = "department", DepartmentsInput = "departments", SignersInput = "signers";

    /// <summary>
    /// What the stored definitions (drafts and published versions) pick in the directory inputs, by input name. Studio's check
    /// list keeps only values it lists: a code or signer the directory no longer knows must be listed too, or the next save
    /// after any tick would silently drop it.
    /// </summary>
    private static async Task<Dictionary<string, HashSet<string>>> StoredPicksAsync(Persistence.Storage.ApprovalDbContext db, CancellationToken ct)
    {
        var picks = new[] { DepartmentInput, DepartmentsInput, SignersInput }.ToDictionary(n => n, _ => new HashSet<string>(StringComparer.OrdinalIgnoreCase));
        var models = await db.DefinitionVersions.AsNoTracking()
            .Where(v => v.State == Persistence.Storage.DefinitionState.Draft || v.State == Persistence.Storage.DefinitionState.Published)
            .Select(v => v.ModelJson).ToListAsync(ct);
        foreach (var model in models)
            Collect(JsonNode.Parse(model), picks);
        return picks;
    }

    private static void Collect(JsonNode? node, Dictionary<string, HashSet<string>> picks)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) Collect(item, picks);
                break;
            case JsonObject obj:
                foreach (var (key, value) in obj)
                    if (picks.TryGetValue(key, out var found) && value is JsonObject { } input && input["expression"] is JsonObject { } expression
                        && expression["value"] is { } stored)
                        found.UnionWith(Values(stored));
                    else Collect(value, picks);
                break;
        }
    }

    /// <summary>A stored pick: one code (a literal), or a list (an Object expression holding a JSON array, or the array itself).</summary>
    private static IEnumerable<string> Values(JsonNode stored)
    {
        var list = stored switch
        {
            JsonArray a => a,
            JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('[') => TryParse(text) as JsonArray,
            JsonValue v when v.TryGetValue<string>(out var text) => new JsonArray(text),
            _ => null,
        };
        return (list ?? []).Select(i => i is JsonValue v && v.TryGetValue<string>(out var s) ? s.Trim() : "").Where(s => s.Length > 0);
    }

    private static JsonNode? TryParse(string text)
    {
        try { return JsonNode.Parse(text); }
        catch (System.Text.Json.JsonException) { return null; }
    }

    /// <summary>
    /// The organisation directory's departments as Studio's pick-list items ("规划局 (planning)" -> planning), and after them
    /// the codes stored definitions still name but the directory does not know, labelled as unknown so the designer sees them.
    /// </summary>
    private static JsonArray DepartmentItems(Departments.StaffDirectory directory, IEnumerable<string> stored, Persistence.Organisation.OrganisationSnapshot snapshot) =>
        new(directory.Departments().Select(d => Item($"{d.Name} ({d.Code})", d.Code))
            .Concat(stored.Where(c => !snapshot.Departments.ContainsKey(c)).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)
                .Select(c => Item($"未知部门 ({c})", c)))
            .ToArray());

    /// <summary>
    /// The active staff as signer items ("李明 (planning-li) · 规划局"), by department in the directory's order and within one
    /// from handler to approver: the order 依次审批 follows, as Studio's check list stores the ticked values in list order.
    /// Signers stored but inactive or unknown come last, labelled, so they are not silently dropped.
    /// </summary>
    private static JsonArray StaffItems(Persistence.Organisation.OrganisationSnapshot snapshot, IEnumerable<string> stored)
    {
        static int Rank(Persistence.Organisation.StaffRecord s) =>
            s.PositionList.Select(p => Persistence.Organisation.Positions.All.ToList().IndexOf(p)).DefaultIfEmpty(-1).Max();
        string Label(Persistence.Organisation.StaffRecord s) =>
            $"{s.Name} ({s.Id})" + (s.DepartmentList.Count == 0 ? "" : " · " + string.Join("、", s.DepartmentList.Select(d => snapshot.Departments.GetValueOrDefault(d)?.Name ?? d)));
        var active = snapshot.Staff.Values.Where(s => s.Active)
            .OrderBy(s => s.DepartmentList.FirstOrDefault() ?? "\uffff", StringComparer.Ordinal).ThenBy(Rank).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => Item(Label(s), s.Id));
        var others = stored.Where(id => snapshot.Staff.GetValueOrDefault(id) is not { Active: true }).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)
            .Select(id => snapshot.Staff.GetValueOrDefault(id) is { } inactive ? Item($"{Label(inactive)}（已停用）", inactive.Id) : Item($"未知人员 ({id})", id));
        return new JsonArray(active.Concat(others).ToArray());
    }

    private static JsonNode Item(string text, string value) => new JsonObject { ["text"] = text, ["value"] = value };

    /// <summary>
    /// Department and signer inputs are picked from the directory, so a designer cannot mistype a code: one department (an
    /// approval step's <c>department</c>) in Studio's dropdown, several (the supervising <c>departments</c> of a push, a step's
    /// <c>signers</c>) in its check list. Both editors read their items from <c>uiSpecifications[uiHint]</c>; the check list
    /// stores an Object expression holding the JSON array of values, which is how lists were stored before.
    /// </summary>
    private static InputDescriptor WithDirectory(InputDescriptor input, JsonArray departments, JsonArray staff) => input switch
    {
        { TypeName: "String" } when input.Name.Equals(DepartmentInput, StringComparison.OrdinalIgnoreCase) => input with
        {
            UIHint = "dropdown",
            UISpecifications = new JsonObject { ["dropdown"] = new JsonObject { ["selectList"] = PickList(departments) } },
        },
        { TypeName: "String[]", UIHint: "checklist" } when input.Name.Equals(DepartmentsInput, StringComparison.OrdinalIgnoreCase) => input with
        {
            UISpecifications = new JsonObject { ["checklist"] = new JsonObject { ["checkList"] = PickList(departments) } },
        },
        { TypeName: "String[]", UIHint: "checklist" } when input.Name.Equals(SignersInput, StringComparison.OrdinalIgnoreCase) => input with
        {
            UISpecifications = new JsonObject { ["checklist"] = new JsonObject { ["checkList"] = PickList(staff) } },
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
