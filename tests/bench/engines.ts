/**
 * SQLite against PostgreSQL through the real server, in one run (issue 16): saves per second and the workspace
 * home's requests per second and p99, at 25 connections, for SQLite with one process, PostgreSQL with one process
 * and PostgreSQL with two processes (the load alternates between them, as a proxy would). The home is measured with
 * the page cache on (as served: its key still reads the revisions from the database) and off (every request
 * renders). Each configuration runs in a child process of its own, because the engine is chosen when the data
 * layer loads (src/lib/server/db.ts).
 *
 *   npm run build && npm run bench:engines [-- --duration 10 --connections 25]
 *
 * Needs a PostgreSQL: PORTAL_TEST_POSTGRES_URL (a maintenance URL of a server we may create databases on), else a
 * throwaway cluster is started (tests/setup/postgres.mjs).
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { eq } from 'drizzle-orm';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { closeDatabase, first, openDatabase, schema } from '../../src/lib/server/db.ts';
import { openTransfer, transfersOf } from '../../src/lib/server/transfers/commands.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const duration = arg('duration', 10);
const connections = arg('connections', 25);
const saveTransfers = 80;

type Figures = { rps: number; p50: number; p99: number; errors: number };
type Measured = { saves: Figures; home: Figures; homeUncached: Figures };
const configurations = [
  { name: 'SQLite, 1 process', engine: 'sqlite', processes: 1 },
  { name: 'PostgreSQL, 1 process', engine: 'postgres', processes: 1 },
  { name: 'PostgreSQL, 2 processes', engine: 'postgres', processes: 2 },
] as const;

const child = process.argv.indexOf('--child');
if (child >= 0) {
  const config = configurations[Number(process.argv[child + 1])];
  console.log(`RESULT ${JSON.stringify(await measure(config.processes, process.env.DATABASE_URL))}`);
  process.exit(0);
} else {
  requireBuild();
  const adminUrl = await postgresAdmin();
  const results: Measured[] = [];
  for (const [i, config] of configurations.entries()) {
    const env: Record<string, string> = { ...(process.env as Record<string, string>) };
    delete env.DATABASE_URL;
    if (config.engine === 'postgres') env.DATABASE_URL = await freshDatabase(adminUrl, `bench_engines_${i}`);
    const run = spawnSync(process.execPath, [process.argv[1], '--child', String(i), '--duration', String(duration), '--connections', String(connections)], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (!line) throw new Error(`${config.name}: no result\n${run.stdout}`);
    results.push(JSON.parse(line.slice(7)) as Measured);
  }
  const cell = (f: Figures) => `${f.rps.toFixed(0).padStart(6)} req/s  p50 ${String(f.p50).padStart(4)} ms  p99 ${String(f.p99).padStart(4)} ms  err ${f.errors}`;
  console.log(`\nEngines, ${connections} connections, ${duration} s per measurement, one machine (${(await import('node:os')).cpus().length} cores shared by client and servers)`);
  for (const [i, config] of configurations.entries()) {
    const r = results[i];
    console.log(`${config.name}`);
    console.log(`  saves (SWOT item, real form post)   ${cell(r.saves)}`);
    console.log(`  workspace home, page cache on       ${cell(r.home)}`);
    console.log(`  workspace home, page cache off      ${cell(r.homeUncached)}`);
  }
  const base = results[0];
  console.log('\nCost per request relative to SQLite, 1 process (its req/s divided by theirs; goal for PostgreSQL, 1 process: ≤ 2.0)');
  for (const [i, config] of configurations.entries()) {
    if (i === 0) continue;
    const r = results[i];
    const ratio = (b: Figures, x: Figures) => (b.rps / x.rps).toFixed(2);
    console.log(`  ${config.name.padEnd(26)} saves ×${ratio(base.saves, r.saves)}   home cached ×${ratio(base.home, r.home)}   home uncached ×${ratio(base.homeUncached, r.homeUncached)}`);
  }
}

/** Runs in the child: starts the servers on this process's engine, seeds, measures. */
async function measure(processes: number, databaseUrl: string | undefined): Promise<Measured> {
  // One database for every step; on SQLite a file of ours (a server deletes its own folder when it stops).
  const dir = mkdtempSync(join(tmpdir(), 'bench-engines-'));
  const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : { DATABASE_PATH: join(dir, 'portal.db') };
  // A second process on one SQLite file would be a second writer: the configuration with two is PostgreSQL's.
  const start = async (extra: Record<string, string>) => {
    const first = await startServer({ ...env, ...extra });
    return [first, ...(await Promise.all(Array.from({ length: processes - 1 }, () => startServer({ ...env, ...extra }))))];
  };
  let servers = await start({ PORTAL_PAGE_CACHE: 'off' });
  try {
    const targets = await seedTransfers(databaseUrl ?? env.DATABASE_PATH);
    const home = () => ({ method: 'GET' as const, path: '/workspace/' });
    const homeUncached = await load(servers, await servers[0].signIn('editor@demo.example'), home);
    await Promise.all(servers.map((s) => s.stop()));
    servers = await start({});
    const cookie = await servers[0].signIn('editor@demo.example');
    const homeCached = await load(servers, cookie, home);
    const saves = await load(servers, cookie, (n) => {
      const transferId = targets[n % targets.length];
      const body = new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: ['strengths', 'weaknesses', 'opportunities', 'threats'][n % 4], version: '0', 'f.statement': 'Benchmark item', 'f.impact': '3' }).toString();
      return { method: 'POST', path: `/workspace/transfers/${transferId}/swot/`, body, form: true };
    });
    return { saves, home: homeCached, homeUncached };
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

