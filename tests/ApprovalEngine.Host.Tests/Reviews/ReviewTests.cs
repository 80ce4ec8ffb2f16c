using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Reviews;

/// <summary>Department review steps of the 3550 permit, end to end over HTTP, on both providers.</summary>
public abstract class ReviewContract(DatabaseProvider provider) : IAsyncLifetime
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
    public async Task Acceptance_MissingMaterials_OneNoticeListsAllAndResubmissionStartsTheClock()
    {
        var id = await _permit.StartAsync();
        var clerk = await _permit.Clerk();
        string[] missing = ["site plan", "fire protection design", "environmental impact report"];

        var request = await PermitClient.CompleteAsync(clerk, await _permit.OpenTaskIdAsync(clerk, id), "CorrectionRequested", "Three materials are missing.", missing);

        Assert.Equal(HttpStatusCode.OK, request.StatusCode);
        var notices = await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/correction-notices");
        Assert.Equal(missing, Assert.Single(notices!)!["missing"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Empty(await _permit.TasksAsync(clerk, id));
        Assert.Null((await _permit.InstanceAsync(id))["variables"]!["acceptedAt"]);

        var early = await clerk.PostAsync($"/api/instances/{id}/resubmission", null);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.Contains("site plan; fire protection design; environmental impact report", await early.Content.ReadAsStringAsync());

        foreach (var material in missing) Assert.Equal(HttpStatusCode.Created, (await _permit.UploadAsync(clerk, id, material)).StatusCode);
        _api.Time.Advance(TimeSpan.FromDays(2));
        (await clerk.PostAsync($"/api/instances/{id}/resubmission", null)).EnsureSuccessStatusCode();
        var secondRound = (await _permit.TasksAsync(clerk, id)).Single()!;
        Assert.Equal(2, secondRound["round"]!.GetValue<int>());
        Assert.Null((await _permit.InstanceAsync(id))["variables"]!["acceptedAt"]);

        await _permit.AcceptAsync(id);

        var acceptedAt = (await _permit.InstanceAsync(id))["variables"]!["acceptedAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(_api.Time.GetUtcNow(), acceptedAt);
        Assert.Equal(4, (await _permit.TasksAsync(await _permit.Admin(), id)).Count);
    }

    [Fact]
    public async Task Reviews_FourDepartmentsInParallel_EachReviewerSeesOnlyTheirOwnTask()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);

        foreach (var department in PermitClient.Departments)
        {
            var reviewer = await _permit.Reviewer(department);
            var mine = await _permit.TasksAsync(reviewer, id);
            Assert.Equal(department, Assert.Single(mine)!["department"]!.GetValue<string>());
        }
        var fire = await _permit.Reviewer("fire");
        Assert.Equal(HttpStatusCode.Forbidden, (await fire.GetAsync($"/api/tasks?department=land&instanceId={id}")).StatusCode);
        var landTask = (await _permit.TasksAsync(await _permit.Admin(), id, department: "land")).Single()!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Forbidden, (await fire.GetAsync($"/api/tasks/{landTask}")).StatusCode);
        Assert.Equal(4, (await _permit.TasksAsync(await _permit.Admin(), id)).Count);
    }

    [Fact]
    public async Task Reviews_OneDepartmentRejects_WrittenDenialWithReasonsAndAppealRights()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);

        await _permit.ReviewAsync(id, "planning", "Approved");
        await _permit.ReviewAsync(id, "land", "Rejected", "The land use right expired on 2025-12-31.");
        await _permit.ReviewAsync(id, "fire", "Approved");
        await _permit.ReviewAsync(id, "environment", "Approved");

        var instance = await _permit.InstanceAsync(id);
        Assert.Equal("Finished", instance["status"]!.GetValue<string>());
        var decision = instance["variables"]!["decision"]!;
        Assert.Equal("Denied", decision["outcome"]!.GetValue<string>());
        Assert.Equal(["land: The land use right expired on 2025-12-31."], decision["reasons"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Contains("administrative reconsideration", decision["appealRights"]!.GetValue<string>());
        Assert.Contains(await _permit.JournalAsync(id), j => j!["activityId"]?.GetValue<string>() == "deniedEnd");
    }

    [Fact]
    public async Task Reviews_NeedsCorrection_ReReviewsOnlyTheDepartmentThatAsked()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        await _permit.ReviewAsync(id, "planning", "Approved");
        await _permit.ReviewAsync(id, "fire", "NeedsCorrection", "Evacuation routes are not drawn.", ["fire exit plan"]);
        var admin = await _permit.Admin();
        Assert.Equal(["environment", "land"], (await _permit.TasksAsync(admin, id)).Select(t => t!["department"]!.GetValue<string>()).Order());

        var clerk = await _permit.Clerk();
        (await _permit.UploadAsync(clerk, id, "fire exit plan")).EnsureSuccessStatusCode();
        (await clerk.PostAsync($"/api/instances/{id}/resubmission", null)).EnsureSuccessStatusCode();

        var open = await _permit.TasksAsync(admin, id);
        Assert.Equal(["environment", "fire", "land"], open.Select(t => t!["department"]!.GetValue<string>()).Order());
        Assert.Equal(2, open.Single(t => t!["department"]!.GetValue<string>() == "fire")!["round"]!.GetValue<int>());
        var allTasks = await (await _permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/tasks?instanceId={id}&pageSize=100");
        Assert.Equal(1, allTasks!["items"]!.AsArray().Count(t => t!["department"]!.GetValue<string>() == "planning"));

        await _permit.ReviewAsync(id, "fire", "Approved");
        await _permit.ReviewAsync(id, "land", "Approved");
        await _permit.ReviewAsync(id, "environment", "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "Approved after joint review.")).EnsureSuccessStatusCode();

        var instance = await _permit.InstanceAsync(id);
        Assert.Equal("Finished", instance["status"]!.GetValue<string>());
        Assert.Equal("Approved", instance["variables"]!["decision"]!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tasks_OtherDepartmentCompletes_403AndNothingChanges()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var landTask = (await _permit.TasksAsync(await _permit.Admin(), id, department: "land")).Single()!["id"]!.GetValue<string>();
        var journalBefore = (await _permit.JournalAsync(id)).Count;

        var response = await PermitClient.CompleteAsync(await _permit.Reviewer("fire"), landTask, "Approved");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Open", (await (await _permit.Admin()).GetFromJsonAsync<JsonObject>($"/api/tasks/{landTask}"))!["status"]!.GetValue<string>());
        Assert.Equal(journalBefore, (await _permit.JournalAsync(id)).Count);
    }

    [Theory]
    [InlineData("Maybe", "Looks fine.", "'outcome' must be one of: Approved, Rejected, NeedsCorrection")]
    [InlineData("Rejected", "", "needs a written 'opinion'")]
    [InlineData("Rejected", null, "needs a written 'opinion'")]
    [InlineData("NeedsCorrection", "  ", "needs a written 'opinion'")]
    public async Task Tasks_BadCompletion_400AndTaskStaysOpen(string outcome, string? opinion, string message)
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var reviewer = await _permit.Reviewer("planning");
        var task = await _permit.OpenTaskIdAsync(reviewer, id);

        var response = await PermitClient.CompleteAsync(reviewer, task, outcome, opinion);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal("Open", (await reviewer.GetFromJsonAsync<JsonObject>($"/api/tasks/{task}"))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tasks_CompletedTwice_SecondIs409()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var reviewer = await _permit.Reviewer("planning");
        var task = await _permit.OpenTaskIdAsync(reviewer, id);

        Assert.Equal(HttpStatusCode.OK, (await PermitClient.CompleteAsync(reviewer, task, "Approved")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PermitClient.CompleteAsync(reviewer, task, "Approved")).StatusCode);
    }

    [Fact]
    public async Task Tasks_FiftyConcurrentCompletes_ExactlyOneWinsAndOneJournalEntry()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var reviewer = await _permit.Reviewer("environment");
        var task = await _permit.OpenTaskIdAsync(reviewer, id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => PermitClient.CompleteAsync(reviewer, task, "Approved", $"attempt {i}")));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(49, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var journal = await _permit.JournalAsync(id);
        Assert.Single(journal, j => j!["activityId"]?.GetValue<string>() == "review-environment" && j["eventName"]!.GetValue<string>() == "Resumed");
    }

    [Fact]
    public async Task Tasks_ClaimedByColleague_OthersCannotCompleteUntilReleased()
    {
        var id = await _permit.StartAsync();
        await _permit.AcceptAsync(id);
        var wang = await _api.ClientAsync("fire-wang", "reviewer", "fire");
        var zhao = await _api.ClientAsync("fire-zhao", "reviewer", "fire");
        var task = await _permit.OpenTaskIdAsync(wang, id);

        Assert.Equal(HttpStatusCode.OK, (await wang.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await zhao.PostAsync($"/api/tasks/{task}/claim", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await PermitClient.CompleteAsync(zhao, task, "Approved")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await zhao.PostAsync($"/api/tasks/{task}/release", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await wang.PostAsync($"/api/tasks/{task}/release", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PermitClient.CompleteAsync(zhao, task, "Approved")).StatusCode);

        var events = (await _permit.JournalAsync(id)).Select(j => j!["eventName"]!.GetValue<string>()).ToList();
        Assert.Contains("TaskClaimed", events);
        Assert.Contains("TaskReleased", events);
    }

    [Theory]
    [InlineData("text/html", 100, HttpStatusCode.BadRequest)]
    [InlineData("application/pdf", 2 * 1024 * 1024, HttpStatusCode.RequestEntityTooLarge)]
    public async Task Materials_WrongTypeOrTooLarge_ClearErrorAndNothingStored(string contentType, int size, HttpStatusCode expected)
    {
        var id = await _permit.StartAsync();
        var clerk = await _permit.Clerk();

        var response = await _permit.UploadAsync(clerk, id, "site plan", contentType, size);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/materials"))!);
    }

    [Fact]
    public async Task Materials_Upload_StoredWithContentHash()
    {
        var id = await _permit.StartAsync();
        var clerk = await _permit.Clerk();

        var created = await (await _permit.UploadAsync(clerk, id, "site plan")).Content.ReadFromJsonAsync<JsonObject>();

        var bytes = PermitClient.PdfBytes();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), created!["sha256"]!.GetValue<string>());
        var download = await clerk.GetByteArrayAsync($"/api/instances/{id}/materials/{created["id"]}/content");
        Assert.Equal(bytes, download);
    }
}

public sealed class SqliteReviewTests() : ReviewContract(DatabaseProvider.Sqlite);

public sealed class PostgresReviewTests() : ReviewContract(DatabaseProvider.Postgres);
