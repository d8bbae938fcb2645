-- fleet.migrate_tenants(): a batch of tenants in one round trip, each in a subtransaction of its
-- own under its advisory lock, acting for its organization (app.current_org_id set to the tenant's
-- id, the caller's value put back at the end: tenant tables FORCE row-level security), and one
-- residency-ledger entry for the batch. Its one definition: change it here (a repeatable
-- migration, applied again whenever this file changes); V6 and V7 hold its earlier versions.
CREATE OR REPLACE FUNCTION fleet.migrate_tenants(p_region text, p_tenants uuid[], p_slugs text[], p_ranks integer[],
                                                 p_from text, p_target text, p_versions text[], p_descriptions text[],
                                                 p_scripts text[], p_checksums integer[], p_sql text[])
RETURNS TABLE (slug text, outcome text, error text, millis integer, as_planned boolean)
LANGUAGE plpgsql
AS $$
DECLARE
    v_started  timestamptz;
    v_migrated jsonb := '[]'::jsonb;
    v_org      text := pg_catalog.current_setting('app.current_org_id', true);
BEGIN
    FOR t IN 1 .. coalesce(pg_catalog.array_length(p_slugs, 1), 0) LOOP
        slug := p_slugs[t];
        error := NULL;
        outcome := NULL;
        as_planned := false;
        v_started := pg_catalog.clock_timestamp();
        PERFORM pg_catalog.set_config('app.current_org_id', p_tenants[t]::text, true);
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
    PERFORM pg_catalog.set_config('app.current_org_id', coalesce(v_org, ''), true);
    IF pg_catalog.jsonb_array_length(v_migrated) > 0 THEN
        INSERT INTO fleet.residency_ledger (region, event, detail)
        VALUES (p_region, 'TENANTS_MIGRATED', pg_catalog.jsonb_build_object('to_version', p_target,
                'scripts', pg_catalog.array_to_string(p_scripts, ','), 'tenants', v_migrated));
    END IF;
END
$$;

REVOKE ALL ON FUNCTION fleet.migrate_tenants(text, uuid[], text[], integer[], text, text, text[], text[], text[], integer[], text[]) FROM PUBLIC;
