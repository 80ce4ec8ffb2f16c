using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ServiceEvaluationsAndComplaints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "complaints",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    instance_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    subject_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    filed_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    reply_instance_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    reply = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    replied_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    replied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    replied_within_limit = table.Column<bool>(type: "boolean", nullable: true),
                    rating = table.Column<int>(type: "integer", nullable: true),
                    rating_comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    rated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_complaints", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "evaluations",
                columns: table => new
                {
                    id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    instance_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    file_number = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    definition_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    matter = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    channel = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    level = table.Column<int>(type: "integer", nullable: false),
                    comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    department = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    staff = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    real_name = table.Column<bool>(type: "boolean", nullable: false),
                    evaluator_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    evaluator_phone = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    evaluator_subject_id = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    recorded_by = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    rectification_instance_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    rectification_result = table.Column<string>(type: "text", nullable: true),
                    rectified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    callback_note = table.Column<string>(type: "text", nullable: true),
                    called_back_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    closed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_evaluations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_complaints_department_created_at",
                table: "complaints",
                columns: new[] { "department", "created_at" });

            migrationBuilder.CreateIndex(
                name: "IX_complaints_number",
                table: "complaints",
                column: "number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_complaints_reply_instance_id",
                table: "complaints",
                column: "reply_instance_id");

            migrationBuilder.CreateIndex(
                name: "IX_complaints_subject_id",
                table: "complaints",
                column: "subject_id");

            migrationBuilder.CreateIndex(
                name: "IX_evaluations_created_at",
                table: "evaluations",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_evaluations_instance_id_channel",
                table: "evaluations",
                columns: new[] { "instance_id", "channel" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_evaluations_rectification_instance_id",
                table: "evaluations",
                column: "rectification_instance_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "complaints");

            migrationBuilder.DropTable(
                name: "evaluations");
        }
    }
}
