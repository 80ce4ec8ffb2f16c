using System.Text.Json.Nodes;

namespace ApprovalEngine.Bench.ForkJoin;

/// <summary>
/// The shape issue 17 compares engines on: start -> fork -> four department reviews -> join (wait all) -> decision -> end.
/// Reviews and the decision are Elsa.Event steps (bookmarks resumed by a person), so one instance is six stimuli:
/// the start and five resumes. The same JSON runs over HTTP and in process.
/// </summary>
public static class ForkJoinShape
{
    public const string DefinitionId = "bench-fork-join";
    public static readonly string[] Reviews = ["planning", "land", "fire", "environment"];
    public const string Decision = "decision";
    public const int StimuliPerInstance = 6;

    public static JsonObject Definition()
    {
        var activities = new JsonArray(Activity("start", "Elsa.Start"),
            Activity("fork", "Elsa.FlowFork", ("branches", "Object", new JsonArray(Reviews.Select(r => (JsonNode)r).ToArray()).ToJsonString())),
            Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAll")),
            Activity(Decision, "Elsa.Event", ("eventName", "Literal", Decision)),
            Activity("end", "Elsa.End"));
        var connections = new JsonArray(Connect("start", "fork"), Connect("join", Decision), Connect(Decision, "end"));
        foreach (var review in Reviews)
        {
            activities.Add(Activity(review, "Elsa.Event", ("eventName", "Literal", review)));
            connections.Add(Connect("fork", review, review));
            connections.Add(Connect(review, "join"));
        }
        return new JsonObject
        {
            ["definitionId"] = DefinitionId,
            ["name"] = "Benchmark: fork, four reviews, join, decision",
            ["variables"] = new JsonArray(),
            ["root"] = new JsonObject { ["type"] = "Elsa.Flowchart", ["id"] = "flow1", ["activities"] = activities, ["connections"] = connections },
        };
    }

    private static JsonObject Activity(string id, string type, params (string Input, string ExpressionType, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = id, ["version"] = 1, ["metadata"] = new JsonObject() };
        foreach (var (input, expressionType, value) in inputs)
            activity[input] = new JsonObject { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value } };
        return activity;
    }

    private static JsonObject Connect(string source, string target, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };
}
