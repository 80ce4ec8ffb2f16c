using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WorklistSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "applicant",
                table: "instances",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "project_name",
                table: "instances",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            // Applications started before this version: take the names from the stored start input.
            migrationBuilder.Sql("UPDATE instances SET applicant = left(state_json::jsonb #>> '{input,applicant}', 256), project_name = left(coalesce(state_json::jsonb #>> '{input,project}', state_json::jsonb #>> '{input,projectName}'), 256);");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_claimed_by_status_due_date",
                table: "tasks",
                columns: new[] { "claimed_by", "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_completed_by_completed_at",
                table: "tasks",
                columns: new[] { "completed_by", "completed_at" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_status_due_date",
                table: "tasks",
                columns: new[] { "department", "status", "due_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_claimed_by_status_due_date",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_completed_by_completed_at",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_department_status_due_date",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "applicant",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "project_name",
                table: "instances");
        }
    }
}
