using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApplicationsNewestFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_instances_created_at_id",
                table: "instances",
                columns: new[] { "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_instances_created_at_id",
                table: "instances");
        }
    }
}
