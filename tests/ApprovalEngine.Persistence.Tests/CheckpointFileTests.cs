using ApprovalEngine.Persistence;
using ApprovalEngine.Persistence.Audit;

namespace ApprovalEngine.Persistence.Tests;

/// <summary>A checkpoint file belongs to one database unless one is configured: hosts of two databases never share one.</summary>
public sealed class CheckpointFileTests
{
    private const string Root = "/srv/approvalengine";

    [Fact]
    public void A_sqlite_database_keeps_its_checkpoints_beside_its_file()
    {
        var path = CheckpointFile.DefaultPathFor(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "Data Source=/var/lib/ae/approvals.db;Cache=Shared" }, Root);
        Assert.Equal("/var/lib/ae/approvals.db.audit-checkpoints.jsonl", path);
    }

    [Fact]
    public void Two_sqlite_files_get_two_checkpoint_files()
    {
        var a = CheckpointFile.DefaultPathFor(new DatabaseOptions { ConnectionString = "Data Source=a.db" }, Root);
        var b = CheckpointFile.DefaultPathFor(new DatabaseOptions { ConnectionString = "Data Source=b.db" }, Root);
        Assert.NotEqual(a, b);
        Assert.Equal(Path.GetFullPath("a.db") + ".audit-checkpoints.jsonl", a);
    }

    [Fact]
    public void Postgres_databases_are_told_apart_by_server_port_and_name_without_the_password()
    {
        DatabaseOptions Pg(string cs) => new() { Provider = DatabaseProvider.Postgres, ConnectionString = cs };
        var approvals = CheckpointFile.DefaultPathFor(Pg("Host=pg.example;Port=5432;Database=approvals;Username=u;Password=secret"), Root);
        var other = CheckpointFile.DefaultPathFor(Pg("Host=pg.example;Port=5432;Database=approvals_test;Username=u;Password=secret"), Root);
        var otherPort = CheckpointFile.DefaultPathFor(Pg("Host=pg.example;Port=6432;Database=approvals;Username=u"), Root);
        Assert.Equal(Path.Combine(Root, "data", "audit-checkpoints", "pg.example-5432-approvals.jsonl"), approvals);
        Assert.Equal(3, new[] { approvals, other, otherPort }.Distinct().Count());
        Assert.DoesNotContain("secret", approvals + other);
    }
}
