using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApprovalEngine.Persistence.Tests;

public sealed class PostgresConnectionsTests
{
    [Fact]
    public void WithDefaults_ConnectionStringSilent_TurnsOnAutomaticPreparation()
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults("Host=db;Database=approvals;Username=app"));

        Assert.Equal(PostgresConnections.DefaultMaxAutoPrepare, result.MaxAutoPrepare);
        Assert.Equal(2, result.AutoPrepareMinUsages);
        Assert.Equal("approvals", result.Database);
        Assert.True(result.NoResetOnClose);
        Assert.Equal(PostgresConnections.GenericPlans + " " + PostgresConnections.NoJit, result.Options);
    }

    [Theory]
    [InlineData("Host=db;Options=-c search_path=app", "-c search_path=app " + PostgresConnections.GenericPlans + " " + PostgresConnections.NoJit)]
    [InlineData("Host=db;Options=-c plan_cache_mode=auto", "-c plan_cache_mode=auto " + PostgresConnections.NoJit)]
    [InlineData("Host=db;options='-c PLAN_CACHE_MODE=force_custom_plan -c JIT=on'", "-c PLAN_CACHE_MODE=force_custom_plan -c JIT=on")]
    [InlineData("Host=db;Options=-c jit_above_cost=500000", "-c jit_above_cost=500000 " + PostgresConnections.GenericPlans)]
    public void WithDefaults_OperatorGaveOptions_KeepsThemAndTheirPlanAndJitChoices(string connectionString, string expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults(connectionString)).Options);
    }

    /// <summary>Database:GenericPlans=false, behind a pooler that refuses startup options: no option is sent, the rest still applies.</summary>
    [Theory]
    [InlineData("Host=db;Database=approvals", null)]
    [InlineData("Host=db;Options=-c search_path=app", "-c search_path=app")]
    public void WithDefaults_GenericPlansOff_SendsNoStartupOptionOfItsOwn(string connectionString, string? expected)
    {
        var result = new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults(connectionString, genericPlans: false));
        Assert.Equal(expected, string.IsNullOrEmpty(result.Options) ? null : result.Options);
        Assert.True(result.NoResetOnClose);
        Assert.Equal(PostgresConnections.DefaultMaxAutoPrepare, result.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false")]
    [InlineData("Host=db;noresetonclose=False;Max Auto Prepare=5")]
    public void WithDefaults_OperatorWantsTheReset_KeepsIt(string connectionString)
    {
        Assert.False(new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults(connectionString)).NoResetOnClose);
    }

    /// <summary>
    /// The pooled connection is not reset between uses: a session setting made on one use is still there on the next (so
    /// the reset statements are not sent). The host itself never makes a session setting; this test does, to see it.
    /// </summary>
    [Fact]
    public async Task PooledConnection_ReturnedAndTakenAgain_IsNotReset()
    {
        var options = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
        var connectionString = PostgresConnections.WithDefaults(new NpgsqlConnectionStringBuilder(options.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);

        await using (var first = new NpgsqlConnection(connectionString))
        {
            await first.OpenAsync();
            await using var set = new NpgsqlCommand("SET statement_timeout = '1234s'", first);
            await set.ExecuteNonQueryAsync();
        }
        await using var second = new NpgsqlConnection(connectionString);
        await second.OpenAsync();
        await using var show = new NpgsqlCommand("SHOW statement_timeout", second);

        Assert.Equal("1234s", (string?)await show.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;maxautoprepare=10", 10)]
    public void WithDefaults_OperatorChoseAValue_KeepsIt(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults(connectionString)).MaxAutoPrepare);
    }

    [Fact]
    public Task HostContext_RepeatedStatement_IsPreparedOnTheServer() => OnHostContextAsync(async db =>
    {
        for (var i = 0; i < 3; i++) await db.Database.SqlQueryRaw<int>("SELECT 41 + 1 AS \"Value\"").ToListAsync();
        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();

        Assert.Contains(prepared, s => s.Contains("41 + 1", StringComparison.Ordinal));
    });

    /// <summary>
    /// A prepared statement of the host is planned once, generically, and not per call: PostgreSQL left to choose makes
    /// a custom plan for at least the first five executions of every prepared statement.
    /// </summary>
    [Fact]
    public Task HostContext_PreparedStatement_RunsOnAGenericPlan() => OnHostContextAsync(async db =>
    {
        foreach (var name in new[] { "pg_class", "pg_type", "pg_proc", "pg_attribute", "pg_index", "pg_am" })
            Assert.Equal(1, (await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_class WHERE relname = {name}").ToListAsync()).Single());
        var plans = await db.Database.SqlQueryRaw<PlanCounts>(
            "SELECT generic_plans AS \"Generic\", custom_plans AS \"Custom\" FROM pg_prepared_statements WHERE statement LIKE '%FROM pg_class WHERE relname =%'").ToListAsync();

        var counts = Assert.Single(plans);
        Assert.Equal(0, counts.Custom);
        Assert.True(counts.Generic >= 4, $"{counts.Generic} executions on the generic plan");
    });

    /// <summary>
    /// The host's connections do not JIT-compile: a statement estimated far above jit_above_cost (a cross join of the
    /// catalogue) runs without compiling itself, where the server's default compiles it on every execution.
    /// </summary>
    [Fact]
    public Task HostContext_CostlyStatement_IsNotJitCompiled() => OnHostContextAsync(async db =>
    {
        var connection = db.Database.GetDbConnection();
        async Task<string> ScalarAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync())!;
        }
        const string costly = "EXPLAIN (ANALYZE, FORMAT JSON) SELECT count(*) FROM pg_attribute a, pg_attribute b WHERE a.attnum < b.attnum";

        Assert.Equal("off", await ScalarAsync("SELECT current_setting('jit')"));
        Assert.DoesNotContain("\"JIT\"", await ScalarAsync(costly));
        // The same statement with the server's default, where the server can compile (LLVM installed, as on this machine).
        if (await ScalarAsync("SELECT pg_jit_available()") == "True")
        {
            await ScalarAsync("SET jit = on");
            Assert.Contains("\"JIT\"", await ScalarAsync(costly));
        }
    });

    /// <summary>Database:GenericPlans=false reaches the host's connections: the server's own defaults (auto, and its jit) apply.</summary>
    [Fact]
    public Task HostContext_GenericPlansOff_LeavesTheServerDefault() => OnHostContextAsync(async db =>
    {
        var mode = await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").ToListAsync();
        Assert.Equal("auto", Assert.Single(mode));
        var jit = await db.Database.SqlQueryRaw<string>("SELECT current_setting('jit') AS \"Value\"").ToListAsync();
        Assert.Equal("on", Assert.Single(jit));
    }, genericPlans: false);

    /// <summary>Runs <paramref name="test"/> on a context of a fresh database, built as the host builds it, its connection open.</summary>
    private static async Task OnHostContextAsync(Func<ApprovalDbContext, Task> test, bool genericPlans = true)
    {
        var options = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
        options.GenericPlans = genericPlans;
        await using var services = new ServiceCollection().AddApprovalPersistence(options).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        await db.Database.OpenConnectionAsync();

        await test(db);
    }

    private sealed record PlanCounts(long Generic, long Custom);
}
