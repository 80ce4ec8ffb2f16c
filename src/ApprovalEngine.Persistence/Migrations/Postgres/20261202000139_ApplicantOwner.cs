using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicantOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "owner_subject_id",
                table: "instances",
                type: "character varying(18)",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_subject_kind",
                table: "instances",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "owner_subject_name",
                table: "instances",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "query_code_hash",
                table: "instances",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_instances_owner_subject_id_created_at",
                table: "instances",
                columns: new[] { "owner_subject_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_instances_owner_subject_id_created_at",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "owner_subject_id",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "owner_subject_kind",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "owner_subject_name",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "query_code_hash",
                table: "instances");
        }
    }
}
