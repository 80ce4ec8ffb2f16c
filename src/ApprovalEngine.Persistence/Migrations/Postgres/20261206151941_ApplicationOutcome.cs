using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ApplicationOutcome : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "outcome",
                table: "instances",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            // The applications stored before the column: settled as ApplicationOutcomes.Settle settles a stimulus (this is that
            // rule once more, in SQL, for the rows already there).
            migrationBuilder.Sql("""
                UPDATE instances SET outcome = settled.outcome
                FROM (SELECT i.id, CASE
                        WHEN i.status = 'Cancelled' AND EXISTS (SELECT 1 FROM acceptance_modes m WHERE m.instance_id = i.id AND m.supply_status = 'lapsed' AND m.lapse_action = 'terminate') THEN 'terminated'
                        WHEN i.status = 'Cancelled' THEN 'withdrawn'
                        WHEN i.state_json::jsonb #>> '{variables,decision,outcome}' = 'Approved' AND i.state_json::jsonb #> '{variables,decision,revoked}' IS NOT NULL THEN 'revoked'
                        WHEN i.state_json::jsonb #>> '{variables,decision,outcome}' = 'Approved' THEN 'approved'
                        WHEN i.state_json::jsonb #>> '{variables,decision,outcome}' = 'Denied' THEN 'denied'
                        WHEN EXISTS (SELECT 1 FROM certificates c WHERE c.instance_id = i.id) THEN 'approved'
                        WHEN EXISTS (SELECT 1 FROM tasks t WHERE t.instance_id = i.id AND t.kind = 'Acceptance' AND t.outcome = 'NotAccepted') THEN 'notAccepted'
                        WHEN i.status = 'Finished' THEN 'ended'
                      END AS outcome
                      FROM instances i) AS settled
                WHERE settled.id = instances.id AND settled.outcome IS NOT NULL;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_instances_outcome_created_at",
                table: "instances",
                columns: new[] { "outcome", "created_at" },
                filter: "outcome IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_instances_outcome_created_at",
                table: "instances");

            migrationBuilder.DropColumn(
                name: "outcome",
                table: "instances");
        }
    }
}
