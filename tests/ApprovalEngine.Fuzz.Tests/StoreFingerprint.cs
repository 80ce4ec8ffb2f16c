using System.Data.Common;
using ApprovalEngine.Persistence.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApprovalEngine.Fuzz.Tests;

/// <summary>
/// What a rejected request must leave untouched: the row count of every table of the model, the instances'
/// revisions (a stimulus bumps one even when it adds no row) and every audit chain's head.
/// </summary>
public sealed class StoreFingerprint(IServiceProvider services)
{
    public async Task<string> TakeAsync()
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var sql = string.Join(" UNION ALL ", tables.Select(t => $"SELECT '{t}', CAST(COUNT(*) AS VARCHAR(40)) FROM \"{t}\""))
                  + " UNION ALL SELECT 'revisions', CAST(COALESCE(SUM(revision), 0) AS VARCHAR(40)) FROM instances"
                  + " UNION ALL SELECT chain, CAST(sequence AS VARCHAR(40)) || ':' || hash FROM audit_heads";
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        var parts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) parts.Add($"{reader.GetString(0)}={reader.GetString(1)}");
        return string.Join('\n', parts);
    }

    /// <summary>The lines that differ, for a failure message.</summary>
    public static string Diff(string before, string after) =>
        string.Join("; ", after.Split('\n').Except(before.Split('\n')).Take(6));
}
