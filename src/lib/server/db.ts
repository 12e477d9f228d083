/**
 * The one way to reach the database: the embedded SQLite file (the default) or a PostgreSQL server when
 * DATABASE_URL is a postgres:// URL (docs/decisions/0023-postgresql.md). Which one is decided once per process, at
 * load; application code is written once, against the SQLite types, and every query is awaited. What differs
 * between the engines (opening, migrating, transactions, raw SQL, functions) is here and in sql-dialect.ts only.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle as drizzleSqlite, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { SQL } from 'drizzle-orm';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as sqliteSchema from '../../../db/schema.ts';
import * as pgSchema from '../../../db/schema-pg.ts';

export type Dialect = 'sqlite' | 'postgres';

export const isPostgresUrl = (value: string | undefined): value is string => /^postgres(ql)?:\/\//i.test(value ?? '');

/** The engine of this process: PostgreSQL when DATABASE_URL names one, else SQLite. Never both in one process. */
export const dialect: Dialect = isPostgresUrl(process.env.DATABASE_URL) ? 'postgres' : 'sqlite';

/**
 * The tables of this process's engine. Typed as the SQLite tables so that application code has one type; the two
 * descriptions are proven equal by tests/unit/schema-dialects.test.ts, so the PostgreSQL tables answer the same.
 */
export const schema = (dialect === 'postgres' ? pgSchema : sqliteSchema) as unknown as typeof sqliteSchema;

type Client = Database.Database | pg.Pool;
export type Db = BetterSQLite3Database<typeof sqliteSchema> & { $client: Client };

/** What a transaction body queries through: the same API as `db`. */
export type Tx = BetterSQLite3Database<typeof sqliteSchema>;

/** Where the SQLite database lives: DATABASE_PATH, or data/portal.db under the working directory. */
export function databasePath(): string {
  return resolve(process.env.DATABASE_PATH ?? 'data/portal.db');
}

/** The database this process uses: the PostgreSQL URL, or the SQLite file's path. */
export function databaseTarget(): string {
  return dialect === 'postgres' ? process.env.DATABASE_URL! : databasePath();
}

/** A URL with its password replaced, for logs and messages. */
export function describeTarget(target: string): string {
  if (!isPostgresUrl(target)) return target;
  try {
    const url = new URL(target);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://…';
  }
}

/** Connections per process on PostgreSQL (PORTAL_DB_POOL, default 10): a write holds one, so reads keep the rest. */
const poolSize = () => Math.max(2, Number(process.env.PORTAL_DB_POOL) || 10);

let pgTypesSet = false;
/**
 * node-postgres returns bigint and numeric as strings (they may exceed a double). Our counts, sums, identities and
 * millisecond times do not, and the code compares them as numbers, as SQLite returns them.
 */
function numbersAsNumbers() {
  if (pgTypesSet) return;
  pgTypesSet = true;
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
}

export function openDatabase(target = databaseTarget()): Db {
  if (isPostgresUrl(target)) {
    if (dialect !== 'postgres') throw new Error('A PostgreSQL database can only be opened in a process started with DATABASE_URL=postgres://…: the tables are chosen at load.');
    numbersAsNumbers();
    const pool = new pg.Pool({ connectionString: target, max: poolSize(), application_name: 'portal' });
    // An idle connection that fails (server restart) must not crash the process; the next query reconnects.
    pool.on('error', (error) => console.error(`database connection lost: ${error.message}`));
    return drizzlePg(pool, { schema: pgSchema }) as unknown as Db;
  }
  if (dialect !== 'sqlite') throw new Error(`This process runs on PostgreSQL (DATABASE_URL); it cannot open the SQLite file ${target}.`);
  if (target !== ':memory:') mkdirSync(dirname(target), { recursive: true });
  const client = new Database(target);
  // WAL lets readers work while one writer writes; NORMAL is safe with WAL; wait rather than fail when busy.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  return drizzleSqlite(client, { schema: sqliteSchema }) as Db;
}

/** The advisory lock migrations take on PostgreSQL (any fixed number other than WRITE_LOCK's). */
const MIGRATION_LOCK = '7370576270';

const projectRoot = () => process.env.PORTAL_ROOT ?? process.cwd();

