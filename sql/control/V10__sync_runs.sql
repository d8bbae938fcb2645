-- Cross-region metadata sync runs (`sync`): one row per run, one row per transfer in it (a source
-- region's aggregates to one destination region). The run is a fleet job: one wave, one partition
-- per source region. No payload is kept here: counts, the digest of what the destination holds
-- from the source after the transfer, and the rule that allowed or forbade it.
-- key_fingerprint identifies the pseudonym key (a digest of it, never the key): after a rotation,
-- runs show a new fingerprint and every pseudonym changes.

CREATE TABLE sync_run (
    run_id          bigserial   PRIMARY KEY,
    status          text        NOT NULL CHECK (status IN ('RUNNING', 'COMPLETED', 'INCOMPLETE', 'HALTED', 'FAILED')),
    regions         text[]      NOT NULL,
    k_threshold     integer     NOT NULL CHECK (k_threshold >= 2),
    key_fingerprint text        NOT NULL CHECK (key_fingerprint ~ '^[0-9a-f]{16}$'),
    reason          text,
    owner           text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);

CREATE TABLE sync_transfer (
    run_id             bigint      NOT NULL REFERENCES sync_run (run_id),
    source_region      text        NOT NULL,
    destination_region text        NOT NULL,
    state              text        NOT NULL CHECK (state IN ('pending', 'sent', 'forbidden', 'failed')),
    rule               text        NOT NULL,
    tenants            integer     NOT NULL DEFAULT 0,
    rows_written       integer     NOT NULL DEFAULT 0,
    rows_removed       integer     NOT NULL DEFAULT 0,
    suppressed_cells   integer     NOT NULL DEFAULT 0,
    digest             text        CHECK (digest ~ '^[0-9a-f]{64}$'),
    last_error         text,
    attempts           integer     NOT NULL DEFAULT 0,
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, source_region, destination_region)
);
