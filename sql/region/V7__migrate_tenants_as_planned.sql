-- Rollouts on the plan's word, checked by the history table's own key.
--
-- The plan read every schema's last installed_rank a moment ago. fleet.migrate_tenant_as_planned
-- sends, per migration, one statement string: SET LOCAL ROLE owner, SET LOCAL search_path, the
-- migration, its flyway_schema_history row at installed_rank = planned rank + i, RESET ROLE and
-- the caller's search_path back. No separate version query, and the search_path change never
-- outlives the string (plpgsql would otherwise re-plan its own expressions under each tenant's
-- path). If anything changed the schema since the plan (another run migrated it, a crash left it
-- migrated but unrecorded), the row's rank is already taken (flyway_schema_history_pk) or the
-- migration itself fails; either way the tenant's subtransaction rolls back and
-- fleet.migrate_tenant does it again the careful way: read the real version, then migrate or
-- answer CURRENT. A tenant without a planned rank (NULL) goes the careful way at once.
-- Values go into the statement string through format's %L/%s on typed arguments (text quoted as
-- literals, integers and timestamps printed), identifiers through %I.

CREATE FUNCTION fleet.migrate_tenant_as_planned(p_slug text, p_rank integer, p_versions text[],
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
CREATE FUNCTION fleet.migrate_tenants(p_region text, p_tenants uuid[], p_slugs text[], p_ranks integer[],
                                      p_from text, p_target text, p_versions text[], p_descriptions text[],
                                      p_scripts text[], p_checksums integer[], p_sql text[])
RETURNS TABLE (slug text, outcome text, error text, millis integer, as_planned boolean)
LANGUAGE plpgsql
AS $$
DECLARE
    v_started  timestamptz;
    v_migrated jsonb := '[]'::jsonb;
BEGIN
    FOR t IN 1 .. coalesce(pg_catalog.array_length(p_slugs, 1), 0) LOOP
        slug := p_slugs[t];
        error := NULL;
        outcome := NULL;
        as_planned := false;
        v_started := pg_catalog.clock_timestamp();
        IF p_ranks[t] IS NOT NULL THEN
            BEGIN
                outcome := fleet.migrate_tenant_as_planned(p_slugs[t], p_ranks[t], p_versions, p_descriptions,
                                                           p_scripts, p_checksums, p_sql);
                IF outcome = 'MIGRATED' THEN
                    outcome := 'MIGRATED ' || p_from;
                    as_planned := true;
                END IF;
            EXCEPTION WHEN OTHERS THEN
                outcome := NULL;
            END;
        END IF;
        IF outcome IS NULL THEN
            BEGIN
                outcome := fleet.migrate_tenant(p_region, p_tenants[t], p_slugs[t], p_from, p_target, p_versions,
                                                p_descriptions, p_scripts, p_checksums, p_sql);
            EXCEPTION WHEN OTHERS THEN
                outcome := 'FAILED';
                error := SQLERRM;
            END;
        END IF;
        millis := (extract(epoch FROM pg_catalog.clock_timestamp() - v_started) * 1000)::integer;
        IF outcome LIKE 'MIGRATED %' THEN
            v_migrated := v_migrated || pg_catalog.jsonb_build_object('tenant_id', p_tenants[t], 'slug', p_slugs[t],
                                                                      'from_version', substr(outcome, 10));
        END IF;
        RETURN NEXT;
    END LOOP;
    IF pg_catalog.jsonb_array_length(v_migrated) > 0 THEN
        INSERT INTO fleet.residency_ledger (region, event, detail)
        VALUES (p_region, 'TENANTS_MIGRATED', pg_catalog.jsonb_build_object('to_version', p_target,
                'scripts', pg_catalog.array_to_string(p_scripts, ','), 'tenants', v_migrated));
    END IF;
END
$$;

REVOKE ALL ON FUNCTION fleet.migrate_tenant_as_planned(text, integer, text[], text[], text[], integer[], text[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION fleet.migrate_tenants(text, uuid[], text[], integer[], text, text, text[], text[], text[], integer[], text[]) FROM PUBLIC;

-- The orchestrator calls only the form above now.
DROP FUNCTION fleet.migrate_tenants(text, uuid[], text[], text, text, text[], text[], text[], integer[], text[]);
