-- Per-organization template, applied by Flyway into schema org_<slug> (history in that schema's
-- flyway_schema_history). Objects are owned by the tenant's owner role (Flyway runs SET ROLE).
-- Only Flyway's built-in placeholder ${flyway:defaultSchema} (the tenant schema) is used, so Flyway's
-- own tools validate these schemas with no extra settings. The tenant's roles are named after its
-- schema: <schema>_owner, <schema>_app and <schema>_ro (created by the orchestrator beforehand).
-- Tables draw on shared/seeds: users/profiles and consents (001, 004), assessments and their
-- results (002), API keys as ciphertext (000, 004), and a tamper-evident audit log (000, 002).
-- Every table has timestamps and deleted_at (soft delete); PII columns are pgcrypto ciphertext
-- under the tenant's data key; row-level security keys every row to app.current_org_id.

-- The organization the session acts for; NULL (no rows visible) when the context is not set.
CREATE FUNCTION current_org() RETURNS uuid
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT NULLIF(current_setting('app.current_org_id', true), '')::uuid $$;

-- PII encryption under the tenant data key the application placed in app.data_key for its session.
CREATE FUNCTION pii_encrypt(plain text) RETURNS bytea
LANGUAGE sql VOLATILE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE WHEN plain IS NULL THEN NULL
             ELSE public.pgp_sym_encrypt(plain, current_setting('app.data_key'), 'cipher-algo=aes256') END $$;

CREATE FUNCTION pii_decrypt(cipher bytea) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT CASE WHEN cipher IS NULL THEN NULL
             ELSE public.pgp_sym_decrypt(cipher, current_setting('app.data_key')) END $$;

-- Keyed hash for equality lookups on encrypted values (e.g. find a user by e-mail).
CREATE FUNCTION pii_lookup_hash(plain text) RETURNS bytea
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$ SELECT public.hmac(lower(plain), current_setting('app.data_key'), 'sha256') $$;

CREATE FUNCTION touch_updated_at() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;

CREATE TABLE organization (
    org_id        uuid        PRIMARY KEY,
    display_name  text        NOT NULL,
    home_region   text        NOT NULL,
    jurisdictions text[]      NOT NULL,
    frameworks    text[]      NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);

CREATE TABLE users (
    user_id          uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id           uuid        NOT NULL REFERENCES organization (org_id),
    email_cipher     bytea       NOT NULL,
    email_lookup     bytea       NOT NULL,
    full_name_cipher bytea,
    role             text        NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member', 'auditor')),
    last_login_at    timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    deleted_at       timestamptz
);
CREATE UNIQUE INDEX users_email_lookup_uq ON users (org_id, email_lookup) WHERE deleted_at IS NULL;

CREATE TABLE profiles (
    profile_id     uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id         uuid        NOT NULL REFERENCES organization (org_id),
    user_id        uuid        NOT NULL UNIQUE REFERENCES users (user_id),
    phone_cipher   bytea,
    address_cipher bytea,
    locale         text,
    time_zone      text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);

CREATE TABLE consents (
    consent_id     uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id         uuid        NOT NULL REFERENCES organization (org_id),
    user_id        uuid        NOT NULL REFERENCES users (user_id),
    purpose        text        NOT NULL,
    granted        boolean     NOT NULL,
    policy_version text        NOT NULL,
    granted_at     timestamptz,
    withdrawn_at   timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE INDEX consents_user_idx ON consents (user_id, purpose);

CREATE TABLE assessments (
    assessment_id uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id        uuid        NOT NULL REFERENCES organization (org_id),
    title         text        NOT NULL,
    framework     text        NOT NULL,
    status        text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'in_progress', 'completed', 'archived')),
    created_by    uuid        REFERENCES users (user_id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);
CREATE INDEX assessments_org_created_idx ON assessments (org_id, created_at DESC);

CREATE TABLE assessment_results (
    result_id      uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id         uuid        NOT NULL REFERENCES organization (org_id),
    assessment_id  uuid        NOT NULL REFERENCES assessments (assessment_id),
    finding_type   text        NOT NULL,
    severity_level text        NOT NULL CHECK (severity_level IN ('critical', 'high', 'medium', 'low')),
    title          text        NOT NULL,
    description    text,
    evidence_data  jsonb,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz
);
CREATE INDEX assessment_results_severity_idx ON assessment_results (assessment_id, severity_level);

CREATE TABLE api_keys (
    key_id       uuid        PRIMARY KEY DEFAULT public.gen_random_uuid(),
    org_id       uuid        NOT NULL REFERENCES organization (org_id),
    user_id      uuid        REFERENCES users (user_id),
    key_prefix   text        NOT NULL,
    key_cipher   bytea       NOT NULL,
    scopes       text[]      NOT NULL DEFAULT '{}',
    last_used_at timestamptz,
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    deleted_at   timestamptz
);
CREATE UNIQUE INDEX api_keys_prefix_uq ON api_keys (key_prefix);

-- Retention rules of this tenant, written at provisioning from its region's jurisdictions.
CREATE TABLE retention_policy (
    category       text        PRIMARY KEY CHECK (category IN ('personal_data', 'audit_records')),
    org_id         uuid        NOT NULL REFERENCES organization (org_id),
    retention_days integer     NOT NULL CHECK (retention_days >= 0),
    minimum_days   integer     NOT NULL DEFAULT 0 CHECK (minimum_days >= 0),
    maximum_days   integer     CHECK (maximum_days IS NULL OR maximum_days >= 0),
    jurisdictions  text[]      NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    deleted_at     timestamptz,
    CHECK (maximum_days IS NULL OR retention_days <= maximum_days),
    CHECK (retention_days >= minimum_days)
);

