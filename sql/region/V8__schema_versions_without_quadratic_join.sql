-- fleet.tenant_schema_versions() found the history tables by joining pg_namespace (filtered by a
-- LIKE the planner estimates at one row) to pg_class; the planner then looped, for every tenant
-- schema, over every history table of the database: quadratic in the number of tenants (19,900
-- rows thrown away for 200 schemas). History tables are now found by name first, each one's
-- schema looked up by oid, and the histories read as before.
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
