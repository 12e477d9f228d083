/**
 * Compares the SQLite schema (db/schema.ts) with the PostgreSQL one (db/schema-pg.ts) through drizzle's own
 * table configs: each side is described in dialect-neutral terms (types through the mapping below, defaults by
 * meaning), and every difference is returned as a sentence. No database is needed.
 */
import { getTableColumns, getTableName, is, SQL } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgDialect, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, SQLiteSyncDialect, SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * What a column type of each dialect means. A type absent from this table is a difference in itself, so a new
 * kind of column cannot pass unnoticed. Integers may be bigint on PostgreSQL (SQLite's integers are all 64-bit):
 * which ones is asserted apart, in tests/unit/schema-dialects.test.ts.
 *
 * | meaning  | SQLite (columnType)   | PostgreSQL (SQL type)   |
 * | -------- | --------------------- | ----------------------- |
 * | text     | SQLiteText            | text                    |
 * | integer  | SQLiteInteger         | integer, bigint         |
 * | boolean  | SQLiteBoolean         | boolean                 |
 * | real     | SQLiteReal            | double precision        |
 * | bytes    | SQLiteBlobBuffer      | bytea                   |
 */
export const typeMapping = {
  sqlite: { SQLiteText: 'text', SQLiteInteger: 'integer', SQLiteBoolean: 'boolean', SQLiteReal: 'real', SQLiteBlobBuffer: 'bytes' },
  pg: { text: 'text', integer: 'integer', bigint: 'integer', boolean: 'boolean', 'double precision': 'real', bytea: 'bytes' },
} as const satisfies Record<'sqlite' | 'pg', Record<string, string>>;

/** SQL defaults by meaning (whitespace collapsed); any other SQL default must read the same on both sides. */
export const sqlDefaultMeanings: Record<string, string> = {
  "(strftime('%Y-%m-%dT%H:%M:%fZ','now'))": 'iso-now',
  "to_char(statement_timestamp() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')": 'iso-now',
};

type Neutral = string | number | boolean | null | undefined | Neutral[] | { [key: string]: Neutral };
type Module = Record<string, unknown>;

const sqliteDialect = new SQLiteSyncDialect();
const pgDialect = new PgDialect();

const sqlText = (value: SQL, dialect: 'sqlite' | 'pg') => (dialect === 'sqlite' ? sqliteDialect : pgDialect).sqlToQuery(value).sql.replace(/\s+/g, ' ').trim();

function defaultMeaning(value: unknown, dialect: 'sqlite' | 'pg'): Neutral {
  if (value === undefined) return undefined;
  if (is(value, SQL)) {
    const text = sqlText(value, dialect);
    return sqlDefaultMeanings[text] ?? `sql: ${text}`;
  }
  return `value: ${JSON.stringify(value)}`;
}

const byName = <T extends { name: string }>(items: T[]) => Object.fromEntries(items.map((it) => [it.name, it]));
const columnNames = (columns: unknown[], dialect: 'sqlite' | 'pg') => columns.map((c) => (is(c, SQL) ? `sql: ${sqlText(c, dialect)}` : (c as { name: string }).name));

type AnyColumn = {
  name: string;
  columnType: string;
  getSQLType(): string;
  notNull: boolean;
  primary: boolean;
  isUnique: boolean;
  uniqueName?: string;
  hasDefault: boolean;
  default?: unknown;
  defaultFn?: unknown;
  onUpdateFn?: unknown;
  enumValues?: string[];
  generated?: unknown;
};

function describeColumn(key: string, column: AnyColumn, dialect: 'sqlite' | 'pg'): Record<string, Neutral> {
  const typeKey = dialect === 'sqlite' ? column.columnType : column.getSQLType();
  const types: Record<string, string> = typeMapping[dialect];
  const identity = (column as { generatedIdentity?: { type: string } }).generatedIdentity;
  const autoIncrement = dialect === 'sqlite' ? (column as { autoIncrement?: boolean }).autoIncrement === true : identity?.type === 'byDefault';
  return {
    key,
    type: types[typeKey] ?? `unmapped ${dialect} type ${typeKey}`,
    notNull: column.notNull,
    primaryKey: column.primary,
    autoIncrement,
    // Only an identity "by default" stands for AUTOINCREMENT: an explicit id (a copied row) must still be accepted.
    identity: dialect === 'pg' && identity && identity.type !== 'byDefault' ? identity.type : undefined,
    unique: column.isUnique ? (column.uniqueName ?? true) : false,
    enum: column.enumValues && column.enumValues.length > 0 ? [...column.enumValues] : undefined,
    hasDefault: column.hasDefault,
    default: defaultMeaning(column.default, dialect),
    defaultFn: column.defaultFn !== undefined,
    onUpdateFn: column.onUpdateFn !== undefined,
    generatedAs: column.generated === undefined ? undefined : 'generated column',
  };
}

function describeTable(table: SQLiteTable | PgTable, dialect: 'sqlite' | 'pg'): Record<string, Neutral> {
  const config = dialect === 'sqlite' ? sqliteConfig(table as SQLiteTable) : pgConfig(table as PgTable);
  const columns = Object.entries(getTableColumns(table)) as [string, unknown][];
  const pgOnly =
    dialect === 'pg'
      ? (() => {
          const c = config as ReturnType<typeof pgConfig>;
          return { schema: c.schema ?? 'public', rowLevelSecurity: c.enableRLS, policies: c.policies.length };
        })()
      : { schema: 'public', rowLevelSecurity: false, policies: 0 };
  return {
    name: config.name,
    ...pgOnly,
    columnOrder: config.columns.map((c) => c.name),
    columns: Object.fromEntries(columns.map(([key, c]) => [(c as AnyColumn).name, describeColumn(key, c as AnyColumn, dialect)])),
    primaryKeys: byName(config.primaryKeys.map((pk) => ({ name: pk.getName(), columns: pk.columns.map((c) => c.name) }))),
    uniqueConstraints: byName(config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', columns: u.columns.map((c) => c.name) }))),
    checks: byName(config.checks.map((c) => ({ name: c.name, value: sqlText(c.value, dialect) }))),
    indexes: byName(
      config.indexes.map(({ config: ix }) => {
        const pg = ix as { method?: string; concurrently?: boolean; only?: boolean; with?: Record<string, unknown>; columns: unknown[] };
        // Options SQLite has no counterpart for: any of them set on PostgreSQL is a difference.
        const pgExtras = [
          pg.method && pg.method !== 'btree' ? `using ${pg.method}` : '',
          pg.concurrently ? 'concurrently' : '',
          pg.only ? 'only' : '',
          pg.with && Object.keys(pg.with).length > 0 ? 'with' : '',
          ...pg.columns.map((c) => {
            const ic = (c as { indexConfig?: { order?: string; nulls?: string; opClass?: string } }).indexConfig;
            return ic && (ic.order === 'desc' || ic.nulls === 'first' || ic.opClass) ? `${(c as { name: string }).name} ${JSON.stringify(ic)}` : '';
          }),
        ].filter(Boolean);
        return {
          name: ix.name ?? '',
          columns: columnNames(ix.columns, dialect),
          unique: ix.unique,
          where: ix.where ? sqlText(ix.where, dialect) : undefined,
          options: pgExtras.length > 0 ? pgExtras : undefined,
        };
      }),
    ),
    foreignKeys: byName(
      config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        return {
          name: fk.getName(),
          columns: ref.columns.map((c) => c.name),
          foreignTable: getTableName(ref.foreignTable),
          foreignColumns: ref.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? 'no action',
          onUpdate: fk.onUpdate ?? 'no action',
        };
      }),
    ),
  };
}

