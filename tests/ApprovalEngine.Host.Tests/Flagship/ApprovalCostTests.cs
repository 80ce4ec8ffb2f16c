using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ApprovalEngine.Host.Tests.Reviews;
using ApprovalEngine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Xunit.Abstractions;

namespace ApprovalEngine.Host.Tests.Flagship;

/// <summary>
/// What one 3550 approval over HTTP costs the host, counted (never timed): EF query compilations, change-detection passes,
/// SQL statements, and whether the clerk's worklist reads grow with the database.
/// </summary>
public abstract class ApprovalCostContract(DatabaseProvider provider, ITestOutputHelper output)
{
    [Fact]
    public async Task A_warm_approval_compiles_no_query_and_the_clerks_list_reads_only_its_instance()
    {
        await using var api = await ApiFactory.CreateAsync(provider);
        var permit = new PermitClient(api);
        await permit.RegisterBureauSealAsync();
        var clerk = await permit.Clerk();
        var reviewers = new Dictionary<string, HttpClient>();
        foreach (var d in PermitClient.Departments) reviewers[d] = await permit.Reviewer(d);
        var bureau = await api.ClientAsync("director-chen", "reviewer", "bureau");
        using var counter = new DbCounter(api.Database.ConnectionString);
        var n = 0;
        async Task ApproveAsync()
        {
            var id = await permit.StartAsync($"COST-{++n}");
            await DoneAsync(clerk, id, "Accepted");
            foreach (var d in PermitClient.Departments) await DoneAsync(reviewers[d], id, "Approved");
            await DoneAsync(bureau, id, "Approved");
        }
        async Task DoneAsync(HttpClient client, string id, string outcome)
        {
            var task = await permit.OpenTaskIdAsync(client, id);
            (await PermitClient.CompleteAsync(client, task, outcome)).EnsureSuccessStatusCode();
        }

        await ApproveAsync(); // warm-up: every query compiled once
        counter.Reset();
        var allocated = GC.GetTotalAllocatedBytes(true);
        const int measured = 2;
        for (var i = 0; i < measured; i++) await ApproveAsync();
        // Process-wide (other tests may run in parallel): reported, not asserted.
        output.WriteLine($"per approval: {counter.Commands / (double)measured:F1} SQL commands, {counter.Compilations / (double)measured:F1} query compilations, " +
                         $"{counter.DetectChanges / (double)measured:F1} change-detection passes, ~{(GC.GetTotalAllocatedBytes(true) - allocated) / measured / 1024} KB allocated in the process");

        // A query compiled per request (a new expression shape each time, a constant in the tree) costs milliseconds of CPU and JIT.
        Assert.Equal(0, counter.Compilations);
        // Each pass compares every property of every tracked row; 7 stimuli per approval.
        Assert.True(counter.DetectChanges / measured <= 7 * 6, $"{counter.DetectChanges / measured} change-detection passes per approval");

        // A reviewer's own department inbox is counted on the (department, status, ...) index alone: an OR with the tasks held
        // personally made PostgreSQL read every task's heap page (2,300 pages for a 4,000-task inbox at 1M tasks).
        // In the full parallel suite a request's statements are now and then not observed at all (none of them, while the request
        // succeeds; the test alone always sees them; the cause was not found). Such a request is asked again, at most three
        // times, and the retry is printed; a request observed with other statements than expected still fails.
        async Task<List<string>> ObservedAsync(Func<Task> request, Func<string, bool> keep)
        {
            for (var attempt = 1; ; attempt++)
            {
                counter.Capture();
                await request();
                var seen = counter.Captured(keep);
                if (seen.Count > 0 || attempt == 3) return seen;
                output.WriteLine($"attempt {attempt}: no statement of the request was observed; asking again");
                await DbCounter.UntilEfSeesListenersAsync(); // in case that is what hid them
            }
        }

        // Two applications waiting in each department: a page of one is full, so its total is counted (a page that is not
        // full is the last one and needs no count, below).
        for (var i = 0; i < 2; i++) await DoneAsync(clerk, await permit.StartAsync($"COST-PAGE-{i}"), "Accepted");
        var department = PermitClient.Departments[0];
        var counts = await ObservedAsync(async () => (await reviewers[department].GetAsync($"/api/tasks?department={department}&status=open&pageSize=1")).EnsureSuccessStatusCode(),
            sql => sql.StartsWith("SELECT COUNT(*)", StringComparison.OrdinalIgnoreCase) && sql.Contains("tasks", StringComparison.Ordinal));
        var inboxCount = counts.LastOrDefault() ?? throw new InvalidOperationException("The reviewer's task count was not seen.");
        output.WriteLine(inboxCount);
        Assert.DoesNotContain("claimed_by", inboxCount, StringComparison.OrdinalIgnoreCase);

        // A full inbox page is two statements (the count; the page with its applications and its steps' clocks), however many
        // cards; a keyset page (after=) is not counted again: one; nor is a page that is not full (it is the last one): one.
        // Statements of background work (timers, outbox, live events, the directory cache) touch none of these tables and are left out.
        JsonObject first = null!, second = null!, whole = null!;
        var firstStatements = await ObservedAsync(async () =>
            first = (await reviewers[department].GetFromJsonAsync<JsonObject>($"/api/tasks?department={department}&status=open&pageSize=1"))!, WorklistTables);
        var next = first["next"]!.GetValue<string>();
        var keysetStatements = await ObservedAsync(async () =>
            second = (await reviewers[department].GetFromJsonAsync<JsonObject>($"/api/tasks?department={department}&status=open&pageSize=1&after={next}"))!, WorklistTables);
        output.WriteLine(string.Join(Environment.NewLine + "--" + Environment.NewLine, firstStatements.Concat(keysetStatements)));
        Assert.Equal(2, first["totalCount"]!.GetValue<int>());
        Assert.Single(second["items"]!.AsArray());
        Assert.Equal(2, firstStatements.Count);
        Assert.Single(keysetStatements);
        Assert.DoesNotContain(keysetStatements, sql => sql.StartsWith("SELECT COUNT(*)", StringComparison.OrdinalIgnoreCase));
        var wholeStatements = await ObservedAsync(async () =>
            whole = (await reviewers[department].GetFromJsonAsync<JsonObject>($"/api/tasks?department={department}&status=open&pageSize=50"))!, WorklistTables);
        Assert.Equal(2, whole["totalCount"]!.GetValue<int>());
        Assert.Single(wholeStatements);
        Assert.DoesNotContain(wholeStatements, sql => sql.StartsWith("SELECT COUNT(*)", StringComparison.OrdinalIgnoreCase));

        // The clerk's list counted: two applications waiting at the window, a page of one.
        for (var i = 0; i < 2; i++) await permit.StartAsync($"COST-WINDOW-{i}");
        (await clerk.GetAsync("/api/tasks?status=open&pageSize=1")).EnsureSuccessStatusCode();

        // The clerk's inbox for one application must be read through that application's rows, not by first listing every
        // application the clerk may see (a full scan of instances, with their tasks and journals, per request).
        if (provider == DatabaseProvider.Sqlite)
        {
            var (sql, parameters) = counter.LastClerkCount ?? throw new InvalidOperationException("The clerk's task count was not seen.");
            await using var connection = new SqliteConnection(api.Database.ConnectionString);
            await connection.OpenAsync();
            await using var explain = connection.CreateCommand();
            explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
            foreach (var (name, value) in parameters) explain.Parameters.AddWithValue(name, value ?? DBNull.Value);
            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
                while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
            output.WriteLine(string.Join(Environment.NewLine, plan));
            Assert.DoesNotContain(plan, step => step.StartsWith("SCAN i", StringComparison.Ordinal));
        }
    }

