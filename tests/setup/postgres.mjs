// A throwaway PostgreSQL cluster for the tests, on loopback only. Plain Node (20 or 24), no build step, so that
// `.ci/run` and people can call it directly:
//
//   node tests/setup/postgres.mjs start   starts one (or reuses PORTAL_TEST_POSTGRES_URL) and prints its URL
//   node tests/setup/postgres.mjs stop    stops the one `start` started and deletes its files
//   node tests/setup/postgres.mjs url     prints the URL of the running one
//   node tests/setup/postgres.mjs test    runs `npm run test:unit:pg` where PostgreSQL is at hand, else says why not
//
// PORTAL_PG_PORT chooses the port (default: a free one). The URL is written to tests/.work/postgres-url, which
// `npm run test:unit:pg` reuses while it answers. The vitest side is tests/setup/postgres-global.ts.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const urlFile = join(root, 'tests/.work/postgres-url');
const stateFile = join(root, 'tests/.work/postgres.json');

/** The directory holding initdb and pg_ctl: PATH first, then where Debian and source builds put them; or undefined. */
export function findPostgresBin() {
  const versioned = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`)
    : [];
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/local/bin', ...versioned];
  return dirs.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

/** Whether a PostgreSQL server answers a query at `url` (within a few seconds). */
export async function answers(url) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** The URL of a cluster someone already runs: PORTAL_TEST_POSTGRES_URL, or the one `start` left running; or undefined. */
export async function runningClusterUrl() {
  const candidates = [process.env.PORTAL_TEST_POSTGRES_URL, existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() : undefined];
  for (const url of candidates.filter(Boolean)) if (await answers(url)) return url;
  return undefined;
}

async function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer().once('error', fail).listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, run its programs as the `postgres` user (or `nobody`). */
function clusterUser() {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    const id = spawnSync('id', ['-u', name], { encoding: 'utf8' });
    const gid = spawnSync('id', ['-g', name], { encoding: 'utf8' });
    if (id.status === 0 && gid.status === 0) return { name, uid: Number(id.stdout), gid: Number(gid.stdout) };
  }
  throw new Error('Running as root, but there is neither a postgres nor a nobody user to run PostgreSQL as.');
}

/** Runs a PostgreSQL program to its end; `detached`: in a session of its own, which a Ctrl-C in ours does not stop. */
function run(bin, program, args, { user, cwd, detached = false }) {
  const [command, argv] = user ? ['runuser', ['-u', user.name, '--', join(bin, program), ...args]] : [join(bin, program), args];
  return new Promise((ok, fail) => {
    const child = spawn(command, argv, { cwd, detached, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok(output) : fail(new Error(`${program} ${args.join(' ')} failed (${code}):\n${output}`))));
  });
}

/** Deletes the directories of clusters that are no longer running (a test run that was killed leaves its own). */
function removeStoppedClusters() {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith('portal-pg-'))) {
    const base = join(tmpdir(), name);
    const old = Date.now() - statSync(base).mtimeMs > 10 * 60_000; // not one that another run is setting up now
    if (old && existsSync(join(base, 'data', 'PG_VERSION')) && !existsSync(join(base, 'data', 'postmaster.pid'))) rmSync(base, { recursive: true, force: true });
  }
}

/**
 * Creates and starts a new cluster in a fresh directory under the OS temporary directory, listening on 127.0.0.1
 * only (and on a unix socket in that directory), superuser `portal` with trust authentication. Tuned for tests:
 * no fsync, so a crash of the machine loses it, which is fine for a throwaway. `detached`: it outlives a Ctrl-C
 * in the terminal that started it (`start`); a test run's own cluster stops with the run.
 */
export async function startCluster({ port, detached = false } = {}) {
  removeStoppedClusters();
  const bin = findPostgresBin();
  if (!bin) throw new Error(`No PostgreSQL server programs (initdb, pg_ctl) on PATH, in /usr/local/bin or /usr/lib/postgresql/*/bin. ${installHint}`);
  port ??= Number(process.env.PORTAL_PG_PORT) || (await freePort());
  const user = clusterUser();
  const base = mkdtempSync(join(tmpdir(), 'portal-pg-'));
  const data = join(base, 'data');
  const socket = join(base, 'socket');
  mkdirSync(socket);
  if (user) for (const dir of [base, socket]) chownSync(dir, user.uid, user.gid);
  await run(bin, 'initdb', ['-D', data, '-U', 'portal', '--auth=trust', '--no-locale', '-E', 'UTF8', '--no-sync'], { user, cwd: base });
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${socket}'`,
      // Each test file keeps a connection pool per database it creates; two workers and a few servers need headroom.
      'max_connections = 400',
      'fsync = off',
      'synchronous_commit = off',
      'full_page_writes = off',
    ].join('\n') + '\n',
  );
  await run(bin, 'pg_ctl', ['-D', data, '-l', join(base, 'postgres.log'), '-w', '-t', '60', 'start'], { user, cwd: base, detached });
  const url = `postgres://portal@127.0.0.1:${port}/postgres`;
  if (!(await answers(url))) throw new Error(`PostgreSQL started in ${base} but does not answer at ${url}; see ${join(base, 'postgres.log')}`);
  return { url, base, bin, port };
}

/** Stops a cluster startCluster started and deletes its files. */
export async function stopCluster({ base, bin }) {
  const data = join(base, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) await run(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], { user: clusterUser(), cwd: base });
  rmSync(base, { recursive: true, force: true });
}

