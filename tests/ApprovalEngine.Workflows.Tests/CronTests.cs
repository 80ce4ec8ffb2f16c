using ApprovalEngine.Workflows.Execution;

namespace ApprovalEngine.Workflows.Tests;

public sealed class CronTests
{
    [Theory]
    [InlineData("0 0 * * * *", "2026-03-02T10:00:00+00:00")]
    [InlineData("0 8 * * 1-5", "2026-03-03T08:00:00+00:00")]
    public async Task Cron_InAFlowchart_WaitsOnADurableTimerUntilTheNextOccurrence(string cron, string expected)
    {
        var wf = new WorkflowJson().Start().Activity("cron", "Elsa.Cron", ("cronExpression", "Literal", cron))
            .Activity("after", "Elsa.WriteLine", ("text", "Literal", "after")).Chain("start", "cron", "after").Build();

        var h = await new EngineHarness().StartAsync(wf);

        Assert.Equal(WorkflowStatus.Suspended, h.State.Status);
        Assert.Equal(DateTimeOffset.Parse(expected), h.Pending("cron").DueAt);
        await h.ResumeAsync("cron");
        Assert.Equal(WorkflowStatus.Finished, h.State.Status);
    }

    [Fact]
    public void Cron_BadExpression_IsRefusedAtLoad()
    {
        var wf = new WorkflowJson().Start().Activity("cron", "Elsa.Cron", ("cronExpression", "Literal", "0 0 99 * * *")).Chain("start", "cron").Build();

        var problems = new EngineHarness().Loader.Load(wf).Problems;

        Assert.Contains(problems, p => p.ActivityId == "cron" && p.Message.StartsWith("Error when parsing cron expression"));
    }
}
