using System.Text.Json.Nodes;
using ApprovalEngine.Workflows.Execution;
using ApprovalEngine.Workflows.Expressions;

namespace ApprovalEngine.Workflows.Tests;

/// <summary>Elsa's Liquid expressions (Fluid) with Elsa's objects and filters, inside a sandbox.</summary>
public sealed class LiquidExpressionTests
{
    private static async Task<EngineHarness> RunLine(string liquid, LiquidOptions? options = null, JsonObject? input = null)
    {
        var wf = new WorkflowJson().Start().Variable("applicant", "张三").Variable("fee", 250)
            .Activity("line", "Elsa.WriteLine", ("text", "Liquid", liquid)).Chain("start", "line").Build(definitionId: "permit");
        var harness = options is null ? new EngineHarness() : new EngineHarness(liquid: options);
        return await harness.StartAsync(wf, input);
    }

    private static string Line(EngineHarness h) => h.Journal.Single(j => j.EventName == "WriteLine").Message!;

    [Fact]
    public async Task WriteLine_LiquidTemplate_SeesVariablesInputAndWorkflowObjects()
    {
        var h = await RunLine("{{ Variables.applicant }} 申请 {{ Input.item }}，费用 {{ Variables.fee | plus: 50 }}；{{ WorkflowDefinitionId }}/{{ WorkflowInstanceId }}",
            input: new JsonObject { ["item"] = "施工许可" });

        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
        Assert.Equal("张三 申请 施工许可，费用 300；permit/instance-1", Line(h));
    }

    [Fact]
    public async Task WriteLine_ElsaFilters_JsonAndBase64()
    {
        var h = await RunLine("{{ Input.doc | json }} {{ 'abc' | base64 }} {{ Input.doc | keys | join: ',' }}",
            input: new JsonObject { ["doc"] = new JsonObject { ["a"] = 1, ["b"] = "x" } });

        Assert.Equal("{\"a\":1,\"b\":\"x\"} YWJj a,b", Line(h));
    }

    [Theory]
    [InlineData(500, "True")]
    [InlineData(5, "False")]
    public async Task Decision_LiquidCondition_RendersToTextThatConvertsToTheInputType(int fee, string port)
    {
        var wf = new WorkflowJson().Start()
            .Activity("decide", "Elsa.FlowDecision", ("condition", "Liquid", "{% if Input.fee > 100 %}true{% else %}false{% endif %}"))
            .Event("yes").Event("no").Connect("start", "decide").Connect("decide", "yes", "True").Connect("decide", "no", "False");

        var h = await new EngineHarness().StartAsync(wf.Build(), new JsonObject { ["fee"] = fee });

        Assert.Contains(h.Journal, j => j.ActivityId == "decide" && j.Outcome == port);
    }

    [Theory]
    [InlineData("{% for i in (1..10000000) %}{% endfor %}", ExpressionFailures.StatementLimit)]
    [InlineData("{% for i in (1..Variables.fee) %}{% for j in (1..Variables.fee) %}{% endfor %}{% endfor %}", ExpressionFailures.StatementLimit)]
    [InlineData("{% assign n = 100000000 %}{% for i in (1..n) %}{% endfor %}", ExpressionFailures.StatementLimit)]
    [InlineData("{% for i in (1..200) %}0123456789{% endfor %}", ExpressionFailures.MemoryLimit)]
    [InlineData("{% assign s = 'xxxxxxxxxxxxxxxx' %}{% for i in (1..30) %}{% assign s = s | append: s %}{% endfor %}", ExpressionFailures.MemoryLimit)]
    [InlineData("{% capture s %}{% for i in (1..300) %}0123456789{% endfor %}{% endcapture %}", ExpressionFailures.MemoryLimit)]
    public async Task Liquid_RunawayTemplate_StopsAtItsLimitWithTheCode(string liquid, string code)
    {
        // A generous time limit: this test is about the step and size budgets, which a loaded machine must not pre-empt.
        var h = await RunLine(liquid, new LiquidOptions { MaxSteps = 10_000, MaxResultLength = 1_000, Timeout = TimeSpan.FromMinutes(1) });

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.True(code == h.State.FaultCode, h.State.Fault);
        Assert.Contains("Liquid", h.State.Fault);
    }

    [Theory]
    [InlineData("{% include 'secrets' %}")]
    [InlineData("{% render '/etc/passwd' %}")]
    public async Task Liquid_FileTags_FindNoFiles(string liquid)
    {
        var h = await RunLine(liquid);

        Assert.Equal(WorkflowStatus.Faulted, h.State.Status);
        Assert.Contains("Liquid error", h.State.Fault);
    }

    [Fact]
    public void Liquid_SyntaxError_IsRefusedAtLoadNamingTheInput()
    {
        var wf = new WorkflowJson().Start().Activity("line", "Elsa.WriteLine", ("text", "Liquid", "{% if %}")).Chain("start", "line").Build();

        var problems = new EngineHarness().Loader.Load(wf).Problems;

        Assert.Contains(problems, p => p.ActivityId == "line" && p.Message.Contains("Input 'text'") && p.Message.Contains("Liquid syntax error"));
    }
}
