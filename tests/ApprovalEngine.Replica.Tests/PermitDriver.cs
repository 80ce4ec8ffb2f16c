using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ApprovalEngine.Replica.Tests;

/// <summary>How one 3550 permit is driven to its end, and so what its journal and task list must show afterwards.</summary>
public sealed record PermitPlan(string CorrelationId, PermitPath Path)
{
    public const string FireCorrectionMaterial = "fire exit plan";

    /// <summary>Completed tasks expected per activity: one per review round, none for a decision the rejection made.</summary>
    public IReadOnlyDictionary<string, int> TasksPerActivity => new Dictionary<string, int>
    {
        ["acceptance"] = 1,
        ["review-planning"] = 1,
        ["review-land"] = 1,
        ["review-fire"] = Path == PermitPath.FireAsksForCorrection ? 2 : 1,
        ["review-environment"] = 1,
        ["decision"] = Path == PermitPath.LandRejects ? 0 : 1,
    };

    public int Notices => Path == PermitPath.FireAsksForCorrection ? 1 : 0;
    public string ExpectedDecision => Path == PermitPath.LandRejects ? "Denied" : "Approved";
    /// <summary>Stimuli the driver sends: start, one per task, and upload + resubmission for a correction.</summary>
    public int Stimuli => 1 + TasksPerActivity.Values.Sum() + (Notices > 0 ? 2 : 0);
}

public enum PermitPath { AllApprove, FireAsksForCorrection, LandRejects }

/// <summary>
/// Drives permits over HTTP through whichever replica answers. Every change is made so that a client may repeat it
/// after an unknown outcome (the replica died mid-request): before repeating it finds out whether the change
/// happened (the instance with this correlation id exists, the task is completed, the notice is resolved), so a
/// 409 after a lost request means "already done", never a lost step, and nothing is applied twice.
/// </summary>
public sealed class PermitDriver(ReplicaClient client, CancellationToken ct)
{
    private const int MaxAttempts = 25;
    private int _stimuli;
    private int _alreadyDone;

    public int StimuliDone => Volatile.Read(ref _stimuli);
    /// <summary>Changes whose request was lost or answered 409 but which, on checking, had been applied: the repeat was not needed.</summary>
    public int FoundAlreadyDone => Volatile.Read(ref _alreadyDone);

    public async Task<string> RunAsync(PermitPlan plan)
    {
        var id = await StartAsync(plan.CorrelationId);
        await CompleteAsync(await SingleOpenTaskAsync(id, "window"), User.Clerk, "Accepted");

        var reviews = await OpenTasksAsync(id);
        Assert.Equal(["environment", "fire", "land", "planning"], reviews.Keys.Order());
        foreach (var (department, taskId) in reviews)
        {
            var reviewer = User.Reviewer(department);
            switch (plan.Path, department)
            {
                case (PermitPath.FireAsksForCorrection, "fire"):
                    await CompleteAsync(taskId, reviewer, "NeedsCorrection", "Evacuation routes are not drawn.", [PermitPlan.FireCorrectionMaterial]);
                    await UploadAsync(id, PermitPlan.FireCorrectionMaterial);
                    await ResubmitAsync(id);
                    await CompleteAsync(await SingleOpenTaskAsync(id, "fire"), reviewer, "Approved");
                    break;
                case (PermitPath.LandRejects, "land"):
                    await CompleteAsync(taskId, reviewer, "Rejected", "The land use right expired on 2025-12-31.");
                    break;
                default:
                    await CompleteAsync(taskId, reviewer, "Approved");
                    break;
            }
        }
        if (plan.Path != PermitPath.LandRejects)
            await CompleteAsync(await SingleOpenTaskAsync(id, "bureau"), User.Bureau, "Approved", "Approved after joint review.");
        return id;
    }

