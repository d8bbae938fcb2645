-- Retention enforcement needs, in the tenant schema itself:
-- 1. every table mapped to a data category, the columns its age counts from, and what retention
--    does to it (retention_map: data shipped with the template, read by `retention run` and `drift`);
-- 2. legal holds that every destructive path (retention, erasure, offboarding) checks;
-- 3. audit rows that keep no personal values: the trigger stores a digest in place of every value
--    that is not an identifier, a timestamp or a closed vocabulary, so data purged or erased from a
--    table does not survive in audit_log; rows written before this version are redacted the same
--    way and the chain re-linked (once, here; verify_audit_chain() checks the new links);
-- 4. pruning of audit rows past their maximum that leaves a chain anchor, so the rest verifies;
-- 5. summary audit rows (retention purges, erasures) carrying counts and cut-offs, no row values.

ALTER TABLE retention_policy DROP CONSTRAINT retention_policy_category_check;
ALTER TABLE retention_policy ADD CONSTRAINT retention_policy_category_check
    CHECK (category IN ('personal_data', 'business_records', 'credentials', 'audit_records'));
-- The rule that set retention_days, e.g. 'GDPR maximum' or 'retention set by ops@host'.
ALTER TABLE retention_policy ADD COLUMN set_by text;

-- What retention does to each table. action: delete (rows past retention, and soft-deleted rows
-- past the grace period, are deleted), anonymize (rows past retention get the anonymize values,
-- soft-deleted rows past the grace are deleted), prune (audit rows past their maximum, oldest
-- first, leaving a chain anchor), keep (tenant system tables: never purged). A row with a parent
-- goes with its parent and is held when its parent is held; a parent with a held child stays.
-- Profiles and consents have no age of their own: they live as long as their user (a user's
-- activity is their last login), or until soft-deleted. subject_column finds
-- a data subject's rows (a users.user_id) for erasure.
CREATE TABLE retention_map (
    table_name         text    PRIMARY KEY,
    category           text    NOT NULL CHECK (category IN ('personal_data', 'business_records', 'credentials',
                                                            'audit_records', 'tenant_system')),
    key_column         text,
    age_columns        text[]  NOT NULL DEFAULT '{}',
    soft_delete_column text,
    action             text    NOT NULL CHECK (action IN ('delete', 'anonymize', 'prune', 'keep')),
    parent_table       text    REFERENCES retention_map (table_name),
    parent_column      text,
    purge_order        integer NOT NULL,
    anonymize          jsonb,
    subject_column     text,
    CHECK ((action = 'keep') = (category = 'tenant_system')),
    CHECK ((action = 'anonymize') = (anonymize IS NOT NULL)),
    CHECK ((parent_table IS NULL) = (parent_column IS NULL))
);
INSERT INTO retention_map (table_name, category, key_column, age_columns, soft_delete_column, action, parent_table,
                           parent_column, purge_order, anonymize, subject_column) VALUES
    ('users', 'personal_data', 'user_id', '{created_at,last_login_at}', 'deleted_at', 'delete', NULL, NULL, 30, NULL, 'user_id'),
    ('assessments', 'business_records', 'assessment_id', '{updated_at}', 'deleted_at', 'anonymize', NULL, NULL, 30,
     '{"title": "[anonymized]", "created_by": null}', NULL),
    ('profiles', 'personal_data', 'profile_id', '{}', 'deleted_at', 'delete', 'users', 'user_id', 20, NULL, 'user_id'),
    ('consents', 'personal_data', 'consent_id', '{}', 'deleted_at', 'delete', 'users', 'user_id', 20, NULL, 'user_id'),
    ('api_keys', 'credentials', 'key_id', '{created_at,last_used_at,revoked_at}', 'deleted_at', 'delete', 'users', 'user_id', 20,
     NULL, 'user_id'),
    ('assessment_results', 'business_records', 'result_id', '{updated_at}', 'deleted_at', 'anonymize', 'assessments',
     'assessment_id', 20, '{"title": "[anonymized]", "description": null, "evidence_data": null}', NULL),
    ('audit_log', 'audit_records', 'audit_id', '{occurred_at}', NULL, 'prune', NULL, NULL, 40, NULL, NULL),
    ('organization', 'tenant_system', 'org_id', '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('retention_policy', 'tenant_system', 'category', '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('retention_map', 'tenant_system', 'table_name', '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('legal_holds', 'tenant_system', 'hold_id', '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('audit_chain_head', 'tenant_system', NULL, '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('audit_chain_anchor', 'tenant_system', NULL, '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('audit_redaction_key', 'tenant_system', NULL, '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL),
    ('flyway_schema_history', 'tenant_system', 'installed_rank', '{}', NULL, 'keep', NULL, NULL, 50, NULL, NULL);

-- updated_at records changes made by people and applications, not those the database makes on
-- its own (a foreign key's ON DELETE SET NULL): those must not restart a row's retention.
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    IF pg_trigger_depth() <= 1 THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END
$$;

-- A deleted user leaves the assessments they created (business records) without a creator.
ALTER TABLE assessments DROP CONSTRAINT assessments_created_by_fkey;
ALTER TABLE assessments ADD CONSTRAINT assessments_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (user_id)
    ON DELETE SET NULL;
CREATE INDEX assessments_created_by_idx ON assessments (created_by);
CREATE INDEX api_keys_user_idx ON api_keys (user_id);
ALTER TABLE assessments ADD COLUMN anonymized_at timestamptz;
ALTER TABLE assessment_results ADD COLUMN anonymized_at timestamptz;

-- Legal holds: the whole tenant (table_name NULL), a table (record_id NULL) or one row. Active
-- while not released and not past held_until. Rows of a held row's children are held too.
CREATE TABLE legal_holds (
    hold_id     uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id      uuid        NOT NULL REFERENCES organization (org_id),
    table_name  text        REFERENCES retention_map (table_name),
    record_id   text,
    reason      text        NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    placed_by   text        NOT NULL,
    placed_at   timestamptz NOT NULL DEFAULT now(),
    held_until  timestamptz,
    released_at timestamptz,
    released_by text,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz,
    CHECK (record_id IS NULL OR table_name IS NOT NULL)
);
CREATE INDEX legal_holds_active_idx ON legal_holds (table_name, record_id) WHERE released_at IS NULL;

-- The tenant's secret for audit digests: a keyed digest (HMAC-SHA-256) cannot be confirmed by
-- guessing a value without the secret, which only the owner's SECURITY DEFINER functions read.
CREATE TABLE audit_redaction_key (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    secret    bytea   NOT NULL DEFAULT public.gen_random_bytes(32)
);
INSERT INTO audit_redaction_key (singleton) VALUES (true);
ALTER TABLE audit_redaction_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_redaction_key FORCE ROW LEVEL SECURITY;
CREATE POLICY org_context ON audit_redaction_key USING (current_org() IS NOT NULL);

-- Audit values kept as they are: identifiers, timestamps and closed vocabularies. Every other
-- value (ciphertext, lookup hashes, names, titles, free text, reasons) becomes its keyed digest.
CREATE FUNCTION audit_redact(row_values jsonb, secret bytea) RETURNS jsonb
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT CASE WHEN row_values IS NULL THEN NULL ELSE coalesce((
        SELECT jsonb_object_agg(e.key, CASE
                   WHEN e.value = 'null'::jsonb THEN e.value
                   WHEN e.key ~ '(_id|_at|_until)$' OR e.key IN ('role', 'status', 'severity_level', 'framework',
                        'finding_type', 'purpose', 'granted', 'policy_version', 'category', 'retention_days',
                        'minimum_days', 'maximum_days', 'scopes', 'home_region', 'jurisdictions', 'frameworks',
                        'locale', 'time_zone', 'table_name', 'singleton') THEN e.value
                   ELSE to_jsonb('hmac-sha256:' || encode(public.hmac(convert_to(e.value::text, 'UTF8'), secret, 'sha256'), 'hex')) END)
          FROM jsonb_each(row_values) e), '{}'::jsonb) END
$$;

ALTER TABLE audit_log DROP CONSTRAINT audit_log_action_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_action_check CHECK (action IN ('INSERT', 'UPDATE', 'DELETE',
    'RETENTION_PURGE', 'ERASURE'));

-- Appends chained audit rows for the organization in context: one per element of the arrays, in
-- order, under one lock of the chain head and one update of it (per statement, not per row: a
-- purge deleting a thousand rows moves the head once).
CREATE FUNCTION audit_append_all(row_orgs uuid[], action text, table_name text, record_ids text[],
                                 old_values jsonb[], new_values jsonb[]) RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    head    audit_chain_head%ROWTYPE;
    at      timestamptz := clock_timestamp();
    org     uuid := current_org();
    n       integer := coalesce(array_length(record_ids, 1), 0);
    ids     bigint[] := '{}';
    prevs   bytea[] := '{}';
    hashes  bytea[] := '{}';
    prev    bytea;
    hash    bytea;
BEGIN
    IF n = 0 THEN
        RETURN NULL;
    END IF;
    FOR i IN 1 .. n LOOP
        IF row_orgs[i] IS NULL OR row_orgs[i] IS DISTINCT FROM org THEN
            RAISE EXCEPTION '% on %.% needs app.current_org_id set to the row''s organization %', action,
                '${flyway:defaultSchema}', table_name, row_orgs[i] USING ERRCODE = 'insufficient_privilege',
                HINT = 'run SELECT set_config(''app.current_org_id'', ''<org id>'', true) in the transaction first';
        END IF;
    END LOOP;
    SELECT * INTO head FROM audit_chain_head WHERE singleton FOR UPDATE;
    prev := head.last_hash;
    FOR i IN 1 .. n LOOP
        hash := audit_hash(prev, head.last_audit_id + i, org, at, session_user::text, action, table_name, record_ids[i],
                           old_values[i], new_values[i]);
        ids := ids || (head.last_audit_id + i);
        prevs := prevs || prev;
        hashes := hashes || hash;
        prev := hash;
    END LOOP;
    INSERT INTO audit_log (audit_id, org_id, occurred_at, actor, action, table_name, record_id, old_values,
                           new_values, prev_hash, row_hash)
    SELECT r.id, org, at, session_user::text, action, table_name, r.record_id, r.old_values, r.new_values, r.prev, r.hash
      FROM unnest(ids, record_ids, old_values, new_values, prevs, hashes)
           AS r(id, record_id, old_values, new_values, prev, hash);
    UPDATE audit_chain_head SET last_audit_id = head.last_audit_id + n, last_hash = prev WHERE singleton;
    RETURN head.last_audit_id + n;
END
$$;

-- One chained audit row for the organization in context.
CREATE FUNCTION audit_append(row_org uuid, action text, table_name text, record_id text, old_values jsonb,
                             new_values jsonb) RETURNS bigint
LANGUAGE sql SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$ SELECT audit_append_all(ARRAY[row_org], action, table_name, ARRAY[record_id], ARRAY[old_values], ARRAY[new_values]) $$;

-- The audit trigger, per statement with its transition tables (old_rows, new_rows): every changed
-- row's values redacted, appended in one go. An UPDATE pairs old and new rows by their key
-- (TG_ARGV[0]); a row whose key changed is recorded as its old and its new image.
CREATE FUNCTION audit_statement() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    secret   bytea;
    orgs     uuid[];
    keys     text[];
    olds     jsonb[];
    news     jsonb[];
BEGIN
    IF current_org() IS NOT NULL THEN
        SELECT k.secret INTO secret FROM audit_redaction_key k WHERE k.singleton;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg((j ->> 'org_id')::uuid), array_agg(j ->> TG_ARGV[0]), array_agg(NULL::jsonb),
               array_agg(audit_redact(j, secret))
          INTO orgs, keys, olds, news FROM (SELECT to_jsonb(n) AS j FROM new_rows n) c;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg((j ->> 'org_id')::uuid), array_agg(j ->> TG_ARGV[0]), array_agg(audit_redact(j, secret)),
               array_agg(NULL::jsonb)
          INTO orgs, keys, olds, news FROM (SELECT to_jsonb(o) AS j FROM old_rows o) c;
    ELSE
        SELECT array_agg((coalesce(c.n, c.o) ->> 'org_id')::uuid), array_agg(coalesce(c.n, c.o) ->> TG_ARGV[0]),
               array_agg(audit_redact(c.o, secret)), array_agg(audit_redact(c.n, secret))
          INTO orgs, keys, olds, news
          FROM (SELECT o.j AS o, n.j AS n
                  FROM (SELECT to_jsonb(o) AS j FROM old_rows o) o
                  FULL JOIN (SELECT to_jsonb(n) AS j FROM new_rows n) n ON (o.j ->> TG_ARGV[0]) = (n.j ->> TG_ARGV[0])) c;
    END IF;
    PERFORM audit_append_all(orgs, TG_OP, TG_TABLE_NAME, keys, olds, news);
    RETURN NULL;
END
$$;

-- A summary row written by the orchestrator (purge, erasure, prune): counts, cut-offs, policy, run id.
CREATE FUNCTION audit_event(action text, table_name text, detail jsonb) RETURNS bigint
LANGUAGE sql SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$ SELECT audit_append(current_org(), action, table_name, NULL, NULL, detail) $$;

-- Every audited table: the row-level trigger of V1 becomes three statement-level ones.
DO $triggers$
DECLARE
    audited text[][] := ARRAY[['organization', 'org_id'], ['users', 'user_id'], ['profiles', 'profile_id'],
                              ['consents', 'consent_id'], ['assessments', 'assessment_id'],
                              ['assessment_results', 'result_id'], ['api_keys', 'key_id'],
                              ['retention_policy', 'category'], ['legal_holds', 'hold_id']];
BEGIN
    FOR i IN 1 .. array_length(audited, 1) LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', audited[i][1] || '_audit', audited[i][1]);
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(%L)', audited[i][1] || '_audit_insert',
                       audited[i][1], audited[i][2]);
        EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(%L)', audited[i][1] || '_audit_update',
                       audited[i][1], audited[i][2]);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_statement(%L)', audited[i][1] || '_audit_delete',
                       audited[i][1], audited[i][2]);
    END LOOP;
END
$triggers$;
DROP FUNCTION audit_row_change();

CREATE TRIGGER legal_holds_touch BEFORE UPDATE ON legal_holds FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
ALTER TABLE legal_holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE legal_holds FORCE ROW LEVEL SECURITY;
CREATE POLICY org_isolation ON legal_holds USING (org_id = current_org()) WITH CHECK (org_id = current_org());

-- Where the chain starts once its oldest rows are pruned: the last pruned row's id and hash.
CREATE TABLE audit_chain_anchor (
    singleton        boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    last_pruned_id   bigint      NOT NULL,
    last_pruned_hash bytea       NOT NULL,
    pruned_rows      bigint      NOT NULL,
    pruned_at        timestamptz NOT NULL
);
ALTER TABLE audit_chain_anchor ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_chain_anchor FORCE ROW LEVEL SECURITY;
CREATE POLICY org_context ON audit_chain_anchor USING (current_org() IS NOT NULL);
CREATE POLICY org_audit_prune ON audit_log FOR DELETE USING (org_id = current_org());

-- Deletes up to max_rows of the oldest audit rows written before the cut-off (never the newest
-- row, never while the tenant or audit_log is held, never from the first row about a held row, its
-- table, or a held row's children on) and moves the anchor to the last one deleted.
-- Refuses when the chain does not start at the anchor, so a hand deletion is never covered up.
CREATE FUNCTION prune_audit_log(before timestamptz, max_rows integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
DECLARE
    cut_id   bigint;
    cut_hash bytea;
    pruned   integer;
BEGIN
    IF current_org() IS NULL THEN
        RAISE EXCEPTION 'prune_audit_log() needs app.current_org_id' USING ERRCODE = 'insufficient_privilege';
    END IF;
    PERFORM 1 FROM audit_chain_head WHERE singleton FOR UPDATE;
    IF EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND (h.held_until IS NULL OR h.held_until > now())
                AND (h.table_name IS NULL OR h.table_name = 'audit_log')) THEN
        RETURN 0;
    END IF;
    IF EXISTS (SELECT 1 FROM (SELECT a.audit_id, a.prev_hash FROM audit_log a ORDER BY a.audit_id LIMIT 1) f
                 LEFT JOIN audit_chain_anchor an ON an.singleton
                WHERE f.prev_hash IS DISTINCT FROM an.last_pruned_hash
                   OR f.audit_id <> coalesce(an.last_pruned_id, 0) + 1) THEN
        RAISE EXCEPTION 'the audit chain of % does not start at its anchor (oldest rows removed outside pruning); '
            'prune refused so that the evidence stays visible', '${flyway:defaultSchema}' USING ERRCODE = 'data_corrupted',
            HINT = 'see SELECT * FROM verify_audit_chain()';
    END IF;
    SELECT p.audit_id, p.row_hash INTO cut_id, cut_hash FROM (
        SELECT a.*, bool_and(a.occurred_at < before AND NOT EXISTS (
                   SELECT 1 FROM legal_holds h
                    WHERE h.released_at IS NULL AND (h.held_until IS NULL OR h.held_until > now())
                      AND (h.table_name = a.table_name AND (h.record_id IS NULL OR h.record_id = a.record_id)
                           OR EXISTS (SELECT 1 FROM retention_map m WHERE m.table_name = a.table_name
                                         AND m.parent_table = h.table_name
                                         AND (h.record_id IS NULL OR h.record_id
                                              = coalesce(a.old_values, a.new_values) ->> m.parent_column)))))
                   OVER (ORDER BY a.audit_id) AS expired
          FROM (SELECT * FROM audit_log ORDER BY audit_id LIMIT max_rows) a
         WHERE a.audit_id < (SELECT last_audit_id FROM audit_chain_head)
    ) p WHERE p.expired ORDER BY p.audit_id DESC LIMIT 1;
    IF cut_id IS NULL THEN
        RETURN 0;
    END IF;
    DELETE FROM audit_log WHERE audit_id <= cut_id;
    GET DIAGNOSTICS pruned = ROW_COUNT;
    INSERT INTO audit_chain_anchor (singleton, last_pruned_id, last_pruned_hash, pruned_rows, pruned_at)
    VALUES (true, cut_id, cut_hash, pruned, now())
    ON CONFLICT (singleton) DO UPDATE SET last_pruned_id = excluded.last_pruned_id,
        last_pruned_hash = excluded.last_pruned_hash, pruned_rows = audit_chain_anchor.pruned_rows + excluded.pruned_rows,
        pruned_at = excluded.pruned_at;
    RETURN pruned;
END
$$;

-- As V2, plus: the oldest row must link to the anchor (or be the first row ever written), so
-- removing the oldest rows by hand is found too.
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
    SELECT c.audit_id, 'oldest rows were removed outside pruning' FROM chain c
      LEFT JOIN audit_chain_anchor an ON an.singleton
     WHERE c.previous_id IS NULL
       AND (c.prev_hash IS DISTINCT FROM an.last_pruned_hash OR c.audit_id <> coalesce(an.last_pruned_id, 0) + 1)
    UNION ALL
    SELECT h.last_audit_id, 'latest rows were removed' FROM audit_chain_head h
     WHERE h.last_audit_id <> coalesce((SELECT max(a.audit_id) FROM audit_log a), 0)
        OR h.last_hash IS DISTINCT FROM (SELECT a.row_hash FROM audit_log a ORDER BY a.audit_id DESC LIMIT 1)
    ORDER BY 1;
END
$$;

-- Rows written before this version: redact their values and re-link the chain, in order.
CREATE POLICY org_audit_relink ON audit_log FOR UPDATE USING (org_id = current_org());
DO $relink$
DECLARE
    entry  audit_log%ROWTYPE;
    prev   bytea := NULL;
    hash   bytea;
    secret bytea := (SELECT k.secret FROM audit_redaction_key k WHERE k.singleton);
BEGIN
    IF current_org() IS NULL THEN
        RAISE EXCEPTION 'template V3 redacts and re-links the audit chain of its organization: run it with '
            'app.current_org_id set (the orchestrator does)' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF EXISTS (SELECT 1 FROM verify_audit_chain()) THEN
        RAISE EXCEPTION 'the audit chain of % does not verify before V3 re-links it; V3 refused so that the evidence '
            'stays as found', '${flyway:defaultSchema}' USING ERRCODE = 'data_corrupted',
            HINT = 'see SELECT * FROM verify_audit_chain()';
    END IF;
    FOR entry IN SELECT * FROM audit_log ORDER BY audit_id LOOP
        entry.old_values := audit_redact(entry.old_values, secret);
        entry.new_values := audit_redact(entry.new_values, secret);
        hash := audit_hash(prev, entry.audit_id, entry.org_id, entry.occurred_at, entry.actor, entry.action,
                           entry.table_name, entry.record_id, entry.old_values, entry.new_values);
        UPDATE audit_log SET old_values = entry.old_values, new_values = entry.new_values, prev_hash = prev,
                             row_hash = hash
         WHERE audit_id = entry.audit_id;
        prev := hash;
    END LOOP;
    UPDATE audit_chain_head SET last_hash = prev WHERE singleton AND last_audit_id > 0;
END
$relink$;
DROP POLICY org_audit_relink ON audit_log;

REVOKE ALL ON retention_map, legal_holds, audit_chain_anchor FROM PUBLIC;
REVOKE ALL ON audit_redaction_key FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_redact(jsonb, bytea), audit_append(uuid, text, text, text, jsonb, jsonb),
    audit_append_all(uuid[], text, text, text[], jsonb[], jsonb[]), audit_statement(),
    audit_event(text, text, jsonb), prune_audit_log(timestamptz, integer) FROM PUBLIC;
DO $grants$
DECLARE
    app_role      text := '${flyway:defaultSchema}' || '_app';
    readonly_role text := '${flyway:defaultSchema}' || '_ro';
BEGIN
    EXECUTE format('GRANT SELECT ON retention_map, legal_holds TO %I, %I', app_role, readonly_role);
END
$grants$;
