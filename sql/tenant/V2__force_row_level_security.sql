-- Row-level security binds the owner role too. Until now the tables enabled RLS without forcing
-- it, so the owner (and everything running as the owner: template migrations, the SECURITY
-- DEFINER audit trigger and verify_audit_chain) saw and wrote every row whatever
-- app.current_org_id said. With FORCE, the owner needs the organization context like every other
-- role; only superusers and BYPASSRLS roles pass (no tenant role is either).
--
-- What runs as the owner sets the context first: provisioning (Flyway's initSql and the transaction
-- that writes the organization and retention rows), and fleet.migrate_tenants for each tenant it
-- migrates (sql/region/R__migrate_tenants.sql). The audit trigger refuses a change made without the context of the
-- row's organization, so an audit row is never lost to a policy.

-- The audit trigger appends as the owner: only rows of the organization in context.
CREATE POLICY org_audit_append ON audit_log FOR INSERT WITH CHECK (org_id = current_org());

-- The chain head is no organization's row, but only a session that acts for one reads or moves it.
ALTER TABLE audit_chain_head ENABLE ROW LEVEL SECURITY;
CREATE POLICY org_context ON audit_chain_head USING (current_org() IS NOT NULL);

ALTER TABLE organization       FORCE ROW LEVEL SECURITY;
ALTER TABLE users              FORCE ROW LEVEL SECURITY;
ALTER TABLE profiles           FORCE ROW LEVEL SECURITY;
ALTER TABLE consents           FORCE ROW LEVEL SECURITY;
ALTER TABLE assessments        FORCE ROW LEVEL SECURITY;
ALTER TABLE assessment_results FORCE ROW LEVEL SECURITY;
ALTER TABLE api_keys           FORCE ROW LEVEL SECURITY;
ALTER TABLE retention_policy   FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_log          FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_head   FORCE ROW LEVEL SECURITY;

-- As V1, plus: the change must be made for the row's own organization (app.current_org_id).
CREATE OR REPLACE FUNCTION audit_row_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    head     audit_chain_head%ROWTYPE;
    old_json jsonb := CASE WHEN TG_OP IN ('UPDATE', 'DELETE') THEN to_jsonb(OLD) END;
    new_json jsonb := CASE WHEN TG_OP IN ('INSERT', 'UPDATE') THEN to_jsonb(NEW) END;
    row_org  uuid  := coalesce(new_json, old_json) ->> 'org_id';
    rec_id   text  := coalesce(new_json, old_json) ->> TG_ARGV[0];
    at       timestamptz := clock_timestamp();
    next_id  bigint;
    hash     bytea;
BEGIN
    IF row_org IS DISTINCT FROM current_org() THEN
        RAISE EXCEPTION '% on %.% needs app.current_org_id set to the row''s organization %', TG_OP, TG_TABLE_SCHEMA,
            TG_TABLE_NAME, row_org USING ERRCODE = 'insufficient_privilege',
            HINT = 'run SELECT set_config(''app.current_org_id'', ''<org id>'', true) in the transaction first';
    END IF;
    SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
    next_id := head.last_audit_id + 1;
    hash := audit_hash(head.last_hash, next_id, row_org, at, session_user::text, TG_OP, TG_TABLE_NAME, rec_id,
                       old_json, new_json);
    INSERT INTO audit_log (audit_id, org_id, occurred_at, actor, action, table_name, record_id, old_values,
                           new_values, prev_hash, row_hash)
    VALUES (next_id, row_org, at, session_user::text, TG_OP, TG_TABLE_NAME, rec_id, old_json, new_json,
            head.last_hash, hash);
    UPDATE audit_chain_head SET last_audit_id = next_id, last_hash = hash WHERE singleton;
    RETURN NULL;
END
$$;

-- As V1, but it refuses to answer without app.current_org_id: under FORCE it would see no rows and
-- call a tampered chain intact. A row moved to another organization by hand is hidden from it, and
-- shows as the gap it leaves.
CREATE OR REPLACE FUNCTION verify_audit_chain()
RETURNS TABLE (audit_id bigint, problem text)
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
#variable_conflict use_column
BEGIN
    IF current_org() IS NULL THEN
        RAISE EXCEPTION 'verify_audit_chain() needs app.current_org_id' USING ERRCODE = 'insufficient_privilege',
            HINT = 'run SELECT set_config(''app.current_org_id'', ''<org id>'', true) first';
    END IF;
    RETURN QUERY
    WITH chain AS (
        SELECT a.*, lag(a.row_hash) OVER (ORDER BY a.audit_id) AS expected_prev,
               lag(a.audit_id) OVER (ORDER BY a.audit_id) AS previous_id
        FROM audit_log a
    )
    SELECT c.audit_id, 'row was modified' FROM chain c
     WHERE c.row_hash IS DISTINCT FROM audit_hash(c.prev_hash, c.audit_id, c.org_id, c.occurred_at, c.actor, c.action,
                                                  c.table_name, c.record_id, c.old_values, c.new_values)
    UNION ALL
    SELECT c.audit_id, 'row before it was removed or modified' FROM chain c
     WHERE c.previous_id IS NOT NULL AND c.prev_hash IS DISTINCT FROM c.expected_prev
    UNION ALL
    SELECT h.last_audit_id, 'latest rows were removed' FROM audit_chain_head h
     WHERE h.last_audit_id <> coalesce((SELECT max(a.audit_id) FROM audit_log a), 0)
        OR h.last_hash IS DISTINCT FROM (SELECT a.row_hash FROM audit_log a ORDER BY a.audit_id DESC LIMIT 1)
    ORDER BY 1;
END
$$;
