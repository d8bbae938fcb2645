-- The receiving side of the cross-region metadata sync (issue 11): cross_region_metadata is reshaped
-- for idempotent upserts and guarded so that a bug in the sending job cannot store personal data.
--
-- Reshaped, not altered: nothing has ever written fleet.cross_region_metadata (V1 created it and no
-- orchestrator command fills it), so the table is empty in every region and is dropped and created
-- again. organization_id goes: a real tenant id must never travel; a keyed pseudonym (an HMAC the
-- sender computes, 64 hex digits) replaces it. Should a region hold rows anyway (written by hand),
-- this migration refuses rather than drop them.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM fleet.cross_region_metadata) THEN
        RAISE EXCEPTION 'fleet.cross_region_metadata holds rows that no orchestrator wrote (they are keyed by real '
            'tenant ids); copy them elsewhere if they matter, delete them, and run again'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
END
$$;

DROP TABLE fleet.cross_region_metadata;

-- The allowlist of payload keys, as data: a key not listed here is refused, and each key's kind
-- says what its value may be. count: a non-negative integer (JSON number); date: a 'YYYY-MM-DD'
-- string; version: a '1', '3.1', ... string. A new key is a new V file inserting a row.
CREATE TABLE fleet.metadata_allowed_keys (
    key         text PRIMARY KEY CHECK (key ~ '^[a-z][a-z0-9_]{0,62}$'),
    kind        text NOT NULL CHECK (kind IN ('count', 'date', 'version')),
    description text NOT NULL
);

INSERT INTO fleet.metadata_allowed_keys (key, kind, description) VALUES
    ('tenants',              'count',   'active tenants (region_summary)'),
    ('users_active',         'count',   'users not deleted'),
    ('users_deleted',        'count',   'users soft-deleted, not yet purged'),
    ('records_draft',        'count',   'assessments in status draft'),
    ('records_in_progress',  'count',   'assessments in status in_progress'),
    ('records_completed',    'count',   'assessments in status completed'),
    ('records_archived',     'count',   'assessments in status archived'),
    ('results_critical',     'count',   'assessment results of severity critical'),
    ('results_high',         'count',   'assessment results of severity high'),
    ('results_medium',       'count',   'assessment results of severity medium'),
    ('results_low',          'count',   'assessment results of severity low'),
    ('storage_bytes',        'count',   'size of the tenant schema(s) in bytes'),
    ('suppressed_cells',     'count',   'counts left out because they were under the k-threshold'),
    ('schema_version',       'version', 'tenant schema version (tenant template)'),
    ('last_activity_date',   'date',    'day of the latest change, never a time of day');

-- One row per (source region, kind of summary, tenant pseudonym or none, payload version): the key
-- of the sync's upserts, so that sending the same payload twice leaves one row.
-- destination_region is the region holding the row, recorded so that a row read elsewhere (an
-- export, a backup) still says where it was received.
CREATE TABLE fleet.cross_region_metadata (
    metadata_id        uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    source_region      text        NOT NULL CHECK (source_region ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    destination_region text        NOT NULL CHECK (destination_region ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    pseudonym          text        CHECK (pseudonym ~ '^[0-9a-f]{64}$'),
    data_type          text        NOT NULL CHECK (data_type IN ('tenant_summary', 'region_summary')),
    payload_version    integer     NOT NULL CHECK (payload_version > 0),
    aggregated_data    jsonb       NOT NULL,
    payload_digest     bytea       NOT NULL CHECK (octet_length(payload_digest) = 32),
    last_sync          timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cross_region_metadata_pseudonym_per_type
        CHECK ((data_type = 'tenant_summary') = (pseudonym IS NOT NULL))
);

CREATE UNIQUE INDEX cross_region_metadata_upsert_key
    ON fleet.cross_region_metadata (source_region, data_type, (coalesce(pseudonym, '')), payload_version);

-- The payload guard. Its body lives in R__cross_region_metadata_guard.sql (one definition per
-- function), which Flyway runs after this file; until then this placeholder refuses every row, so
-- the table is never writable without its guard. (Had the repeatable script run first, e.g. a
-- migrate with a target below 9, its guard is kept.)
DO $$
BEGIN
    IF to_regprocedure('fleet.cross_region_metadata_guard()') IS NULL THEN
        CREATE FUNCTION fleet.cross_region_metadata_guard() RETURNS trigger
        LANGUAGE plpgsql
        SET search_path = pg_catalog, pg_temp
        AS $body$
        BEGIN
            RAISE EXCEPTION 'fleet.cross_region_metadata: payload guard not installed yet; nothing was stored'
                USING ERRCODE = 'check_violation';
        END
        $body$;
    END IF;
END
$$;

CREATE TRIGGER cross_region_metadata_guard BEFORE INSERT OR UPDATE ON fleet.cross_region_metadata
    FOR EACH ROW EXECUTE FUNCTION fleet.cross_region_metadata_guard();

REVOKE ALL ON fleet.cross_region_metadata, fleet.metadata_allowed_keys FROM PUBLIC;
REVOKE ALL ON FUNCTION fleet.cross_region_metadata_guard() FROM PUBLIC;
GRANT SELECT ON fleet.cross_region_metadata, fleet.metadata_allowed_keys TO fleet_auditor;
