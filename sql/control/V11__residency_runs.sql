-- Residency reports (`residency report`): one row per report run, one row per region it checks.
-- A region's row keeps how it was checked and its findings (evidence: queries and the shapes of
-- what they returned, never a personal value), so that the report can be assembled after the fleet
-- job, whichever process checked the region.

CREATE TABLE residency_run (
    run_id      bigserial   PRIMARY KEY,
    report_id   uuid        NOT NULL UNIQUE,
    status      text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'INCOMPLETE', 'HALTED', 'FAILED')),
    regions     text[]      NOT NULL,
    digest      text        CHECK (digest ~ '^[0-9a-f]{64}$'),
    reason      text,
    owner       text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE TABLE residency_region (
    run_id     bigint      NOT NULL REFERENCES residency_run (run_id),
    region     text        NOT NULL,
    state      text        NOT NULL CHECK (state IN ('pending', 'checked', 'unknown')),
    result     jsonb,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, region)
);
