-- Bulk onboarding runs (`provision --file`, the API's bulk call): one row per run, one row per row
-- of its input. The run is a fleet job: one wave, one partition per region. The control plane keeps
-- no personal data: slugs, regions, frameworks, states, errors (which name fields, never a display
-- name). A display name waits here only sealed (AES-256-GCM under the master key, which never
-- reaches a database) until its tenant is built in its home region, then it is removed.
CREATE TABLE bulk_run (
    run_id      bigserial   PRIMARY KEY,
    status      text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'INCOMPLETE', 'HALTED', 'FAILED')),
    source      text        NOT NULL,
    regions     text[]      NOT NULL,
    reason      text,
    owner       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE TABLE bulk_row (
    run_id      bigint      NOT NULL REFERENCES bulk_run (run_id),
    line        integer     NOT NULL,
    region      text,
    slug        text,
    frameworks  text[]      NOT NULL DEFAULT '{}',
    name_sealed bytea,
    state       text        NOT NULL CHECK (state IN ('pending', 'building', 'provisioned', 'present', 'failed', 'invalid')),
    tenant_id   uuid,
    error       text,
    millis      integer,
    attempts    integer     NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, line)
);

CREATE INDEX bulk_row_region_idx ON bulk_row (run_id, region, state);