    private static bool WorklistTables(string sql) =>
        new[] { "FROM tasks", "FROM instances", "FROM deadlines", "FROM \"tasks\"", "FROM \"instances\"", "FROM \"deadlines\"" }
            .Any(t => sql.Contains(t, StringComparison.Ordinal));
}

/// <summary>Counts SQL commands, EF query compilations and change-detection passes of one database (other tests run in parallel).</summary>
public sealed class DbCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly string? _database;
    private readonly IDisposable _all;
    private readonly List<IDisposable> _subscriptions = [];
    private int _commands, _compilations, _detectChanges;

    public DbCounter(string connectionString)
    {
        _database = DatabaseOf(connectionString);
        _all = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>
    /// Waits out EF's logging cache: EF decides at most once a second whether anyone listens to its command events, so a
    /// listener subscribed just now sees nothing of a request sent at once (a budget met by not looking).
    /// </summary>
    public static Task UntilEfSeesListenersAsync() => Task.Delay(TimeSpan.FromSeconds(1.5));

    public int Commands => Volatile.Read(ref _commands);
    public int Compilations => Volatile.Read(ref _compilations);
    public int DetectChanges => Volatile.Read(ref _detectChanges);
    /// <summary>The last count of a clerk's acceptance tasks (the clerk's inbox), with its parameters.</summary>
    public (string Sql, List<(string Name, object? Value)> Parameters)? LastClerkCount { get; private set; }


    // The database itself (PostgreSQL's name, SQLite's file): the host adds its own settings to a PostgreSQL connection string.
    private static string? DatabaseOf(string? connectionString)
    {
        var parts = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString ?? "" };
        return (parts.TryGetValue("Database", out var name) ? name : parts.TryGetValue("Data Source", out var file) ? file : null)?.ToString();
    }

    private List<(string Sql, List<(string Name, object? Value)> Parameters)>? _captured;

    /// <summary>From now on, keep the text of every statement of this database (until <see cref="Captured"/>).</summary>
    public void Capture()
    {
        lock (_subscriptions) _captured = [];
    }

    /// <summary>The statements since <see cref="Capture"/> that <paramref name="keep"/> accepts; capturing stops.</summary>
    public List<string> Captured(Func<string, bool> keep) => CapturedWithParameters(keep).Select(s => s.Sql).ToList();

    /// <summary>As <see cref="Captured"/>, with each statement's parameters (to EXPLAIN it as it ran).</summary>
    public List<(string Sql, List<(string Name, object? Value)> Parameters)> CapturedWithParameters(Func<string, bool> keep)
    {
        lock (_subscriptions)
        {
            var captured = _captured ?? [];
            _captured = null;
            return captured.Where(s => keep(s.Sql)).ToList();
        }
    }

    public void Reset()
    {
        Interlocked.Exchange(ref _commands, 0);
        Interlocked.Exchange(ref _compilations, 0);
        Interlocked.Exchange(ref _detectChanges, 0);
    }

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name) lock (_subscriptions) _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> e)
    {
        // Only the three events counted here, and only this database's: the listener sees every context in the process.
        if (e.Key != RelationalEventId.CommandExecuted.Name && e.Key != CoreEventId.QueryCompilationStarting.Name && e.Key != CoreEventId.DetectChangesStarting.Name) return;
        if (e.Value is not DbContextEventData { Context: { } context }) return;
        try
        {
            if (DatabaseOf(context.Database.GetConnectionString()) != _database) return;
        }
        catch (ObjectDisposedException) { return; }
        if (e.Value is CommandExecutedEventData c)
        {
            Interlocked.Increment(ref _commands);
            var parameters = c.Command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList();
            lock (_subscriptions) _captured?.Add((c.Command.CommandText, parameters));
            if (c.Command.CommandText.StartsWith("SELECT COUNT(*)", StringComparison.Ordinal) && c.Command.CommandText.Contains("'Acceptance'"))
                LastClerkCount = (c.Command.CommandText, parameters);
        }
        else if (e.Key == CoreEventId.QueryCompilationStarting.Name) Interlocked.Increment(ref _compilations);
        else if (e.Key == CoreEventId.DetectChangesStarting.Name) Interlocked.Increment(ref _detectChanges);
    }

    public void OnCompleted() { }
    public void OnError(Exception error) { }

    public void Dispose()
    {
        _all.Dispose();
        lock (_subscriptions) _subscriptions.ForEach(s => s.Dispose());
    }
}

public sealed class SqliteApprovalCostTests(ITestOutputHelper output) : ApprovalCostContract(DatabaseProvider.Sqlite, output);
public sealed class PostgresApprovalCostTests(ITestOutputHelper output) : ApprovalCostContract(DatabaseProvider.Postgres, output);
