-- Retention runs (`retention run`): one row per run, one row per tenant in it. The run is a fleet
-- job (one wave; per region as many lanes as --parallel-per-region). Per tenant the ledger keeps
-- the cut-offs it was purged to (fixed at its first attempt, so a restart removes exactly what the
-- first attempt would have), what was removed, anonymized, pruned, held back and left, and why it
-- is not done. No row values: counts, dates and table names only. grace_days is the --grace-days given
-- for every region, NULL when each tenant's home region's soft_delete_grace_days (catalog) applies;
-- the grace used for a tenant is in its cut-offs.

CREATE TABLE retention_run (
    run_id              bigserial   PRIMARY KEY,
    status              text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'INCOMPLETE', 'HALTED', 'FAILED')),
    regions             text[]      NOT NULL,
    batch_size          integer     NOT NULL CHECK (batch_size > 0),
    grace_days          integer     CHECK (grace_days >= 0),
    parallel_per_region integer     NOT NULL CHECK (parallel_per_region > 0),
    reason              text,
    owner               text        NOT NULL,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    finished_at         timestamptz
);

CREATE TABLE retention_tenant (
    run_id      bigint      NOT NULL REFERENCES retention_run (run_id),
    tenant_id   uuid        NOT NULL REFERENCES tenant (tenant_id),
    slug        text        NOT NULL,
    region      text        NOT NULL,
    lane        integer     NOT NULL CHECK (lane >= 0),
    state       text        NOT NULL CHECK (state IN ('pending', 'purging', 'done', 'failed')),
    cutoffs     jsonb,
    removed     bigint      NOT NULL DEFAULT 0,
    anonymized  bigint      NOT NULL DEFAULT 0,
    pruned      bigint      NOT NULL DEFAULT 0,
    held        bigint      NOT NULL DEFAULT 0,
    left_rows   bigint      NOT NULL DEFAULT 0,
    tables      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    unmapped    text[]      NOT NULL DEFAULT '{}',
    last_error  text,
    duration_ms integer,
    attempts    integer     NOT NULL DEFAULT 0,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, tenant_id)
);
CREATE INDEX retention_tenant_partition_idx ON retention_tenant (run_id, region, lane);
