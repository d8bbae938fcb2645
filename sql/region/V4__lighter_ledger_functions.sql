-- Hot-path functions without a SET search_path clause: such a clause makes PostgreSQL save and
-- restore settings on every call and stops SQL functions from being inlined. These functions
-- qualify every name they use (fleet.*, public.digest) and rely only on pg_catalog, which is
-- always searched first, so they do not depend on the caller's search_path.
ALTER FUNCTION fleet.ledger_hash(bytea, bigint, timestamptz, text, text, uuid, text, text, jsonb, text) RESET search_path;
ALTER FUNCTION fleet.ledger_chain() RESET search_path;
ALTER FUNCTION fleet.migrate_tenant(text, uuid, text, text, text, text[], text[], text[], integer[], text[]) RESET search_path;
