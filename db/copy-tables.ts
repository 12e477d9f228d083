/**
 * What `npm run db:copy` copies and how it compares the two sides: the schema's tables paired by export name
 * (db/schema.ts and db/schema-pg.ts, proven equal by tests/unit/schema-dialects.test.ts), in foreign-key order, the
 * columns that order a table, and the checksum of a table's rows, computed the same way on either engine.
 */
import { is } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { createHash } from 'node:crypto';
import * as pgSchema from './schema-pg.ts';
import * as sqliteSchema from './schema.ts';

export type TablePair = {
  /** The SQL name, the same on both engines. */
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** The columns (SQL names) whose values identify a row: the primary key, else the first unique index. */
  key: string[];
};

/** Every table of the schema, each after the tables its foreign keys point at (so inserts never wait for a parent). */
export function schemaTables(): TablePair[] {
  const sqliteTables = (Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable));
  const pgTables = new Map((Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable)).map((t) => [pgTableConfig(t).name, t]));
  return inForeignKeyOrder(sqliteTables).map((sqlite) => {
    const name = sqliteTableConfig(sqlite).name;
    const pg = pgTables.get(name);
    if (!pg) throw new Error(`db/schema-pg.ts has no table ${name}`);
    return { name, sqlite, pg, key: keyColumns(sqlite) };
  });
}

/** Depth-first: a table is placed once every table it references is; a cycle (none today) is a schema error. */
export function inForeignKeyOrder(tables: SQLiteTable[]): SQLiteTable[] {
  const placed = new Set<SQLiteTable>();
  const visiting = new Set<SQLiteTable>();
  const order: SQLiteTable[] = [];
  const visit = (table: SQLiteTable) => {
    if (placed.has(table)) return;
    if (visiting.has(table)) throw new Error(`the foreign keys of ${sqliteTableConfig(table).name} form a cycle: no insert order exists`);
    visiting.add(table);
    for (const fk of sqliteTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignTable;
      if (parent !== table) visit(parent); // a row pointing at its own table is inserted in source order
    }
    visiting.delete(table);
    placed.add(table);
    order.push(table);
  };
  for (const table of tables) visit(table);
  return order;
}

function keyColumns(table: SQLiteTable): string[] {
  const config = sqliteTableConfig(table);
  const primary = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  if (primary.length > 0) return primary.map((c) => c.name);
  const unique = config.indexes.find((i) => i.config.unique && i.config.columns.every((c) => 'name' in c));
  if (unique) return unique.config.columns.map((c) => (c as { name: string }).name);
  throw new Error(`${config.name} has neither a primary key nor a unique index: its rows cannot be put in one order`);
}

/** A row as read from either engine: SQL column name → the value as drizzle gives it to the application. */
export type Row = Record<string, unknown>;

/**
 * One line per row, the same whichever engine it came from: columns sorted by name; booleans, numbers and null as
 * JSON; binary as hex. So equal rows give equal lines, whatever the drivers return.
 */
export function canonicalRow(row: Row): string {
  const normalised = Object.keys(row)
    .sort()
    .map((name) => {
      const value = row[name];
      return [name, Buffer.isBuffer(value) ? value.toString('hex') : value instanceof Uint8Array ? Buffer.from(value).toString('hex') : (value ?? null)];
    });
  return JSON.stringify(normalised);
}

/** SHA-256 over a table's canonical rows, fed in key order; with the row count. */
export class TableChecksum {
  #hash = createHash('sha256');
  rows = 0;

  add(rows: Row[]): void {
    for (const row of rows) this.#hash.update(`${canonicalRow(row)}\n`);
    this.rows += rows.length;
  }

  digest(): string {
    return this.#hash.digest('hex');
  }
}
