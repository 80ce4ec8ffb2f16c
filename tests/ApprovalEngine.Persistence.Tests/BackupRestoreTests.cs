using System.Diagnostics;
using ApprovalEngine.Persistence.Audit;
using ApprovalEngine.Persistence.Storage;
using ApprovalEngine.Workflows.Tests;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>scripts/pg-backup.sh and scripts/pg-restore.sh round trip: every audit chain verifies on the restored copy.</summary>
public sealed class PostgresBackupRestoreTests
{
    [Fact]
    public async Task DumpAndRestore_EveryAuditChainStillVerifies_AndEveryTableHasItsRows()
    {
        await using var store = await StoreHarness.CreateAsync(DatabaseProvider.Postgres);
        var definition = await store.DeployAsync(new WorkflowJson().Start().Event("accept").Event("review").End()
            .Chain("start", "accept", "review", "end").Build("Backup", "backup"));
        for (var i = 0; i < 3; i++)
        {
            var instance = await store.StartAsync(definition);
            await store.ResumeAsync(instance.Id, await store.BookmarkAsync(instance.Id, "accept"));
        }
        var dump = Path.Combine(Path.GetTempPath(), $"approvalengine-{Guid.NewGuid():N}.dump");
        var target = await PostgresServer.CreateDatabaseAsync();
        try
        {
            Assert.Equal(0, await RunAsync("scripts/pg-backup.sh", Libpq(store.Database.ConnectionString), dump));
            Assert.Equal(0, await RunAsync("scripts/pg-restore.sh", dump, Libpq(target)));
            Assert.NotEqual(0, await RunAsync("scripts/pg-restore.sh", dump, Libpq(target))); // never over existing data

            await using var source = Context(store.Database.ConnectionString);
            await using var restored = Context(target);
            var chains = await source.Set<AuditRecord>().Select(r => r.Chain).Distinct().ToListAsync();
            Assert.True(chains.Count >= 4); // the system chain and one per instance
            foreach (var chain in chains)
            {
                var verification = await AuditTrail.VerifyAsync(restored, chain);
                Assert.True(verification.Ok, $"{chain}: {verification.Problem}");
                Assert.Equal((await AuditTrail.VerifyAsync(source, chain)).Records, verification.Records);
            }
            foreach (var table in new[] { "instances", "journal", "bookmarks", "audit", "audit_heads", "definition_versions", "__EFMigrationsHistory" })
                Assert.Equal(await CountAsync(source, table), await CountAsync(restored, table));
            Assert.Empty(await restored.Database.GetPendingMigrationsAsync());
        }
        finally { File.Delete(dump); }
    }

    private static PostgresApprovalDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresApprovalDbContext>().UseNpgsql(connectionString).Options);

    private static async Task<long> CountAsync(ApprovalDbContext db, string table)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM \"{table}\"";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The Npgsql connection string as libpq keywords, as the scripts' users pass it.</summary>
    private static string Libpq(string connectionString)
    {
        var b = new NpgsqlConnectionStringBuilder(connectionString);
        return $"host={b.Host} port={b.Port} user={b.Username} dbname={b.Database}" + (b.Password is { Length: > 0 } p ? $" password={p}" : "");
    }

    private static async Task<int> RunAsync(string script, params string[] args)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ApprovalEngine.sln"))) dir = dir.Parent;
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(dir!.FullName, script));
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Console.WriteLine($"{script}: {await output}{await error}");
        return process.ExitCode;
    }
}
