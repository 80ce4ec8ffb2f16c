using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ApprovalEngine.Persistence.Migrations.Postgres
{
    /// <summary>
    /// stimulus_working_set can start from a task (see Instances.StimulusWorkingSet): given p_task_id instead of an instance, it
    /// finds the task's application, locks it and returns, besides the working set, the task in whatever state and whether
    /// signers were added to it. A completion then needs no read of its task ahead of the lock. The task's instance is read
    /// before the lock (it never changes); the task itself after it, so that it shows what the previous holder committed.
    /// </summary>
    public partial class StimulusWorkingSetByTask : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
            DROP FUNCTION IF EXISTS stimulus_working_set(text, text);
            CREATE FUNCTION stimulus_working_set(p_instance_id text, p_lock_timeout text, p_task_id text)
            RETURNS TABLE ("Instance" text, "Tasks" text, "Deadlines" text, "Timers" text, "AuditHead" text, "Task" text, "TaskHasSigners" boolean)
            LANGUAGE plpgsql VOLATILE AS $$
            BEGIN
                PERFORM set_config('lock_timeout', p_lock_timeout, true);
                IF p_instance_id IS NULL THEN
                    SELECT t.instance_id INTO p_instance_id FROM tasks t WHERE t.id = p_task_id;
                    IF NOT FOUND THEN RETURN; END IF;
                END IF;
                PERFORM 1 FROM instances i WHERE i.id = p_instance_id FOR UPDATE;
                IF NOT FOUND THEN RETURN; END IF;
                RETURN QUERY SELECT row_to_json(i)::text,
                    (SELECT json_agg(t)::text FROM tasks t WHERE t.instance_id = p_instance_id AND t.status IN ('Open', 'Claimed')),
                    (SELECT json_agg(d)::text FROM deadlines d WHERE d.instance_id = p_instance_id AND d.completed_at IS NULL),
                    (SELECT json_agg(x)::text FROM timers x WHERE x.instance_id = p_instance_id AND x.kind IN ('DeadlineWarning', 'DeadlineOverdue')),
                    (SELECT row_to_json(h)::text FROM audit_heads h WHERE h.chain = p_instance_id),
                    (SELECT row_to_json(k)::text FROM tasks k WHERE k.id = p_task_id),
                    EXISTS (SELECT 1 FROM tasks s WHERE s.parent_task_id = p_task_id)
                FROM instances i WHERE i.id = p_instance_id;
            END $$;
            """);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
            DROP FUNCTION IF EXISTS stimulus_working_set(text, text, text);
            CREATE FUNCTION stimulus_working_set(p_instance_id text, p_lock_timeout text)
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
    }
}
