using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Activities;
using ApprovalEngine.Workflows.Definitions;
using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Tests;

/// <summary>Elsa 3's structured control flow (If, Switch, FlowSwitch, ForEach, ParallelForEach, While, Break) and join modes.</summary>
public sealed class ControlFlowTests
{
    private static JsonObject Act(string id, string type, params (string Input, string ExpressionType, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["name"] = id, ["version"] = 1 };
        foreach (var (input, expressionType, value) in inputs)
            activity[input] = new JsonObject { ["typeName"] = null, ["expression"] = new JsonObject { ["type"] = expressionType, ["value"] = value } };
        return activity;
    }

    private static JsonObject Line(string id, string javaScript) => Act(id, "Elsa.WriteLine", ("text", "JavaScript", javaScript));

    private static JsonObject With(JsonObject activity, string key, JsonNode? value)
    {
        activity[key] = value;
        return activity;
    }

    private static JsonObject Sequence(string id, params JsonObject[] activities) =>
        new() { ["id"] = id, ["type"] = "Elsa.Sequence", ["activities"] = new JsonArray(activities.Select(a => (JsonNode)a).ToArray()) };

    private static JsonObject Increment(string id) =>
        With(Act(id, "Elsa.SetVariable", ("value", "JavaScript", "getCount() + 1")), "variable", new JsonObject { ["name"] = "count" });

    private static List<string> Lines(EngineHarness h) => h.Journal.Where(j => j.EventName == "WriteLine").Select(j => j.Message ?? "").ToList();

    /// <summary>start -> activity -> after (a WriteLine), in a flowchart.</summary>
    private static JsonObject Around(JsonObject activity, params (string Name, JsonNode? Value)[] variables)
    {
        var wf = new WorkflowJson().Start().Raw(activity).Raw(Line("after", "'after'"));
        foreach (var (name, value) in variables) wf.Variable(name, value);
        return wf.Chain("start", activity["id"]!.GetValue<string>(), "after").Build();
    }

    [Theory]
    [InlineData(500, "then")]
    [InlineData(5, "else")]
    public async Task If_Condition_RunsOnlyTheMatchingPortThenContinuesOnDone(int fee, string expected)
    {
        var @if = With(With(Act("if", "Elsa.If", ("condition", "JavaScript", "getInput('fee') > 100")),
            "then", Line("thenLine", "'then'")), "else", Line("elseLine", "'else'"));

        var h = await new EngineHarness().StartAsync(Around(@if), new JsonObject { ["fee"] = fee });

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal([expected, "after"], Lines(h));
        Assert.Equal(fee > 100, h.State.ActivityOutputs["if"]["result"]!.GetValue<bool>());
    }