/** Brings the database up to date with the migrations of its engine (db/migrations, db/migrations-pg). */
export async function migrateDatabase(db: Db): Promise<void> {
  if (dialect === 'postgres') {
    // Several processes may start together on one database: one migrates while the others wait on this lock (held
    // by a connection of its own), then find nothing left to apply.
    const lock = await (db.$client as pg.Pool).connect();
    try {
      await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      await migratePg(db as unknown as NodePgDatabase<typeof pgSchema>, { migrationsFolder: resolve(projectRoot(), 'db/migrations-pg') });
    } finally {
      await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
      lock.release();
    }
  } else {
    migrateSqlite(db, { migrationsFolder: resolve(projectRoot(), 'db/migrations') });
  }
}

/** The better-sqlite3 connection under `db`, for the SQLite file's own tools (backup marks, pragmas); undefined on PostgreSQL. */
export function sqliteConnection(db: Db): Database.Database | undefined {
  return db.$client instanceof Database ? db.$client : undefined;
}

export async function closeDatabase(db: Db): Promise<void> {
  const client = db.$client;
  if (client instanceof Database) client.close();
  else await client.end();
}

let shared: Db | undefined;
let sharedReady: Promise<void> | undefined;

/**
 * The process-wide connection (pool), opened on first use (also under `astro dev`). On SQLite it is migrated here,
 * synchronously; on PostgreSQL migration is asynchronous, so the server migrates at start (src/server/serve.ts)
 * and `databaseReady()` lets a request wait for it under `astro dev`.
 */
export function getDb(): Db {
  if (!shared) {
    shared = openDatabase();
    sharedReady = migrateDatabase(shared);
  }
  return shared;
}

export function databaseReady(): Promise<void> {
  getDb();
  return sharedReady!;
}

type TransactionState = { queue: Promise<void>; statements?: { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement } };
/**
 * Per connection, its queue; and the connection whose transaction the current async call chain is inside (to refuse
 * a nested one). Kept once per process, not per module: the server and the bundle each load this module and share
 * the one connection (see docs/decisions/0002-direct-save-path.md), so they must share its queue too.
 */
const { transactionStates, openTransaction } = ((globalThis as Record<symbol, unknown>)[Symbol.for('portal.write-transactions')] ??= {
  transactionStates: new WeakMap<object, TransactionState>(),
  openTransaction: new AsyncLocalStorage<object>(),
}) as { transactionStates: WeakMap<object, TransactionState>; openTransaction: AsyncLocalStorage<object> };

/**
 * The key of the PostgreSQL advisory lock every write transaction takes first: writers across all processes take
 * turns, as SQLite's one writer does, so a command's read-check-write (versions, counts, "is there one already")
 * holds exactly as on SQLite. Any fixed number would do; this one spells "portal".
 */
const WRITE_LOCK = 0x706f7274616cn;

/**
 * Runs `work` in one write transaction, commits when it resolves and rolls back when it throws; returns what it
 * returned. The body awaits every query and queries only through `tx` (on PostgreSQL `db` is another pooled
 * connection: it would not see the body's rows, and waiting for it could exhaust the pool).
 *
 * On SQLite, transactions wait for each other in a promise queue; the BEGIN IMMEDIATE/COMMIT is ours
 * (better-sqlite3's `transaction` is synchronous and refuses an async body) and `tx` is the one connection; there, a
 * bare write made while another body is between two statements would join that transaction, so every write goes
 * through here, even a lone one. On PostgreSQL a transaction runs on one pooled connection and first takes the write
 * lock (WRITE_LOCK), so that the processes sharing the database take turns too; at most two per process hold a
 * connection meanwhile (pgTransactionInTurn), so the others' requests keep the rest of the pool. A body awaits nothing but the database
 * (no password hashing, no e-mail, no fetch): while it waits, so does every other write. A `writeTransaction`
 * inside another one throws (it would wait for itself forever): pass the outer `tx` down instead.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = db.$client;
  if (openTransaction.getStore() === client) throw new Error('writeTransaction was called inside another write transaction on the same connection: pass the outer tx down instead.');
  if (!(client instanceof Database)) return pgTransactionInTurn(client, work);
  let state = transactionStates.get(client);
  if (!state) transactionStates.set(client, (state = { queue: Promise.resolve() }));
  const turn = state.queue;
  let release!: () => void;
  state.queue = new Promise<void>((resolve) => (release = resolve));
  await turn;
  try {
    const statements = (state.statements ??= { begin: client.prepare('BEGIN IMMEDIATE'), commit: client.prepare('COMMIT'), rollback: client.prepare('ROLLBACK') });
    statements.begin.run();
    try {
      const result = await openTransaction.run(client, () => work(db));
      statements.commit.run();
      return result;
    } catch (error) {
      // SQLite may already have rolled back (a failed COMMIT, some errors); never leave the connection inside one.
      if (client.inTransaction) statements.rollback.run();
      throw error;
    }
  } finally {
    release();
  }
}

/**
 * Write transactions of this process that may hold a connection at once on PostgreSQL: two, so that while one holds
 * the write lock the next has begun and waits for it on the server, and takes it the moment it is free (with one,
 * every hand-over would cost the next transaction's BEGIN round trip and a turn of the event loop). Not more: those
 * waiting hold pooled connections that reads need.
 */
