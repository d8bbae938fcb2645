-- Rolling migrations: one row per rollout run, one row per tenant in it. The tenant's own
-- flyway_schema_history stays the source of truth for its version; these rows are the per-tenant
-- ledger operators and auditors read (state, error, duration) and the cursor a resume continues from.

CREATE TABLE rollout_run (
    run_id          bigserial   PRIMARY KEY,
    target_version  text        NOT NULL,
    status          text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'INCOMPLETE', 'HALTED', 'FAILED')),
    regions         text[]      NOT NULL,
    canary          text[]      NOT NULL DEFAULT '{}',
    wave_size       text        NOT NULL,
    max_failures    text        NOT NULL,
    parallel_per_region integer NOT NULL,
    waves           integer     NOT NULL,
    halt_reason     text,
    owner           text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);

CREATE TABLE rollout_tenant (
    run_id        bigint      NOT NULL REFERENCES rollout_run (run_id),
    tenant_id     uuid        NOT NULL REFERENCES tenant (tenant_id),
    slug          text        NOT NULL,
    region        text        NOT NULL,
    wave          integer     NOT NULL,
    from_version  text        NOT NULL,
    to_version    text        NOT NULL,
    state         text        NOT NULL CHECK (state IN ('pending', 'migrating', 'done', 'failed', 'skipped')),
    last_error    text,
    duration_ms   integer,
    attempts      integer     NOT NULL DEFAULT 0,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, tenant_id)
);

CREATE INDEX rollout_tenant_wave_idx ON rollout_tenant (run_id, wave, region, state);
CREATE INDEX rollout_tenant_tenant_idx ON rollout_tenant (tenant_id, run_id DESC);
