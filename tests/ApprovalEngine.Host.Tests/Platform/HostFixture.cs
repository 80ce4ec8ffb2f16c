using ApprovalEngine.Persistence;

namespace ApprovalEngine.Host.Tests.Platform;

/// <summary>One host per test class and provider (tests of a class use their own applications, so they can share it).</summary>
public abstract class HostFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public ApiFactory Api { get; private set; } = null!;

    public async Task InitializeAsync() => Api = await ApiFactory.CreateAsync(provider);
    public async Task DisposeAsync() => await Api.DisposeAsync();
}

public sealed class SqliteHost() : HostFixture(DatabaseProvider.Sqlite);

public sealed class PostgresHost() : HostFixture(DatabaseProvider.Postgres);
