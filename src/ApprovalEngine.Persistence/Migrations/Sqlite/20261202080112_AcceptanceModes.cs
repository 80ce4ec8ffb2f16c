using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AcceptanceModes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "acceptance_modes",
                columns: table => new
                {
                    instance_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    mode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    materials_json = table.Column<string>(type: "TEXT", nullable: false),
                    commitment_signed_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    commitment_text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    accepted_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    accepted_at = table.Column<long>(type: "INTEGER", nullable: false),
                    supply_due_date = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    lapse_action = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    supply_status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    supplied_at = table.Column<long>(type: "INTEGER", nullable: true),
                    supplied_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    lapsed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    verification_working_days = table.Column<int>(type: "INTEGER", nullable: true),
                    verification_department = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    verification_status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    verification_task_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    verified_at = table.Column<long>(type: "INTEGER", nullable: true),
                    verified_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    verification_opinion = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_acceptance_modes", x => x.instance_id);
                });

            migrationBuilder.CreateTable(
                name: "credit_marks",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    subject_id = table.Column<string>(type: "TEXT", maxLength: 18, nullable: false),
                    subject_name = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    source = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false),
                    valid_until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    removed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    removed_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_credit_marks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_credit_marks_subject_id",
                table: "credit_marks",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "IX_credit_marks_subject_name",
                table: "credit_marks",
                column: "subject_name");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "acceptance_modes");

            migrationBuilder.DropTable(
                name: "credit_marks");
        }
    }
}
