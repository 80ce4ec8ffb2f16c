using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Archiving;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Persistence.Tests;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Archiving;

/// <summary>
/// scripts/pg-backup.sh and scripts/pg-restore.sh round trip after archiving: a host started on the restored copy (with the
/// checkpoint file copied beside the dump, as the README tells operators) verifies every audit chain and the checkpoint,
/// reads the archived journal, serves the sealed documents that still verify, and takes new stimuli.
/// </summary>
public sealed class PostgresBackupRestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DumpAndRestoreAfterArchiving_ChainsCheckpointsArchivedJournalsAndDocumentsStillVerify()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        var permit = new PermitClient(api);
        await permit.RegisterBureauSealAsync();
        var finished = await permit.StartAsync("BACKUP-1");
        await permit.AcceptAsync(finished);
        foreach (var department in PermitClient.Departments) await permit.ReviewAsync(finished, department, "Approved");
        var bureau = await api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await permit.OpenTaskIdAsync(bureau, finished), "Approved", "同意。")).EnsureSuccessStatusCode();
        var running = await permit.StartAsync("BACKUP-2"); // waits at the window: stays hot, and goes on after the restore
        var admin = await permit.Admin();
        var clerk = await permit.Clerk();
        var auditor = await api.ClientAsync("auditor-zhou", "auditor");
        api.Time.Advance(TimeSpan.FromDays(31));
        var run = await admin.PostAsJsonAsync("/api/archive/run", new { afterDays = 30 });
        Assert.Equal(1, (await run.Content.ReadFromJsonAsync<JsonObject>())!["applications"]!.GetValue<int>());
        // The checkpoint anchors the chains as archived (the system chain holds the applications.archived record).
        Assert.Equal(HttpStatusCode.Created, (await auditor.PostAsync("/api/audit/checkpoints", null)).StatusCode);
        Assert.Equal(0, await CountAsync(api.Database.ConnectionString, "journal", finished));
        var journal = await admin.GetStringAsync($"/api/instances/{finished}/journal");
        var documents = await clerk.GetStringAsync($"/api/instances/{finished}/documents");

        var dump = Path.Combine(Path.GetTempPath(), $"approvalengine-{Guid.NewGuid():N}.dump");
        var checkpoints = dump + ".audit-checkpoints.jsonl"; // backed up with the dump: the anchor lives outside the database
        var target = await PostgresServer.CreateDatabaseAsync();
        try
        {
            Assert.Equal(0, await RunAsync("scripts/pg-backup.sh", Libpq(api.Database.ConnectionString), dump));
            File.Copy(api.CheckpointFilePath, checkpoints);
            Assert.Equal(0, await RunAsync("scripts/pg-restore.sh", dump, Libpq(target)));
            Assert.NotEqual(0, await RunAsync("scripts/pg-restore.sh", dump, Libpq(target))); // never over existing data

            // Every table, the archive tables included, has all its rows; every chain verifies row by row.
            var tables = await TablesAsync(api.Database.ConnectionString);
            Assert.Contains("archive_journal", tables);
            foreach (var table in tables)
                Assert.Equal(await CountAsync(api.Database.ConnectionString, table), await CountAsync(target, table));
            await using (var source = Context(api.Database.ConnectionString))
            await using (var restored = Context(target))
            {
                var chains = await source.Set<AuditRecord>().Select(r => r.Chain).Distinct().ToListAsync();
                Assert.Superset(new HashSet<string> { AuditTrail.SystemChain, finished, running }, chains.ToHashSet());
                foreach (var chain in chains)
                {
                    var verification = await AuditTrail.VerifyAsync(restored, chain);
                    Assert.True(verification.Ok, $"{chain}: {verification.Problem}");
                    Assert.Equal((await AuditTrail.VerifyAsync(source, chain)).Records, verification.Records);
                }
                Assert.Empty(await restored.Database.GetPendingMigrationsAsync());
                Assert.True(await restored.Set<ArchivedJournalRecord>().AnyAsync(r => r.InstanceId == finished));
            }

            // A host on the copy: the checkpoint verifies, the archived journal and the documents read as before.
            await using var copy = new ApiFactory(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = target }, api.Time,
                new Dictionary<string, string> { ["Audit:Checkpoints:FilePath"] = checkpoints });
            var copyAuditor = await copy.ClientAsync("auditor-zhou", "auditor");
            foreach (var query in new[] { "", $"?instanceId={finished}", $"?instanceId={running}" })
            {
                var verify = (await copyAuditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify{query}"))!;
                output.WriteLine($"verify{query}: {verify.ToJsonString()}");
                Assert.True(verify["ok"]!.GetValue<bool>(), verify.ToJsonString());
                Assert.NotNull(verify["checkpoint"]);
                Assert.Empty(verify["findings"]!.AsArray());
            }
            var copyPermit = new PermitClient(copy);
            Assert.NotNull((await copyPermit.InstanceAsync(finished))["archivedAt"]);
            Assert.Equal(journal, await (await copyPermit.Admin()).GetStringAsync($"/api/instances/{finished}/journal"));
            var copyClerk = await copyPermit.Clerk();
            Assert.Equal(documents, await copyClerk.GetStringAsync($"/api/instances/{finished}/documents"));
            var pdf = await copyClerk.GetAsync($"/api/instances/{finished}/documents/certificate/pdf");
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            var file = new ByteArrayContent(await pdf.Content.ReadAsByteArrayAsync());
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            var verdict = await copy.CreateClient().PostAsync("/api/public/verify-pdf", new MultipartFormDataContent { { file, "file", "certificate.pdf" } });
            Assert.Equal(HttpStatusCode.OK, verdict.StatusCode);
            Assert.True((await verdict.Content.ReadFromJsonAsync<JsonObject>())!["valid"]!.GetValue<bool>());

            // The copy is live: identity sequences came along, so the waiting application goes on and its chain grows.
            await copyPermit.AcceptAsync(running);
            Assert.True(await CountAsync(target, "journal", running) > await CountAsync(api.Database.ConnectionString, "journal", running));
            var after = (await copyAuditor.GetFromJsonAsync<JsonObject>($"/api/audit/verify?instanceId={running}"))!;
            Assert.True(after["ok"]!.GetValue<bool>(), after.ToJsonString());
        }
        finally
        {
            File.Delete(dump);
            File.Delete(checkpoints);
        }
    }

    private static PostgresApprovalDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresApprovalDbContext>().UseNpgsql(connectionString).Options);

    private static async Task<List<string>> TablesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    private static async Task<long> CountAsync(string connectionString, string table, string? instanceId = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        // Table names come from information_schema or are literals here.
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM \"{table}\"" + (instanceId is null ? "" : " WHERE instance_id = @id"), connection);
        if (instanceId is not null) command.Parameters.AddWithValue("id", instanceId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The Npgsql connection string as libpq keywords, as the scripts' users pass it.</summary>
    private static string Libpq(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}" + (b.Password is { Length: > 0 } p ? $" password={p}" : "");
    }

    private async Task<int> RunAsync(string script, params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(ApiFactory.RepositoryPath(script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        output.WriteLine($"{script}: {await stdout}{await stderr}");
        return process.ExitCode;
    }
}
