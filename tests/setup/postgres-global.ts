/**
 * Vitest global setup of the PostgreSQL pass (PORTAL_TEST_ENGINE=postgres; see vitest.config.ts). Once per run:
 * reuses a running cluster (PORTAL_TEST_POSTGRES_URL, the server of a postgres DATABASE_URL, or the one
 * `node tests/setup/postgres.mjs start` left) or starts a throwaway one; creates and migrates the run's template
 * database; and hands the workers, through their environment (set here, before any worker starts and so before any
 * of them loads src/lib/server/db.ts), a DATABASE_URL that selects PostgreSQL and what tests/support/postgres.ts
 * needs to copy the template. Names carry a run id, so runs sharing a cluster never touch each other's databases;
 * a run holds a connection named after its id while it lasts, so the next run drops what a killed one left.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { adminQuery, onPostgresUrl, withDatabase } from '../support/postgres.ts';
import { runningClusterUrl, startCluster, stopCluster } from './postgres.mjs';

export default async function setup() {
  const given = onPostgresUrl(process.env.DATABASE_URL) ? withDatabase(process.env.DATABASE_URL!, 'postgres') : undefined;
  const reused = given ?? (await runningClusterUrl());
  const cluster = reused ? undefined : await startCluster();
  const server = reused ?? cluster!.url;
  const run = randomBytes(3).toString('hex');
  const template = `portal_template_${run}`;
  const workersDefault = `t_${run}_default`;

  const alive = new pg.Client({ connectionString: server, application_name: `portal-test-run-${run}` });
  alive.on('error', () => {});
  await alive.connect();
  await dropRunDatabases(server, 'of gone runs');

  // A throwaway cluster simply goes; on a reused one, drop what this run made (the workers are gone: no need to wait).
  const teardown = async () => {
    if (!cluster) await dropRunDatabases(server, run);
    await alive.end();
    if (cluster) await stopCluster(cluster);
  };

  try {
    await adminQuery(server, `CREATE DATABASE "${template}"`);
    // This process loads db.ts only to migrate the template; the URL decides its dialect at load.
    process.env.DATABASE_URL = withDatabase(server, template);
    const { openDatabase, migrateDatabase, closeDatabase } = await import('../../src/lib/server/db.ts');
    const db = openDatabase(withDatabase(server, template));
    await migrateDatabase(db);
    await closeDatabase(db);
    await adminQuery(server, `CREATE DATABASE "${workersDefault}" TEMPLATE "${template}"`);
  } catch (error) {
    await teardown().catch(() => {});
    throw error;
  }

  Object.assign(process.env, {
    // What code calling getDb() in a worker reaches; tests make their own with createTestDb() and startServer().
    DATABASE_URL: withDatabase(server, workersDefault),
    PORTAL_TEST_PG_SERVER: server,
    PORTAL_TEST_PG_TEMPLATE: template,
    PORTAL_TEST_PG_RUN: run,
  });
  console.log(`PostgreSQL pass on ${server}${cluster ? ' (a throwaway cluster)' : ''}, template ${template}`);

  return teardown;
}

/** Drops the template and test databases of one run, or of every run that no longer holds its connection (ended or killed). */
async function dropRunDatabases(server: string, which: string) {
  const runOf = `substring(datname FROM '^(?:portal_template_|t_)([0-9a-f]{6})(?:_|$)')`;
  const [found] = await adminQuery(
    server,
    which === 'of gone runs'
      ? `SELECT datname FROM pg_database WHERE ${runOf} NOT IN
           (SELECT substring(application_name FROM '^portal-test-run-([0-9a-f]{6})$') FROM pg_stat_activity WHERE application_name ~ '^portal-test-run-[0-9a-f]{6}$')`
      : `SELECT datname FROM pg_database WHERE ${runOf} = '${which}'`,
  );
  const names = found.rows.map((r: { datname: string }) => r.datname);
  if (names.length) await adminQuery(server, ...names.map((name: string) => `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
