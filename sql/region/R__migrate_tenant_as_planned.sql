-- fleet.migrate_tenant_as_planned(): one tenant's pending template migrations, each sent as one
-- statement string with the flyway_schema_history row Flyway would write, at the rank the plan
-- read (a taken rank means the schema changed since the plan: the tenant rolls back and is done
-- again from its real version). Its one definition: change it here (a repeatable migration,
-- applied again whenever this file changes); V7 holds its first version.
CREATE OR REPLACE FUNCTION fleet.migrate_tenant_as_planned(p_slug text, p_rank integer, p_versions text[],
                                                p_descriptions text[], p_scripts text[], p_checksums integer[],
                                                p_sql text[])
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    v_schema text := 'org_' || p_slug;
    v_owner  text := 'org_' || p_slug || '_owner';
    v_path   text := pg_catalog.current_setting('search_path');
BEGIN
    IF p_slug !~ '^[a-z][a-z0-9_]{2,39}$' THEN
        RAISE EXCEPTION 'invalid tenant slug %', p_slug USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended('tenant:' || p_slug, 0)) THEN
        RETURN 'BUSY';
    END IF;
    FOR i IN 1 .. coalesce(pg_catalog.array_length(p_versions, 1), 0) LOOP
        -- chr(36) is '$': written out so that Flyway does not fill this placeholder in when it applies this file
        EXECUTE pg_catalog.format(E'SET LOCAL ROLE %I;\nSET LOCAL search_path = %I, public;\n', v_owner, v_schema)
             || pg_catalog.replace(p_sql[i], pg_catalog.chr(36) || '{flyway:defaultSchema}', v_schema)
             || pg_catalog.format(E'\n;INSERT INTO %I.flyway_schema_history (installed_rank, version, description, type, '
                                  'script, checksum, installed_by, execution_time, success) '
                                  'VALUES (%s, %L, %L, ''SQL'', %L, %s, current_user, '
                                  '(extract(epoch FROM pg_catalog.clock_timestamp() - %L::timestamptz) * 1000)::integer, true);\n'
                                  'RESET ROLE;\nSELECT pg_catalog.set_config(''search_path'', %L, true)',
                                  v_schema, p_rank + i, p_versions[i], p_descriptions[i], p_scripts[i],
                                  p_checksums[i], pg_catalog.clock_timestamp(), v_path);
    END LOOP;
    RETURN 'MIGRATED';
END
$$;

-- As V6's fleet.migrate_tenants, with the rank each tenant's history had when planned; as_planned
-- says whether the tenant went on the plan's word (false: it had changed, or it failed).

REVOKE ALL ON FUNCTION fleet.migrate_tenant_as_planned(text, integer, text[], text[], text[], integer[], text[]) FROM PUBLIC;
