-- Rollouts in batches: fleet.migrate_tenants runs fleet.migrate_tenant for several tenants in one
-- round trip and one commit. Each tenant runs in a subtransaction of its own (a plpgsql
-- exception block), so its migration is atomic and a failing tenant rolls back alone while the
-- others of the batch commit. One ledger entry per batch lists every tenant it migrated.

-- The single-tenant step, now without its own ledger entry (the batch writes it).
CREATE OR REPLACE FUNCTION fleet.migrate_tenant(p_region text, p_tenant uuid, p_slug text, p_from text, p_target text,
                                                p_versions text[], p_descriptions text[], p_scripts text[],
                                                p_checksums integer[], p_sql text[])
RETURNS text
LANGUAGE plpgsql
AS $$
DECLARE
    v_schema  text := 'org_' || p_slug;
    v_owner   text := 'org_' || p_slug || '_owner';
    v_path    text := pg_catalog.current_setting('search_path');
    v_current text;
    v_rank    integer;
    v_started timestamptz;
BEGIN
    IF p_slug !~ '^[a-z][a-z0-9_]{2,39}$' THEN
        RAISE EXCEPTION 'invalid tenant slug %', p_slug USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NOT pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended('tenant:' || p_slug, 0)) THEN
        RETURN 'BUSY';
    END IF;
    EXECUTE pg_catalog.format('SELECT (array_agg(h.version ORDER BY h.installed_rank DESC)
                                           FILTER (WHERE h.success AND h.version IS NOT NULL))[1],
                                      coalesce(max(h.installed_rank), 0)
                                 FROM %I.flyway_schema_history h', v_schema)
        INTO v_current, v_rank;
    v_current := coalesce(v_current, '0');
    IF pg_catalog.string_to_array(v_current, '.')::numeric[] >= pg_catalog.string_to_array(p_target, '.')::numeric[] THEN
        RETURN 'CURRENT ' || v_current;
    END IF;
    IF pg_catalog.string_to_array(v_current, '.')::numeric[] < pg_catalog.string_to_array(p_from, '.')::numeric[] THEN
        RAISE EXCEPTION 'schema % is at version %, older than the % the rollout planned from; plan the rollout again',
            v_schema, v_current, p_from USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;
    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', v_owner);
    PERFORM pg_catalog.set_config('search_path', pg_catalog.quote_ident(v_schema) || ', public', true);
    FOR i IN 1 .. coalesce(pg_catalog.array_length(p_versions, 1), 0) LOOP
        CONTINUE WHEN pg_catalog.string_to_array(p_versions[i], '.')::numeric[] <= pg_catalog.string_to_array(v_current, '.')::numeric[]
                   OR pg_catalog.string_to_array(p_versions[i], '.')::numeric[] > pg_catalog.string_to_array(p_target, '.')::numeric[];
        v_started := pg_catalog.clock_timestamp();
        -- chr(36) is '$': written out so that Flyway does not fill this placeholder in when it applies this file
        EXECUTE pg_catalog.replace(p_sql[i], pg_catalog.chr(36) || '{flyway:defaultSchema}', v_schema);
        v_rank := v_rank + 1;
        EXECUTE pg_catalog.format('INSERT INTO %I.flyway_schema_history (installed_rank, version, description, type,
                                       script, checksum, installed_by, execution_time, success)
                                   VALUES ($1, $2, $3, ''SQL'', $4, $5, current_user, $6, true)', v_schema)
            USING v_rank, p_versions[i], p_descriptions[i], p_scripts[i], p_checksums[i],
                  (extract(epoch FROM pg_catalog.clock_timestamp() - v_started) * 1000)::integer;
    END LOOP;
    RESET ROLE;
    PERFORM pg_catalog.set_config('search_path', v_path, true);
    RETURN 'MIGRATED ' || v_current;
END
$$;

CREATE FUNCTION fleet.migrate_tenants(p_region text, p_tenants uuid[], p_slugs text[], p_from text, p_target text,
                                      p_versions text[], p_descriptions text[], p_scripts text[],
                                      p_checksums integer[], p_sql text[])
RETURNS TABLE (slug text, outcome text, error text, millis integer)
LANGUAGE plpgsql
AS $$
DECLARE
    v_started  timestamptz;
    v_migrated jsonb := '[]'::jsonb;
BEGIN
    FOR t IN 1 .. coalesce(pg_catalog.array_length(p_slugs, 1), 0) LOOP
        slug := p_slugs[t];
        error := NULL;
        v_started := pg_catalog.clock_timestamp();
        BEGIN
            outcome := fleet.migrate_tenant(p_region, p_tenants[t], p_slugs[t], p_from, p_target, p_versions,
                                            p_descriptions, p_scripts, p_checksums, p_sql);
        EXCEPTION WHEN OTHERS THEN
            outcome := 'FAILED';
            error := SQLERRM;
        END;
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

REVOKE ALL ON FUNCTION fleet.migrate_tenants(text, uuid[], text[], text, text, text[], text[], text[], integer[], text[]) FROM PUBLIC;
