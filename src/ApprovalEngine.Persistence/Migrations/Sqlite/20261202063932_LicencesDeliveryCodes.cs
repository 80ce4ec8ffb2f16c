using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LicencesDeliveryCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "project_code",
                table: "instances",
                type: "TEXT",
                maxLength: 24,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "replaced_by",
                table: "certificates",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "replaces",
                table: "certificates",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "revision",
                table: "certificates",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "revocation_code",
                table: "certificates",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "revocation_reason",
                table: "certificates",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "revoked_at",
                table: "certificates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "revoked_by",
                table: "certificates",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "deliveries",
                columns: table => new
                {
                    certificate_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    instance_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    method = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    courier = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    tracking_number = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    posted_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    delivered_on = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    recorded_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    recorded_at = table.Column<long>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_deliveries", x => x.certificate_number);
                });

            migrationBuilder.CreateTable(
                name: "file_number_counters",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_file_number_counters", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "IX_deliveries_instance_id",
                table: "deliveries",
                column: "instance_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "deliveries");

            migrationBuilder.DropTable(
                name: "file_number_counters");

            migrationBuilder.DropColumn(
                name: "project_code",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "replaced_by",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "replaces",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "revision",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "revocation_code",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "revocation_reason",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "revoked_at",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "revoked_by",
                table: "certificates");
        }
    }
}