/** A schema module as neutral data: its tables by export name, and the names of everything else it exports. */
export function describeSchema(module: Module, dialect: 'sqlite' | 'pg') {
  const tableClass = dialect === 'sqlite' ? SQLiteTable : PgTable;
  const tables: Record<string, Neutral> = {};
  const wrongDialect: string[] = [];
  const others: string[] = [];
  for (const [name, value] of Object.entries(module)) {
    if (is(value, tableClass)) tables[name] = describeTable(value as SQLiteTable | PgTable, dialect);
    else if (is(value, SQLiteTable) || is(value, PgTable)) wrongDialect.push(name);
    else others.push(name);
  }
  return { tables, others: others.sort(), wrongDialect };
}

function diff(path: string, a: Neutral, b: Neutral, out: string[]) {
  const isObject = (v: Neutral): v is Record<string, Neutral> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(key in b)) out.push(`${path}${key}: only on SQLite`);
      else if (!(key in a)) out.push(`${path}${key}: only on PostgreSQL`);
      else diff(`${path}${key} › `, a[key], b[key], out);
    }
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push(`${path.replace(/ › $/, '')}: SQLite ${JSON.stringify(a)}, PostgreSQL ${JSON.stringify(b)}`);
  }
}

/**
 * Every way the PostgreSQL schema module `pg` differs from the SQLite one `sqlite`, as sentences ("table x ›
 * columns › y › notNull: SQLite true, PostgreSQL false"); empty when they describe the same database.
 */
export function schemaDifferences(sqlite: Module, pg: Module): string[] {
  const a = describeSchema(sqlite, 'sqlite');
  const b = describeSchema(pg, 'pg');
  const out: string[] = [];
  for (const name of a.wrongDialect) out.push(`${name}: not a SQLite table in the SQLite module`);
  for (const name of b.wrongDialect) out.push(`${name}: not a PostgreSQL table in the PostgreSQL module`);
  diff('', { tables: a.tables, exports: Object.fromEntries(a.others.map((n) => [n, true])) }, { tables: b.tables, exports: Object.fromEntries(b.others.map((n) => [n, true])) }, out);
  for (const description of [a, b])
    for (const [name, table] of Object.entries(description.tables))
      for (const [column, c] of Object.entries((table as { columns: Record<string, { type: string }> }).columns))
        if (c.type.startsWith('unmapped')) out.push(`tables › ${name} › columns › ${column} › type: ${c.type}`);
  // Re-exported, not copied: the enums a column allows are the very same arrays on both sides.
  for (const name of a.others) if (name in pg && pg[name] !== sqlite[name]) out.push(`exports › ${name}: not the same value (re-export it from db/schema.ts)`);
  return out;
}
