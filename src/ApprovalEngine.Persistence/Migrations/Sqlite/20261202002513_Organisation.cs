using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Organisation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "assigned_for",
                table: "tasks",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delegate_opinion",
                table: "tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delegate_outcome",
                table: "tasks",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "delegated_by",
                table: "tasks",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "held_by",
                table: "tasks",
                type: "TEXT",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "held_opinion",
                table: "tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "held_outcome",
                table: "tasks",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "last_urged_on",
                table: "tasks",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "parent_task_id",
                table: "tasks",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sign_mode",
                table: "tasks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "urges_today",
                table: "tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "departments",
                columns: table => new
                {
                    code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    name_en = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    parent_code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    head = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_departments", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "staff",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    name = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    departments = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    positions = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    active = table.Column<bool>(type: "INTEGER", nullable: false),
                    revision = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_staff", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "substitutes",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    staff_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    substitute_id = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    from = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    to = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    created_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    created_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_substitutes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "task_copies",
                columns: table => new
                {
                    id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    task_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    instance_id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    recipient = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    to_department = table.Column<bool>(type: "INTEGER", nullable: false),
                    sent_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    sent_at = table.Column<long>(type: "INTEGER", nullable: false),
                    note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    read_at = table.Column<long>(type: "INTEGER", nullable: true),
                    read_by = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_copies", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_parent_task_id",
                table: "tasks",
                column: "parent_task_id");

            migrationBuilder.CreateIndex(
                name: "IX_substitutes_staff_id_from",
                table: "substitutes",
                columns: new[] { "staff_id", "from" });

            migrationBuilder.CreateIndex(
                name: "IX_task_copies_recipient_sent_at",
                table: "task_copies",
                columns: new[] { "recipient", "sent_at" });

            migrationBuilder.CreateIndex(
                name: "IX_task_copies_task_id",
                table: "task_copies",
                column: "task_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "departments");

            migrationBuilder.DropTable(
                name: "staff");

            migrationBuilder.DropTable(
                name: "substitutes");

            migrationBuilder.DropTable(
                name: "task_copies");

            migrationBuilder.DropIndex(
                name: "IX_tasks_parent_task_id",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "assigned_for",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "delegate_opinion",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "delegate_outcome",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "delegated_by",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "held_by",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "held_opinion",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "held_outcome",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "last_urged_on",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "parent_task_id",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "sign_mode",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "urges_today",
                table: "tasks");
        }
    }
}
