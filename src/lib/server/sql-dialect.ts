/**
 * SQL that the two engines write differently, as fragments for drizzle's `sql` template. Application code uses
 * these instead of an engine's own functions (json_each, json_extract, instr, max(a, b), LIKE's case rules), so
 * that a query is written once (docs/decisions/0023-postgresql.md). The engine is the process's (db.ts).
 */
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { dialect } from './db.ts';

const onPg = dialect === 'postgres';

/**
 * `column in (the values of a JSON array)`; the list is a JSON string (a value or a `sql.placeholder`), so one
 * prepared statement serves any number of values. `as: 'integer'` for integer columns (PostgreSQL compares types).
 */
export function inJsonList(column: SQLWrapper, list: unknown, { as }: { as?: 'integer' } = {}): SQL {
  if (!onPg) return sql`${column} in (select value from json_each(${list}))`;
  return as === 'integer' ? sql`${column} in (select (json_array_elements_text(${list}::json))::integer)` : sql`${column} in (select json_array_elements_text(${list}::json))`;
}

/**
 * The path of a value in a JSON document, as the engine's extraction takes it (a string, so it can be a parameter).
 * Keys are ids (field ids, property names: letters, digits, hyphens, underscores) or array indexes; anything else is
 * refused rather than quoted, so a path can never carry more than one key per step on either engine.
 */
export function jsonPath(...keys: (string | number)[]): string {
  for (const k of keys) if (typeof k === 'string' ? !/^[A-Za-z0-9_-]+$/.test(k) : !Number.isInteger(k) || k < 0) throw new Error(`Not a JSON key: ${JSON.stringify(k)}`);
  if (onPg) return `{${keys.map((k) => JSON.stringify(String(k))).join(',')}}`;
  return `$${keys.map((k) => (typeof k === 'number' ? `[${k}]` : `.${JSON.stringify(k)}`)).join('')}`;
}

/**
 * The value at `path` (from `jsonPath`, or a placeholder holding one) of the JSON text in `column`, as text; null
 * when absent. SQLite's json_extract returns numbers as numbers: compare these to text only.
 */
export function jsonTextAt(column: SQLWrapper, path: unknown): SQL {
  return onPg ? sql`((${column})::jsonb #>> (${path})::text[])` : sql`json_extract(${column}, ${path})`;
}

/** Like `jsonTextAt`, but null instead of an error when the column does not hold valid JSON (free-text details). */
export function jsonTextIfValid(column: SQLWrapper, key: string): SQL {
  const path = jsonPath(key);
  return onPg ? sql`(portal_try_jsonb(${column}) #>> (${path})::text[])` : sql`(case when json_valid(${column}) then json_extract(${column}, ${path}) end)`;
}

/** The larger of two values (SQLite's two-argument max). */
export const greatest = (a: unknown, b: unknown): SQL => (onPg ? sql`greatest(${a}, ${b})` : sql`max(${a}, ${b})`);

/** LIKE that ignores case, as SQLite's does (PostgreSQL's LIKE does not); `\` escapes % and _ in the pattern. */
export const likeIgnoringCase = (column: SQLWrapper, pattern: unknown): SQL => (onPg ? sql`${column} ilike ${pattern} escape '\\'` : sql`${column} like ${pattern} escape '\\'`);

/** Whether `text` occurs in the column's text. */
export const containsText = (column: SQLWrapper, text: unknown): SQL => (onPg ? sql`strpos(${column}, ${text}) > 0` : sql`instr(${column}, ${text}) > 0`);

/**
 * The column, kept from being answered by its index: SQLite's planner otherwise picks the time index for a date
 * filter over the primary key walk (audit-log.ts). PostgreSQL's planner costs both; it needs no hint.
 */
export const noIndex = (column: SQLWrapper): SQL => (onPg ? sql`${column}` : sql`+${column}`);

/** Now, as the ISO 8601 UTC text with milliseconds the schema stores times in (2026-12-08T09:30:00.000Z). */
export const isoNowSql: SQL = onPg ? sql`to_char(statement_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : sql`strftime('%Y-%m-%dT%H:%M:%fZ','now')`;

/**
 * The values of `expr` over a group joined by `separator` (SQLite's group_concat). PostgreSQL's string_agg joins
 * in the order its plan reads the rows, which may change from one run to the next; ordered by the value, the text
 * is the same each time (page-cache.ts hashes it into cache keys).
 */
export function groupConcat(expr: SQLWrapper, separator: string): SQL {
  const literal = sql.raw(`'${separator.replaceAll("'", "''")}'`);
  return onPg ? sql`string_agg(${expr}, ${literal} order by ${expr})` : sql`group_concat(${expr}, ${literal})`;
}
