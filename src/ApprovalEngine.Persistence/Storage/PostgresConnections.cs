using System.Data.Common;
using Npgsql;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>What the host adds to a PostgreSQL connection string the operator did not tune.</summary>
public static class PostgresConnections
{
    /// <summary>Statements kept prepared per pooled connection when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 128;

    /// <summary>The startup option that makes PostgreSQL reuse one plan per prepared statement (see <see cref="WithDefaults"/>).</summary>
    public const string GenericPlans = "-c plan_cache_mode=force_generic_plan";

    /// <summary>The startup option that turns off PostgreSQL's JIT compilation of plans (see <see cref="WithDefaults"/>).</summary>
    public const string NoJit = "-c jit=off";

    /// <summary>
    /// What the host sets on a PostgreSQL connection string unless the operator set it:
    /// <list type="bullet">
    /// <item>Automatic preparation: a stimulus sends the same few dozen statements every time, and unprepared PostgreSQL
    /// parses and plans each of them again (the benchmark at 4 applicants: 114 ms of PostgreSQL CPU per 3550 approval
    /// unprepared, 68 ms prepared). A statement is prepared on a connection after its second use there and stays prepared
    /// across returns to the pool.</item>
    /// <item>No reset on close: EF returns the connection to the pool after every query outside a transaction, and Npgsql
    /// then sent seven statements (RESET ALL, SET SESSION AUTHORIZATION DEFAULT, CLOSE ALL, UNLISTEN *, advisory unlock,
    /// two DISCARDs) ahead of the next use: 22 resets, 154 statements, per fork/join instance against about 60 that do the
    /// work (pg_stat_statements). The host keeps no session state to reset: the lock timeout is set per transaction
    /// (set_config(..., true)), and nothing LISTENs, takes session advisory locks or makes temporary tables.</item>
    /// <item>Generic plans for prepared statements (<c>plan_cache_mode=force_generic_plan</c>, sent as a startup option).
    /// Left to choose, PostgreSQL planned the two statements every request sends afresh on most calls: the working-set read
    /// of each stimulus and the worklist page of each look-up, 0.30 and 0.50 ms of planning per call against 0.20 and
    /// 0.12 ms of execution (pg_stat_statements, benchmark at 16 applicants). Its choice compares a generic plan's estimate
    /// with the average of the custom plans made so far, and on the benchmark's growing tables it mostly chose to plan again.
    /// Forced, planning went from 1.2-2.0 s to 7-12 ms per 30-second run with no slower execution. Every statement is the
    /// host's own, written against its indexes (none is typed by a user), so a plan that holds for any parameter value is
    /// the one wanted; StimulusScaleTests and the inbox pages at 1M tasks in bench/run.sh run on it. A plan_cache_mode in
    /// the operator's Options is kept; other Options get this one appended. With <paramref name="genericPlans"/> false
    /// (Database:GenericPlans, for a pooler that refuses startup options) nothing is added to Options.</item>
    /// <item>No JIT (<c>jit=off</c>, a startup option too, kept out the same way). PostgreSQL compiles a plan to machine code
    /// when its estimated cost passes jit_above_cost, and it does so on every execution: nothing of it is kept with a
    /// prepared statement. A generic plan is estimated for any parameter value, so at scale a list statement can pass the
    /// threshold while it reads a handful of rows: the applications list of a department at 100,000 applications ran in
    /// 0.6 ms and spent 405 ms compiling itself first (EXPLAIN ANALYZE, docs/performance.md). The host's statements read
    /// few rows each; none gains from compilation. A jit setting in the operator's Options is kept.</item>
    /// </list>
    /// </summary>
    public static string WithDefaults(string connectionString, bool genericPlans = true)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Says(given, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
            if (!Says(given, "AutoPrepareMinUsages")) builder.AutoPrepareMinUsages = 2;
        }
        if (!Says(given, "NoResetOnClose")) builder.NoResetOnClose = true;
        var options = builder.Options ?? "";
        if (genericPlans && !options.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase))
            options = (options + " " + GenericPlans).Trim();
        if (genericPlans && !options.Contains("jit", StringComparison.OrdinalIgnoreCase))
            options = (options + " " + NoJit).Trim();
        if (options.Length > 0) builder.Options = options;
        return builder.ConnectionString;
    }

    // Npgsql reads "Max Auto Prepare" and "MaxAutoPrepare" ("No Reset On Close", "NoResetOnClose") alike, in any case.
    private static bool Says(DbConnectionStringBuilder given, string keyword) =>
        given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(keyword, StringComparison.OrdinalIgnoreCase));
}
