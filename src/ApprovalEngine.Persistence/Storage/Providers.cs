using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ApprovalEngine.Persistence.Storage;

/// <summary>The embedded default: a single SQLite file, zero set-up.</summary>
public sealed class SqliteApprovalDbContext(DbContextOptions<SqliteApprovalDbContext> options) : ApprovalDbContext(options)
{
    public override bool SupportsSkipLocked => false;

    // SQLite cannot compare or order DateTimeOffset text; as UTC ticks (all our times are UTC) it sorts correctly.
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
}

/// <summary>Production: PostgreSQL through Npgsql, shared by several host replicas.</summary>
public sealed class PostgresApprovalDbContext(DbContextOptions<PostgresApprovalDbContext> options) : ApprovalDbContext(options)
{
    public override bool SupportsSkipLocked => true;
}

/// <summary>Lets `dotnet ef migrations add` build each provider's context without the host.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteApprovalDbContext>
{
    public SqliteApprovalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteApprovalDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresApprovalDbContext>
{
    public PostgresApprovalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresApprovalDbContext>().UseNpgsql("Host=localhost;Database=design").Options);
}
