-- Service mode (`orchestrator serve`).
-- api_request: an onboarding request accepted with an Idempotency-Key. Only digests are kept: the
-- key's SHA-256 and the SHA-256 of the request (slug, name, region, frameworks), so a repeat with the
-- same key is recognised and one with a different body refused, without the display name in clear.
-- A request that failed before the tenant was recorded keeps its error code and one-line message.
CREATE TABLE api_request (
    key_digest     text        PRIMARY KEY CHECK (key_digest ~ '^[0-9a-f]{64}$'),
    request_digest text        NOT NULL CHECK (request_digest ~ '^[0-9a-f]{64}$'),
    slug           text        NOT NULL,
    error_code     text,
    error_message  text,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- residency_run.report: the report as made (its JSON document), so that any process can render it
-- in every format after the run, whichever process made it.
ALTER TABLE residency_run ADD COLUMN report jsonb;
