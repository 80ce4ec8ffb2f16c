using System.Text.Json.Nodes;

namespace ApprovalEngine.Host.Studio;

/// <summary>
/// Elsa's node ids, one rule for what Studio is served and what the instance viewer highlights. Studio indexes its graph by
/// each activity's <c>nodeId</c> and crashes (ArgumentNullException) on one without it; Studio always writes them, but
/// hand-written and older Elsa files often leave them out (53 of the 126 corpus files). An activity without one gets Elsa's
/// form, its container's node id and its own id (<c>Workflow1:Flowchart1:loop:body:first</c>); a node id that is there is
/// kept. Activities are found wherever they nest (flowchart and sequence lists, bodies, branches, switch cases).
/// </summary>
public static class ElsaNodeIds
{
    /// <summary>The root's node id when the stored model has none.</summary>
    public const string DefaultRoot = "Workflow1:Flowchart1";

    /// <summary>
    /// Gives every activity under (and including) <paramref name="root"/> a node id where it lacks one, and calls
    /// <paramref name="visit"/> with each activity, its id and its node id.
    /// </summary>
    public static void Fill(JsonObject root, Action<JsonObject, string?, string>? visit = null) => Fill(root, null, visit);

    private static void Fill(JsonObject activity, string? parentNodeId, Action<JsonObject, string?, string>? visit)
    {
        var id = Text(activity["id"]);
        var nodeId = Text(activity["nodeId"]);
        if (nodeId is null)
        {
            nodeId = parentNodeId is null ? DefaultRoot : $"{parentNodeId}:{id}";
            activity["nodeId"] = nodeId;
        }
        visit?.Invoke(activity, id, nodeId);
        foreach (var (key, value) in activity.ToList())
            if (key is not ("metadata" or "customProperties")) Nested(value, nodeId, visit);
    }

    private static void Nested(JsonNode? node, string parentNodeId, Action<JsonObject, string?, string>? visit)
    {
        switch (node)
        {
            case JsonObject o when Text(o["type"]) is not null && Text(o["id"]) is not null:
                Fill(o, parentNodeId, visit);
                break;
            case JsonObject o:
                foreach (var (_, value) in o.ToList()) Nested(value, parentNodeId, visit);
                break;
            case JsonArray a:
                foreach (var item in a.ToList()) Nested(item, parentNodeId, visit);
                break;
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
