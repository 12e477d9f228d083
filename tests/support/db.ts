/**
 * A real database per test (migrated), and factories for the people tests need: an in-memory SQLite, or on the
 * PostgreSQL pass (npm run test:unit:pg) a fresh copy of the run's migrated template, dropped when the file ends.
 */
import Database from 'better-sqlite3';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { closeDatabase, dialect, migrateDatabase, openDatabase, rawRows, rawRun, schema, sqliteConnection, type Db } from '../../src/lib/server/db.ts';
import type { Role } from '../../db/schema.ts';
import { afterFile, freshDatabase } from './postgres.ts';

export { postgresAdminUrl } from './postgres.ts';

/** True on the PostgreSQL pass. Tests of SQLite itself (its file, pragmas, better-sqlite3) skip there: `describe.skipIf(onPostgres)`. */
export const onPostgres = dialect === 'postgres';

export async function createTestDb(): Promise<Db> {
  if (!onPostgres) {
    const db = openDatabase(':memory:');
    await migrateDatabase(db);
    return db;
  }
  const database = await freshDatabase();
  const db = openDatabase(database.url);
  afterFile(async () => {
    await closeDatabase(db).catch(() => {}); // the test may have closed it itself
    await database.drop();
  });
  return db;
}

/**
 * A fresh test database that records each statement it runs, to count queries: through better-sqlite3's verbose on
 * SQLite, through the pool's queries on PostgreSQL (reads; a transaction's statements run on a client of its own).
 */
export async function createWatchedTestDb(): Promise<{ db: Db; executed: string[] }> {
  const executed: string[] = [];
  if (!onPostgres) {
    const db = drizzle(new Database(':memory:', { verbose: (statement) => executed.push(String(statement)) }), { schema }) as Db;
    await migrateDatabase(db);
    return { db, executed };
  }
  const db = await createTestDb();
  const pool = db.$client as pg.Pool;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const statement = args[0] as string | { text: string };
    executed.push(typeof statement === 'string' ? statement : statement.text);
    return query(...args);
  }) as typeof pool.query;
  return { db, executed };
}

/**
 * A database a test opens more than once (two processes, a restart): the SQLite file at `path`, or on PostgreSQL
 * a fresh database's URL (migrated; dropped when the file ends). Open it with openDatabase and migrateDatabase.
 */
export async function createTestDbTarget(path: string): Promise<string> {
  if (!onPostgres) return path;
  const database = await freshDatabase();
  afterFile(database.drop);
  return database.url;
}

/** The better-sqlite3 connection, for tests of SQLite itself (files, pragmas, backups), which do not run on PostgreSQL. */
export function sqliteClient(db: Db): Database.Database {
  const client = sqliteConnection(db);
  if (!client) throw new Error('This test is about SQLite and cannot run on PostgreSQL.');
  return client;
}

/** Whether `db` is still inside a transaction: on SQLite its one connection; on PostgreSQL a pooled connection not yet given back. */
export function holdsTransaction(db: Db): boolean {
  const client = db.$client;
  return client instanceof Database ? client.inTransaction : client.totalCount > client.idleCount;
}

/** The application's tables (not the migrations' bookkeeping), by name. */
export async function tableNames(db: Db): Promise<string[]> {
  const rows = onPostgres
    ? await rawRows<{ name: string }>(db, sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)
    : await rawRows<{ name: string }>(db, sql.raw("select name from sqlite_master where type = 'table' and name not like '\\_\\_%' escape '\\' and name not like 'sqlite%'"));
  return rows.map((r) => r.name);
}

/**
 * From now on, every insert into `table` for which `when` holds (an SQL condition on NEW, the same on both engines)
 * fails with "injected failure": a real failure inside the real database, never a mock.
 */
export async function injectInsertFailure(db: Db, table: string, when?: string) {
  const name = `injected_failure_${table}`;
  if (onPostgres) {
    await rawRun(db, sql.raw(`CREATE OR REPLACE FUNCTION injected_failure() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$`));
    await rawRun(db, sql.raw(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" FOR EACH ROW ${when ? `WHEN (${when})` : ''} EXECUTE FUNCTION injected_failure()`));
  } else {
    await rawRun(db, sql.raw(`CREATE TRIGGER "${name}" BEFORE INSERT ON "${table}" ${when ? `WHEN ${when}` : ''} BEGIN SELECT RAISE(ABORT, 'injected failure'); END`));
  }
}

/**
 * The error injectInsertFailure makes the database raise, as the driver hands it on (drizzle wraps PostgreSQL's: it
 * is the cause of a "Failed query" error): `await expect(command).rejects.toThrow(injectedFailure)`.
 */
export const injectedFailure = {
  asymmetricMatch(error: unknown): boolean {
    for (let e = error as { message?: unknown; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (String(e.message).includes('injected failure')) return true;
    return false;
  },
  toString: () => 'the injected failure',
};

export const testPassword = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;

type Kind = (typeof schema.organisationKinds)[number];

export async function createOrganisation(db: Db, kind: Kind, name = `${kind} ${crypto.randomUUID().slice(0, 8)}`) {
  const id = crypto.randomUUID();
  await db.insert(schema.organisation).values({ id, name, kind });
  return { id, name, kind };
}

/** A user with one membership; reuses one password hash so factories stay fast. */
export async function createUser(db: Db, role: Role, organisationId: string, email = `${role}.${crypto.randomUUID().slice(0, 8)}@example.org`) {
  cachedHash ??= hashPassword(testPassword);
  const id = crypto.randomUUID();
  await db.insert(schema.user).values({ id, email, name: `Test ${role}`, passwordHash: await cachedHash });
  await db.insert(schema.membership).values({ id: crypto.randomUUID(), userId: id, organisationId, role });
  return { id, email };
}

/** The programme as tests usually need it: a coordinator, a mentor, and two adopting organisations. */
export async function createProgramme(db: Db) {
  const programme = await createOrganisation(db, 'programme');
  const early = await createOrganisation(db, 'early-adopter');
  const adopter = await createOrganisation(db, 'next-adopter');
  const other = await createOrganisation(db, 'next-adopter');
  return {
    organisations: { programme, early, adopter, other },
    coordinator: await createUser(db, 'coordinator', programme.id),
    mentor: await createUser(db, 'mentor', early.id),
    editor: await createUser(db, 'editor', adopter.id),
    viewer: await createUser(db, 'viewer', adopter.id),
    otherEditor: await createUser(db, 'editor', other.id),
  };
}
