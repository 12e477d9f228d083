-- Functions the data layer's SQL uses on PostgreSQL (src/lib/server/sql-dialect.ts).
-- portal_try_jsonb: used by `jsonTextIfValid` (audit-log.ts filters on the transferId
-- of an event's detail, which is free text for some events). The JSON value of the text, or null when it is not
-- valid JSON (SQLite's `case when json_valid(x) then json_extract(x, ...) end`).
CREATE OR REPLACE FUNCTION portal_try_jsonb(value text) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN value::jsonb;
EXCEPTION WHEN others THEN
  RETURN NULL;
END;
$$;
