/**
 * The one way to reach the database. Every query goes through the drizzle instance returned here and is
 * awaited, so that the embedded SQLite file can later be replaced by a libSQL server (same schema, async driver).
 */
import Database from 'better-sqlite3';
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

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Runs `work` in one write transaction that begins IMMEDIATE, so concurrent writers queue instead of failing.
 * better-sqlite3 transactions are synchronous: inside, use `.run()`, `.get()` and `.all()`, never `await`.
 */
export function writeTransaction<T>(db: Db, work: (tx: Tx) => T): T {
  return db.transaction(work, { behavior: 'immediate' });
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
