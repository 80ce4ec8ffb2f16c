using System.Net.Http.Json;
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
    public async Task Every_completion_of_a_permit_reads_only_its_own_applications_rows()
    {
        await using var api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
        var permit = new PermitClient(api);
        await permit.RegisterBureauSealAsync();
        var id = await permit.StartAsync("SCALE-1");
        await using var connection = new NpgsqlConnection(api.Database.ConnectionString);
        await connection.OpenAsync();
        using var counter = new DbCounter(api.Database.ConnectionString);

        // Beside the window's acceptance task, thousands of other applications waiting at the window; beside the department
        // reviews, thousands waiting in the fire department.
        var clerk = await permit.Clerk();
        var acceptance = await permit.OpenTaskIdAsync(clerk, id);
        await SeedOtherOpenTasksAsync(connection, acceptance, "window");
        await CompleteReadingFewRowsAsync(clerk, acceptance, "Accepted");
        var fire = await permit.Reviewer("fire");
        await SeedOtherOpenTasksAsync(connection, await permit.OpenTaskIdAsync(fire, id), "fire");
        foreach (var department in PermitClient.Departments)
        {
            var reviewer = await permit.Reviewer(department);
            await CompleteReadingFewRowsAsync(reviewer, await permit.OpenTaskIdAsync(reviewer, id), "Approved");
        }
        var bureau = await api.ClientAsync("director-chen", "reviewer", "bureau");
        await CompleteReadingFewRowsAsync(bureau, await permit.OpenTaskIdAsync(bureau, id), "Approved");
        Assert.Equal("Finished", (await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["status"]!.GetValue<string>());

        async Task CompleteReadingFewRowsAsync(HttpClient client, string task, string outcome)
        {
            counter.Capture();
            (await PermitClient.CompleteAsync(client, task, outcome)).EnsureSuccessStatusCode();
            var statements = counter.CapturedWithParameters(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
            Assert.NotEmpty(statements);
            output.WriteLine($"-- {outcome} {task}");
            foreach (var (sql, parameters) in statements)
            {
                var read = await RowsReadAsync(connection, sql, parameters);
                output.WriteLine($"{read,6} rows  {sql.ReplaceLineEndings(" ")[..Math.Min(160, sql.Length)]}");
                Assert.True(read < 100, $"{read} rows read (beside {OtherOpenTasks} other open tasks) by: {sql}");
            }
        }
    }

    /// <summary>Copies of the given open task, each of another application (own id, instance and bookmark), then ANALYZE.</summary>
    private static async Task SeedOtherOpenTasksAsync(NpgsqlConnection connection, string taskId, string prefix)
    {
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'tasks'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        string Value(string column) => column switch
        {
            "id" => $"md5('{prefix}-task-' || g)",
            "instance_id" => $"'{prefix}-' || g",
            "bookmark_id" => $"md5('{prefix}-bookmark-' || g)",
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
