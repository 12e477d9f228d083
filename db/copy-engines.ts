/**
 * The two ends of `npm run db:copy`, one class per engine with the same methods. A copy may run SQLite → PostgreSQL,
 * PostgreSQL → SQLite or either to itself, so it cannot use src/lib/server/db.ts (one engine per process, chosen at
 * load): each end opens its own driver and reads and writes through its own tables (db/schema.ts, db/schema-pg.ts).
 * Rows travel as the application sees them (drizzle's values: booleans, Buffers, numbers), decoded from one
 * engine's columns and encoded by the other's, which is where the engines' types differ.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { getTableColumns, type Column } from 'drizzle-orm';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { existsSync, rmSync, statSync, truncateSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Row, TablePair } from './copy-tables.ts';

/** A refusal or failure the person can act on: said in one line, without a stack. */
export class CopyRefused extends Error {}

/** `insertion`: the order rows were written in (the rowid), where the engine keeps one; `key`: by primary key. */
export type ScanOrder = 'insertion' | 'key';

/** Where a database's migrations stand compared with this code's: none applied, behind, the same, or ahead. */
export type MigrationState = 'none' | 'older' | 'current' | 'newer';

export interface Endpoint {
  readonly engine: 'sqlite' | 'postgres';
  /** For messages: the file, or the URL without its password. */
  readonly label: string;
  /** Whether the application reads this table's insertion order (`rowid`), which a copy must then keep. */
  keepsInsertionOrder(table: TablePair): boolean;
  missingTables(tables: TablePair[]): Promise<string[]>;
  tablesWithRows(tables: TablePair[]): Promise<string[]>;
  migrationState(): Promise<MigrationState>;
  migrate(): Promise<void>;
  /** Starts a read-only transaction: every scan until `end()` sees one snapshot. */
  beginRead(): Promise<void>;
  /** Starts the write transaction, holding off other writers until `commit()` or `rollback()`. */
  beginWrite(tables: TablePair[]): Promise<void>;
  scan(table: TablePair, order: ScanOrder, batchSize: number, columns?: string[]): AsyncGenerator<Row[]>;
  insert(table: TablePair, rows: Row[]): Promise<void>;
  /** After the rows and before the commit: what the engine needs so that the application's next insert works. */
  finishWrite(tables: TablePair[]): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
  /** Closes after a failed copy and removes what opening created (a new SQLite file), so a new attempt finds it as it was. */
  discard(): Promise<void>;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Parameters per insert statement, below SQLite's 32766 and PostgreSQL's 65535. */
const maxParameters = 30_000;

function decode(columns: Column[], values: unknown[]): Row {
  const row: Row = {};
  columns.forEach((column, i) => (row[column.name] = values[i] === null ? null : column.mapFromDriverValue(values[i])));
  return row;
}

/** A row keyed by SQL name → the same row keyed as the table's drizzle properties, for its insert builder. */
function forInsert(columns: Record<string, Column>): (row: Row) => Record<string, unknown> {
  const keys = Object.entries(columns);
  return (row) => Object.fromEntries(keys.map(([key, column]) => [key, row[column.name]]));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function newestMigration(folder: string): number {
  return Math.max(...readMigrationFiles({ migrationsFolder: folder }).map((m) => m.folderMillis));
}

function compareMigrations(applied: number | null, folder: string): MigrationState {
  if (applied === null) return 'none';
  const newest = newestMigration(folder);
  return applied < newest ? 'older' : applied > newest ? 'newer' : 'current';
}

const sqliteMigrations = fileURLToPath(new URL('migrations', import.meta.url));
const pgMigrations = fileURLToPath(new URL('migrations-pg', import.meta.url));

export class SqliteEndpoint implements Endpoint {
  readonly engine = 'sqlite';
  readonly label: string;
  readonly path: string;
  #client: Database.Database;
  #db: BetterSQLite3Database;
  /** For a target: whether the file existed (empty) before; a failed copy leaves it as it found it. */
  #existed: boolean;
  #isTarget: boolean;

  private constructor(path: string, client: Database.Database, { isTarget, existed }: { isTarget: boolean; existed: boolean }) {
    this.path = path;
    this.label = path;
    this.#client = client;
    this.#db = drizzleSqlite(client);
    this.#isTarget = isTarget;
    this.#existed = existed;
  }

  /** The source: an existing file, opened read-only (the server may keep running; the copy reads one snapshot). */
  static openSource(path: string): SqliteEndpoint {
    if (!existsSync(path)) throw new CopyRefused(`there is no SQLite database at ${path}`);
    const client = new Database(path, { readonly: true, fileMustExist: true });
    try {
      client.pragma('busy_timeout = 5000');
      client.prepare('SELECT count(*) FROM sqlite_schema').get();
    } catch (error) {
      client.close();
      throw new CopyRefused(`${path} cannot be read as an SQLite database: ${reason(error)}`, { cause: error });
    }
    return new SqliteEndpoint(path, client, { isTarget: false, existed: true });
  }

  /** The target: a file that does not exist yet (or is empty, 0 bytes). Anything else may be someone's data. */
  static openTarget(path: string): SqliteEndpoint {
    const existed = existsSync(path);
    if (existed && (!statSync(path).isFile() || statSync(path).size > 0)) throw new CopyRefused(`${path} already exists and is not empty: the target must be a new SQLite file`);
    const client = new Database(path);
    client.pragma('journal_mode = WAL');
    client.pragma('foreign_keys = ON');
    client.pragma('busy_timeout = 5000');
    return new SqliteEndpoint(path, client, { isTarget: true, existed });
  }

  keepsInsertionOrder(): boolean {
    return true; // every table here is a rowid table
  }

  #tableNames(): Set<string> {
    return new Set((this.#client.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
  }

  async missingTables(tables: TablePair[]): Promise<string[]> {
    const present = this.#tableNames();
    return tables.filter((t) => !present.has(t.name)).map((t) => t.name);
  }

  async tablesWithRows(tables: TablePair[]): Promise<string[]> {
    const present = this.#tableNames();
    return tables.filter((t) => present.has(t.name) && this.#client.prepare(`SELECT EXISTS (SELECT 1 FROM ${quote(t.name)}) AS n`).pluck().get() === 1).map((t) => t.name);
  }

  async migrationState(): Promise<MigrationState> {
    if (!this.#tableNames().has('__drizzle_migrations')) return 'none';
    const applied = this.#client.prepare('SELECT max(created_at) FROM __drizzle_migrations').pluck().get() as number | null;
    return compareMigrations(applied === null ? null : Number(applied), sqliteMigrations);
  }

  async migrate(): Promise<void> {
    migrateSqlite(this.#db, { migrationsFolder: sqliteMigrations });
  }

  async beginRead(): Promise<void> {
    this.#client.exec('BEGIN');
    this.#client.prepare('SELECT count(*) FROM sqlite_schema').get(); // a deferred BEGIN takes its snapshot at the first read
  }

  async beginWrite(): Promise<void> {
    this.#client.exec('BEGIN IMMEDIATE');
  }

  async *scan(table: TablePair, order: ScanOrder, batchSize: number, columnNames?: string[]): AsyncGenerator<Row[]> {
    const columns = sqliteTableConfig(table.sqlite).columns.filter((c) => !columnNames || columnNames.includes(c.name)) as Column[];
    const orderBy = order === 'insertion' ? 'rowid' : table.key.map(quote).join(', ');
    const statement = this.#client.prepare(`SELECT ${columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)} ORDER BY ${orderBy}`).raw(true);
    let batch: Row[] = [];
    for (const values of statement.iterate() as IterableIterator<unknown[]>) {
      batch.push(decode(columns, values));
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  async insert(table: TablePair, rows: Row[]): Promise<void> {
    const columns = getTableColumns(table.sqlite) as Record<string, Column>;
    const toRow = forInsert(columns);
    for (const chunk of chunks(rows, Math.floor(maxParameters / Object.keys(columns).length))) await this.#db.insert(table.sqlite).values(chunk.map(toRow) as never);
  }

  async finishWrite(): Promise<void> {
    // Nothing to do: AUTOINCREMENT's counter (sqlite_sequence) follows the largest id inserted, given or not.
  }

  async commit(): Promise<void> {
    this.#client.exec('COMMIT');
  }

  async rollback(): Promise<void> {
    if (this.#client.inTransaction) this.#client.exec('ROLLBACK');
  }

  async close(): Promise<void> {
    if (this.#client.open) this.#client.close();
  }

  async discard(): Promise<void> {
    await this.close();
    if (!this.#isTarget) return;
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(this.path + suffix, { force: true });
    if (this.#existed) truncateSync(this.path, 0);
    else rmSync(this.path, { force: true });
  }
}

export class PostgresEndpoint implements Endpoint {
  readonly engine = 'postgres';
  readonly label: string;
  #client: pg.Client;
  #db: NodePgDatabase;
  /** The tables with a `rowid` column (db/migrations-pg/0001_rowid.sql): the ones whose insertion order is read. */
  #rowidTables = new Set<string>();

  private constructor(label: string, client: pg.Client) {
    this.label = label;
    this.#client = client;
    this.#db = drizzlePg(client);
  }

  static async connect(url: string, label: string): Promise<PostgresEndpoint> {
    const client = new pg.Client({ connectionString: url, application_name: 'portal db:copy', connectionTimeoutMillis: 10_000 });
    // A connection lost while idle is reported by the next query; without a listener it would end the process.
    client.on('error', () => {});
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => {});
      throw new CopyRefused(`cannot connect to PostgreSQL at ${label}: ${reason(error)}`, { cause: error });
    }
    const endpoint = new PostgresEndpoint(label, client);
    await endpoint.#readRowidTables();
    return endpoint;
  }

  async #readRowidTables(): Promise<void> {
    const { rows } = await this.#client.query<{ table_name: string }>("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'rowid'");
    this.#rowidTables = new Set(rows.map((r) => r.table_name));
  }

  keepsInsertionOrder(table: TablePair): boolean {
    return this.#rowidTables.has(table.name);
  }

  async #tableNames(): Promise<Set<string>> {
    const { rows } = await this.#client.query<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'");
    return new Set(rows.map((r) => r.table_name));
  }

  async missingTables(tables: TablePair[]): Promise<string[]> {
    const present = await this.#tableNames();
    return tables.filter((t) => !present.has(t.name)).map((t) => t.name);
  }

  async tablesWithRows(tables: TablePair[]): Promise<string[]> {
    const present = await this.#tableNames();
    const withRows: string[] = [];
    for (const t of tables.filter((t) => present.has(t.name))) {
      const { rows } = await this.#client.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${quote(t.name)}) AS any`);
      if (rows[0]!.any) withRows.push(t.name);
    }
    return withRows;
  }

  async migrationState(): Promise<MigrationState> {
    const { rows } = await this.#client.query<{ table: string | null }>("SELECT to_regclass('drizzle.__drizzle_migrations')::text AS table");
    if (!rows[0]!.table) return 'none';
    const applied = (await this.#client.query<{ newest: string | null }>('SELECT max(created_at) AS newest FROM drizzle.__drizzle_migrations')).rows[0]!.newest;
    return compareMigrations(applied === null ? null : Number(applied), pgMigrations);
  }

  async migrate(): Promise<void> {
    await migratePg(this.#db, { migrationsFolder: pgMigrations });
    await this.#readRowidTables();
  }

  async beginRead(): Promise<void> {
    await this.#client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await this.#client.query('SELECT 1'); // the snapshot is taken at the first statement, not at BEGIN
  }

  async beginWrite(tables: TablePair[]): Promise<void> {
    await this.#client.query('BEGIN');
    // No one else writes while the copy runs (a server started on the target would seed its demo data into it);
    // reads may go on, and see nothing until the commit.
    await this.#client.query(`LOCK TABLE ${tables.map((t) => quote(t.name)).join(', ')} IN EXCLUSIVE MODE`);
  }

  async *scan(table: TablePair, order: ScanOrder, batchSize: number, columnNames?: string[]): AsyncGenerator<Row[]> {
    const columns = pgTableConfig(table.pg).columns.filter((c) => !columnNames || columnNames.includes(c.name)) as Column[];
    const orderBy = order === 'insertion' && this.keepsInsertionOrder(table) ? 'rowid' : table.key.map((k) => quote(k) + collateFor(table, k)).join(', ');
    // A cursor: one query and one sort, read in batches, instead of re-running an ordered query per page.
    await this.#client.query(`DECLARE portal_copy NO SCROLL CURSOR FOR SELECT ${columns.map((c) => quote(c.name)).join(', ')} FROM ${quote(table.name)} ORDER BY ${orderBy}`);
    try {
      for (;;) {
        const { rows } = await this.#client.query<unknown[]>({ text: `FETCH FORWARD ${batchSize} FROM portal_copy`, rowMode: 'array' });
        if (rows.length === 0) break;
        yield rows.map((values) => decode(columns, values));
      }
    } finally {
      await this.#client.query('CLOSE portal_copy').catch(() => {});
    }
  }

  async insert(table: TablePair, rows: Row[]): Promise<void> {
    const columns = getTableColumns(table.pg) as Record<string, Column>;
    const toRow = forInsert(columns);
    for (const chunk of chunks(rows, Math.floor(maxParameters / Object.keys(columns).length))) await this.#db.insert(table.pg).values(chunk.map(toRow) as never);
  }

  /**
   * Identity columns were given the source's values, which does not move their sequences: set each past the
   * largest value, or the application's next insert would take an id that exists.
   */
  async finishWrite(tables: TablePair[]): Promise<void> {
    const names = new Set(tables.map((t) => t.name));
    const { rows } = await this.#client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
    );
    for (const { table_name: table, column_name: column } of rows.filter((r) => names.has(r.table_name)))
      await this.#client.query(`SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quote(column)}), 0) + 1, false) FROM ${quote(table)}`, [quote(table), column]);
  }

  async commit(): Promise<void> {
    await this.#client.query('COMMIT');
  }

  async rollback(): Promise<void> {
    await this.#client.query('ROLLBACK').catch(() => {});
  }

  async close(): Promise<void> {
    await this.#client.end().catch(() => {});
  }

  async discard(): Promise<void> {
    await this.close(); // the rolled-back transaction left the tables as they were: migrated, empty
  }
}

/** COLLATE "C" compares bytes, as SQLite's BINARY does: key order, and so the checksum, are the same on both. */
function collateFor(table: TablePair, column: string): string {
  const c = pgTableConfig(table.pg).columns.find((c) => c.name === column);
  return c?.getSQLType() === 'text' ? ' COLLATE "C"' : '';
}

/**
 * An error as one line: the driver's own error rather than drizzle's wrapper (which repeats the query and all its
 * values), with PostgreSQL's detail (which key, which row); node's connection errors come without a message when
 * several addresses failed.
 */
export function reason(error: unknown): string {
  const e = (error instanceof DrizzleQueryError && error.cause ? error.cause : error) as { message?: string; code?: string; detail?: string; errors?: { message?: string }[] };
  const message = e.message || e.errors?.map((x) => x.message).join('; ') || e.code || String(e);
  return e.detail ? `${message} (${e.detail})` : message;
}
