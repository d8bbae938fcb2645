-- The version of every tenant schema of this region in one call, read from each schema's own
-- flyway_schema_history (the source of truth), so a rollout finds what is pending with one query
-- per region instead of one Flyway call per schema.
CREATE FUNCTION fleet.tenant_schema_versions()
RETURNS TABLE (schema_name text, version text, installed_rank integer, has_failed boolean)
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    s text;
BEGIN
    FOR s IN
        SELECT n.nspname FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
         WHERE c.relname = 'flyway_schema_history' AND c.relkind = 'r' AND n.nspname LIKE 'org\_%'
         ORDER BY n.nspname
    LOOP
        schema_name := s;
        EXECUTE format('SELECT (SELECT h.version FROM %1$I.flyway_schema_history h WHERE h.success AND h.version IS NOT NULL
                                 ORDER BY h.installed_rank DESC LIMIT 1),
                               (SELECT max(h.installed_rank) FROM %1$I.flyway_schema_history h),
                               EXISTS (SELECT 1 FROM %1$I.flyway_schema_history h WHERE NOT h.success)', s)
            INTO version, installed_rank, has_failed;
        RETURN NEXT;
    END LOOP;
END
$$;

REVOKE ALL ON FUNCTION fleet.tenant_schema_versions() FROM PUBLIC;
