using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ApprovalEngine.Host.Security;

/// <summary>
/// Tells "the database cannot be reached right now" (answered 503 with Retry-After; the pool reconnects by itself once
/// it is back) from a bug (a logged 500).
/// </summary>
public static class DatabaseOutage
{
    /// <summary>Seconds a client should wait before retrying; a restarted or failed-over PostgreSQL is usually back within this.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>503 with Retry-After: nothing was changed (the transaction never committed), so the client can simply retry.</summary>
    public static Microsoft.AspNetCore.Mvc.ProblemDetails Problem(HttpContext http)
    {
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 503, Title = "Service unavailable",
            Detail = $"The database cannot be reached right now; nothing was changed. Retry in {RetryAfterSeconds} seconds.",
            Extensions = { ["code"] = "database.unavailable" },
        };
    }

    public static bool Is(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 08 connection exceptions, 53 insufficient resources, 57P0x shutdown / cannot connect now, 3D000 database gone.
                case PostgresException pg when pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("53", StringComparison.Ordinal)
                                               || pg.SqlState.StartsWith("57P", StringComparison.Ordinal) || pg.SqlState == PostgresErrorCodes.InvalidCatalogName:
                    return true;
                case PostgresException:
                    break; // a statement the server refused: not an outage
                // Refused or broken connections, timeouts opening one, an exhausted pool.
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SqliteException sqlite when sqlite.SqliteErrorCode is 5 or 6 or 14: // SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN
                    return true;
                case DbException db when db.IsTransient:
                    return true;
            }
        }
        return false;
    }
}