const pgWritersPerProcess = 2;
// Once per process, like the SQLite queue above: the server's direct save path and the bundle share the pool.
const pgWriters = ((globalThis as Record<symbol, unknown>)[Symbol.for('portal.pg-writers')] ??= new WeakMap()) as WeakMap<pg.Pool, { active: number; waiting: (() => void)[] }>;

async function pgTransactionInTurn<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  let turns = pgWriters.get(pool);
  if (!turns) pgWriters.set(pool, (turns = { active: 0, waiting: [] }));
  if (turns.active >= pgWritersPerProcess) await new Promise<void>((resolve) => turns.waiting.push(resolve));
  else turns.active++;
  try {
    return await pgTransaction(pool, work);
  } finally {
    // The turn passes straight to the next waiter (active stays the same), or is given back.
    const next = turns.waiting.shift();
    if (next) next();
    else turns.active--;
  }
}

/** One drizzle instance per pooled connection, made once: a transaction's queries run on that one connection. */
const drizzleOfConnection = new WeakMap<pg.PoolClient, Tx>();

/**
 * A write transaction on one pooled connection. BEGIN and the write lock go in one round trip (a simple-protocol
 * query may hold several statements), which a save, at about a dozen round trips, notices; drizzle's own
 * `transaction` would send them apart.
 */
async function pgTransaction<T>(pool: pg.Pool, work: (tx: Tx) => Promise<T>): Promise<T> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  try {
    await connection.query(`begin; select pg_advisory_xact_lock(${WRITE_LOCK})`).catch((error: Error) => {
      throw (broken = error);
    });
    let tx = drizzleOfConnection.get(connection);
    if (!tx) drizzleOfConnection.set(connection, (tx = drizzlePg(connection, { schema: pgSchema }) as unknown as Tx));
    try {
      const result = await openTransaction.run(pool, () => work(tx));
      await connection.query('commit');
      return result;
    } catch (error) {
      await connection.query('rollback').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    }
  } finally {
    // A connection whose rollback failed is in an unknown state: it is closed, not reused.
    connection.release(broken);
  }
}

/** The first row a query returns, or undefined (drizzle's SQLite `.get()`, which PostgreSQL's builders lack). */
export async function first<T>(query: PromiseLike<T[]>): Promise<T | undefined> {
  return (await query)[0];
}

/** How many rows an awaited insert, update or delete changed, on either engine. */
export function affectedRows(result: unknown): number {
  const r = result as { changes?: number; rowCount?: number | null };
  return Number(r.changes ?? r.rowCount ?? 0);
}

/**
 * The rows of a raw SQL query. Columns come back under the names the query gives them; on PostgreSQL an unquoted
 * alias is folded to lower case, so alias camelCase names in double quotes (`as "actionId"`).
 */
export async function rawRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  if (dialect === 'postgres') return ((await (db as unknown as NodePgDatabase).execute(query)).rows as T[]);
  return (db as Db).all(query) as T[];
}

