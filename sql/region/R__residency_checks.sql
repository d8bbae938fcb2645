-- fleet.residency_tenant_checks(): what a residency report (issue 12) needs from inside each tenant
-- schema, for a list of tenants, in one call per region: whether the schema is there, its audit
-- log's size, the first problems of its hash chain (verify_audit_chain(), acting for the
-- organization: tenant tables FORCE row-level security), and its stored retention per category.
-- No row value leaves it: counts, problem descriptions (audit ids and what is wrong) and days.
-- A chain that cannot be verified at all (the function missing or failing) is reported as such.
-- The caller's settings are put back at the end. It changes nothing; the caller must be a member of
-- the tenants' owner roles (the orchestrator's region login is).
-- Its one definition: change it here, with a new V file (see README).
DROP FUNCTION IF EXISTS fleet.residency_tenant_checks(uuid[], text[]);
CREATE FUNCTION fleet.residency_tenant_checks(p_tenants uuid[], p_slugs text[])
RETURNS TABLE (tenant_id uuid, present boolean, problem text, audit_rows bigint, chain_problems text, retention jsonb)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    text := pg_catalog.current_setting('app.current_org_id', true);
    v_schema text;
BEGIN
    IF pg_catalog.array_length(p_tenants, 1) IS DISTINCT FROM pg_catalog.array_length(p_slugs, 1) THEN
        RAISE EXCEPTION 'fleet.residency_tenant_checks: % tenant ids for % slugs', pg_catalog.array_length(p_tenants, 1),
            pg_catalog.array_length(p_slugs, 1) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    FOR t IN 1 .. coalesce(pg_catalog.array_length(p_slugs, 1), 0) LOOP
        IF p_slugs[t] !~ '^[a-z][a-z0-9_]{2,39}$' THEN
            RAISE EXCEPTION 'fleet.residency_tenant_checks: invalid slug at position %', t
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_schema := 'org_' || p_slugs[t];
        tenant_id := p_tenants[t];
        problem := NULL;
        audit_rows := NULL;
        chain_problems := NULL;
        retention := NULL;
        present := pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.audit_log') IS NOT NULL;
        IF present THEN
            BEGIN
                PERFORM pg_catalog.set_config('app.current_org_id', p_tenants[t]::text, true);
                EXECUTE pg_catalog.format('SET LOCAL ROLE %I', v_schema || '_owner');
                BEGIN
                    EXECUTE pg_catalog.format('SELECT (SELECT count(*) FROM %1$I.audit_log),
                                                      (SELECT string_agg(v.audit_id || '': '' || v.problem, ''; '' ORDER BY v.audit_id)
                                                         FROM (SELECT * FROM %1$I.verify_audit_chain() LIMIT 5) v)', v_schema)
                        INTO audit_rows, chain_problems;
                EXCEPTION WHEN OTHERS THEN
                    chain_problems := 'the chain could not be verified: ' || SQLERRM;
                END;
                IF pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.retention_policy') IS NOT NULL THEN
                    EXECUTE pg_catalog.format('SELECT pg_catalog.jsonb_object_agg(category, retention_days)
                                                 FROM %I.retention_policy WHERE deleted_at IS NULL', v_schema)
                        INTO retention;
                END IF;
                RESET ROLE;
            EXCEPTION WHEN OTHERS THEN
                -- a schema that cannot be read as its owner (the role dropped, a table altered by hand) is
                -- said, and the other tenants are still checked
                problem := SQLERRM;
                audit_rows := NULL;
                chain_problems := NULL;
                retention := NULL;
            END;
        END IF;
        RETURN NEXT;
    END LOOP;
    PERFORM pg_catalog.set_config('app.current_org_id', coalesce(v_org, ''), true);
END
$$;

REVOKE ALL ON FUNCTION fleet.residency_tenant_checks(uuid[], text[]) FROM PUBLIC;
