using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DoneTabMostRecentFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_tasks_department_done_completed",
                table: "tasks",
                columns: new[] { "department", "completed_at", "id" },
                filter: "status = 'Completed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_department_done_completed",
                table: "tasks");
        }
    }
}
