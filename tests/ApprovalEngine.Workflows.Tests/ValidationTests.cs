using System.Text.Json.Nodes;

namespace ApprovalEngine.Workflows.Tests;

public sealed class ValidationTests
{
    [Fact]
    public void Load_DefinitionWithManyProblems_ReportsEveryProblemWithActivityIds()
    {
        var definition = new WorkflowJson()
            .Activity("mystery", "Acme.Teleport")
            .Activity("decide", "Elsa.FlowDecision", ("condition", "Python", "x > 1"))
            .Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "three days"))
            .Activity("js", "Elsa.FlowDecision", ("condition", "JavaScript", "if ("))
            .Activity("orphan", "Elsa.Event", ("eventName", "Literal", "x"))
            .Connect("mystery", "decide").Connect("decide", "wait", "True").Connect("decide", "js", "False")
            .Connect("wait", "ghost").Connect("js", "wait", "Maybe")
            .Connect("orphan", "js")
            .Build();
        var h = new EngineHarness();

        var result = h.Loader.Load(definition);

        Assert.False(result.IsValid);
        var problems = result.Problems.Select(p => p.ToString()).ToList();
        Assert.Contains(problems, p => p.StartsWith("mystery: Unknown activity type 'Acme.Teleport'"));
        Assert.Contains(problems, p => p.StartsWith("decide: ") && p.Contains("unknown expression type 'Python'"));
        Assert.Contains(problems, p => p.StartsWith("wait: ") && p.Contains("'three days' is not a valid duration"));
        Assert.Contains(problems, p => p.StartsWith("js: ") && p.Contains("syntax error"));
        Assert.Contains(problems, p => p.StartsWith("ghost: ") && p.Contains("unknown activity 'ghost'"));
        Assert.Contains(problems, p => p.StartsWith("js: ") && p.Contains("port 'Maybe'"));
        // Elsa starts a flowchart without a Start activity at its first root, so the other root is an island.
        Assert.Contains(problems, p => p.StartsWith("orphan: ") && p.Contains("cannot be reached"));
    }

    [Fact]
    public void Load_UnknownContainer_AlsoNamesTheUnsupportedActivitiesItHolds()
    {
        // The shape of a code-first Elsa workflow served as JSON: generic type names and a RunTask inside the unknown loop's
        // body. Every one is named, with its id; the supported WriteLine inside is not a problem.
        static JsonObject Act(string id, string type) => new() { ["id"] = id, ["type"] = type, ["version"] = 1 };
        var body = Act("Sequence2", "Elsa.Sequence");
        body["activities"] = new JsonArray(Act("RunTask1", "Elsa.RunTask"), Act("SetVariable<Dictionary<String,Boolean>>1", "Elsa.SetVariable<Dictionary<String,Boolean>>"),
            Act("WriteLine1", "Elsa.WriteLine"));
        var loop = Act("ParallelForEach<User>1", "Elsa.ParallelForEach<User>");
        loop["items"] = new JsonObject { ["typeName"] = "Object" };
        loop["body"] = body;
        var root = Act("Sequence1", "Elsa.Sequence");
        root["activities"] = new JsonArray(loop);

        var result = new EngineHarness().Loader.Load(new JsonObject { ["name"] = "Quorum", ["root"] = root });

        Assert.Equal(["ParallelForEach<User>1", "RunTask1", "SetVariable<Dictionary<String,Boolean>>1"], result.Problems.Select(p => p.ActivityId).Order());
        Assert.All(result.Problems, p => Assert.Contains("Unknown activity type", p.Message));
    }

    [Fact]
    public void Load_ActivityNotConnectedToStart_ReportsUnreachable()
    {
        var definition = new WorkflowJson().Start().Event("a").Event("island").End().Chain("start", "a", "end").Build();

        var result = new EngineHarness().Loader.Load(definition);

        var problem = Assert.Single(result.Problems);
        Assert.Equal("island", problem.ActivityId);
        Assert.Contains("cannot be reached", problem.Message);
    }

    [Fact]
    public void Load_StudioSavePayload_LoadsItsFlowchart()
    {
        // The real payload Studio 3.8.2 sent (custom Review swapped for a built-in Event so it runs on the bare engine).
        var model = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "studio-save-payload.json")))!["model"]!;
        var review = model["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "review1")!.AsObject();
        review["type"] = "Elsa.Event";
        review.Remove("department"); // Review's own input; an Event with it would be refused as an unsupported setting
        review["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = "review" } };
        var connections = model["root"]!["connections"]!.AsArray();
        connections[1]!["source"]!["port"] = "Done";
        // The probe left the designer's scratch nodes unconnected; wire them so only real problems would remain.
        model["root"]!["activities"]!.AsArray().RemoveAll(a => a!["id"]!.GetValue<string>() is not ("start1" or "review1" or "end1"));

        var result = new EngineHarness().Loader.Load(model);

        Assert.True(result.IsValid, string.Join("; ", result.Problems));
        Assert.Equal("start1", result.Flowchart!.Containers[result.Flowchart.StartActivityId].StartId);
    }
}
