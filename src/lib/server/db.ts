/**
 * The one way to reach the database. Every query goes through the drizzle instance returned here and is
 * awaited, so that the embedded SQLite file can later be replaced by a libSQL server (same schema, async driver).
 */
import Database from 'better-sqlite3';
import { AsyncLocalStorage } from 'node:async_hooks';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as schema from '../../../db/schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Where the database lives: DATABASE_PATH, or data/portal.db under the working directory. */
export function databasePath(): string {
  return resolve(process.env.DATABASE_PATH ?? 'data/portal.db');
}

export function openDatabase(path = databasePath()): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const client = new Database(path);
  // WAL lets readers work while one writer writes; NORMAL is safe with WAL; wait rather than fail when busy.
  client.pragma('journal_mode = WAL');
  client.pragma('synchronous = NORMAL');
  client.pragma('foreign_keys = ON');
  client.pragma('busy_timeout = 5000');
  return drizzle(client, { schema }) as Db;
}

export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: resolve(process.env.PORTAL_ROOT ?? process.cwd(), 'db/migrations') });
}

let shared: Db | undefined;

/** The process-wide connection, opened and brought up to date on first use (also under `astro dev`). */
export function getDb(): Db {
  if (!shared) {
    shared = openDatabase();
    migrateDatabase(shared);
  }
  return shared;
}

/**
 * What a transaction body queries through: the same API as `db`. On better-sqlite3 it *is* the connection's drizzle
 * instance (BEGIN and COMMIT are ours); with an asynchronous driver it would be drizzle's transaction object.
 */
export type Tx = BetterSQLite3Database<typeof schema>;

type TransactionState = { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement; queue: Promise<void> };
/**
 * Per connection, its queue; and the connection whose transaction the current async call chain is inside (to refuse
 * a nested one). Kept once per process, not per module: the server and the bundle each load this module and share
 * the one connection (see docs/decisions/0002-direct-save-path.md), so they must share its queue too.
 */
const { transactionStates, openTransaction } = ((globalThis as Record<symbol, unknown>)[Symbol.for('portal.write-transactions')] ??= {
  transactionStates: new WeakMap<Database.Database, TransactionState>(),
  openTransaction: new AsyncLocalStorage<Database.Database>(),
}) as { transactionStates: WeakMap<Database.Database, TransactionState>; openTransaction: AsyncLocalStorage<Database.Database> };

/**
 * Runs `work` in one write transaction that begins IMMEDIATE (concurrent writers queue instead of failing), commits
 * when it resolves and rolls back when it throws; returns what it returned. Write the body as for an asynchronous
 * driver (libSQL, PostgreSQL): `await` every query and write only through `tx`.
 *
 * The BEGIN/COMMIT is ours, not drizzle's `db.transaction` (better-sqlite3's is synchronous and refuses an async
 * body). There is one connection and the body awaits between its statements, so another request could start a
 * transaction on that same connection in between: transactions on a connection therefore wait for each other in a
 * promise queue. While a body waits, so does every other transaction: a body awaits nothing but the database (no
 * password hashing, no e-mail, no fetch); do those before or after. A `writeTransaction` inside another one throws (it would
 * wait for itself forever): pass the outer `tx` down instead. Every write goes through here, even a lone one (an
 * audit event, an outbox mail, a session refresh): on the one connection, a bare write made while another
 * request's body is between two statements would land, and roll back, inside that transaction. A read made then
 * sees that body's uncommitted rows; a body that awaits only better-sqlite3 finishes within a few microtasks, so
 * the window is that short.
 */
export async function writeTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = db.$client;
  if (openTransaction.getStore() === client) throw new Error('writeTransaction was called inside another write transaction on the same connection: pass the outer tx down instead.');
  let state = transactionStates.get(client);
  if (!state) {
    state = { begin: client.prepare('BEGIN IMMEDIATE'), commit: client.prepare('COMMIT'), rollback: client.prepare('ROLLBACK'), queue: Promise.resolve() };
    transactionStates.set(client, state);
  }
  const turn = state.queue;
  let release!: () => void;
  state.queue = new Promise<void>((resolve) => (release = resolve));
  await turn;
  try {
    state.begin.run();
    try {
      const result = await openTransaction.run(client, () => work(db));
      state.commit.run();
      return result;
    } catch (error) {
      // SQLite may already have rolled back (a failed COMMIT, some errors); never leave the connection inside one.
      if (client.inTransaction) state.rollback.run();
      throw error;
    }
  } finally {
    release();
  }
}

export { schema };

const preparedByDb = new WeakMap<Db, Map<string, unknown>>();

/**
 * A statement prepared once per connection and reused: the queries every request runs (session, memberships)
 * would otherwise be rebuilt and re-prepared each time, which costs more than running them.
 */
export function prepared<T>(db: Db, name: string, build: (db: Db) => T): T {
  let cache = preparedByDb.get(db);
  if (!cache) preparedByDb.set(db, (cache = new Map()));
  if (!cache.has(name)) cache.set(name, build(db));
  return cache.get(name) as T;
}
