using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Npgsql;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Flagship;

/// <summary>
/// A stimulus costs the same whatever else the database holds: every statement a review completion sends reads the rows of
/// its own application through an index, not every open task of every application (checked with EXPLAIN ANALYZE on
/// PostgreSQL, with thousands of other open tasks of the same department beside it).
/// </summary>
public sealed class StimulusScaleTests(ITestOutputHelper output)
{
    private const int OtherOpenTasks = 3_000;

    [Fact]
    public async Task A_review_completion_reads_only_its_own_applications_rows()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        var permit = new PermitClient(api);
        await permit.RegisterBureauSealAsync();
        var id = await permit.StartAsync("SCALE-1");
        await permit.AcceptAsync(id);
        var fire = await permit.Reviewer("fire");
        var task = await permit.OpenTaskIdAsync(fire, id);

        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        await SeedOtherOpenTasksAsync(connection, task);

        using var counter = new DbCounter(api.Database.ConnectionString);
        counter.Capture();
        (await PermitClient.CompleteAsync(fire, task, "Approved")).EnsureSuccessStatusCode();
        var statements = counter.CapturedWithParameters(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(statements);

        foreach (var (sql, parameters) in statements)
        {
            var read = await RowsReadAsync(connection, sql, parameters);
            output.WriteLine($"{read,6} rows  {sql.ReplaceLineEndings(" ")[..Math.Min(160, sql.Length)]}");
            Assert.True(read < 100, $"{read} rows read (of {OtherOpenTasks} other open tasks) by: {sql}");
        }
    }

    /// <summary>Copies of the given open task, each of another application (own id, instance and bookmark), then ANALYZE.</summary>
    private static async Task SeedOtherOpenTasksAsync(NpgsqlConnection connection, string taskId)
    {
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        string Value(string column) => column switch
        {
            "id" => "md5('task-' || g)",
            "instance_id" => "'other-' || g",
            "bookmark_id" => "md5('bookmark-' || g)",
            _ => $"t.\"{column}\"",
        };
        var insert = $"INSERT INTO tasks ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                     $"SELECT {string.Join(", ", columns.Select(Value))} FROM tasks t, generate_series(1, {OtherOpenTasks}) g WHERE t.id = @task";
        await using (var copy = new NpgsqlCommand(insert, connection) { Parameters = { new("task", taskId) } })
            Assert.Equal(OtherOpenTasks, await copy.ExecuteNonQueryAsync());
        await using var analyze = new NpgsqlCommand("ANALYZE tasks", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>Rows the plan's scans produced or threw away (EXPLAIN ANALYZE, in a transaction rolled back: a FOR UPDATE locks nothing for long).</summary>
    private static async Task<long> RowsReadAsync(NpgsqlConnection connection, string sql, List<(string Name, object? Value)> parameters)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, connection, transaction);
        foreach (var (name, value) in parameters) explain.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        var plan = JsonNode.Parse((string)(await explain.ExecuteScalarAsync())!)![0]!["Plan"]!;
        await transaction.RollbackAsync();
        return Read(plan);

        static long Read(JsonNode node)
        {
            var own = node["Node Type"]!.GetValue<string>().Contains("Scan", StringComparison.Ordinal)
                ? (long)(node["Actual Rows"]!.GetValue<double>() * node["Actual Loops"]!.GetValue<double>())
                  + (long)(node["Rows Removed by Filter"]?.GetValue<double>() ?? 0) + (long)(node["Rows Removed by Index Recheck"]?.GetValue<double>() ?? 0)
                : 0;
            return own + (node["Plans"]?.AsArray().Sum(child => Read(child!)) ?? 0);
        }
    }
}
