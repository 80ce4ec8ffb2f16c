using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Archiving;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Archiving;

/// <summary>
/// A finished 3550 permit archived after Archive:AfterDays: its journal and delivered messages leave the hot tables, and
/// everything a reader could do before still answers the same (journal, details, need-to-know, audit chain and
/// checkpoint, sealed documents and their public verification). One host and one permit per provider.
/// </summary>
public abstract class ArchiveContract(DatabaseProvider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;
    protected ITestOutputHelper Output { get; } = output;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(provider);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task FinishedPermit_ArchivedAfterItsAge_MovesItsJournalAndReadsAsBefore()
    {
        var id = await _permit.StartAsync("ARCH-1");
        await _permit.AcceptAsync(id);
        foreach (var department in PermitClient.Departments) await _permit.ReviewAsync(id, department, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "同意。")).EnsureSuccessStatusCode();
        Assert.Equal("Finished", (await _permit.InstanceAsync(id))["status"]!.GetValue<string>());
        var running = await _permit.StartAsync("ARCH-2"); // waits at the window: never archived
        var admin = await _permit.Admin();
        var clerk = await _permit.Clerk();
        var otherClerk = await _api.ClientAsync("clerk-li", "clerk"); // same window, did not start it: sees it through the journal's start line
        var journalBefore = await admin.GetStringAsync($"/api/instances/{id}/journal");
        var elsaJournalBefore = await admin.GetStringAsync($"/elsa/api/workflow-instances/{id}/journal");
        var documents = (await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/documents"))!;
        Assert.Equal(HttpStatusCode.OK, (await otherClerk.GetAsync($"/api/instances/{id}")).StatusCode);
        var auditor = await _api.ClientAsync("auditor-zhou", "auditor");
        Assert.Equal(HttpStatusCode.Created, (await auditor.PostAsync("/api/audit/checkpoints", null)).StatusCode);

        // Not old enough yet.
        Assert.Equal(0, (await PreviewAsync(admin, 30))["total"]!.GetValue<int>());
        Assert.Equal(0, (await RunAsync(admin, 30))["applications"]!.GetValue<int>());
        _api.Time.Advance(TimeSpan.FromDays(31));
        var preview = await PreviewAsync(admin, 30);
        Assert.Equal([id], preview["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));

        var hotBefore = await CountAsync<JournalRecord>(id);
        var run = await RunAsync(admin, 30);
        Assert.Equal(1, run["applications"]!.GetValue<int>());
        Assert.Equal(1, run["batches"]!.GetValue<int>());
        Assert.Equal(hotBefore, run["journalRows"]!.GetValue<long>());
        Output.WriteLine($"{provider}: moved {run["journalRows"]} journal rows and {run["outboxRows"]} outbox rows");

        // The rows moved: none hot, all in the archive; the unfinished application kept its own.
        Assert.Equal(0, await CountAsync<JournalRecord>(id));
        Assert.Equal(hotBefore, await CountAsync<ArchivedJournalRecord>(id));
        Assert.Equal(0, await CountAsync<Persistence.Outbox.OutboxRecord>(id, o => o.DeliveredAt != null && o.Channel != "notification"));
        Assert.True(await CountAsync<JournalRecord>(running) > 0);
        Assert.Equal(0, await CountAsync<ArchivedJournalRecord>(running));
        await AssertMeasuredAsync(id);

        // Reads as before.
        var instance = await _permit.InstanceAsync(id);
        Assert.NotNull(instance["archivedAt"]);
        Assert.Null((await _permit.InstanceAsync(running))["archivedAt"]);
        Assert.Equal(journalBefore, await admin.GetStringAsync($"/api/instances/{id}/journal"));
        Assert.Equal(HttpStatusCode.OK, (await otherClerk.GetAsync($"/api/instances/{id}/journal")).StatusCode);
        var stranger = await _api.ClientAsync("reviewer-tax", "reviewer", "tax");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/instances/{id}")).StatusCode);
        Assert.Equal(elsaJournalBefore, await admin.GetStringAsync($"/elsa/api/workflow-instances/{id}/journal"));

        // Audit: the application's chain and every anchored chain still verify against the checkpoint taken before.
        var verify = (await auditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={id}"))!;
        Assert.True(verify["ok"]!.GetValue<bool>(), verify.ToJsonString());
        var all = (await auditor.GetFromJsonAsync<JsonObject>("/api/audit/verify"))!;
        Assert.True(all["ok"]!.GetValue<bool>(), all.ToJsonString());
        var archived = (await auditor.GetFromJsonAsync<JsonObject>("/api/audit?action=applications.archived"))!["items"]!.AsArray();
        Assert.Equal("system", Assert.Single(archived)!["actor"]!.GetValue<string>());

        // Documents: the same list, and the certificate downloads and verifies on its own.
        static string Keys(JsonArray list) => string.Join(",", list.Select(d => $"{d!["key"]}={d["number"]}"));
        Assert.Equal(Keys(documents), Keys((await clerk.GetFromJsonAsync<JsonArray>($"/api/instances/{id}/documents"))!));
        var certificate = await clerk.GetAsync($"/api/instances/{id}/documents/certificate/pdf");
        Assert.Equal(HttpStatusCode.OK, certificate.StatusCode);
        var file = new ByteArrayContent(await certificate.Content.ReadAsByteArrayAsync());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        var verdict = await _api.CreateClient().PostAsync("/api/public/verify-pdf", new MultipartFormDataContent { { file, "file", "certificate.pdf" } });
        Assert.Equal(HttpStatusCode.OK, verdict.StatusCode);
        Assert.True((await verdict.Content.ReadFromJsonAsync<JsonObject>())!["valid"]!.GetValue<bool>());

        // Idempotent: a second run finds nothing.
        Assert.Equal(0, (await RunAsync(admin, 30))["applications"]!.GetValue<int>());
        Assert.Equal(hotBefore, await CountAsync<ArchivedJournalRecord>(id));
    }

    [Fact]
    public async Task Run_BadInput_400NamingTheFieldAndArchivesNothing()
    {
        var admin = await _permit.Admin();
        foreach (var (body, field) in new[]
                 {
                     ("""{"afterDays":0}""", "afterDays"), ("""{"afterDays":40000}""", "afterDays"),
                     ("""{"afterDays":30,"maxBatches":0}""", "maxBatches"),
                     ("{}", "afterDays"), // Archive:AfterDays is 0 (off): the age must be given
                 })
        {
            var response = await admin.PostAsync("/api/archive/run", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        }
        foreach (var (query, field) in new[] { ("afterDays=30&limit=0", "limit"), ("afterDays=-1", "afterDays"), ("", "afterDays") })
        {
            var preview = await admin.GetAsync($"/api/archive/preview?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
            Assert.Equal(field, (await preview.Content.ReadFromJsonAsync<JsonObject>())!["field"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _permit.Clerk()).PostAsJsonAsync("/api/archive/run", new { afterDays = 30 })).StatusCode);
        var audit = (await admin.GetFromJsonAsync<JsonObject>("/api/audit?action=applications.archived"))!;
        Assert.Equal(0, audit["totalCount"]!.GetValue<int>());
    }

    private static async Task<JsonObject> PreviewAsync(HttpClient admin, int days) =>
        (await admin.GetFromJsonAsync<JsonObject>($"/api/archive/preview?afterDays={days}"))!;

    private static async Task<JsonObject> RunAsync(HttpClient admin, int days)
    {
        var response = await admin.PostAsJsonAsync("/api/archive/run", new { afterDays = days });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private async Task<long> CountAsync<T>(string instanceId, System.Linq.Expressions.Expression<Func<T, bool>>? filter = null) where T : class
    {
        using var scope = _api.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var rows = db.Set<T>().Where(r => EF.Property<string>(r, "InstanceId") == instanceId);
        return await (filter is null ? rows : rows.Where(filter)).LongCountAsync();
    }

    /// <summary>PostgreSQL prints the row bytes the archive now holds for the permit (README sizing).</summary>
    protected virtual Task AssertMeasuredAsync(string instanceId) => Task.CompletedTask;

    protected ApiFactory Api => _api;
}

public sealed class SqliteArchiveTests(ITestOutputHelper output) : ArchiveContract(DatabaseProvider.Sqlite, output);

public sealed class PostgresArchiveTests(ITestOutputHelper output) : ArchiveContract(DatabaseProvider.Postgres, output)
{
    protected override async Task AssertMeasuredAsync(string instanceId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(Api.Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var table in new[] { "archive_journal", "archive_outbox", "journal", "outbox" })
        {
            // Table names are the literals above.
            await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*), coalesce(sum(pg_column_size(t.*)), 0) FROM {table} t WHERE instance_id = @id", connection);
            command.Parameters.AddWithValue("id", instanceId);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Output.WriteLine($"| {table} | {reader.GetInt64(0)} | {reader.GetInt64(1):N0} |");
        }
    }
}
