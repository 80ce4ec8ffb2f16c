using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Security;

/// <summary>
/// Legitimate concurrent stimuli on one instance (different tasks, several uploads) all succeed: they queue on
/// the instance lock instead of failing after a few optimistic retries.
/// </summary>
public abstract class ConcurrencyContract(DatabaseProvider provider) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task FourDepartmentReviewsCompletedAtOnce_AllSucceedAndTheJoinProceedsOnce()
    {
        // Ten permits, so that forty completions race in one burst, four per instance.
        var ids = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var id = await _permit.StartAsync($"JS-RACE-{i}");
            await _permit.AcceptAsync(id);
            ids.Add(id);
        }
        var reviewers = new Dictionary<string, HttpClient>();
        foreach (var department in PermitClient.Departments) reviewers[department] = await _permit.Reviewer(department);
        var work = new List<(HttpClient Client, string TaskId)>();
        foreach (var id in ids)
        foreach (var department in PermitClient.Departments)
            work.Add((reviewers[department], await _permit.OpenTaskIdAsync(reviewers[department], id)));

        var responses = await Task.WhenAll(work.Select(w => PermitClient.CompleteAsync(w.Client, w.TaskId, "Approved")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var admin = await _permit.Admin();
        foreach (var id in ids)
        {
            // The join fired exactly once: one joint-decision task for the bureau, one journal line of the join completing.
            Assert.Single(await _permit.TasksAsync(admin, id, department: "bureau"));
            var journal = await _permit.JournalAsync(id);
            Assert.Equal(4, journal.Count(j => j!["eventName"]!.GetValue<string>() == "Resumed" && j["actor"]!.GetValue<string>().StartsWith("reviewer-", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public async Task ThirtyParallelUploadsToOneApplication_AllStored()
    {
        var id = await _permit.StartAsync();
        var clerk = await _permit.Clerk();

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => _permit.UploadAsync(clerk, id, $"attachment {i}")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(30, (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!.Count);
        Assert.Equal(30, (await _permit.JournalAsync(id)).Count(j => j!["eventName"]!.GetValue<string>() == "MaterialSupplied"));
    }
}

public sealed class SqliteConcurrencyTests() : ConcurrencyContract(DatabaseProvider.Sqlite);
public sealed class PostgresConcurrencyTests() : ConcurrencyContract(DatabaseProvider.Postgres);
