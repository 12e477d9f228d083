/**
 * The database of a test server (tests/support/server.ts), reached as the server reaches it: its SQLite file, or on
 * the PostgreSQL pass its own PostgreSQL database. Queries go through drizzle or rawRows/rawRun with sql``, written
 * once for both engines ("user" quoted, subqueries in FROM aliased, camelCase aliases in double quotes).
 */
import { sql, type SQL } from 'drizzle-orm';
import { closeDatabase, openDatabase, rawRows, type Db } from '../../src/lib/server/db.ts';

type HasDatabase = { database: string };

/** Opens a connection to the server's database; the caller closes it with closeDatabase. */
export function serverDb(server: HasDatabase): Db {
  return openDatabase(server.database);
}

/** Runs `work` on a connection to the server's database, closed afterwards whatever happens. */
export async function withServerDb<T>(server: HasDatabase, work: (db: Db) => Promise<T>): Promise<T> {
  const db = serverDb(server);
  try {
    return await work(db);
  } finally {
    await closeDatabase(db);
  }
}

/** The first row of a raw query on the server's database (undefined when none). */
export async function serverRow<T>(server: HasDatabase, query: SQL): Promise<T | undefined> {
  return withServerDb(server, async (db) => (await rawRows<T>(db, query))[0]);
}

/** The demo transfer of the viewer's and editor's organisation (Northland), mentored by "mentor". */
export async function demoTransferId(server: HasDatabase): Promise<string> {
  const row = await serverRow<{ id: string }>(server, sql`select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Northland Health Region'`);
  if (!row) throw new Error('The demo transfer of Northland is not in the server database.');
  return row.id;
}
