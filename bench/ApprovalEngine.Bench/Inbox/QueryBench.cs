using System.Diagnostics;
using ApprovalEngine.Bench.Hosting;
using ApprovalEngine.Bench.Reporting;
using Npgsql;

namespace ApprovalEngine.Bench.Inbox;

public sealed record QueryResult(string Name, int Requests, double HttpP50, double HttpP99, double SqlP50, double SqlP99, long TypicalTotal);

/// <summary>
/// Times the two read paths people wait on at scale: a department inbox page and an auditor's search, each over HTTP
/// (what the user sees) and as the SQL the host sends (what PostgreSQL costs), one request at a time.
/// </summary>
public sealed class QueryBench(ApiClient api, string connectionString, DateTimeOffset now, int seed = 9)
{
    // The shape EF sends for TaskService.QueryAsync and AuditApi.Search (inbox checked against the host's command log): a count
    // and the first page in the worklist's default order (due date, created, id); a keyset page (after=) is the page alone,
    // seeking with a row comparison.
    public const string InboxCount = "SELECT count(*)::int FROM tasks AS t WHERE t.department = @department AND t.status = @status";
    private const string InboxColumns = """
        SELECT t.id, t.activity_id, t.assigned_for, t.bookmark_id, t.claimed_at, t.claimed_by, t.completed_at, t.completed_by, t.context_json, t.correlation_id,
               t.created_at, t.deadline_working_days, t.definition_id, t.delegate_opinion, t.delegate_outcome, t.delegated_by, t.department, t.due_date, t.held_by,
               t.held_opinion, t.held_outcome, t.instance_id, t.instructions, t.is_overdue, t.kind, t.last_urged_on, t.materials_json, t.opinion, t.outcome,
               t.outcomes_json, t.parent_task_id, t.required_materials_json, t.revision, t.round, t.sign_mode, t.status, t.title, t.urges_today
        FROM tasks AS t
        """;
    public const string InboxPage = InboxColumns + """
         WHERE t.department = @department AND t.status = @status ORDER BY t.due_date, t.created_at, t.id LIMIT @size OFFSET @offset
        """;
    public const string InboxKeysetPage = InboxColumns + """
         WHERE t.department = @department AND t.status = @status AND (t.due_date, t.created_at, t.id) > (@due, @created, @id)
         ORDER BY t.due_date, t.created_at, t.id LIMIT @size
        """;
    public const string AuditCount = "SELECT count(*)::int FROM audit AS a WHERE a.actor = @actor AND a.timestamp >= @from";
    public const string AuditPage = """
        SELECT a.sequence, a.chain, a.timestamp, a.actor, a.roles, a.department, a.action, a.target, a.instance_id, a.summary, a.previous_hash, a.hash
        FROM audit AS a WHERE a.actor = @actor AND a.timestamp >= @from ORDER BY a.timestamp DESC, a.id DESC LIMIT @size OFFSET @offset
        """;

    /// <summary>A parameter whose type Npgsql infers from the value (an int literal would otherwise bind to the DbType overload).</summary>
    public static NpgsqlParameter P(string name, object value) => new(name, value);

    private const int PageSize = 50; // the API's default
    private readonly Random _random = new(seed);

    /// <summary>The last task of each of the first pages of the fire inbox: where each keyset page starts.</summary>
    public List<(DateOnly Due, DateTime Created, string Id)> InboxCursors { get; } = [];

