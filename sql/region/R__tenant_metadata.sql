-- fleet.tenant_metadata(): what the cross-region metadata sync (issue 11) reads from a region, for a
-- list of tenants, in one call per region: per tenant its schema version, users by state, records
-- (assessments) by status, results by severity, and the day of its latest change (the latest
-- updated_at of those three tables, deleted rows included), plus the size of its schema. Counts and
-- dates only: no value of any row leaves this function.
-- Tenant tables FORCE row-level security, so each tenant is read acting for its organization
-- (app.current_org_id set to the tenant's id, the owner's role, as fleet.migrate_tenants does) with
-- one statement per tenant inside the server; a caller that bypasses row-level security anyway
-- (a superuser) reads without switching roles, the statement's own org_id filter keeping it to the
-- tenant's rows all the same. The caller's settings are put back at the end.
-- Sizes come from one catalog query for all the tenants: the pages of their tables, indexes and
-- TOAST tables as the catalog counts them (pg_class.relpages, which VACUUM, ANALYZE and CREATE
-- INDEX keep: the planner's own figure, up to date within autovacuum's reach; a table with fewer
-- than autovacuum's 50 changed rows since it was made may count 0). Not pg_relation_size(): it
-- opens each relation, some 40 per tenant, and on a new server session that cost 2-6 ms per tenant,
-- more than the rest of the read. A tenant whose schema is missing (or not at template
-- version 1 yet) comes back with present = false and nothing else; one whose schema cannot be read
-- comes back with the error in problem (the others are still read).
-- Its one definition: change it here, with a new V file (see README).
DROP FUNCTION IF EXISTS fleet.tenant_metadata(uuid[], text[]);
CREATE FUNCTION fleet.tenant_metadata(p_tenants uuid[], p_slugs text[])
RETURNS TABLE (tenant_id uuid, present boolean, problem text, schema_version text, users_active bigint, users_deleted bigint,
               records_draft bigint, records_in_progress bigint, records_completed bigint, records_archived bigint,
               results_critical bigint, results_high bigint, results_medium bigint, results_low bigint,
               last_activity date, storage_bytes bigint)
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    v_org    text := pg_catalog.current_setting('app.current_org_id', true);
    v_bypass boolean := (SELECT r.rolsuper OR r.rolbypassrls FROM pg_catalog.pg_roles r WHERE r.rolname = current_user);
    v_schema text;
    v_sizes  jsonb;
BEGIN
    IF pg_catalog.array_length(p_tenants, 1) IS DISTINCT FROM pg_catalog.array_length(p_slugs, 1) THEN
        RAISE EXCEPTION 'fleet.tenant_metadata: % tenant ids for % slugs', pg_catalog.array_length(p_tenants, 1),
            pg_catalog.array_length(p_slugs, 1) USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT coalesce(pg_catalog.jsonb_object_agg(s.nspname, s.bytes), '{}'::jsonb) INTO v_sizes
      FROM (SELECT n.nspname, (sum(greatest(c.relpages, 0)::bigint + coalesce(greatest(t.relpages, 0), 0))
                               * pg_catalog.current_setting('block_size')::bigint) AS bytes
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_catalog.pg_class t ON t.oid = c.reltoastrelid
             WHERE c.relkind IN ('r', 'm', 'i')
               AND n.nspname = ANY (SELECT 'org_' || s FROM pg_catalog.unnest(p_slugs) s)
             GROUP BY n.nspname) s;
    FOR t IN 1 .. coalesce(pg_catalog.array_length(p_slugs, 1), 0) LOOP
        IF p_slugs[t] !~ '^[a-z][a-z0-9_]{2,39}$' THEN
            RAISE EXCEPTION 'fleet.tenant_metadata: invalid slug at position %', t USING ERRCODE = 'invalid_parameter_value';
        END IF;
        v_schema := 'org_' || p_slugs[t];
        tenant_id := p_tenants[t];
        present := pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.assessment_results') IS NOT NULL
               AND pg_catalog.to_regclass(pg_catalog.quote_ident(v_schema) || '.flyway_schema_history') IS NOT NULL;
        problem := NULL; schema_version := NULL; users_active := NULL; users_deleted := NULL; records_draft := NULL;
        records_in_progress := NULL; records_completed := NULL; records_archived := NULL; results_critical := NULL;
        results_high := NULL; results_medium := NULL; results_low := NULL; last_activity := NULL; storage_bytes := NULL;
        IF present THEN
          BEGIN
            EXECUTE pg_catalog.format('SELECT (array_agg(h.version ORDER BY h.installed_rank DESC)
                                                  FILTER (WHERE h.success AND h.version IS NOT NULL))[1]
                                         FROM %I.flyway_schema_history h', v_schema)
                INTO schema_version;
            PERFORM pg_catalog.set_config('app.current_org_id', p_tenants[t]::text, true);
            IF NOT v_bypass THEN
                EXECUTE pg_catalog.format('SET LOCAL ROLE %I', v_schema || '_owner');
            END IF;
            EXECUTE pg_catalog.format($q$
                SELECT u.active, u.deleted, a.draft, a.in_progress, a.completed, a.archived,
                       r.critical, r.high, r.medium, r.low, greatest(u.at, a.at, r.at)::date
                  FROM (SELECT count(*) FILTER (WHERE deleted_at IS NULL) AS active,
                               count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted, max(updated_at) AS at
                          FROM %1$I.users WHERE org_id = pg_catalog.current_setting('app.current_org_id')::uuid) u,
                       (SELECT count(*) FILTER (WHERE deleted_at IS NULL AND status = 'draft') AS draft,
                               count(*) FILTER (WHERE deleted_at IS NULL AND status = 'in_progress') AS in_progress,
                               count(*) FILTER (WHERE deleted_at IS NULL AND status = 'completed') AS completed,
                               count(*) FILTER (WHERE deleted_at IS NULL AND status = 'archived') AS archived,
                               max(updated_at) AS at
                          FROM %1$I.assessments WHERE org_id = pg_catalog.current_setting('app.current_org_id')::uuid) a,
                       (SELECT count(*) FILTER (WHERE deleted_at IS NULL AND severity_level = 'critical') AS critical,
                               count(*) FILTER (WHERE deleted_at IS NULL AND severity_level = 'high') AS high,
                               count(*) FILTER (WHERE deleted_at IS NULL AND severity_level = 'medium') AS medium,
                               count(*) FILTER (WHERE deleted_at IS NULL AND severity_level = 'low') AS low,
                               max(updated_at) AS at
                          FROM %1$I.assessment_results
                         WHERE org_id = pg_catalog.current_setting('app.current_org_id')::uuid) r
                $q$, v_schema)
                INTO users_active, users_deleted, records_draft, records_in_progress, records_completed, records_archived,
                     results_critical, results_high, results_medium, results_low, last_activity;
            IF NOT v_bypass THEN
                RESET ROLE;
            END IF;
            storage_bytes := (v_sizes ->> v_schema)::bigint;
          EXCEPTION WHEN OTHERS THEN
            -- one tenant that cannot be read (its owner role dropped, a table altered by hand) is said,
            -- and the others are still read; the role and settings of the failed part are rolled back
            problem := SQLERRM;
            users_active := NULL; users_deleted := NULL; records_draft := NULL; records_in_progress := NULL;
            records_completed := NULL; records_archived := NULL; results_critical := NULL; results_high := NULL;
            results_medium := NULL; results_low := NULL; last_activity := NULL; storage_bytes := NULL;
          END;
        END IF;
        RETURN NEXT;
    END LOOP;
    PERFORM pg_catalog.set_config('app.current_org_id', coalesce(v_org, ''), true);
END
$$;

REVOKE ALL ON FUNCTION fleet.tenant_metadata(uuid[], text[]) FROM PUBLIC;
