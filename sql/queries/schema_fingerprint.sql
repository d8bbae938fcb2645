-- The structure of tenant schemas as comparable lines, with each schema's own name replaced by
-- <schema>: columns, constraints, indexes, triggers, row-level security and policies, functions.
-- Bind parameter: text[] of schema names. Used by 'orchestrator drift'.
WITH target AS (
    SELECT n.oid, n.nspname FROM pg_namespace n WHERE n.nspname = ANY (?::text[])
), items AS (
    SELECT t.nspname AS schema_name,
           'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
               || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
               || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '') AS item
      FROM target t JOIN pg_class c ON c.relnamespace = t.oid AND c.relkind = 'r'
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE c.relname <> 'flyway_schema_history'
    UNION ALL
    SELECT t.nspname, 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_get_constraintdef(k.oid)
      FROM target t JOIN pg_constraint k ON k.connamespace = t.oid JOIN pg_class c ON c.oid = k.conrelid
     WHERE c.relname <> 'flyway_schema_history'
    UNION ALL
    SELECT t.nspname, 'index ' || pg_get_indexdef(i.indexrelid)
      FROM target t JOIN pg_class c ON c.relnamespace = t.oid JOIN pg_index i ON i.indrelid = c.oid
     WHERE c.relname <> 'flyway_schema_history'
    UNION ALL
    SELECT t.nspname, 'trigger ' || pg_get_triggerdef(g.oid)
      FROM target t JOIN pg_class c ON c.relnamespace = t.oid JOIN pg_trigger g ON g.tgrelid = c.oid AND NOT g.tgisinternal
    UNION ALL
    SELECT t.nspname, 'rls ' || c.relname || ' ' || c.relrowsecurity || ' ' || c.relforcerowsecurity
      FROM target t JOIN pg_class c ON c.relnamespace = t.oid AND c.relkind = 'r'
     WHERE c.relname <> 'flyway_schema_history'
    UNION ALL
    SELECT t.nspname, 'policy ' || p.tablename || '.' || p.policyname || ' ' || p.cmd || ' ' || coalesce(p.qual, '')
               || ' ' || coalesce(p.with_check, '')
      FROM target t JOIN pg_policies p ON p.schemaname = t.nspname
    UNION ALL
    SELECT t.nspname, 'function ' || f.proname || '(' || pg_get_function_identity_arguments(f.oid) || ') '
               || md5(replace(f.prosrc, t.nspname, '<schema>'))
      FROM target t JOIN pg_proc f ON f.pronamespace = t.oid
)
SELECT schema_name, replace(item, schema_name, '<schema>') FROM items