    /// <summary>
    /// A fire-department reviewer pages through the open inbox as the worklist API is meant to be paged: the first page (counted),
    /// then following <c>next</c> (after=) up to page 19, then from the start again; every request timed.
    /// </summary>
    public async Task<QueryResult> InboxKeysetAsync(int requests)
    {
        var reviewer = User.Reviewer("fire");
        var total = (long)(await api.GetJsonAsync("/api/tasks?department=fire&status=open&pageSize=1", reviewer))["totalCount"]!.GetValue<int>();
        var pages = (int)Math.Clamp((total + PageSize - 1) / PageSize, 1, 20);
        string? next = null;
        var page = 0;
        var http = await TimeAsync(requests, async () =>
        {
            var reply = await api.GetAsync("/api/tasks?department=fire&status=open" + (next is null ? "" : $"&after={next}"), reviewer);
            if (!reply.Ok) throw new HttpRequestException($"inbox: {reply}");
            next = ++page < pages ? reply.Json["next"]?.GetValue<string>() : null;
            if (next is null) page = 0;
            return reply.Milliseconds;
        });
        await LoadCursorsAsync(pages);
        var sqlPage = 0;
        var sql = await TimeAsync(requests, async () =>
        {
            var k = sqlPage;
            sqlPage = (sqlPage + 1) % pages;
            var started = Stopwatch.GetTimestamp();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            if (k == 0)
            {
                await using var c = new NpgsqlCommand(InboxCount, connection);
                c.Parameters.AddRange(new[] { P("department", "fire"), P("status", "Open") });
                await c.ExecuteScalarAsync();
            }
            await using var p = new NpgsqlCommand(k == 0 ? InboxPage : InboxKeysetPage, connection);
            p.Parameters.AddRange(new[] { P("department", "fire"), P("status", "Open"), P("size", PageSize) });
            if (k == 0) p.Parameters.Add(P("offset", 0));
            else p.Parameters.AddRange(new[] { P("due", InboxCursors[k - 1].Due), P("created", InboxCursors[k - 1].Created), P("id", InboxCursors[k - 1].Id) });
            await using var reader = await p.ExecuteReaderAsync();
            while (await reader.ReadAsync()) { }
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
        return new QueryResult($"Inbox: fire, open, keyset (first page + next, pages 0-{pages - 1})", requests, Stats.Percentile(http, 50), Stats.Percentile(http, 99),
            Stats.Percentile(sql, 50), Stats.Percentile(sql, 99), total);
    }

    private async Task LoadCursorsAsync(int pages)
    {
        InboxCursors.Clear();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT due_date, created_at, id FROM tasks WHERE department = 'fire' AND status = 'Open' ORDER BY due_date, created_at, id LIMIT @n", connection);
        command.Parameters.Add(P("n", pages * PageSize));
        await using var reader = await command.ExecuteReaderAsync();
        var i = 0;
        while (await reader.ReadAsync())
            if (++i % PageSize == 0) InboxCursors.Add((reader.GetFieldValue<DateOnly>(0), reader.GetDateTime(1), reader.GetString(2)));
    }

    /// <summary>The same reviewer jumping to numbered pages (page=0-19, OFFSET): what the office's pager does.</summary>
    public async Task<QueryResult> InboxAsync(int requests)
    {
        var reviewer = User.Reviewer("fire");
        var total = (long)(await api.GetJsonAsync("/api/tasks?department=fire&status=open&pageSize=1", reviewer))["totalCount"]!.GetValue<int>();
        var pages = (int)Math.Clamp((total + PageSize - 1) / PageSize, 1, 20);
        var http = await TimeAsync(requests, async () =>
        {
            var reply = await api.GetAsync($"/api/tasks?department=fire&status=open&page={_random.Next(pages)}", reviewer);
            return reply.Ok ? reply.Milliseconds : throw new HttpRequestException($"inbox: {reply}");
        });
        var sql = await SqlTimesAsync(requests, InboxCount, InboxPage,
            () => [P("department", "fire"), P("status", "Open"), P("size", PageSize), P("offset", _random.Next(pages) * PageSize)]);
        return new QueryResult($"Inbox: fire, open, page=0-{pages - 1} (offset)", requests, Stats.Percentile(http, 50), Stats.Percentile(http, 99),
            Stats.Percentile(sql, 50), Stats.Percentile(sql, 99), total);
    }

    /// <summary>
    /// The office's worklist tabs as its page asks for them: no department named (the reviewer's inboxes and the tasks handed
    /// to them elsewhere), the first page of 20, counted. One fire officer opens 部门待办, 我的在办 and 已办 (latest handled
    /// first) in turn; each tab timed over HTTP. The SQL is several statements chosen per reader, so it is not timed alone.
    /// </summary>
    public async Task<List<QueryResult>> OfficeTabsAsync(int requests)
    {
        var officer = new User("fire-officer-01", "reviewer", "fire");
        (string Name, string Query)[] tabs =
        [
            ("Office tab 部门待办: fire, open and claimed", "view=department"),
            ("Office tab 我的在办: one officer's claimed", "view=mine&status=claimed"),
            ("Office tab 已办: fire's done, latest handled first", "view=done&status=completed&sort=completed&desc=true"),
        ];
        var results = new List<QueryResult>();
        foreach (var (name, query) in tabs)
        {
            var total = 0L;
            var http = await TimeAsync(requests, async () =>
            {
                var reply = await api.GetAsync($"/api/tasks?{query}&pageSize=20", officer);
                if (!reply.Ok) throw new HttpRequestException($"{name}: {reply}");
                total = reply.Json["totalCount"]!.GetValue<int>();
                return reply.Milliseconds;
            });
            results.Add(new QueryResult(name, requests, Stats.Percentile(http, 50), Stats.Percentile(http, 99), double.NaN, double.NaN, total));
        }
        return results;
    }

    /// <summary>
    /// The office's applications list (办件查询, GET /api/instances, newest first, page of 20, counted up to 10,000) as three
    /// readers see it: an admin (every application), a fire reviewer (the applications fire has a task on: their side is
    /// large, so the list walks the newest and asks each) and a window clerk (always walked); HTTP only, as the office asks.
    /// </summary>
    public async Task<List<QueryResult>> ApplicationsListAsync(int requests)
    {
        (string Name, User Reader)[] readers =
        [
            ("Applications list 办件查询: admin", User.Admin),
            ("Applications list 办件查询: fire reviewer", new User("fire-officer-01", "reviewer", "fire")),
            ("Applications list 办件查询: window clerk", new User("window-officer-01", "clerk", "window")),
        ];
        var results = new List<QueryResult>();
        foreach (var (name, reader) in readers)
        {
            var total = 0L;
            var http = await TimeAsync(requests, async () =>
            {
                var reply = await api.GetAsync("/api/instances?pageSize=20", reader);
                if (!reply.Ok) throw new HttpRequestException($"{name}: {reply}");
                total = reply.Json["totalCount"]!.GetValue<int>();
                return reply.Milliseconds;
            });
            results.Add(new QueryResult(name, requests, Stats.Percentile(http, 50), Stats.Percentile(http, 99), double.NaN, double.NaN, total));
        }
        return results;
    }

    /// <summary>An auditor searches one officer's actions over the last 30 days (first page).</summary>
    public async Task<QueryResult> AuditAsync(int requests)
    {
        var from = now.AddDays(-30);
        var fromText = Uri.EscapeDataString(from.ToString("O"));
        var actors = BulkLoad.Actors[..^1]; // people, not the timer
        var sample = (long)(await api.GetJsonAsync($"/api/audit?actor={actors[0]}&from={fromText}&pageSize=1", User.Auditor))["totalCount"]!.GetValue<int>();
        var http = await TimeAsync(requests, async () =>
        {
            var reply = await api.GetAsync($"/api/audit?actor={actors[_random.Next(actors.Length)]}&from={fromText}", User.Auditor);
            return reply.Ok ? reply.Milliseconds : throw new HttpRequestException($"audit: {reply}");
        });
        var sql = await SqlTimesAsync(requests, AuditCount, AuditPage,
            () => [P("actor", actors[_random.Next(actors.Length)]), P("from", from.UtcDateTime), P("size", PageSize), P("offset", 0)]);
        return new QueryResult("Audit: one actor, last 30 days, page 0", requests, Stats.Percentile(http, 50), Stats.Percentile(http, 99),
            Stats.Percentile(sql, 50), Stats.Percentile(sql, 99), sample);
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of a query with literal values, for the report.</summary>
    public async Task<List<string>> ExplainAsync(string sql, params NpgsqlParameter[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
        command.Parameters.AddRange(parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return lines;
    }

    private static async Task<List<double>> TimeAsync(int requests, Func<Task<double>> once)
    {
        for (var i = 0; i < 30; i++) await once(); // warm caches, JIT, connection pool
        var times = new List<double>(requests);
        for (var i = 0; i < requests; i++) times.Add(await once());
        return times;
    }

    /// <summary>The count and the page as the host sends them (two round trips on one pooled connection).</summary>
    private Task<List<double>> SqlTimesAsync(int requests, string count, string page, Func<NpgsqlParameter[]> parameters) =>
        TimeAsync(requests, async () =>
        {
            var ps = parameters();
            var started = Stopwatch.GetTimestamp();
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using (var c = new NpgsqlCommand(count, connection)) { c.Parameters.AddRange(ps.Take(2).Select(p => p.Clone()).ToArray()); await c.ExecuteScalarAsync(); }
            await using (var p = new NpgsqlCommand(page, connection))
            {
                p.Parameters.AddRange(ps.Select(x => x.Clone()).ToArray());
                await using var reader = await p.ExecuteReaderAsync();
                while (await reader.ReadAsync()) { }
            }
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        });
}
