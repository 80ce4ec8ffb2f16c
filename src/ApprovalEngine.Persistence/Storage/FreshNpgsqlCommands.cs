using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>
/// Gives EF a new NpgsqlCommand for every statement instead of the one an NpgsqlConnection keeps for reuse.
/// Npgsql 10.0.3 recycles that command even when sending it failed on a broken connection, and the recycled command still
/// marks its statement as being prepared: with automatic preparation on, the next statement on that (pooled) connection
/// object then fails inside Npgsql with a NullReferenceException, a 500 for every pooled context after a database
/// outage instead of the 503 the outage deserves (DatabaseOutageTests). A command costs a few hundred bytes against
/// megabytes per approval.
/// </summary>
public sealed class FreshNpgsqlCommands : DbCommandInterceptor
{
    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result) =>
        result.HasResult ? result : InterceptionResult<DbCommand>.SuppressWithResult(new NpgsqlCommand { Connection = (NpgsqlConnection)eventData.Connection });
}
