using ApprovalEngine.Persistence;
using Npgsql;
using Testcontainers.PostgreSql;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>
/// The PostgreSQL server the tests use: the cluster named by APPROVALENGINE_TEST_POSTGRES (the test script
/// starts one), else a Testcontainers container where Docker runs. With neither, tests fail loudly: a
/// provider silently skipped is a provider not tested.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "APPROVALENGINE_TEST_POSTGRES";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _adminConnectionString;
    private static PostgreSqlContainer? _container;

    public static async Task<string> AdminConnectionStringAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_adminConnectionString is not null) return _adminConnectionString;
            if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
                return _adminConnectionString = fromEnvironment;
            try
            {
                _container = new PostgreSqlBuilder("postgres:15-alpine").Build();
                await _container.StartAsync();
                return _adminConnectionString = _container.GetConnectionString();
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"No PostgreSQL for tests: set {EnvironmentVariable} (./test.sh starts a local cluster and sets it) or run where Docker is available. Testcontainers said: {e.Message}", e);
            }
        }
        finally { Gate.Release(); }
    }

    /// <summary>A fresh, empty database on the server, so tests never see each other's rows.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = new NpgsqlConnectionStringBuilder(await AdminConnectionStringAsync());
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin.ConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        admin.Database = name;
        return admin.ConnectionString;
    }
}

/// <summary>How a contract test gets a fresh database of its provider.</summary>
public static class TestDatabases
{
    public static async Task<DatabaseOptions> CreateAsync(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = $"Data Source={Path.Combine(Path.GetTempPath(), $"approvalengine-test-{Guid.NewGuid():N}.db")}",
        },
        DatabaseProvider.Postgres => new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = await PostgresServer.CreateDatabaseAsync() },
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };
}
