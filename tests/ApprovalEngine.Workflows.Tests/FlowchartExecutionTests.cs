using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Workflows.Tests;

public sealed class FlowchartExecutionTests
{
    private static readonly string[] Departments = ["planning", "land", "fire", "environment"];

    private static JsonObject ForkJoin(string mode)
    {
        var wf = new WorkflowJson().Start().Fork("fork", Departments).Join("join", mode).End();
        wf.Connect("start", "fork");
        foreach (var d in Departments)
            wf.Event(d).Connect("fork", d, port: d).Connect(d, "join");
        return wf.Connect("join", "end").Build();
    }

    [Fact]
    public async Task ForkJoin_WaitAllWithFourBranches_CompletesOnlyAfterAllFourResume()
    {
        var h = await new EngineHarness().StartAsync(ForkJoin("WaitAll"));
        Assert.Equal(Departments.Order(), h.PendingActivities);

        foreach (var d in Departments.Take(3))
        {
            await h.ResumeAsync(d);
            Assert.Equal(WorkflowStatus.Suspended, h.State.Status);
            Assert.False(h.Ran("join"));
        }
        Assert.Equal(["environment"], h.PendingActivities);

        await h.ResumeAsync("environment");
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.True(h.Ran("join"));
        Assert.Single(h.Journal, j => j.ActivityId == "join" && j.EventName == "Completed");
    }

    [Fact]
    public async Task ForkJoin_WaitAny_CompletesOnFirstBranchAndCancelsTheOthers()
    {
        var h = await new EngineHarness().StartAsync(ForkJoin("WaitAny"));

        var result = await h.ResumeAsync("fire");

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Empty(h.State.Bookmarks);
        Assert.Equal(["environment", "land", "planning"], result.RemovedBookmarks.Select(b => b.ActivityId).Where(a => a != "fire").Order());
        Assert.Equal(3, h.Journal.Count(j => j.EventName == "Cancelled"));
    }

    [Theory]
    [InlineData(250_000, "approved")]
    [InlineData(10, "rejected")]
    public async Task Decision_JavaScriptConditionOnInput_TakesMatchingPort(int fee, string expected)
    {
        var wf = new WorkflowJson().Start().Decision("decide", "input.fee > 1000 && getInput('kind') === 'industrial'")
            .Event("approved").Event("rejected")
            .Connect("start", "decide").Connect("decide", "approved", "True").Connect("decide", "rejected", "False");

        var h = await new EngineHarness().StartAsync(wf.Build(), new JsonObject { ["fee"] = fee, ["kind"] = "industrial" });

        Assert.Equal([expected], h.PendingActivities);
        Assert.Contains(h.Journal, j => j.ActivityId == "decide" && j.Outcome == (expected == "approved" ? "True" : "False"));
    }

