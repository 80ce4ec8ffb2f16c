using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Access;
using ApprovalEngine.Persistence.Storage;
using Npgsql;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Flagship;

/// <summary>
/// A stimulus costs the same whatever else the database holds: every statement that starting a permit and completing each
/// of its steps sends reads the rows of its own application through an index, not every application or every open task
/// (checked with EXPLAIN ANALYZE on PostgreSQL, with thousands of other applications and open tasks beside it).
/// </summary>
public sealed class StimulusScaleTests(ITestOutputHelper output)
{
    private const int Others = 3_000;

    [Fact]
    public async Task Starting_and_completing_a_permit_reads_only_its_own_applications_rows()
    {
        await using var rig = await ScaleRig.StartAsync();
        var (api, permit, connection, counter, clerk) = rig;
        await permit.RegisterBureauSealAsync();

        // Thousands of other applications waiting at the window (instances, deadlines and acceptance tasks copied from one).
        var model = await permit.StartAsync("SCALE-MODEL");
        var modelTask = await permit.OpenTaskIdAsync(clerk, model);
        await SeedCopiesAsync(connection, "instances", "id", model, new() { ["id"] = "'window-' || g", ["correlation_id"] = "'WINDOW-' || g" });
        await SeedCopiesAsync(connection, "deadlines", "instance_id", model, new() { ["id"] = "md5(t.id || '-' || g)", ["instance_id"] = "'window-' || g" });
        await SeedCopiesAsync(connection, "tasks", "id", modelTask,
            new() { ["id"] = "md5('window-task-' || g)", ["instance_id"] = "'window-' || g", ["bookmark_id"] = "md5('window-bookmark-' || g)" });

        var id = "";
        await ReadsFewRowsAsync("start", async () => id = await permit.StartAsync("SCALE-1"));
        await ReadsFewRowsAsync("acceptance", async () => (await PermitClient.CompleteAsync(clerk, await permit.OpenTaskIdAsync(clerk, id), "Accepted")).EnsureSuccessStatusCode());
        // ... and thousands waiting in the fire department beside the reviews.
        var fire = await permit.Reviewer("fire");
        await SeedCopiesAsync(connection, "tasks", "id", await permit.OpenTaskIdAsync(fire, id),
            new() { ["id"] = "md5('fire-task-' || g)", ["instance_id"] = "'fire-' || g", ["bookmark_id"] = "md5('fire-bookmark-' || g)" });
        foreach (var department in PermitClient.Departments)
        {
            var reviewer = await permit.Reviewer(department);
            var task = await permit.OpenTaskIdAsync(reviewer, id);
            await ReadsFewRowsAsync(department, async () => (await PermitClient.CompleteAsync(reviewer, task, "Approved")).EnsureSuccessStatusCode());
        }
        var bureau = await api.ClientAsync("director-chen", "reviewer", "bureau");
        var decision = await permit.OpenTaskIdAsync(bureau, id);
        await ReadsFewRowsAsync("decision", async () => (await PermitClient.CompleteAsync(bureau, decision, "Approved")).EnsureSuccessStatusCode());
        Assert.Equal("Finished", (await clerk.GetFromJsonAsync<JsonObject>($"/api/instances/{id}"))!["status"]!.GetValue<string>());

        Task ReadsFewRowsAsync(string step, Func<Task> request) => ReadsFewRowsOfItsOwnAsync(counter, connection, step, request);
    }

