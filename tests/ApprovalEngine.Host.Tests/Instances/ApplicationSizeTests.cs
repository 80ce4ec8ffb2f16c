using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Npgsql;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Instances;

/// <summary>
/// What one finished 3550 approval (start, acceptance, four reviews, the bureau's decision with seal and certificate)
/// leaves in each table on PostgreSQL: rows and row bytes (pg_column_size of the row, i.e. without the 28 bytes of
/// tuple header and line pointer per row and without indexes). Printed for the README's sizing, and held to a budget so
/// that a change which makes every application much bigger shows up here.
/// </summary>
public sealed class PostgresApplicationSizeTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ApiFactory _api = null!;
    private PermitClient _permit = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        _permit = new PermitClient(_api);
        await _permit.RegisterBureauSealAsync();
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task FinishedPermit_BytesPerTable_WithinBudget()
    {
        var id = await _permit.StartAsync("SIZE-1");
        await _permit.AcceptAsync(id);
        foreach (var department in PermitClient.Departments) await _permit.ReviewAsync(id, department, "Approved");
        var bureau = await _api.ClientAsync("director-chen", "reviewer", "bureau");
        (await PermitClient.CompleteAsync(bureau, await _permit.OpenTaskIdAsync(bureau, id), "Approved", "Approved after joint review.")).EnsureSuccessStatusCode();
        Assert.Equal("Finished", (await _permit.InstanceAsync(id))["status"]!.GetValue<string>());

        var sizes = await SizesAsync(id);
        output.WriteLine("| Table | Rows | Row bytes |");
        output.WriteLine("| --- | --- | --- |");
        foreach (var (table, rows, bytes) in sizes.OrderByDescending(s => s.Bytes)) output.WriteLine($"| {table} | {rows} | {bytes:N0} |");
        output.WriteLine($"| total | {sizes.Sum(s => s.Rows)} | {sizes.Sum(s => s.Bytes):N0} |");

        var byTable = sizes.ToDictionary(s => s.Table);
        foreach (var table in new[] { "instances", "journal", "audit", "tasks", "deadlines", "sealed_documents", "certificates" })
            Assert.True(byTable.TryGetValue(table, out var s) && s.Rows > 0, $"a finished permit has rows in {table}");
        Assert.Equal(0, byTable.GetValueOrDefault("bookmarks").Rows);
        Assert.True(sizes.Sum(s => s.Bytes) < 256 * 1024, $"a finished permit takes {sizes.Sum(s => s.Bytes):N0} row bytes");
    }

    /// <summary>Every table with an instance_id column (the audit chain's head is keyed by the instance id as its chain).</summary>
    private async Task<List<(string Table, long Rows, long Bytes)>> SizesAsync(string instanceId)
    {
        await using var connection = new NpgsqlConnection(_api.Database.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<(string Table, string Column)> { ("instances", "id"), ("audit_heads", "chain") };
        await using (var list = new NpgsqlCommand(
                         "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'instance_id' ORDER BY table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add((reader.GetString(0), "instance_id"));
        var sizes = new List<(string, long, long)>();
        foreach (var (table, column) in tables)
        {
            // Table and column names come from the catalog above, not from input.
            await using var count = new NpgsqlCommand($"SELECT count(*), coalesce(sum(pg_column_size(t.*)), 0) FROM \"{table}\" t WHERE \"{column}\" = @id", connection);
            count.Parameters.AddWithValue("id", instanceId);
            await using var reader = await count.ExecuteReaderAsync();
            await reader.ReadAsync();
            sizes.Add((table, reader.GetInt64(0), reader.GetInt64(1)));
        }
        return sizes;
    }
}
