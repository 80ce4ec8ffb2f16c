using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeadlineWarningDate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "warning_date",
                table: "deadlines",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "warning_date",
                table: "deadlines");
        }
    }
}
