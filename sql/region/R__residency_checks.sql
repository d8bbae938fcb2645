-- fleet.residency_tenant_checks(): what a residency report (issue 12) needs from inside each tenant
-- schema, for a list of tenants, in one call per region: whether the schema is there, its audit
-- log's size, the first problems of its hash chain, and its stored retention per category.
-- No row value leaves it: counts, problem descriptions (audit ids and what is wrong) and days.
-- The chain is verified here, not by the tenant's own verify_audit_chain(): the verifier runs no
-- code the schema's owner could have replaced (a verify_audit_chain() or audit_hash() rewritten to
-- agree with an edited log), and one statement per tenant costs about half of a call into the
-- tenant's PL/pgSQL function, which each new server session compiles once per schema. The checks
-- are those of the template's verify_audit_chain() (template V3): each row's hash recomputed with
-- the template's audit_hash() formula (ResidencyChainTest keeps the two in step), each link to the
-- row before, the oldest row against the pruning anchor (none before template V3: the chain starts
-- at audit id 1), the chain head against the newest row; the first five problems by audit id. It
-- reads the organization's rows only, as the template's verifier does under forced row-level
-- security, whether or not the caller bypasses it; and it also says when the chain head itself was
-- removed (the template's verifier then stays silent). Problems of one row come in the template's
-- order (modified, then the row before it, then the oldest rows), and the latest rows after them.
-- Tenant tables FORCE row-level security: each tenant is read acting for its organization
-- (app.current_org_id, and the owner's role unless the caller bypasses row-level security).
-- A schema that cannot be read (no USAGE on it, the owner's role not to be had, the retention policy
-- not readable) is said in problem, an audit log, chain head or anchor that cannot be read in
-- chain_problems ('the chain could not be verified: ...'); the other tenants are still checked.
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
    v_bypass boolean := (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user);
    v_schema text;
    v_anchor_hash text;
    v_anchor_id   text;
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
        IF EXISTS (SELECT FROM pg_catalog.pg_namespace n WHERE n.nspname = v_schema
                      AND NOT pg_catalog.has_schema_privilege(n.oid, 'USAGE')) THEN
            -- to_regclass() would raise for the whole call. A caller that reads as the owner may still
            -- (SET ROLE below); one that bypasses row-level security reads as itself: said for this
            -- tenant, as PostgreSQL says it
            present := EXISTS (SELECT FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                               WHERE n.nspname = v_schema AND c.relname = 'audit_log');
            IF present AND v_bypass THEN
                problem := pg_catalog.format('permission denied for schema %s', v_schema);
            END IF;
        ELSE
            present := pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.audit_log') IS NOT NULL;
        END IF;
        IF present AND problem IS NULL THEN
            BEGIN
                PERFORM pg_catalog.set_config('app.current_org_id', p_tenants[t]::text, true);
                IF NOT v_bypass THEN
                    EXECUTE pg_catalog.format('SET LOCAL ROLE %I', v_schema || '_owner');
                END IF;
                IF pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.audit_chain_anchor') IS NULL THEN
                    v_anchor_hash := 'NULL::bytea';
                    v_anchor_id := 'NULL::bigint';
                ELSE
                    v_anchor_hash := pg_catalog.format('(SELECT last_pruned_hash FROM %I.audit_chain_anchor)', v_schema);
                    v_anchor_id := pg_catalog.format('(SELECT last_pruned_id FROM %I.audit_chain_anchor)', v_schema);
                END IF;
                BEGIN
                    EXECUTE pg_catalog.format($q$
                        SELECT g.n, NULLIF(pg_catalog.array_to_string(ARRAY(
                                   SELECT f.what FROM (
                                       SELECT pg_catalog.split_part(p.what, ':', 1)::bigint AS id, p.ord, p.what
                                         FROM pg_catalog.string_to_table(g.problems, '; ') WITH ORDINALITY AS p(what, ord)
                                       UNION ALL
                                       SELECT h.last_audit_id, NULL, h.last_audit_id || ': latest rows were removed'
                                        WHERE h.singleton AND (h.last_audit_id <> coalesce(g.last_id, 0)
                                                               OR h.last_hash IS DISTINCT FROM g.last_hash)
                                       UNION ALL
                                       SELECT 0, 0, '0: the chain head was removed' WHERE h.singleton IS NULL) f
                                   ORDER BY f.id, f.ord LIMIT 5), '; '), '')
                          FROM (SELECT count(*) AS n, max(c.audit_id) AS last_id,
                                       (pg_catalog.array_agg(c.row_hash) FILTER (WHERE c.newest))[1] AS last_hash,
                                       pg_catalog.string_agg(c.problem, '; ' ORDER BY c.audit_id) FILTER (WHERE c.problem <> '')
                                           AS problems
                                  FROM (SELECT a.audit_id, a.row_hash, pg_catalog.lead(a.audit_id) OVER w IS NULL AS newest,
                                               pg_catalog.concat_ws('; ',
                                                   CASE WHEN a.row_hash IS DISTINCT FROM public.digest(pg_catalog.concat_ws('|',
                                                            coalesce(pg_catalog.encode(a.prev_hash, 'hex'), ''), a.audit_id::text,
                                                            coalesce(a.org_id::text, ''), pg_catalog.to_char(a.occurred_at
                                                            AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), a.actor, a.action,
                                                            a.table_name, coalesce(a.record_id, ''), coalesce(a.old_values::text, ''),
                                                            coalesce(a.new_values::text, '')), 'sha256')
                                                        THEN a.audit_id || ': row was modified' END,
                                                   CASE WHEN pg_catalog.lag(a.audit_id) OVER w IS NOT NULL
                                                             AND a.prev_hash IS DISTINCT FROM pg_catalog.lag(a.row_hash) OVER w
                                                        THEN a.audit_id || ': row before it was removed or modified' END,
                                                   CASE WHEN pg_catalog.lag(a.audit_id) OVER w IS NULL
                                                             AND (a.prev_hash IS DISTINCT FROM %2$s
                                                                  OR a.audit_id <> coalesce(%3$s, 0) + 1)
                                                        THEN a.audit_id || ': oldest rows were removed outside pruning' END)
                                                   AS problem
                                          FROM %1$I.audit_log a
                                         WHERE a.org_id = pg_catalog.current_setting('app.current_org_id')::uuid
                                        WINDOW w AS (ORDER BY a.audit_id)) c) g
                          LEFT JOIN %1$I.audit_chain_head h ON true
                        $q$, v_schema, v_anchor_hash, v_anchor_id)
                        INTO audit_rows, chain_problems;
                EXCEPTION WHEN OTHERS THEN
                    chain_problems := 'the chain could not be verified: ' || SQLERRM;
                END;
                IF pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.retention_policy') IS NOT NULL THEN
                    EXECUTE pg_catalog.format('SELECT pg_catalog.jsonb_object_agg(category, retention_days)
                                                 FROM %I.retention_policy WHERE deleted_at IS NULL', v_schema)
                        INTO retention;
                END IF;
                IF NOT v_bypass THEN
                    RESET ROLE;
                END IF;
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