    [Fact]
    public async Task If_BranchWaits_TheIfCompletesOnlyAfterTheResume()
    {
        var @if = With(Act("if", "Elsa.If", ("condition", "Literal", "true")),
            "then", Sequence("seq", Act("review", "Elsa.Event", ("eventName", "Literal", "review")), Line("reviewed", "'reviewed'")));

        var h = await new EngineHarness().StartAsync(Around(@if));
        Assert.Equal(["review"], h.PendingActivities);
        Assert.False(h.Ran("if"));

        await h.ResumeAsync("review");

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["reviewed", "after"], Lines(h));
    }

    private static JsonArray Cases(params (string Label, string JavaScript, JsonObject? Activity)[] cases) =>
        new(cases.Select(c => (JsonNode)new JsonObject
        {
            ["label"] = c.Label,
            ["condition"] = new JsonObject { ["type"] = "JavaScript", ["value"] = c.JavaScript },
            ["activity"] = c.Activity,
        }).ToArray());

    [Theory]
    [InlineData("MatchFirst", 300, "big")]
    [InlineData("MatchAny", 300, "big,nonZero")]
    [InlineData("MatchAny", 0, "default")]
    public async Task Switch_Mode_RunsFirstOrEveryMatchingCaseOrTheDefault(string mode, int fee, string expected)
    {
        var @switch = With(With(Act("switch", "Elsa.Switch", ("mode", "Literal", mode)), "cases", Cases(
                ("Big", "getInput('fee') > 100", Line("big", "'big'")),
                ("NonZero", "getInput('fee') > 0", Line("nonZero", "'nonZero'")))),
            "default", Line("default", "'default'"));

        var h = await new EngineHarness().StartAsync(Around(@switch), new JsonObject { ["fee"] = fee });

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal([.. expected.Split(','), "after"], Lines(h));
    }

    [Theory]
    [InlineData("MatchFirst", 300, "big")]
    [InlineData("MatchAny", 300, "big,nonZero")]
    [InlineData("MatchFirst", 0, "default")]
    public async Task FlowSwitch_Mode_FollowsFirstOrEveryMatchingLabelOrDefault(string mode, int fee, string expected)
    {
        var wf = new WorkflowJson().Start()
            .Raw(With(Act("switch", "Elsa.FlowSwitch", ("mode", "Literal", mode)), "cases", Cases(
                ("Big", "getInput('fee') > 100", null), ("NonZero", "getInput('fee') > 0", null))))
            .Raw(Line("big", "'big'")).Raw(Line("nonZero", "'nonZero'")).Raw(Line("default", "'default'"))
            .Connect("start", "switch").Connect("switch", "big", "Big").Connect("switch", "nonZero", "NonZero").Connect("switch", "default", "Default");

        var h = await new EngineHarness().StartAsync(wf.Build(), new JsonObject { ["fee"] = fee });

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(expected.Split(','), Lines(h));
    }

    [Fact]
    public async Task FlowSwitch_ConnectionFromAPortThatIsNoCase_IsRefusedNamingIt()
    {
        var wf = new WorkflowJson().Start()
            .Raw(With(Act("switch", "Elsa.FlowSwitch"), "cases", Cases(("Big", "true", null))))
            .Raw(Line("x", "'x'")).Connect("start", "switch").Connect("switch", "x", "Small");

        var problems = new EngineHarness().Loader.Load(wf.Build()).Problems;

        Assert.Contains(problems, p => p.ActivityId == "switch" && p.Message.Contains("port 'Small'") && p.Message.Contains("Big, Default"));
    }

    [Fact]
    public async Task ForEach_Items_RunsTheBodyPerItemWithCurrentValueAndIndex_ThenRestoresThem()
    {
        var forEach = With(With(Act("loop", "Elsa.ForEach", ("items", "JavaScript", "['planning', 'land', 'fire']")),
            "body", Line("item", "`${getCurrentIndex()}:${getCurrentValue()}`")),
            "currentValue", new JsonObject { ["typeName"] = "Object", ["memoryReference"] = new JsonObject { ["id"] = "department" } });

        var h = await new EngineHarness().StartAsync(Around(forEach, ("department", null)));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["0:planning", "1:land", "2:fire", "after"], Lines(h));
        Assert.Equal("fire", h.State.Variables["department"]!.GetValue<string>());
        Assert.False(h.State.Variables.ContainsKey("CurrentValue"));
        Assert.Single(h.Journal, j => j.ActivityId == "loop" && j.EventName == "Completed");
    }

    [Fact]
    public async Task ForEach_BodyWaitsOnEachItem_NextItemStartsOnlyAfterTheResume()
    {
        var forEach = With(Act("loop", "Elsa.ForEach", ("items", "Object", "[\"a\",\"b\"]")),
            "body", Sequence("body", Act("review", "Elsa.Event", ("eventName", "Literal", "review")), Line("done", "getCurrentValue()")));

        var h = await new EngineHarness().StartAsync(Around(forEach));
        Assert.Equal(["review"], h.PendingActivities);
        Assert.Empty(Lines(h));

        await h.ResumeAsync("review");
        Assert.Equal(["a"], Lines(h));
        Assert.Equal(["review"], h.PendingActivities);

        await h.ResumeAsync("review");
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["a", "b", "after"], Lines(h));
    }

    [Fact]
    public async Task ForEach_ItemsNotAList_FaultsNamingTheValue()
    {
        var h = await new EngineHarness().StartAsync(Around(Act("loop", "Elsa.ForEach", ("items", "JavaScript", "42"))));

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Contains("Items must be a list", h.State.Fault);
        Assert.Equal("loop", h.State.FaultedActivityId);
    }

    [Fact]
    public async Task ParallelForEach_BodiesThatCompleteAtOnce_RunForEveryItemThenDone()
    {
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "[1, 2, 3]")), "body", Line("item", "String(getCurrentValue() * 10)"));

        var h = await new EngineHarness().StartAsync(Around(loop));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["10", "20", "30", "after"], Lines(h));
    }

    [Fact]
    public async Task ParallelForEach_BodiesWaitSideBySide_EachResumesWithItsOwnItem_DoneAfterTheLast()
    {
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "['planning', 'fire', 'land']")), "body",
            Sequence("body", Line("asked", "'ask ' + getCurrentValue()"), Act("review", "Elsa.Event", ("eventName", "Literal", "review")),
                Line("answered", "getCurrentValue() + ' #' + getCurrentIndex()")));

        var h = await new EngineHarness().StartAsync(Around(loop, ("CurrentValue", JsonValue.Create("outer"))));

        // Every item's body ran up to its wait: three bookmarks, one per item, side by side.
        Assert.Equal(WorkflowStatus.Suspended, h.State.Status);
        Assert.Equal(["ask planning", "ask fire", "ask land"], Lines(h));
        var waiting = h.State.Bookmarks.Where(b => b.ActivityId == "review").ToList();
        Assert.Equal(["loop:0", "loop:1", "loop:2"], waiting.Select(b => b.Scope));

        // Resumed in any order, each body continues with its own item; the loop is done after the last one.
        await h.ResumeAsync(waiting[2]);
        await h.ResumeAsync(waiting[0]);
        Assert.Equal(["land #2", "planning #0"], Lines(h).Skip(3));
        Assert.Equal(WorkflowStatus.Suspended, h.State.Status);
        Assert.False(h.Ran("loop"));
        await h.ResumeAsync(waiting[1]);

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["land #2", "planning #0", "fire #1", "after"], Lines(h).Skip(3));
        // The loop variables are what they were before the loop, and no per-item state is left behind.
        Assert.Equal("outer", h.State.Variables["CurrentValue"]!.GetValue<string>());
        Assert.DoesNotContain(h.State.ActivityState.Keys, k => k.Contains('@'));
    }

    [Fact]
    public async Task ParallelForEach_JoinInsideEachBody_WaitsOnlyForItsOwnItem()
    {
        // Each item forks into two waits and joins them; one item's join must not wait for the other item's branches.
        var body = new WorkflowJson().Activity("fork", "Elsa.FlowFork", ("branches", "Object", "[\"a\",\"b\"]"))
            .Event("a").Event("b").Activity("join", "Elsa.FlowJoin", ("mode", "Literal", "WaitAll")).Raw(Line("joined", "'joined ' + getCurrentValue()"))
            .Connect("fork", "a", "a").Connect("fork", "b", "b").Connect("a", "join").Connect("b", "join").Connect("join", "joined").Build()["root"]!.DeepClone().AsObject();
        body["id"] = "body";
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "[1, 2]")), "body", body);

        var h = await new EngineHarness().StartAsync(Around(loop));
        Assert.Equal(4, h.State.Bookmarks.Count);

        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.ActivityId == "a" && b.Scope == "loop:1"));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.ActivityId == "b" && b.Scope == "loop:1"));
        Assert.Equal(["joined 2"], Lines(h));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.ActivityId == "b" && b.Scope == "loop:0"));
        Assert.Equal(["joined 2"], Lines(h));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.ActivityId == "a"));

        Assert.Equal(["joined 2", "joined 1", "after"], Lines(h));
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
    }

    [Fact]
    public async Task ParallelForEach_NoItems_ContinuesAtOnce()
    {
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "[]")), "body", Act("review", "Elsa.Event", ("eventName", "Literal", "review")));

        var h = await new EngineHarness().StartAsync(Around(loop));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["after"], Lines(h));
    }

    [Fact]
    public async Task ParallelForEach_EachItemReadsItsOwnActivityOutputs_AfterTheOthersProducedTheirs()
    {
        // Every item computes, then waits; by the time any resumes, every item has computed. Each must read its own result.
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "['planning', 'fire']")), "body",
            Sequence("body", Act("compute", "Elsa.RunJavaScript", ("script", "Literal", "getCurrentValue() + ' fee'")),
                Act("review", "Elsa.Event", ("eventName", "Literal", "review")),
                Line("answered", "getResultFromCompute() + ' / ' + getLastResult()")));
        var after = Line("after", "'after: ' + getResultFromCompute()");

        var h = await new EngineHarness().StartAsync(new WorkflowJson().Start().Raw(loop).Raw(after).Chain("start", "loop", "after").Build());
        var waiting = h.State.Bookmarks.Where(b => b.ActivityId == "review").ToList();
        await h.ResumeAsync(waiting[0]);
        await h.ResumeAsync(waiting[1]);

        Assert.Equal(["planning fee / planning fee", "fire fee / fire fee", "after: fire fee"], Lines(h));
        // Outside the loop the latest result of any item remains, as before; the items' own copies are gone with the loop.
        Assert.Equal(["compute"], h.State.ActivityOutputs.Keys.Where(k => k.StartsWith("compute", StringComparison.Ordinal)));
        Assert.Empty(h.State.ItemLastResults);
    }

    [Fact]
    public async Task ParallelForEach_BreakInABody_EndsOnlyThatItem_TheOthersGoOn()
    {
        // Elsa's ParallelForEach does not catch Break: the item that breaks drops the rest of its body, the others finish theirs.
        var body = Sequence("body",
            With(Act("stop", "Elsa.If", ("condition", "JavaScript", "getCurrentValue() === 'fire'")), "then", Act("break", "Elsa.Break")),
            Act("review", "Elsa.Event", ("eventName", "Literal", "review")),
            Line("answered", "'answered ' + getCurrentValue()"));
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "['planning', 'fire', 'land']")), "body", body);

        var h = await new EngineHarness().StartAsync(Around(loop));

        Assert.Equal(["loop:0", "loop:2"], h.State.Bookmarks.Select(b => b.Scope));
        foreach (var bookmark in h.State.Bookmarks.ToList()) await h.ResumeAsync(bookmark);
        Assert.Equal(["answered planning", "answered land", "after"], Lines(h));
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
    }

    [Fact]
    public async Task ParallelForEach_BreakInABody_IsPassedToTheEnclosingForEach_WhichEndsAfterItsRound()
    {
        // As in Elsa: the break ends its item, the other items of this round still run, and the ForEach stops after the round.
        var inner = With(Act("inner", "Elsa.ParallelForEach", ("items", "JavaScript", "[getCurrentValue() * 10, getCurrentValue() * 10 + 1]")), "body",
            Sequence("innerBody",
                With(Act("stop", "Elsa.If", ("condition", "JavaScript", "getCurrentValue() === 11")), "then", Act("break", "Elsa.Break")),
                Line("item", "'item ' + getCurrentValue()")));
        var outer = With(Act("outer", "Elsa.ForEach", ("items", "JavaScript", "[1, 2, 3]")), "body", Sequence("round", inner, Line("roundEnd", "'round ' + getCurrentValue()")));

        var h = await new EngineHarness().StartAsync(Around(outer));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["item 10", "round 1", "after"], Lines(h));
    }

    [Fact]
    public async Task ForEach_InsideAParallelForEachItem_BreakEndsOnlyThatItemsForEach()
    {
        // The Break belongs to the ForEach of one item: the other item's ForEach, waiting in its own round, is untouched.
        // Each item's ForEach has its own CurrentValue output (read here as getCurrentValueFromEach()), and its items come from
        // the ParallelForEach item ('a1', 'a2' and 'b1', 'b2'); in its body CurrentValue is the ForEach's own.
        var forEach = With(Act("each", "Elsa.ForEach", ("items", "JavaScript", "[getCurrentValue() + 1, getCurrentValue() + 2]")), "body",
            Sequence("round", Act("review", "Elsa.Event", ("eventName", "Literal", "review")),
                With(Act("stop", "Elsa.If", ("condition", "JavaScript", "getCurrentValueFromEach() === 'a1' && getCurrentValue() === 'a1'")), "then", Act("break", "Elsa.Break")),
                Line("line", "getCurrentValue() + getCurrentValueFromEach()")));
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "['a', 'b']")), "body", forEach);

        var h = await new EngineHarness().StartAsync(Around(loop));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:1"));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:0"));
        Assert.Equal(["b1b1"], Lines(h));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:1"));

        Assert.Equal(["b1b1", "b2b2", "after"], Lines(h));
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
    }

    [Fact]
    public async Task ForEach_InsideAParallelForEachItem_BodySeesTheForEachsItem_AcrossTheOtherItemsAndRounds()
    {
        // As in Elsa, the innermost loop's CurrentValue/CurrentIndex shadow the outer ones, in every item, after every wait,
        // however the items' bodies interleave; the ForEach's items are evaluated in its ParallelForEach item.
        var forEach = With(Act("each", "Elsa.ForEach", ("items", "JavaScript", "[getCurrentValue() + 1, getCurrentValue() + 2]")), "body",
            Sequence("round", Line("asked", "getCurrentValue() + '#' + getCurrentIndex()"), Act("review", "Elsa.Event", ("eventName", "Literal", "review")),
                Line("answered", "getCurrentValue() + '#' + getCurrentIndex()")));
        var loop = With(Act("loop", "Elsa.ParallelForEach", ("items", "JavaScript", "['a', 'b']")), "body",
            Sequence("item", forEach, Line("itemDone", "'done ' + getCurrentValue() + '#' + getCurrentIndex()")));

        var h = await new EngineHarness().StartAsync(Around(loop));
        Assert.Equal(["a1#0", "b1#0"], Lines(h));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:1"));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:0"));
        Assert.Equal(["b1#0", "b2#1", "a1#0", "a2#1"], Lines(h).Skip(2));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:1"));
        await h.ResumeAsync(h.State.Bookmarks.Single(b => b.Scope == "loop:0"));

        // After its ForEach each item sees its own item again; after the loop the variables are gone as before it.
        Assert.Equal(["b2#1", "done b#1", "a2#1", "done a#0", "after"], Lines(h).Skip(6));
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.False(h.State.Variables.ContainsKey("CurrentValue"));
    }

    [Fact]
    public async Task While_ConditionReevaluatedEachRound_BreakEndsTheLoopAndSkipsTheRestOfTheRound()
    {
        // count goes 1, 2, 3; at 3 the If breaks before the line, so the loop ends although the condition still holds.
        var body = Sequence("body",
            Increment("inc"),
            With(Act("stop", "Elsa.If", ("condition", "JavaScript", "getCount() === 3")), "then", Act("break", "Elsa.Break")),
            Line("round", "'round ' + getCount()"));
        var loop = With(Act("loop", "Elsa.While", ("condition", "JavaScript", "getCount() < 10")), "body", body);

        var h = await new EngineHarness().StartAsync(Around(loop, ("count", 0)));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(["round 1", "round 2", "after"], Lines(h));
        Assert.Equal(3, h.State.Variables["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task While_ConditionFalse_EndsWithoutRunningTheBody()
    {
        var loop = With(Act("loop", "Elsa.While", ("condition", "JavaScript", "getCount() < 2")),
            "body", Increment("inc"));

        var h = await new EngineHarness().StartAsync(Around(loop, ("count", 0)));

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal(2, h.State.Variables["count"]!.GetValue<int>());
        Assert.Equal(2, h.Journal.Count(j => j.ActivityId == "inc" && j.EventName == "Completed"));
    }

    [Fact]
    public void Break_OutsideALoop_IsRefusedAtLoad()
    {
        var problems = new EngineHarness().Loader.Load(Around(With(Act("if", "Elsa.If"), "then", Act("break", "Elsa.Break")))).Problems;

        Assert.Contains(problems, p => p.ActivityId == "break" && p.Message.Contains("Break must be inside a loop"));
    }

    [Fact]
    public void Switch_CaseWithUnsupportedExpressionType_IsRefusedNamingTheCase()
    {
        var cases = Cases(("Big", "true", null));
        cases[0]!["condition"]!["type"] = "CSharp";

        var problems = new EngineHarness().Loader.Load(Around(With(Act("switch", "Elsa.Switch"), "cases", cases))).Problems;

        Assert.Contains(problems, p => p.ActivityId == "switch" && p.Message.Contains("Case 'Big'") && p.Message.Contains("'CSharp'"));
    }

    [Fact]
    public async Task Join_WaitAllInboundBlocksOnABranchNotTaken_WaitAnyDoesNot()
    {
        JsonObject Workflow(string mode) => new WorkflowJson().Start().Decision("decide", "true").Join("join", mode).Raw(Line("a", "'a'")).Raw(Line("b", "'b'"))
            .Raw(Line("joined", "'joined'"))
            .Connect("start", "decide").Connect("decide", "a", "True").Connect("decide", "b", "False")
            .Connect("a", "join").Connect("b", "join").Connect("join", "joined").Build();

        var inbound = await new EngineHarness().StartAsync(Workflow("WaitAllInbound"));
        var any = await new EngineHarness().StartAsync(Workflow("WaitAny"));

        Assert.Equal(WorkflowStatus.Suspended, inbound.State.Status);
        Assert.Equal(["join"], inbound.PendingActivities);
        Assert.Equal(["a"], Lines(inbound));
        Assert.Equal(WorkflowStatus.Finished, any.State.Status);
        Assert.Equal(["a", "joined"], Lines(any));
    }

    [Fact]
    public async Task Join_WaitAnyCancelsALoopBranch_TheBookmarkInsideItsBodyGoesToo()
    {
        var loop = With(Act("loop", "Elsa.ForEach", ("items", "Object", "[1,2]")), "body", Act("inner", "Elsa.Event", ("eventName", "Literal", "inner")));
        var wf = new WorkflowJson().Start().Fork("fork", "a", "b").Raw(loop).Event("other").Join("join", "WaitAny").Raw(Line("joined", "'joined'"))
            .Connect("start", "fork").Connect("fork", "loop", "a").Connect("fork", "other", "b")
            .Connect("loop", "join").Connect("other", "join").Connect("join", "joined").Build();

        var h = await new EngineHarness().StartAsync(wf);
        Assert.Equal(["inner", "other"], h.PendingActivities);

        await h.ResumeAsync("other");

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Empty(h.State.Bookmarks);
        Assert.Equal(["joined"], Lines(h));
    }

    [Fact]
    public void Descriptors_StructuredActivities_ShowEmbeddedPortsAndDynamicSwitchOutcomes()
    {
        var registry = ActivityRegistry.CreateDefault();
        Assert.True(registry.TryGet("Elsa.If", out var @if));
        Assert.True(registry.TryGet("Elsa.ForEach", out var forEach));

        var ports = @if.Describe().Ports;
        Assert.Contains(ports, p => p is { Name: "Then", Type: "Embedded" });
        Assert.Contains(ports, p => p is { Name: "Else", Type: "Embedded" });
        Assert.Contains(ports, p => p is { Name: "Done", Type: "Flow" });
        Assert.Contains(forEach.Describe().Inputs, i => i.Name == "items");
        Assert.Contains(forEach.Describe().Outputs.OfType<OutputDescriptor>(), o => o.Name == "CurrentValue");
        foreach (var type in new[] { "Elsa.Switch", "Elsa.FlowSwitch", "Elsa.ParallelForEach", "Elsa.While", "Elsa.Break" })
            Assert.True(registry.TryGet(type, out _), type);
    }
}
