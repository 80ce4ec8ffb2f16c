using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ListSideFromIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_claimed_by_status_due_date",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_completed_by_completed_at",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_claimed_by_status_due_date_instance_id",
                table: "tasks",
                columns: new[] { "claimed_by", "status", "due_date", "instance_id" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_completed_by_completed_at_instance_id",
                table: "tasks",
                columns: new[] { "completed_by", "completed_at", "instance_id" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_instance_id",
                table: "tasks",
                columns: new[] { "department", "instance_id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_claimed_by_status_due_date_instance_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_completed_by_completed_at_instance_id",
                table: "tasks");

            migrationBuilder.DropIndex(
                name: "IX_tasks_department_instance_id",
                table: "tasks");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_claimed_by_status_due_date",
                table: "tasks",
                columns: new[] { "claimed_by", "status", "due_date" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_completed_by_completed_at",
                table: "tasks",
                columns: new[] { "completed_by", "completed_at" });
        }
    }
}
