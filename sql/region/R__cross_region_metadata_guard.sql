-- The guard of fleet.cross_region_metadata (table, allowlist and trigger: V9), the receiving side of
-- the cross-region metadata sync (issue 11). A payload is stored only if it is a flat JSON object
-- whose every key is in fleet.metadata_allowed_keys and whose every value is of that key's kind:
--   count    a non-negative integer JSON number (1.0, 1.5, -1, "3" and null are refused)
--   date     a 'YYYY-MM-DD' string that is a real date
--   version  a string of digits and dots: '3', '3.1'
-- No nesting: distributions are flat keys (records_draft, results_high, ...), never maps or lists.
-- A suppressed cell is left out of the payload (suppressed_cells counts them), never sent as null.
-- Defence in depth, whatever the allowlist says: a string value that looks like an e-mail address
-- or a phone number (7 or more digits among + ( ) . / - and spaces, and not shaped like a date),
-- or holds spaces (free text), is refused before its key is looked at; so a version of 7 digits or
-- more (a timestamp version) is refused too: versions sent are short.
-- Anything else fails closed: one check_violation (constraint cross_region_metadata_guard) naming
-- the key and what is wrong, never the value (it may be the personal data the guard keeps out); a
-- key is named only when it is a lower-case identifier. The statement fails; nothing is stored.
-- On success the trigger sets payload_digest: sha256 of the payload's jsonb text (canonical: keys
-- sorted, fixed spacing), which the sender reads back with RETURNING for its ledger.
-- A change to this file ships with a new V file (see README, "What a tenant schema holds").
CREATE OR REPLACE FUNCTION fleet.cross_region_metadata_guard() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, pg_temp
AS $$
DECLARE
    k       text;
    v       jsonb;
    t       text;
    s       text;
    kind    text;
    problem text;
BEGIN
    IF jsonb_typeof(NEW.aggregated_data) IS DISTINCT FROM 'object' THEN
        RAISE EXCEPTION 'fleet.cross_region_metadata refused the payload: it is %, not a flat JSON object; nothing was stored',
                coalesce('a JSON ' || jsonb_typeof(NEW.aggregated_data), 'null')
            USING ERRCODE = 'check_violation', SCHEMA = 'fleet', TABLE = 'cross_region_metadata',
                  COLUMN = 'aggregated_data', CONSTRAINT = 'cross_region_metadata_guard';
    END IF;
    FOR k, v IN SELECT e.key, e.value FROM jsonb_each(NEW.aggregated_data) e ORDER BY e.key LOOP
        t := jsonb_typeof(v);
        s := CASE WHEN t = 'string' THEN v #>> '{}' END;
        SELECT a.kind INTO kind FROM fleet.metadata_allowed_keys a WHERE a.key = k;
        problem := CASE
            WHEN t IN ('object', 'array') THEN 'holds a nested ' || t || ' (payloads are flat: one count, date or version per key)'
            WHEN s ~ '@' THEN 'holds what looks like an e-mail address'
            WHEN s ~ '^\+?[0-9()./ -]+$' AND length(regexp_replace(s, '[^0-9]', '', 'g')) >= 7
                 AND s !~ '^[0-9]{1,4}[./-][0-9]{1,2}[./-][0-9]{1,4}$' THEN 'holds what looks like a phone number'
            WHEN s ~ '\s' THEN 'holds free text (a value with spaces)'
            WHEN kind IS NULL THEN 'is not on the allowlist (fleet.metadata_allowed_keys)'
            WHEN kind = 'count' AND (t <> 'number' OR v::text !~ '^(0|[1-9][0-9]{0,18})$'
                                     OR v::text::numeric > 9223372036854775807)
                THEN 'must be a count (a non-negative integer number)'
            WHEN kind = 'date' AND (t <> 'string' OR s !~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
                THEN 'must be a date (a YYYY-MM-DD string)'
            WHEN kind = 'version' AND (t <> 'string' OR s !~ '^[0-9]{1,9}(\.[0-9]{1,9}){0,3}$')
                THEN 'must be a version (a string like 3 or 3.1)'
        END;
        IF problem IS NULL AND kind = 'date' THEN
            BEGIN
                PERFORM s::date;
            EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
                problem := 'must be a date (a YYYY-MM-DD string that is a real day)';
            END;
        END IF;
        IF problem IS NOT NULL THEN
            RAISE EXCEPTION 'fleet.cross_region_metadata refused the payload: % %; only keys of fleet.metadata_allowed_keys '
                    'with counts, dates or versions are stored; nothing was stored',
                    CASE WHEN k ~ '^[a-z][a-z0-9_]{0,62}$' THEN 'key "' || k || '"'
                         ELSE 'a key that is not a lower-case identifier (not shown)' END, problem
                USING ERRCODE = 'check_violation', SCHEMA = 'fleet', TABLE = 'cross_region_metadata',
                      COLUMN = 'aggregated_data', CONSTRAINT = 'cross_region_metadata_guard';
        END IF;
    END LOOP;
    NEW.payload_digest := sha256(convert_to(NEW.aggregated_data::text, 'UTF8'));
    RETURN NEW;
END
$$;
