using System.Collections.Concurrent;
using System.Diagnostics;
using ApprovalEngine.Bench.Hosting;
using ApprovalEngine.Bench.Reporting;

namespace ApprovalEngine.Bench.Workload;

public sealed record LevelResult(
    string Provider, int Concurrency, double Seconds, int Approvals, int Stimuli, int Requests,
    double P50, double P99, double StimulusP50, double StimulusP99, double QueryP99, int Errors, string? FirstError,
    long PeakRssBytes, double HostCores, double PostgresCores, double ClientCores, double OtherCores, int PushesDelivered)
{
    public double ApprovalsPerSecond => Approvals / Seconds;
    public double StimuliPerSecond => Stimuli / Seconds;
}

/// <summary>
/// The 3550 construction permit end to end over HTTP, as the window, the four departments and the bureau drive it:
/// start, acceptance, four reviews, the joint decision (whose transaction seals, issues the certificate and queues the
/// double push). Each simulated applicant runs permits back to back (a closed loop), so concurrency = applicants.
/// Per permit: 7 stimuli (state-changing POSTs) and 6 inbox look-ups (GETs), as PermitClient in the tests does.
/// </summary>
public sealed class PermitWorkload(ApiClient api, HostProcess host, WebhookReceiver receiver, string provider, int postmasterPid)
{
    private static readonly string[] Departments = ["planning", "land", "fire", "environment"];
    private int _approvalsDriven;

    /// <summary>Every permit this workload finished, measured or not (warm-up, drain): compared with the database afterwards.</summary>
    public int ApprovalsDriven => Volatile.Read(ref _approvalsDriven);

    public Task<LevelResult> RunLevelAsync(int concurrency, TimeSpan warmup, TimeSpan duration) =>
        LevelRunner.RunAsync(provider, concurrency, warmup, duration, host, receiver, postmasterPid,
            (w, i, window) => PermitAsync($"BENCH-{provider}-{concurrency}-{w}-{i}", window), () => Interlocked.Increment(ref _approvalsDriven));

    /// <returns>true when the permit reached its certificate (the decision's reply).</returns>
    private async Task<bool> PermitAsync(string correlationId, Window window)
    {
        var started = await window.Stimulus(api.PostAsync("/api/instances", User.Clerk,
            new { definitionId = "construction-permit-3550", correlationId, input = new { applicant = "Suzhou Industrial Park Co.", project = correlationId } }));
        if (started is null) return false;
        var id = started.Json["id"]!.GetValue<string>();

        if (!await CompleteOpenTaskAsync(window, id, User.Clerk, "Accepted", null)) return false;
        foreach (var department in Departments)
            if (!await CompleteOpenTaskAsync(window, id, User.Reviewer(department), "Approved", "Conforms.")) return false;
        if (!await CompleteOpenTaskAsync(window, id, User.Bureau, "Approved", "Approved after joint review.")) return false;
        window.Approved();
        return true;
    }

    /// <summary>The actor looks at their inbox for this application and completes the one task it shows.</summary>
    private async Task<bool> CompleteOpenTaskAsync(Window window, string instanceId, User user, string outcome, string? opinion)
    {
        var inbox = await window.Query(api.GetAsync($"/api/tasks?instanceId={instanceId}&status=open", user));
        if (inbox is null) return false;
        var items = inbox.Json["items"]!.AsArray();
        if (items.Count != 1) return window.Fail($"{user.Name} saw {items.Count} open tasks of {instanceId}, expected 1");
        var taskId = items[0]!["id"]!.GetValue<string>();
        return await window.Stimulus(api.PostAsync($"/api/tasks/{taskId}/complete", user, new { outcome, opinion })) is not null;
    }
}