type Req = { method: 'GET' | 'POST'; path: string; body?: string; form?: boolean };
/** One autocannon run per server, started together, connections split between them; figures merged. */
async function load(servers: { url: string }[], cookie: string, next: (n: number) => Req): Promise<Figures> {
  let n = 0;
  let failed = 0;
  const runs = await Promise.all(
    servers.map(
      (server, i) =>
        autocannon({
          url: server.url,
          connections: Math.round(connections / servers.length) + (i < connections % servers.length ? 1 : 0),
          duration,
          headers: { Cookie: cookie },
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const r = next(n++);
                return { ...req, method: r.method, path: r.path, body: r.body, headers: { ...req.headers, ...(r.form ? { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' } : {}) } };
              },
              onResponse: (status: number) => {
                if (status !== 200 && status !== 303) failed++;
              },
            },
          ],
        }) as unknown as Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number }>,
    ),
  );
  return {
    rps: runs.reduce((sum, r) => sum + r.requests.average, 0),
    // The slower server's percentiles: a reader is served by either.
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    errors: failed + runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
  };
}

/** Transfers for the saves to spread over (each section holds 200 records), opened through the command. */
async function seedTransfers(target: string): Promise<string[]> {
  const db = openDatabase(target);
  try {
    const user = async (email: string) => (await first(db.select().from(schema.user).where(eq(schema.user.email, email)).limit(1)))!;
    const northland = (await first(db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).limit(1)))!;
    const coordinator = await loadActor(db, (await user('coordinator@demo.example')).id);
    const mentor = await user('mentor@demo.example');
    const practice = { id: 'shared-care-platform', title: 'The Shared Care Platform', featureIds: ['one-screen-overview', 'shared-care-plan'] };
    const ids: string[] = [];
    for (let i = 0; i < saveTransfers; i++) {
      const opened = await openTransfer(db, coordinator, { organisationId: northland.id, practiceId: practice.id, mentorIds: [mentor.id], confirmDuplicates: (await transfersOf(db, northland.id, practice.id)).map((t) => t.id) }, [practice], { ip: 'bench' });
      if (!opened.ok) throw new Error('could not open a transfer');
      ids.push(opened.transferId);
    }
    return ids;
  } finally {
    await closeDatabase(db);
  }
}

async function postgresAdmin(): Promise<string> {
  if (process.env.PORTAL_TEST_POSTGRES_URL) return process.env.PORTAL_TEST_POSTGRES_URL;
  const started = spawnSync(process.execPath, ['tests/setup/postgres.mjs', 'start'], { encoding: 'utf8' });
  const url = started.stdout.trim().split('\n').pop() ?? '';
  if (!url.startsWith('postgres')) throw new Error(`no PostgreSQL to measure on: ${started.stderr || started.stdout}`);
  return url;
}

async function freshDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
