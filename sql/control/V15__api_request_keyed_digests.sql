-- api_request keeps keyed digests: HMAC-SHA-256 under a key derived from the master key, written
-- 'h1:' and 64 hex digits. The plain SHA-256 of V13 let anyone reading the control plane try likely
-- display names against a request's digest. Rows written before are still recognised (a repeat of an
-- older request is compared with the plain digest it was recorded with) and then rewritten keyed.
ALTER TABLE api_request DROP CONSTRAINT api_request_key_digest_check;
ALTER TABLE api_request DROP CONSTRAINT api_request_request_digest_check;
ALTER TABLE api_request ADD CONSTRAINT api_request_key_digest_check CHECK (key_digest ~ '^(h1:)?[0-9a-f]{64}$');
ALTER TABLE api_request ADD CONSTRAINT api_request_request_digest_check
    CHECK (request_digest ~ '^(h1:)?[0-9a-f]{64}$');