    [Fact]
    public async Task Need_to_know_looks_up_only_the_copies_of_the_application_it_opens()
    {
        await using var rig = await ScaleRig.StartAsync();
        var (api, permit, connection, counter, clerk) = rig;
        var id = await permit.StartAsync("SCALE-COPY");
        (await PermitClient.CompleteAsync(clerk, await permit.OpenTaskIdAsync(clerk, id), "Accepted")).EnsureSuccessStatusCode();
        // Fire sends the bureau a copy (抄送): the bureau has no task of the application yet, the copy alone lets it read.
        var fire = await permit.Reviewer("fire");
        (await fire.PostAsJsonAsync($"/api/tasks/{await permit.OpenTaskIdAsync(fire, id)}/copy", new { departments = new[] { "bureau" } })).EnsureSuccessStatusCode();
        // ... beside thousands of copies of other applications sent to the bureau over the years.
        await SeedCopiesAsync(connection, "task_copies", "instance_id", id, new() { ["id"] = "md5('copy-' || g)", ["instance_id"] = "'other-' || g" });
        var bureau = await api.ClientAsync("director-chen", "reviewer", "bureau");
        await ReadsFewRowsOfItsOwnAsync(counter, connection, "the bureau opens the application", async () => (await bureau.GetAsync($"/api/instances/{id}")).EnsureSuccessStatusCode());
        // Need-to-know still holds: a department without a task or a copy of it may not read it.
        var stranger = await api.ClientAsync("tax-wu", "reviewer", "tax");
        Assert.Equal(HttpStatusCode.Forbidden, (await stranger.GetAsync($"/api/instances/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_reviewers_applications_list_is_found_from_their_departments_side()
    {
        await using var rig = await ScaleRig.StartAsync();
        var (api, permit, connection, counter, clerk) = rig;
        var id = await permit.StartAsync("SCALE-LIST");
        (await PermitClient.CompleteAsync(clerk, await permit.OpenTaskIdAsync(clerk, id), "Accepted")).EnsureSuccessStatusCode();
        // Thousands of other applications under review by planning, land, fire and environment.
        await SeedOlderApplicationsLikeAsync(connection, id, "list");

        // A department that handled none of them finds that out without reading them (it read every application, asking each).
        var tax = await api.ClientAsync("tax-wu", "reviewer", "tax");
        await ReadsFewRowsOfItsOwnAsync(counter, connection, "tax lists the applications", async () =>
            Assert.Empty((await tax.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=20"))!["items"]!.AsArray()));
        // One that handled all of them lists them all, newest first, and a colleague's copy to the bureau lets the bureau see one.
        var fire = await permit.Reviewer("fire");
        var page = (await fire.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=20"))!;
        Assert.Equal(20, page["items"]!.AsArray().Count);
        Assert.Equal(Others + 1, page["totalCount"]!.GetValue<int>());
        Assert.Equal(id, page["items"]![0]!["id"]!.GetValue<string>());
        var bureau = await api.ClientAsync("director-chen", "reviewer", "bureau");
        Assert.Empty((await bureau.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=20"))!["items"]!.AsArray());
        (await fire.PostAsJsonAsync($"/api/tasks/{await permit.OpenTaskIdAsync(fire, id)}/copy", new { departments = new[] { "bureau" } })).EnsureSuccessStatusCode();
        var copied = (await bureau.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=20"))!;
        Assert.Equal([id], copied["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_reviewers_worklist_tabs_read_only_their_departments_tasks()
    {
        await using var rig = await ScaleRig.StartAsync();
        var (api, permit, connection, counter, clerk) = rig;
        var id = await permit.StartAsync("SCALE-WORKLIST");
        (await PermitClient.CompleteAsync(clerk, await permit.OpenTaskIdAsync(clerk, id), "Accepted")).EnsureSuccessStatusCode();
        var fire = await permit.Reviewer("fire");
        (await PermitClient.CompleteAsync(fire, await permit.OpenTaskIdAsync(fire, id), "Approved")).EnsureSuccessStatusCode();
        // Thousands of other applications: accepted at the window, reviewed by fire, open in planning, land and environment.
        await SeedTasksLikeAsync(connection, id, "worklist", Others);

        // The office page names no department: its tabs ask for the reviewer's inboxes (and what colleagues on leave hold).
        // A department with nothing to do or done finds that out without reading the others' tasks.
        var tax = await api.ClientAsync("tax-wu", "reviewer", "tax");
        foreach (var tab in new[] { "view=department", "view=mine&status=claimed", "view=done&status=completed" })
            await ReadsFewRowsOfItsOwnAsync(counter, connection, $"tax: {tab}", async () =>
                Assert.Empty((await tax.GetFromJsonAsync<JsonObject>($"/api/tasks?{tab}&pageSize=20"))!["items"]!.AsArray()));
        // Fire's done tab: its own 3,001 reviews, due first or (the office's order) most recently handled first, with the total.
        // The page walks fire's index in order and stops at twenty (asked together with the tasks handed to the reviewer
        // outside fire, PostgreSQL read and sorted all 3,001).
        foreach (var order in new[] { "status=completed", "sort=completed&desc=true" })
        {
            var (done, read) = await PageAsync(fire, $"view=done&{order}");
            Assert.True(read < 100, $"fire's done page ({order}) read {read} of its {Others + 1} done tasks");
            Assert.Equal(20, done["items"]!.AsArray().Count);
            Assert.Equal(Others + 1, done["totalCount"]!.GetValue<int>());
            Assert.All(done["items"]!.AsArray(), t => Assert.Equal("fire", t!["department"]!.GetValue<string>()));
        }
        // A task of planning's that fire's reviewer handled as a substitute (the latest handled), and one of planning's an
        // environment reviewer holds (the earliest due): each tab now has a part outside the reviewer's inboxes, read beside
        // the inbox and still walked to the page, where it comes first.
        await using (var handOver = new NpgsqlCommand("""
            UPDATE tasks SET status = 'Completed', claimed_by = 'reviewer-fire', completed_by = 'reviewer-fire', completed_at = (SELECT max(completed_at) FROM tasks) + interval '1 minute'
            WHERE id = (SELECT id FROM tasks WHERE instance_id = 'worklist-7' AND department = 'planning');
            UPDATE tasks SET status = 'Claimed', claimed_by = 'reviewer-environment', due_date = due_date - 30
            WHERE id = (SELECT id FROM tasks WHERE instance_id = 'worklist-8' AND department = 'planning');
            """, connection))
            Assert.Equal(2, await handOver.ExecuteNonQueryAsync());
        var (handled, handledRead) = await PageAsync(fire, "view=done&sort=completed&desc=true");
        Assert.True(handledRead < 100, $"fire's done page with a task handled outside fire read {handledRead} tasks");
        Assert.Equal(Others + 2, handled["totalCount"]!.GetValue<int>());
        Assert.Equal(("planning", "worklist-7"), (handled["items"]![0]!["department"]!.GetValue<string>(), handled["items"]![0]!["instanceId"]!.GetValue<string>()));
        Assert.All(handled["items"]!.AsArray().Skip(1), t => Assert.Equal("fire", t!["department"]!.GetValue<string>()));
        var (open, openRead) = await PageAsync(await permit.Reviewer("environment"), "view=department");
        Assert.True(openRead < 100, $"environment's open page with a task held in planning read {openRead} tasks");
        Assert.Equal(Others + 2, open["totalCount"]!.GetValue<int>());
        Assert.Equal(("planning", "worklist-8"), (open["items"]![0]!["department"]!.GetValue<string>(), open["items"]![0]!["instanceId"]!.GetValue<string>()));
        Assert.All(open["items"]!.AsArray().Skip(1), t => Assert.Equal("environment", t!["department"]!.GetValue<string>()));
        // The menu's badge counts that tab as it opens, up to 1,000: of environment's 3,002 it reads the cap's worth by the
        // tab's index (unordered, a generic plan scanned the table to find them: 10,003 rows).
        counter.Capture();
        var badge = (await (await permit.Reviewer("environment")).GetFromJsonAsync<JsonObject>("/api/tasks/pending-count"))!;
        Assert.Equal((1000, true), (badge["count"]!.GetValue<int>(), badge["capped"]!.GetValue<bool>()));
        long badgeRead = 0;
        foreach (var (sql, parameters) in counter.CapturedWithParameters(sql => sql.Contains("count(", StringComparison.OrdinalIgnoreCase)))
            badgeRead += (await RowsReadAsync(connection, sql, parameters)).Plans.Sum(plan => ReadOf(plan, "tasks"));
        output.WriteLine($"environment's badge read {badgeRead} tasks");
        Assert.InRange(badgeRead, 1000, 1010);

        // A page of the worklist and the tasks its page statement read, as it ran.
        async Task<(JsonObject Page, long TasksRead)> PageAsync(HttpClient client, string query)
        {
            counter.Capture();
            var page = (await client.GetFromJsonAsync<JsonObject>($"/api/tasks?{query}&pageSize=20"))!;
            var (sql, parameters) = counter.CapturedWithParameters(sql => sql.Contains("LIMIT", StringComparison.Ordinal)).Single();
            var read = (await RowsReadAsync(connection, sql, parameters)).Plans.Sum(plan => ReadOf(plan, "tasks"));
            output.WriteLine($"{query}: the page read {read} tasks");
            return (page, read);
        }
    }

    [Fact]
    public async Task A_list_that_sees_most_applications_walks_them_newest_first_and_stops_counting_at_ten_thousand()
    {
        const int many = ApplicationAccess.ListCountCap + 500;
        await using var rig = await ScaleRig.StartAsync();
        var (api, permit, connection, counter, clerk) = rig;
        var id = await permit.StartAsync("SCALE-WALK");
        (await PermitClient.CompleteAsync(clerk, await permit.OpenTaskIdAsync(clerk, id), "Accepted")).EnsureSuccessStatusCode();
        // Over ten thousand older applications, accepted by this clerk and under review by fire.
        await SeedOlderApplicationsLikeAsync(connection, id, "walk", many);

        var fire = await permit.Reviewer("fire");
        foreach (var (who, client) in new[] { ("fire", fire), ("the clerk", clerk) })
        {
            counter.Capture();
            var page = (await client.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=20"))!;
            // The page: the newest twenty, found within the first applications of the walk (from fire's side it read every
            // one of its applications and sorted them; asked per application without the index, the clerk's did the same).
            // How PostgreSQL asks about each (an index probe each, or one hash of the department's tasks) is its choice by
            // the tables' sizes; the applications it reads are the walk's.
            Assert.Equal(new[] { id }.Concat(Enumerable.Range(1, 19).Select(g => $"walk-{g}")), page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<string>()));
            var (sql, parameters) = counter.CapturedWithParameters(s => s.Contains("ORDER BY i.created_at DESC", StringComparison.Ordinal)).Single();
            var (_, plans) = await RowsReadAsync(connection, sql, parameters);
            var applicationsRead = plans.Sum(plan => ReadOf(plan, "instances"));
            output.WriteLine($"{who}: the page read {applicationsRead} applications");
            if (applicationsRead >= 100) output.WriteLine(string.Join("\n", plans.Select(p => p.ToJsonString())));
            Assert.True(applicationsRead < 100, $"{who}'s page read {applicationsRead} of {many} applications: {sql}");
            // The total stops at the cap and says so; a narrower search is counted exactly.
            Assert.Equal(ApplicationAccess.ListCountCap, page["totalCount"]!.GetValue<int>());
            Assert.True(page["totalCountCapped"]!.GetValue<bool>());
            var narrowed = (await client.GetFromJsonAsync<JsonObject>("/api/instances?q=WALK-77&pageSize=20"))!;
            Assert.Equal(111, narrowed["totalCount"]!.GetValue<int>());
            Assert.False(narrowed["totalCountCapped"]!.GetValue<bool>());
        }
        // Need-to-know still holds on the walk: a department that handled none of them sees none, reading few rows.
        var tax = await api.ClientAsync("tax-wu", "reviewer", "tax");
        await ReadsFewRowsOfItsOwnAsync(counter, connection, "tax lists the applications", async () =>
            Assert.Empty((await tax.GetFromJsonAsync<JsonObject>("/api/instances?pageSize=20"))!["items"]!.AsArray()));
    }

    /// <summary>
    /// A host on a fresh PostgreSQL database, a connection to explain its statements on (with the host's connection
    /// settings, so on the generic plans it forces: PostgresConnections), a counter of what it sends, and a clerk.
    /// </summary>
    private sealed record ScaleRig(ApiFactory Api, PermitClient Permit, NpgsqlConnection Connection, DbCounter Counter, HttpClient Clerk) : IAsyncDisposable
    {
        public static async Task<ScaleRig> StartAsync()
        {
            var api = await ApiFactory.CreateAsync(DatabaseProvider.Postgres);
            var permit = new PermitClient(api);
            var connection = new NpgsqlConnection(PostgresConnections.WithDefaults(api.Database.ConnectionString));
            await connection.OpenAsync();
            return new(api, permit, connection, new DbCounter(api.Database.ConnectionString), await permit.Clerk());
        }

        public async ValueTask DisposeAsync()
        {
            Counter.Dispose();
            await Connection.DisposeAsync();
            await Api.DisposeAsync();
        }
    }

    /// <summary>Runs <paramref name="request"/> and EXPLAIN ANALYZEs each SELECT it sent, as it ran: each must read fewer than 100 rows.</summary>
    private async Task ReadsFewRowsOfItsOwnAsync(DbCounter counter, NpgsqlConnection connection, string step, Func<Task> request)
    {
        counter.Capture();
        await request();
        var statements = counter.CapturedWithParameters(sql => sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase));
        Assert.NotEmpty(statements);
        output.WriteLine($"-- {step}");
        foreach (var (sql, parameters) in statements)
        {
            var (read, plans) = await RowsReadAsync(connection, sql, parameters);
            output.WriteLine($"{read,6} rows  {sql.ReplaceLineEndings(" ")[..Math.Min(160, sql.Length)]}");
            if (read >= 100) output.WriteLine(string.Join("\n", plans.Select(p => p.ToJsonString())));
            Assert.True(read < 100, $"{step}: {read} rows read (beside {Others} other applications) by: {sql}");
        }
    }

    /// <summary>
    /// <paramref name="copies"/> applications like <paramref name="id"/>, a minute older each ("prefix-g", file number
    /// "PREFIX-g"), with copies of its tasks in the same states.
    /// </summary>
    private static async Task SeedOlderApplicationsLikeAsync(NpgsqlConnection connection, string id, string prefix, int copies = Others)
    {
        await SeedCopiesAsync(connection, "instances", "id", id, new()
        {
            ["id"] = $"'{prefix}-' || g", ["correlation_id"] = $"'{prefix.ToUpperInvariant()}-' || g", ["created_at"] = "t.created_at - g * interval '1 minute'",
        }, copies);
        await SeedTasksLikeAsync(connection, id, prefix, copies);
    }

    /// <summary>Copies of the tasks of application <paramref name="id"/>, each set for application "prefix-g".</summary>
    private static Task SeedTasksLikeAsync(NpgsqlConnection connection, string id, string prefix, int copies) =>
        SeedCopiesAsync(connection, "tasks", "instance_id", id,
            new() { ["id"] = "md5(t.id || '-' || g)", ["instance_id"] = $"'{prefix}-' || g", ["bookmark_id"] = "md5(t.bookmark_id || '-' || g)" }, copies);

    /// <summary><paramref name="copies"/> copies of the rows of <paramref name="table"/> where <paramref name="column"/> = <paramref name="value"/>, with the given columns replaced (g counts the copies), then ANALYZE.</summary>
    private static async Task SeedCopiesAsync(NpgsqlConnection connection, string table, string column, string value, Dictionary<string, string> replaced, int copies = Others)
    {
        var columns = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table", connection)
                     { Parameters = { new("table", table) } })
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
        var insert = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) " +
                     $"SELECT {string.Join(", ", columns.Select(c => replaced.GetValueOrDefault(c, $"t.\"{c}\"")))} FROM {table} t, generate_series(1, {copies}) g WHERE t.\"{column}\" = @value";
        await using (var copy = new NpgsqlCommand(insert, connection) { Parameters = { new("value", value) } })
            Assert.True(await copy.ExecuteNonQueryAsync() >= copies, $"no {table} row to copy");
        await using var analyze = new NpgsqlCommand($"ANALYZE {table}", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Rows the plans' scans produced or threw away, run in a transaction rolled back (a FOR UPDATE locks nothing for long).
    /// The plans come from auto_explain, sent to this connection as notices: it also explains the statements a function runs
    /// (stimulus_working_set's reads after the lock), where EXPLAIN shows only a function scan.
    /// </summary>
    private static async Task<(long Read, List<JsonNode> Plans)> RowsReadAsync(NpgsqlConnection connection, string sql, List<(string Name, object? Value)> parameters)
    {
        var plans = new List<JsonNode>();
        void Collect(object? sender, NpgsqlNoticeEventArgs e)
        {
            if (e.Notice.MessageText.IndexOf('{') is var start and >= 0 && e.Notice.MessageText.Contains("plan:", StringComparison.Ordinal))
                plans.Add(JsonNode.Parse(e.Notice.MessageText[start..])!["Plan"]!);
        }
        connection.Notice += Collect;
        try
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var setup = new NpgsqlCommand("""
                LOAD 'auto_explain'; SET LOCAL auto_explain.log_min_duration = 0; SET LOCAL auto_explain.log_analyze = on;
                SET LOCAL auto_explain.log_nested_statements = on; SET LOCAL auto_explain.log_format = 'json'; SET LOCAL client_min_messages = log
                """, connection, transaction))
                await setup.ExecuteNonQueryAsync();
            await using (var run = new NpgsqlCommand(sql, connection, transaction))
            {
                foreach (var (name, value) in parameters) run.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
                await using var reader = await run.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            }
            await transaction.RollbackAsync();
        }
        finally { connection.Notice -= Collect; }
        Assert.NotEmpty(plans);
        return (plans.Sum(plan => ReadOf(plan, relation: null)), plans);
    }

    /// <summary>Rows a plan's scans (of <paramref name="relation"/> only, when given) produced or threw away.</summary>
    private static long ReadOf(JsonNode node, string? relation)
    {
        var own = node["Node Type"]!.GetValue<string>().Contains("Scan", StringComparison.Ordinal)
                  && (relation is null || node["Relation Name"]?.GetValue<string>() == relation)
            ? (long)(node["Actual Rows"]!.GetValue<double>() * node["Actual Loops"]!.GetValue<double>())
              + (long)(node["Rows Removed by Filter"]?.GetValue<double>() ?? 0) + (long)(node["Rows Removed by Index Recheck"]?.GetValue<double>() ?? 0)
            : 0;
        return own + (node["Plans"]?.AsArray().Sum(child => ReadOf(child!, relation)) ?? 0);
    }
}
