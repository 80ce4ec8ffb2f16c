using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PartitionedJournalAndAudit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "month",
                table: "journal",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "month",
                table: "instances",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "month",
                table: "audit_heads",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "month",
                table: "audit",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "month",
                table: "archive_journal",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // PostgreSQL only: journal and audit become tables partitioned by month, existing rows moved (Partitions/PartitionConversion).
            migrationBuilder.Sql(Partitions.PartitionConversion.Sql());
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The partitioned tables are not turned back into plain ones: restore a backup taken before the upgrade instead.
            throw new NotSupportedException("PartitionedJournalAndAudit cannot be reverted; restore the backup taken before the upgrade.");
        }
    }
}
