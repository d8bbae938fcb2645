-- fleet.tenant_schema_versions() reading each history table once instead of three times.
CREATE OR REPLACE FUNCTION fleet.tenant_schema_versions()
RETURNS TABLE (schema_name text, version text, installed_rank integer, has_failed boolean)
LANGUAGE plpgsql STABLE
AS $$
DECLARE
    s text;
BEGIN
    FOR s IN
        SELECT n.nspname FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid
         WHERE c.relname = 'flyway_schema_history' AND c.relkind = 'r' AND n.nspname LIKE 'org\_%'
         ORDER BY n.nspname
    LOOP
        schema_name := s;
        EXECUTE format('SELECT (array_agg(h.version ORDER BY h.installed_rank DESC)
                                    FILTER (WHERE h.success AND h.version IS NOT NULL))[1],
                               max(h.installed_rank), coalesce(bool_or(NOT h.success), false)
                          FROM %I.flyway_schema_history h', s)
            INTO version, installed_rank, has_failed;
        RETURN NEXT;
    END LOOP;
END
$$;

ALTER FUNCTION fleet.tenant_schema_versions() RESET search_path;
REVOKE ALL ON FUNCTION fleet.tenant_schema_versions() FROM PUBLIC;
