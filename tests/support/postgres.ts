/**
 * Databases for the PostgreSQL pass (PORTAL_TEST_ENGINE=postgres, see tests/setup/postgres-global.ts): each test
 * database and each test server gets a fresh copy of the run's migrated template database, dropped when the test
 * file ends. Imports no application code, so a setup file may use it before src/lib/server/db.ts is loaded.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Same rule as src/lib/server/db.ts: a postgres:// DATABASE_URL means PostgreSQL. */
export const onPostgresUrl = (url: string | undefined) => /^postgres(ql)?:\/\//.test(url ?? '');

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.href;
}

/** Runs statements on the cluster's maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery(serverUrl: string, ...statements: string[]) {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => {});
  await client.connect();
  try {
    const results = [];
    for (const statement of statements) results.push(await client.query(statement));
    return results;
  } finally {
    await client.end();
  }
}

/**
 * The cluster's maintenance URL, the template and the run's prefix for database names: set by the global setup;
 * without it (a script run by hand with DATABASE_URL), the server of DATABASE_URL and no template.
 */
function testCluster() {
  const server = process.env.PORTAL_TEST_PG_SERVER ?? (onPostgresUrl(process.env.DATABASE_URL) ? withDatabase(process.env.DATABASE_URL!, 'postgres') : undefined);
  if (!server) throw new Error('No PostgreSQL server for tests: run them with PORTAL_TEST_ENGINE=postgres (npm run test:unit:pg).');
  return { server, template: process.env.PORTAL_TEST_PG_TEMPLATE, prefix: `t_${process.env.PORTAL_TEST_PG_RUN ?? 'x'}_` };
}

/** The maintenance URL (database `postgres`) of the tests' PostgreSQL server, where a test may create databases. */
export function postgresAdminUrl(): string {
  return testCluster().server;
}

const cleanups: (() => Promise<void>)[] = [];

/** Work to do when the current test file ends (tests/setup/postgres-worker.ts runs it in afterAll). */
export function afterFile(work: () => Promise<void>) {
  cleanups.push(work);
}

export async function runAfterFile() {
  for (const work of cleanups.splice(0).reverse()) await work();
}

/**
 * Drops a database. A pool's end() resolves before its connections are gone; a plain DROP waits a few seconds for
 * such leaving connections (forcing them out would hand the closed pool an error). FORCE only for those that stay.
 */
async function dropDatabase(server: string, name: string) {
  try {
    await adminQuery(server, `DROP DATABASE IF EXISTS "${name}"`);
  } catch (error) {
    if ((error as { code?: string }).code !== '55006') throw error; // object_in_use
    await adminQuery(server, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

export type FreshDatabase = { name: string; url: string; drop: () => Promise<void> };

/**
 * A new database: a copy of the migrated template, or an empty one (`empty`, or where there is no template: the
 * server migrates it at start, and seeds demo data only into a database without migrations, as into a new file).
 * `drop()` removes it, closing whatever connections are still open to it.
 */
export async function freshDatabase({ empty = false } = {}): Promise<FreshDatabase> {
  const { server, template, prefix } = testCluster();
  const name = prefix + randomBytes(5).toString('hex');
  await adminQuery(server, `CREATE DATABASE "${name}"${template && !empty ? ` TEMPLATE "${template}"` : ''}`);
  return { name, url: withDatabase(server, name), drop: () => dropDatabase(server, name) };
}