    [Theory]
    [InlineData("while (true) {}", "stopped")]
    [InlineData("(function f() { return f(); })()", "stopped")]
    [InlineData("System.IO.File.Exists('/etc/passwd')", "System is not defined")]
    [InlineData("importNamespace('System.IO')", "importNamespace is not defined")]
    public async Task Decision_HostileJavaScript_FaultsWithClearMessage(string script, string expectedMessage)
    {
        var wf = new WorkflowJson().Start().Decision("decide", script).End("yes").End("no")
            .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");
        var harness = new EngineHarness(new JavaScriptOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var h = await harness.StartAsync(wf.Build());

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Equal("decide", h.State.FaultedActivityId);
        Assert.Contains(expectedMessage, h.State.Fault);
        Assert.StartsWith("Input 'condition':", h.State.Fault);
    }

    [Theory]
    [InlineData("/^(a+)+$/.test('a'.repeat(34) + '!')")]
    [InlineData("(() => { try { return new RegExp('^(a+)+$').test('a'.repeat(34) + '!'); } catch (e) { return true; } })()")]
    [InlineData("'x'.repeat(34).search(/(x+x+)+y/) >= 0")]
    public async Task Decision_CatastrophicRegex_StopsAtTheTimeLimitWithItsCode(string script)
    {
        // Jint's regex matches used to run for its own 10 s default inside one statement, where the script's limit cannot look.
        var wf = new WorkflowJson().Start().Decision("decide", script).End("yes").End("no")
            .Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");
        var harness = new EngineHarness(new JavaScriptOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var h = await harness.StartAsync(wf.Build());

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Equal(ExpressionFailures.TimeLimit, h.State.FaultCode);
        Assert.Contains("ran longer than 200 ms", h.State.Fault);
        Assert.Equal("expression-time-limit", h.Journal.Single(j => j.EventName == "Faulted").Payload?["code"]?.GetValue<string>());
        // A correctness bound, not a benchmark: a match may start just before the deadline and get one more limit.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ForkJoin_RejectedBranchLoopsBack_OtherBranchesKeepTheirBookmarks()
    {
        // fire: review -> decision(approved?) -False-> correction -> back to review; the rest go straight to the join.
        var wf = new WorkflowJson().Variable("fire").Start().Fork("fork", Departments).Join("join").End();
        wf.Connect("start", "fork");
        foreach (var d in Departments.Where(d => d != "fire"))
            wf.Event(d).Connect("fork", d, d).Connect(d, "join");
        wf.Event("fire", resultVariable: "fire").Decision("fireOk", "variables.fire.approved === true").Event("correction")
            .Connect("fork", "fire", "fire").Connect("fire", "fireOk")
            .Connect("fireOk", "join", "True").Connect("fireOk", "correction", "False").Connect("correction", "fire");
        wf.Connect("join", "end");
        var h = await new EngineHarness().StartAsync(wf.Build());

        await h.ResumeAsync("planning");
        await h.ResumeAsync("fire", new JsonObject { ["approved"] = false });
        Assert.Equal(["correction", "environment", "land"], h.PendingActivities);

        await h.ResumeAsync("correction");
        Assert.Equal(["environment", "fire", "land"], h.PendingActivities);

        await h.ResumeAsync("fire", new JsonObject { ["approved"] = true });
        await h.ResumeAsync("land");
        Assert.Equal(["environment"], h.PendingActivities);
        Assert.False(h.Ran("join"));

        await h.ResumeAsync("environment");
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Single(h.Journal, j => j.ActivityId == "join" && j.EventName == "Completed");
    }

    [Fact]
    public async Task Delay_SuspendsOnDurableTimerDueAfterTheConfiguredSpan()
    {
        var wf = new WorkflowJson().Start().Activity("wait", "Elsa.Delay", ("timeSpan", "Literal", "02:30:00")).End().Chain("start", "wait", "end");
        var h = new EngineHarness();
        var startedAt = h.Time.GetUtcNow();

        await h.StartAsync(wf.Build());

        var timer = h.Pending("wait");
        Assert.Equal(startedAt.AddHours(2.5), timer.DueAt);
        h.Time.Advance(TimeSpan.FromHours(3));
        await h.ResumeAsync("wait");
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
    }

    [Fact]
    public async Task SetVariable_JavaScriptValue_IsVisibleToLaterConditions()
    {
        var wf = new WorkflowJson().Variable("total", 0).Start()
            .Raw(new JsonObject
            {
                ["id"] = "set", ["type"] = "Elsa.SetVariable",
                ["variable"] = new JsonObject { ["id"] = "total", ["name"] = "total", ["typeName"] = "Object" },
                ["value"] = new JsonObject { ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "input.a + input.b" } },
            })
            .Decision("big", "variables.total > 10").Event("yes").Event("no")
            .Chain("start", "set", "big").Connect("big", "yes", "True").Connect("big", "no", "False");

        var h = await new EngineHarness().StartAsync(wf.Build(), new JsonObject { ["a"] = 7, ["b"] = 5 });

        Assert.Equal(12, h.State.Variables["total"]!.GetValue<int>());
        Assert.Equal(["yes"], h.PendingActivities);
    }

    [Fact]
    public async Task Resume_BookmarkAlreadyConsumed_Throws()
    {
        var h = await new EngineHarness().StartAsync(new WorkflowJson().Start().Event("step").Event("next").Chain("start", "step", "next").Build());
        var stale = h.Pending("step").Id;
        await h.ResumeAsync("step");

        await Assert.ThrowsAsync<BookmarkNotFoundException>(() =>
            h.Engine.ResumeAsync("instance-1", h.Flowchart, h.State, stale, new ResumeStimulus()));
    }

    [Fact]
    public async Task Decision_LoopWithoutWaiting_FaultsInsteadOfSpinning()
    {
        var wf = new WorkflowJson().Start().Decision("spin", "true").Connect("start", "spin").Connect("spin", "spin", "True").End("never").Connect("spin", "never", "False");

        var h = await new EngineHarness().StartAsync(wf.Build());

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Contains("loops without waiting", h.State.Fault);
    }
}