-- Audit log written only by triggers. Each row's hash covers the previous row's hash, and the
-- chain head is kept apart, so an UPDATE or DELETE made by hand is found by verify_audit_chain().
CREATE TABLE audit_log (
    audit_id    bigint      PRIMARY KEY,
    org_id      uuid,
    occurred_at timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL CHECK (action IN ('INSERT', 'UPDATE', 'DELETE')),
    table_name  text        NOT NULL,
    record_id   text,
    old_values  jsonb,
    new_values  jsonb,
    prev_hash   bytea,
    row_hash    bytea       NOT NULL
);
CREATE INDEX audit_log_org_time_idx ON audit_log (org_id, occurred_at DESC);

CREATE TABLE audit_chain_head (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_audit_id bigint  NOT NULL,
    last_hash     bytea
);
INSERT INTO audit_chain_head (singleton, last_audit_id, last_hash) VALUES (true, 0, NULL);

CREATE FUNCTION audit_hash(prev bytea, audit_id bigint, org_id uuid, occurred_at timestamptz, actor text, action text,
                           table_name text, record_id text, old_values jsonb, new_values jsonb)
RETURNS bytea
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT public.digest(concat_ws('|', coalesce(encode(prev, 'hex'), ''), audit_id::text, coalesce(org_id::text, ''),
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), actor, action, table_name,
            coalesce(record_id, ''), coalesce(old_values::text, ''), coalesce(new_values::text, '')), 'sha256')
$$;

-- SECURITY DEFINER: runs as the owner role, so application roles never write audit_log directly.
CREATE FUNCTION audit_row_change() RETURNS trigger
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

-- Every broken link of the audit chain; no rows means intact.
CREATE FUNCTION verify_audit_chain()
RETURNS TABLE (audit_id bigint, problem text)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = ${flyway:defaultSchema}, pg_temp
AS $$
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
    ORDER BY 1
$$;

CREATE TRIGGER organization_audit AFTER INSERT OR UPDATE OR DELETE ON organization
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('org_id');
CREATE TRIGGER users_audit AFTER INSERT OR UPDATE OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('user_id');
CREATE TRIGGER profiles_audit AFTER INSERT OR UPDATE OR DELETE ON profiles
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('profile_id');
CREATE TRIGGER consents_audit AFTER INSERT OR UPDATE OR DELETE ON consents
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('consent_id');
CREATE TRIGGER assessments_audit AFTER INSERT OR UPDATE OR DELETE ON assessments
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('assessment_id');
CREATE TRIGGER assessment_results_audit AFTER INSERT OR UPDATE OR DELETE ON assessment_results
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('result_id');
CREATE TRIGGER api_keys_audit AFTER INSERT OR UPDATE OR DELETE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('key_id');
CREATE TRIGGER retention_policy_audit AFTER INSERT OR UPDATE OR DELETE ON retention_policy
    FOR EACH ROW EXECUTE FUNCTION audit_row_change('category');

CREATE TRIGGER organization_touch BEFORE UPDATE ON organization FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER users_touch BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER profiles_touch BEFORE UPDATE ON profiles FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER consents_touch BEFORE UPDATE ON consents FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER assessments_touch BEFORE UPDATE ON assessments FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER assessment_results_touch BEFORE UPDATE ON assessment_results FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER api_keys_touch BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
CREATE TRIGGER retention_policy_touch BEFORE UPDATE ON retention_policy FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- Row-level security: every row belongs to the organization in app.current_org_id.
ALTER TABLE organization       ENABLE ROW LEVEL SECURITY;
ALTER TABLE users              ENABLE ROW LEVEL SECURITY;
ALTER TABLE profiles           ENABLE ROW LEVEL SECURITY;
ALTER TABLE consents           ENABLE ROW LEVEL SECURITY;
ALTER TABLE assessments        ENABLE ROW LEVEL SECURITY;
ALTER TABLE assessment_results ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys           ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_policy   ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log          ENABLE ROW LEVEL SECURITY;

CREATE POLICY org_isolation ON organization       USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON users              USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON profiles           USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON consents           USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON assessments        USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON assessment_results USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON api_keys           USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON retention_policy   USING (org_id = current_org()) WITH CHECK (org_id = current_org());
CREATE POLICY org_isolation ON audit_log          FOR SELECT USING (org_id = current_org());

-- Least privilege: the application reads and writes rows (never audit rows, never the schema);
-- the read-only role only reads. Neither owns anything, so neither can disable RLS.
REVOKE ALL ON ALL TABLES IN SCHEMA ${flyway:defaultSchema} FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ${flyway:defaultSchema} FROM PUBLIC;
DO $grants$
DECLARE
    app_role      text := '${flyway:defaultSchema}' || '_app';
    readonly_role text := '${flyway:defaultSchema}' || '_ro';
BEGIN
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON organization, users, profiles, consents, assessments, '
                   'assessment_results, api_keys TO %I', app_role);
    EXECUTE format('GRANT SELECT ON retention_policy, audit_log TO %I', app_role);
    EXECUTE format('GRANT SELECT ON organization, users, profiles, consents, assessments, assessment_results, api_keys, '
                   'retention_policy, audit_log TO %I', readonly_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION current_org(), pii_encrypt(text), pii_decrypt(bytea), '
                   'pii_lookup_hash(text), verify_audit_chain() TO %I', app_role);
    EXECUTE format('GRANT EXECUTE ON FUNCTION current_org(), pii_decrypt(bytea), verify_audit_chain() TO %I',
                   readonly_role);
END
$grants$;
