-- The orchestrator's own state. No personal data lives here: ids, slugs, regions, versions,
-- statuses and counts only (design invariant 2). Organization display names stay in the region.

CREATE TABLE tenant (
    tenant_id       uuid        PRIMARY KEY,
    slug            text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9_]{2,39}$'),
    home_region     text        NOT NULL CHECK (home_region ~ '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'),
    status          text        NOT NULL CHECK (status IN ('PROVISIONING', 'ACTIVE', 'FAILED')),
    schema_version  text,
    frameworks      text[]      NOT NULL DEFAULT '{}',
    failure_reason  text,
    attempts        integer     NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    activated_at    timestamptz
);

CREATE INDEX tenant_region_idx ON tenant (home_region, status);

-- One row per provisioning event, append-only by convention of the orchestrator.
CREATE TABLE provisioning_history (
    history_id   bigserial   PRIMARY KEY,
    tenant_id    uuid        NOT NULL REFERENCES tenant (tenant_id),
    slug         text        NOT NULL,
    home_region  text        NOT NULL,
    event        text        NOT NULL CHECK (event IN ('REQUESTED', 'SCHEMA_CREATED', 'MIGRATED', 'CONFIGURED',
                                                        'ACTIVATED', 'FAILED', 'ROLLED_BACK', 'ALREADY_ACTIVE')),
    detail       text,
    job_execution_id bigint,
    occurred_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX provisioning_history_tenant_idx ON provisioning_history (tenant_id, occurred_at);
