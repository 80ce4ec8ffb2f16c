using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "project_name",
                table: "instances",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            // Applications started before this version: take the names from the stored start input.
            migrationBuilder.Sql("UPDATE instances SET applicant = substr(json_extract(state_json, '$.input.applicant'), 1, 256), project_name = substr(coalesce(json_extract(state_json, '$.input.project'), json_extract(state_json, '$.input.projectName')), 1, 256);");

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
