-- One tenant's rollout step in one round trip and one transaction (the statement that calls it):
-- take the tenant's advisory lock, read the schema's real version from its flyway_schema_history,
-- run every given migration newer than that as the tenant's owner role, record each in the
-- history exactly as Flyway would, and append the residency-ledger entry.
-- The arrays hold the migrations after p_from up to p_target; a schema found older than p_from
-- (changed since the plan) is refused rather than half-migrated.
-- Returns 'MIGRATED <from>', 'CURRENT <version>' or 'BUSY'. Any error rolls all of it back.
CREATE FUNCTION fleet.migrate_tenant(p_region text, p_tenant uuid, p_slug text, p_from text, p_target text,
                                     p_versions text[], p_descriptions text[], p_scripts text[],
                                     p_checksums integer[], p_sql text[])
RETURNS text
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_schema  text := 'org_' || p_slug;
    v_owner   text := 'org_' || p_slug || '_owner';
    v_current text;
    v_rank    integer;
    v_started timestamptz;
    v_applied text[] := '{}';
BEGIN
    IF p_slug !~ '^[a-z][a-z0-9_]{2,39}$' THEN
        RAISE EXCEPTION 'invalid tenant slug %', p_slug USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_try_advisory_xact_lock(hashtextextended('tenant:' || p_slug, 0)) THEN
        RETURN 'BUSY';
    END IF;
    EXECUTE format('SELECT (SELECT version FROM %1$I.flyway_schema_history WHERE success AND version IS NOT NULL
                             ORDER BY installed_rank DESC LIMIT 1),
                           (SELECT coalesce(max(installed_rank), 0) FROM %1$I.flyway_schema_history)', v_schema)
        INTO v_current, v_rank;
    v_current := coalesce(v_current, '0');
    IF string_to_array(v_current, '.')::numeric[] >= string_to_array(p_target, '.')::numeric[] THEN
        RETURN 'CURRENT ' || v_current;
    END IF;
    IF string_to_array(v_current, '.')::numeric[] < string_to_array(p_from, '.')::numeric[] THEN
        RAISE EXCEPTION 'schema % is at version %, older than the % the rollout planned from; plan the rollout again',
            v_schema, v_current, p_from USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    EXECUTE format('SET LOCAL ROLE %I', v_owner);
    PERFORM set_config('search_path', quote_ident(v_schema) || ', public', true);
    FOR i IN 1 .. coalesce(array_length(p_versions, 1), 0) LOOP
        CONTINUE WHEN string_to_array(p_versions[i], '.')::numeric[] <= string_to_array(v_current, '.')::numeric[]
                   OR string_to_array(p_versions[i], '.')::numeric[] > string_to_array(p_target, '.')::numeric[];
        v_started := clock_timestamp();
        -- chr(36) is '$': written out so that Flyway does not fill this placeholder in when it applies this file
        EXECUTE replace(p_sql[i], chr(36) || '{flyway:defaultSchema}', v_schema);
        v_rank := v_rank + 1;
        EXECUTE format('INSERT INTO %I.flyway_schema_history (installed_rank, version, description, type, script,
                            checksum, installed_by, execution_time, success)
                        VALUES ($1, $2, $3, ''SQL'', $4, $5, current_user, $6, true)', v_schema)
            USING v_rank, p_versions[i], p_descriptions[i], p_scripts[i], p_checksums[i],
                  (extract(epoch FROM clock_timestamp() - v_started) * 1000)::integer;
        v_applied := v_applied || p_scripts[i];
    END LOOP;
    RESET ROLE;
    PERFORM set_config('search_path', 'pg_catalog, pg_temp', true);
    INSERT INTO fleet.residency_ledger (region, event, tenant_id, tenant_slug, schema_name, detail)
    VALUES (p_region, 'TENANT_MIGRATED', p_tenant, p_slug, v_schema,
            jsonb_build_object('from_version', v_current, 'to_version', p_target,
                               'scripts', array_to_string(v_applied, ',')));
    RETURN 'MIGRATED ' || v_current;
END
$$;

REVOKE ALL ON FUNCTION fleet.migrate_tenant(text, uuid, text, text, text, text[], text[], text[], integer[], text[]) FROM PUBLIC;