/** Runs a raw SQL statement; returns the number of rows it changed. */
export async function rawRun(db: Db | Tx, query: SQL): Promise<number> {
  if (dialect === 'postgres') return affectedRows(await (db as unknown as NodePgDatabase).execute(query));
  return affectedRows((db as Db).run(query));
}

type Params = Record<string, unknown>;
type Row<Q> = Awaited<Q> extends readonly (infer R)[] ? R : never;
/** A query prepared once per connection, run with named placeholders (`sql.placeholder('name')`). */
export type Statement<R> = {
  all(params?: Params): Promise<R[]>;
  get(params?: Params): Promise<R | undefined>;
  /** The rows as arrays in the select's order, for the largest reads (no object per row on SQLite). */
  values(params?: Params): Promise<unknown[][]>;
  run(params?: Params): Promise<void>;
};

const preparedByDb = new WeakMap<object, Map<string, unknown>>();

/**
 * A statement prepared once per connection and reused: the queries every request runs (session, memberships)
 * would otherwise be rebuilt and re-prepared each time, which costs more than running them. `build` returns the
 * query builder, not yet prepared; the name is also PostgreSQL's statement name, so it is unique per query.
 */
export function prepared<Q extends PromiseLike<unknown>>(db: Db, name: string, build: (db: Db) => Q): Statement<Row<Q>> {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  let statement = cache.get(name) as Statement<Row<Q>> | undefined;
  if (!statement) {
    const builder = build(db) as unknown as { prepare(name?: string): PreparedQuery };
    statement = dialect === 'postgres' ? pgStatement(builder.prepare(name)) : sqliteStatement(builder.prepare());
    cache.set(name, statement);
  }
  return statement;
}

type PreparedQuery = { all(p?: Params): unknown; get(p?: Params): unknown; values(p?: Params): unknown; run(p?: Params): unknown; execute(p?: Params): unknown };

function sqliteStatement<R>(query: PreparedQuery): Statement<R> {
  return {
    all: async (params) => query.all(params) as R[],
    get: async (params) => query.get(params) as R | undefined,
    values: async (params) => query.values(params) as unknown[][],
    run: async (params) => void query.run(params),
  };
}

function pgStatement<R>(query: PreparedQuery): Statement<R> {
  const rows = async (params?: Params) => {
    const result = await query.execute(params);
    return (Array.isArray(result) ? result : ((result as { rows?: R[] }).rows ?? [])) as R[];
  };
  return {
    all: rows,
    get: async (params) => (await rows(params))[0],
    // drizzle keeps a select's fields in their written order, so each row's values are the columns in order.
    values: async (params) => (await rows(params)).map((row) => Object.values(row as object)),
    run: async (params) => void (await query.execute(params)),
  };
}

export type HeldLock = { release(): Promise<void> };

const lockGranted: HeldLock = { release: async () => {} };

/**
 * A lock held by one process at a time among those sharing the database, for work that must never run twice at once
 * (the publication build, which swaps files in a shared folder): `key` is any fixed number, one per kind of work;
 * undefined while another process holds it. On PostgreSQL a session advisory lock on a pooled connection the holder
 * keeps until it lets go, so the server frees it by itself when the process or its connection dies and a crash
 * never leaves it behind. On SQLite there is one process: always granted.
 */
export async function tryProcessLock(db: Db, key: bigint): Promise<HeldLock | undefined> {
  if (dialect !== 'postgres') return lockGranted;
  const client = await (db.$client as pg.Pool).connect();
  // A connection lost while held (a server restart) must not end the process: the lock went with it.
  const lost = (error: Error) => console.error(`a process lock's connection was lost: ${error.message}`);
  client.on('error', lost);
  const letGo = (error?: Error) => {
    client.off('error', lost);
    client.release(error);
  };
  let held = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [key.toString()]);
    held = rows[0]?.locked === true;
  } finally {
    if (!held) letGo();
  }
  if (!held) return undefined;
  return {
    async release() {
      try {
        await client.query('select pg_advisory_unlock($1::bigint)', [key.toString()]);
        letGo();
      } catch (error) {
        // Closing the connection frees its locks as well.
        letGo(error as Error);
      }
    },
  };
}
