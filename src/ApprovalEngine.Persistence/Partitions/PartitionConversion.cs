namespace ApprovalEngine.Persistence.Partitions;

/// <summary>
/// The SQL of the PostgreSQL migration that turns journal and audit into tables partitioned by month (see
/// <see cref="MonthlyPartitions"/>). The EF model stays one for both providers (keys on <c>id</c>, the unique
/// (instance_id, sequence) and (chain, sequence)); on PostgreSQL the month joins every key, because PostgreSQL wants the
/// partition key in each unique index, and a foreign key to the month's owner (the instance; the chain's head) keeps
/// the old uniqueness: with it, instance_id (chain) alone decides the month, so (month, instance_id, sequence) unique
/// is (instance_id, sequence) unique. The month comes last in the keys: a read that names it reads one partition, and a
/// read that cannot (a chain verified by name) still finds its rows by the leading columns in each partition's index
/// (PostgreSQL 15 has no skip scan). The foreign keys are deferred: EF does not know them and may insert a journal
/// line or audit record before its instance or head in the same save.
/// </summary>
public static class PartitionConversion
{
    private const string MonthOf = "to_char({0} AT TIME ZONE 'UTC', 'YYYYMM')::int";

    public static string Sql() => $"""
        UPDATE instances SET month = {string.Format(MonthOf, "created_at")};
        ALTER TABLE instances ADD CONSTRAINT "AK_instances_id_month" UNIQUE (id, month);
        UPDATE audit_heads h SET month = coalesce((SELECT {string.Format(MonthOf, "min(a.timestamp)")} FROM audit a WHERE a.chain = h.chain),
            {string.Format(MonthOf, "now()")});
        ALTER TABLE audit_heads ADD CONSTRAINT "AK_audit_heads_chain_month" UNIQUE (chain, month);
        UPDATE archive_journal a SET month = i.month FROM instances i WHERE i.id = a.instance_id;
        DO $$
        DECLARE
            m int;
            t text;
        BEGIN
            IF EXISTS (SELECT 1 FROM audit a WHERE NOT EXISTS (SELECT 1 FROM audit_heads h WHERE h.chain = a.chain)) THEN
                RAISE EXCEPTION 'audit records without their chain head (audit_heads): verify the audit chains before converting';
            END IF;
            IF EXISTS (SELECT 1 FROM journal j WHERE NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = j.instance_id)) THEN
                RAISE EXCEPTION 'journal lines without their instance: cannot give them a month';
            END IF;
            FOREACH t IN ARRAY ARRAY['journal', 'audit'] LOOP
                EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING IDENTITY) PARTITION BY RANGE (month)', t || '_partitioned', t);
                EXECUTE format('CREATE TABLE %I PARTITION OF %I DEFAULT', t || '_default', t || '_partitioned');
            END LOOP;
            FOR m IN SELECT month FROM instances UNION SELECT month FROM audit_heads UNION SELECT {string.Format(MonthOf, "now()")} LOOP
                FOREACH t IN ARRAY ARRAY['journal', 'audit'] LOOP
                    EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%s) TO (%s)', t || '_p' || m, t || '_partitioned', m,
                        CASE WHEN m % 100 = 12 THEN m + 89 ELSE m + 1 END);
                END LOOP;
            END LOOP;
        END $$;
        {Move("journal", "instances i ON i.id = x.instance_id", "archive_journal")}
        {Move("audit", "audit_heads i ON i.chain = x.chain", null)}
        ALTER TABLE journal ADD CONSTRAINT "PK_journal" PRIMARY KEY (id, month);
        CREATE UNIQUE INDEX "IX_journal_instance_id_sequence" ON journal (instance_id, sequence, month);
        ALTER TABLE journal ADD CONSTRAINT "FK_journal_instances_month" FOREIGN KEY (instance_id, month) REFERENCES instances (id, month)
            DEFERRABLE INITIALLY DEFERRED;
        ALTER TABLE audit ADD CONSTRAINT "PK_audit" PRIMARY KEY (id, month);
        CREATE UNIQUE INDEX "IX_audit_chain_sequence" ON audit (chain, sequence, month);
        CREATE INDEX "IX_audit_actor_timestamp" ON audit (actor, timestamp);
        CREATE INDEX "IX_audit_action_timestamp" ON audit (action, timestamp);
        CREATE INDEX "IX_audit_timestamp" ON audit (timestamp);
        ALTER TABLE audit ADD CONSTRAINT "FK_audit_audit_heads_month" FOREIGN KEY (chain, month) REFERENCES audit_heads (chain, month)
            DEFERRABLE INITIALLY DEFERRED;
        """;

    /// <summary>
    /// Copies <paramref name="table"/> into its partitioned twin with each row's month from its owner, checks the count,
    /// swaps the tables and carries the id sequence on (past ids that moved to <paramref name="archive"/> included).
    /// </summary>
    private static string Move(string table, string owner, string? archive) => $$"""
        DO $$
        DECLARE
            columns text;
            copied bigint;
            total bigint;
            next_id bigint;
        BEGIN
            SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO columns
                FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{{table}}' AND column_name <> 'month';
            EXECUTE format('INSERT INTO {{table}}_partitioned (%s, month) SELECT %s, i.month FROM {{table}} x JOIN {{owner}}',
                columns, 'x.' || replace(columns, ', ', ', x.'));
            GET DIAGNOSTICS copied = ROW_COUNT;
            SELECT count(*) INTO total FROM {{table}};
            IF copied <> total THEN
                RAISE EXCEPTION '{{table}}: copied % of % rows', copied, total;
            END IF;
            SELECT greatest(
                (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {{table}}_id_seq),
                (SELECT max(id) FROM {{table}}){{(archive is null ? "" : $", (SELECT max(id) FROM {archive})")}}) INTO next_id;
            DROP TABLE {{table}};
            ALTER TABLE {{table}}_partitioned RENAME TO {{table}};
            ALTER SEQUENCE {{table}}_partitioned_id_seq RENAME TO {{table}}_id_seq;
            PERFORM setval('{{table}}_id_seq', coalesce(next_id, 0) + 1, false);
        END $$;
        """;
}
