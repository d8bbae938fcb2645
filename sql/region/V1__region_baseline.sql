-- Applied once per region database by the orchestrator (Flyway, history in fleet.fleet_schema_history).
-- Holds what every tenant of the region shares: pgcrypto, the shared auditor role, the append-only
-- residency ledger, the anonymized cross-region metadata table and the tenant key store.

CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'fleet_auditor') THEN
        CREATE ROLE fleet_auditor NOLOGIN NOINHERIT;
    END IF;
END
$$;

REVOKE ALL ON SCHEMA fleet FROM PUBLIC;
GRANT USAGE ON SCHEMA fleet TO fleet_auditor;

-- Residency ledger: one row per provisioning, migration, purge, sync and offboarding that touched
-- this region. Append-only (UPDATE/DELETE/TRUNCATE raise) and hash-chained, so that an edit made
-- with the triggers disabled is still found by fleet.verify_ledger().
CREATE TABLE fleet.residency_ledger (
    entry_id     bigint      PRIMARY KEY,
    occurred_at  timestamptz NOT NULL,
    region       text        NOT NULL,
    event        text        NOT NULL,
    tenant_id    uuid,
    tenant_slug  text,
    schema_name  text,
    detail       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    actor        text        NOT NULL,
    prev_hash    bytea,
    entry_hash   bytea       NOT NULL
);

CREATE INDEX residency_ledger_tenant_idx ON fleet.residency_ledger (tenant_id, entry_id);

CREATE TABLE fleet.residency_ledger_head (
    singleton     boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    last_entry_id bigint  NOT NULL,
    last_hash     bytea
);
INSERT INTO fleet.residency_ledger_head (singleton, last_entry_id, last_hash) VALUES (true, 0, NULL);

CREATE FUNCTION fleet.ledger_hash(prev bytea, entry_id bigint, occurred_at timestamptz, region text, event text,
                                  tenant_id uuid, tenant_slug text, schema_name text, detail jsonb, actor text)
RETURNS bytea
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, pg_temp
AS $$
    SELECT public.digest(concat_ws('|', coalesce(encode(prev, 'hex'), ''), entry_id::text,
            to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), region, event,
            coalesce(tenant_id::text, ''), coalesce(tenant_slug, ''), coalesce(schema_name, ''),
            detail::text, actor), 'sha256')
$$;

CREATE FUNCTION fleet.ledger_chain() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    head fleet.residency_ledger_head%ROWTYPE;
BEGIN
    SELECT * INTO head FROM fleet.residency_ledger_head WHERE singleton FOR UPDATE;
    NEW.entry_id := head.last_entry_id + 1;
    NEW.occurred_at := clock_timestamp();
    NEW.actor := session_user;
    NEW.prev_hash := head.last_hash;
    NEW.entry_hash := fleet.ledger_hash(NEW.prev_hash, NEW.entry_id, NEW.occurred_at, NEW.region, NEW.event,
                                        NEW.tenant_id, NEW.tenant_slug, NEW.schema_name, NEW.detail, NEW.actor);
    UPDATE fleet.residency_ledger_head SET last_entry_id = NEW.entry_id, last_hash = NEW.entry_hash WHERE singleton;
    RETURN NEW;
END
$$;

CREATE FUNCTION fleet.ledger_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    RAISE EXCEPTION 'fleet.residency_ledger is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER residency_ledger_chain BEFORE INSERT ON fleet.residency_ledger
    FOR EACH ROW EXECUTE FUNCTION fleet.ledger_chain();
CREATE TRIGGER residency_ledger_no_update BEFORE UPDATE OR DELETE ON fleet.residency_ledger
    FOR EACH ROW EXECUTE FUNCTION fleet.ledger_append_only();
CREATE TRIGGER residency_ledger_no_truncate BEFORE TRUNCATE ON fleet.residency_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION fleet.ledger_append_only();

-- Every broken link of the chain: a changed row, a removed row, or a removed tail. No rows: intact.
CREATE FUNCTION fleet.verify_ledger()
RETURNS TABLE (entry_id bigint, problem text)
LANGUAGE sql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
    WITH chain AS (
        SELECT l.*, lag(l.entry_hash) OVER (ORDER BY l.entry_id) AS expected_prev,
               lag(l.entry_id) OVER (ORDER BY l.entry_id) AS previous_id
        FROM fleet.residency_ledger l
    )
    SELECT c.entry_id, 'entry was modified' FROM chain c
     WHERE c.entry_hash IS DISTINCT FROM fleet.ledger_hash(c.prev_hash, c.entry_id, c.occurred_at, c.region, c.event,
                                                           c.tenant_id, c.tenant_slug, c.schema_name, c.detail, c.actor)
    UNION ALL
    SELECT c.entry_id, 'entry before it was removed or modified' FROM chain c
     WHERE c.previous_id IS NOT NULL AND c.prev_hash IS DISTINCT FROM c.expected_prev
    UNION ALL
    SELECT h.last_entry_id, 'latest entries were removed' FROM fleet.residency_ledger_head h
     WHERE h.last_entry_id <> coalesce((SELECT max(l.entry_id) FROM fleet.residency_ledger l), 0)
        OR h.last_hash IS DISTINCT FROM (SELECT l.entry_hash FROM fleet.residency_ledger l ORDER BY l.entry_id DESC LIMIT 1)
    ORDER BY 1
$$;

REVOKE ALL ON ALL TABLES IN SCHEMA fleet FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA fleet FROM PUBLIC;
GRANT SELECT ON fleet.residency_ledger TO fleet_auditor;
GRANT EXECUTE ON FUNCTION fleet.verify_ledger() TO fleet_auditor;
GRANT EXECUTE ON FUNCTION fleet.ledger_hash(bytea, bigint, timestamptz, text, text, uuid, text, text, jsonb, text) TO fleet_auditor;

-- Anonymized aggregates that may be synced to other regions (shared/seeds/002): counts and
-- distributions only, never identifiers of people or free text.
CREATE TABLE fleet.cross_region_metadata (
    metadata_id     uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    organization_id uuid        NOT NULL,
    source_region   text        NOT NULL CHECK (source_region ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    data_type       varchar(100) NOT NULL,
    aggregated_data jsonb       NOT NULL,
    last_sync       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cross_region_metadata_org_idx ON fleet.cross_region_metadata (organization_id, data_type);

-- Envelope encryption: each tenant's data key, wrapped (AES-256-GCM) under the master key. The
-- master key lives only in the orchestrator's environment; it is never sent to or stored in a
-- database. master_key_id is a fingerprint that tells which master key wrapped the data key.
CREATE TABLE fleet.tenant_keys (
    tenant_id      uuid        PRIMARY KEY,
    tenant_slug    text        NOT NULL UNIQUE,
    key_version    integer     NOT NULL DEFAULT 1,
    wrap_algorithm text        NOT NULL DEFAULT 'AES-256-GCM',
    wrapped_key    bytea       NOT NULL,
    master_key_id  text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON fleet.tenant_keys FROM PUBLIC;