const installHint = process.getuid?.() === 0
  ? 'Install them with: apt-get install -y postgresql'
  : 'Install them with: sudo apt-get install -y postgresql (or set PORTAL_TEST_POSTGRES_URL to a server where the user may create databases).';

/** Why the PostgreSQL pass cannot run here, or undefined when it can. */
export async function unavailableReason() {
  if (await runningClusterUrl()) return undefined;
  if (findPostgresBin()) return undefined;
  const set = process.env.PORTAL_TEST_POSTGRES_URL ? 'PORTAL_TEST_POSTGRES_URL does not answer and there are' : 'there are';
  return `${set} no PostgreSQL server programs (initdb, pg_ctl). ${installHint}`;
}

async function main(command) {
  mkdirSync(dirname(urlFile), { recursive: true });
  if (command === 'start') {
    const port = Number(process.env.PORTAL_PG_PORT) || undefined;
    const reused = (await runningClusterUrl()) ?? (port && (await answers(`postgres://portal@127.0.0.1:${port}/postgres`)) ? `postgres://portal@127.0.0.1:${port}/postgres` : undefined);
    if (reused) {
      writeFileSync(urlFile, reused + '\n');
      console.log(reused);
      return;
    }
    const cluster = await startCluster({ port, detached: true });
    writeFileSync(stateFile, JSON.stringify(cluster) + '\n');
    writeFileSync(urlFile, cluster.url + '\n');
    console.log(cluster.url);
  } else if (command === 'stop') {
    if (existsSync(stateFile)) await stopCluster(JSON.parse(readFileSync(stateFile, 'utf8')));
    rmSync(stateFile, { force: true });
    rmSync(urlFile, { force: true });
  } else if (command === 'url') {
    const url = await runningClusterUrl();
    if (!url) throw new Error('No PostgreSQL cluster is running: run `node tests/setup/postgres.mjs start`.');
    console.log(url);
  } else if (command === 'test') {
    const reason = await unavailableReason();
    if (reason) {
      // CI installs PostgreSQL (.ci/run), so there a missing server is a failure, not a skip.
      if (process.env.CI) throw new Error(`The PostgreSQL pass cannot run: ${reason}`);
      console.log(`\nThe PostgreSQL pass (npm run test:unit:pg) was skipped: ${reason}\n`);
      return;
    }
    const result = spawnSync('npm', ['run', 'test:unit:pg'], { cwd: root, stdio: 'inherit' });
    process.exitCode = result.status ?? 1;
  } else {
    throw new Error('usage: node tests/setup/postgres.mjs start|stop|url|test');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv[2]).catch((error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
