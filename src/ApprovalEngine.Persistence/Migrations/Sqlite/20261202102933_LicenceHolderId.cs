using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LicenceHolderId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "holder_id",
                table: "certificates",
                type: "TEXT",
                maxLength: 18,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_certificates_holder_id",
                table: "certificates",
                column: "holder_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_certificates_holder_id",
                table: "certificates");

            migrationBuilder.DropColumn(
                name: "holder_id",
                table: "certificates");
        }
    }
}
