using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <summary>
    /// stimulus_working_set: locks an instance and reads what a stimulus of it touches, in one round trip (see
    /// Instances.StimulusWorkingSet). A VOLATILE function takes a fresh snapshot for each of its queries, so the reads after the
    /// lock see what the previous holder of the lock committed; one plain SELECT ... FOR UPDATE with subqueries would read the
    /// tasks and deadlines as of its start, before it waited for the lock.
    /// </summary>
    public partial class StimulusWorkingSetFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
            CREATE OR REPLACE FUNCTION stimulus_working_set(p_instance_id text, p_lock_timeout text)
            RETURNS TABLE ("Instance" text, "Tasks" text, "Deadlines" text, "Timers" text, "AuditHead" text)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM set_config('lock_timeout', p_lock_timeout, true);
                PERFORM 1 FROM instances i WHERE i.id = p_instance_id FOR UPDATE;
                IF NOT FOUND THEN RETURN; END IF;
                RETURN QUERY SELECT row_to_json(i)::text,
                    (SELECT json_agg(t)::text FROM tasks t WHERE t.instance_id = p_instance_id AND t.status IN ('Open', 'Claimed')),
                    (SELECT json_agg(d)::text FROM deadlines d WHERE d.instance_id = p_instance_id AND d.completed_at IS NULL),
                    (SELECT json_agg(x)::text FROM timers x WHERE x.instance_id = p_instance_id AND x.kind IN ('DeadlineWarning', 'DeadlineOverdue')),
                    (SELECT row_to_json(h)::text FROM audit_heads h WHERE h.chain = p_instance_id)
                FROM instances i WHERE i.id = p_instance_id;
            END $$;
            """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS stimulus_working_set(text, text);");
    }
}