    /// <summary>Starting is not idempotent by itself; the correlation id is how a client finds out whether a lost start happened.</summary>
    public async Task<string> StartAsync(string correlationId)
    {
        var body = new { definitionId = "construction-permit-3550", correlationId, input = new { applicant = "Suzhou Industrial Park Co.", project = correlationId } };
        Reply? reply = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            reply = await client.PostJsonAsync("/api/instances", User.Clerk, body, client.NextHost(), ct);
            if (reply.Status == HttpStatusCode.Created) return Done(reply.Json["id"]!.GetValue<string>());
            Expect(reply.Lost, $"start {correlationId}", reply);
            // Let PostgreSQL notice the dead client and settle its transaction before looking.
            await Task.Delay(500, ct);
            var found = (await client.GetJsonAsync($"/api/instances?correlationId={correlationId}", User.Admin, ct))["items"]!.AsArray();
            Assert.True(found.Count <= 1, $"{correlationId} was started {found.Count} times");
            if (found.Count == 1)
            {
                Interlocked.Increment(ref _alreadyDone);
                return Done(found[0]!["id"]!.GetValue<string>());
            }
        }
        throw new TimeoutException($"start {correlationId}: no attempt succeeded; last: {reply}");
    }

    public async Task CompleteAsync(string taskId, User user, string outcome, string? opinion = "Conforms.", string[]? materials = null)
    {
        Reply? reply = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            reply = await client.PostJsonAsync($"/api/tasks/{taskId}/complete", user, new { outcome, opinion, materials }, client.NextHost(), ct);
            if (reply.Status == HttpStatusCode.OK) { Done(); return; }
            Expect(reply.Lost || reply.Status == HttpStatusCode.Conflict, $"complete task {taskId}", reply);
            // Unknown outcome, or a conflict: the task's own state says whether this completion is already done.
            var task = await client.GetJsonAsync($"/api/tasks/{taskId}", User.Admin, ct);
            if (task["status"]!.GetValue<string>() == "Completed")
            {
                Assert.True(task["outcome"]!.GetValue<string>() == outcome, $"task {taskId} was completed as {task["outcome"]}, not {outcome}");
                Interlocked.Increment(ref _alreadyDone);
                Done();
                return;
            }
            await Task.Delay(100 * attempt, ct);
        }
        throw new TimeoutException($"complete task {taskId} as {outcome}: no attempt succeeded; last: {reply}");
    }

    public async Task UploadAsync(string instanceId, string name)
    {
        Reply? reply = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            // A repeated upload after a lost one only stores the same file twice, which the resubmission accepts.
            reply = await client.SendOnceAsync(HttpMethod.Post, $"/api/instances/{instanceId}/materials", User.Clerk, client.NextHost(), () => Material(name), ct);
            if (reply.Status == HttpStatusCode.Created) { Done(); return; }
            Expect(reply.Lost, $"upload {name} to {instanceId}", reply);
            await Task.Delay(100 * attempt, ct);
        }
        throw new TimeoutException($"upload {name} to {instanceId}: no attempt succeeded; last: {reply}");
    }

    public async Task ResubmitAsync(string instanceId)
    {
        Reply? reply = null;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            reply = await client.SendOnceAsync(HttpMethod.Post, $"/api/instances/{instanceId}/resubmission", User.Clerk, client.NextHost(), ct: ct);
            if (reply.Status == HttpStatusCode.OK) { Done(); return; }
            Expect(reply.Lost || reply.Status == HttpStatusCode.Conflict, $"resubmit {instanceId}", reply);
            var notices = (await client.GetJsonAsync($"/api/instances/{instanceId}/correction-notices", User.Admin, ct)).AsArray();
            if (notices.Count > 0 && notices.All(n => n!["resolvedAt"] is not null))
            {
                Interlocked.Increment(ref _alreadyDone);
                Done();
                return;
            }
            await Task.Delay(100 * attempt, ct);
        }
        throw new TimeoutException($"resubmit {instanceId}: no attempt succeeded; last: {reply}");
    }

    /// <summary>Open tasks of the instance by department (one per department at any time in this process).</summary>
    public async Task<Dictionary<string, string>> OpenTasksAsync(string instanceId)
    {
        var items = (await client.GetJsonAsync($"/api/tasks?instanceId={instanceId}&status=open&pageSize=100", User.Admin, ct))["items"]!.AsArray();
        return items.ToDictionary(t => t!["department"]!.GetValue<string>(), t => t!["id"]!.GetValue<string>());
    }

    private async Task<string> SingleOpenTaskAsync(string instanceId, string department)
    {
        var open = await OpenTasksAsync(instanceId);
        Assert.True(open.TryGetValue(department, out var taskId), $"instance {instanceId} has no open {department} task (open: {string.Join(", ", open.Keys)})");
        return taskId;
    }

    private static HttpContent Material(string name)
    {
        // A PDF header: uploads are checked by their bytes, not only by the declared type.
        var file = new ByteArrayContent([.. "%PDF-1.7\n"u8, .. Enumerable.Range(0, 2048).Select(i => (byte)(i * 31))]);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { new StringContent(name), "name" }, { file, "file", name.Replace(' ', '-') + ".pdf" } };
    }

    /// <summary>Anything but success, a lost connection or an expected conflict is a product failure: stop with its evidence.</summary>
    private static void Expect(bool acceptable, string what, Reply reply)
    {
        if (!acceptable) throw new HttpRequestException($"{what}: unexpected {reply}");
    }

    private T Done<T>(T value)
    {
        Interlocked.Increment(ref _stimuli);
        return value;
    }

    private void Done() => Interlocked.Increment(ref _stimuli);
}
