using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorklistKeysetIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_department_status_created_at",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_department_status_due_date",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_status_created_at_id",
                table: "tasks",
                columns: new[] { "department", "status", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_status_due_date_created_at_id",
                table: "tasks",
                columns: new[] { "department", "status", "due_date", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_view_due",
                table: "tasks",
                columns: new[] { "department", "due_date", "created_at", "id" },
                filter: "status IN ('Open', 'Claimed')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_department_status_created_at_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_department_status_due_date_created_at_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_department_view_due",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_status_created_at",
                table: "tasks",
                columns: new[] { "department", "status", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_status_due_date",
                table: "tasks",
                columns: new[] { "department", "status", "due_date" });
        }
    }
}
