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
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;maxautoprepare=10", 10)]
    public void WithDefaults_OperatorChoseAValue_KeepsIt(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresConnections.WithDefaults(connectionString)).MaxAutoPrepare);
    }

    [Fact]
    public async Task HostContext_RepeatedStatement_IsPreparedOnTheServer()
    {
        var options = await TestDatabases.CreateAsync(DatabaseProvider.Postgres);
        await using var services = new ServiceCollection().AddApprovalPersistence(options).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApprovalDbContext>();
        await db.Database.OpenConnectionAsync();

        for (var i = 0; i < 3; i++) await db.Database.SqlQueryRaw<int>("SELECT 41 + 1 AS \"Value\"").ToListAsync();
        var prepared = await db.Database.SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();

        Assert.Contains(prepared, s => s.Contains("41 + 1", StringComparison.Ordinal));
    }
}
