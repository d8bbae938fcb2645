-- fleet.tenant_schema_versions(): every tenant schema's version, read from its own
-- flyway_schema_history with one call per region (rollout plan, status, drift). The function's one
-- definition: change it here (a repeatable migration, applied again whenever this file changes).
-- History tables are found by name first, each one's schema looked up by oid (a join filtered by a
-- LIKE made the planner loop over every history table for every schema: quadratic).
-- Read-only: auditors and read-only logins (members of fleet_auditor) may call it.
CREATE OR REPLACE FUNCTION fleet.tenant_schema_versions()
RETURNS TABLE (schema_name text, version text, installed_rank integer, has_failed boolean)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    s text;
BEGIN
    FOR s IN
        WITH histories AS MATERIALIZED (
            SELECT (SELECT n.nspname FROM pg_catalog.pg_namespace n WHERE n.oid = c.relnamespace)::text AS nspname
              FROM pg_catalog.pg_class c
             WHERE c.relname = 'flyway_schema_history' AND c.relkind = 'r'
        )
        SELECT h.nspname FROM histories h WHERE h.nspname LIKE 'org\_%' ORDER BY h.nspname
    LOOP
        schema_name := s;
        EXECUTE pg_catalog.format('SELECT (array_agg(h.version ORDER BY h.installed_rank DESC)
                                              FILTER (WHERE h.success AND h.version IS NOT NULL))[1],
                                         max(h.installed_rank), coalesce(bool_or(NOT h.success), false)
                                    FROM %I.flyway_schema_history h', s)
            INTO version, installed_rank, has_failed;
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION fleet.tenant_schema_versions() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION fleet.tenant_schema_versions() TO fleet_auditor;
