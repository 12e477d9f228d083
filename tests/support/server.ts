/** Starts the real production server (src/server/serve.ts) over the built site, with a fresh database. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, onPostgresUrl, type FreshDatabase } from './postgres.ts';
import { root } from './site.ts';

export const demoPassword = 'demo password for tests';

async function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

/**
 * `cwd` is the project whose dist/ is served: this checkout by default, or a scratch project (tests/support/scratch-project.ts).
 * Second factors are not required of any role (PORTAL_MFA_REQUIRED_ROLES=''), so tests sign in with a password;
 * the tests of second factors pass `{ PORTAL_MFA_REQUIRED_ROLES: 'coordinator,mentor' }` to meet the real default.
 * The publication job is off (PORTAL_PUBLICATION=off: a publish or withdrawal queues a run, no site build starts in
 * the background of every test); a test of publishing passes `{ PORTAL_PUBLICATION: 'on' }`.
 * On the PostgreSQL pass each server gets an empty database of its own, which it migrates and seeds as it would a new
 * file, and which `stop()` drops; pass `{ DATABASE_URL }` to start a second server on the first one's `database`.
 */
export async function startServer(env: Record<string, string> = {}, { cwd = root }: { cwd?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'portal-server-'));
  const own: FreshDatabase | undefined = onPostgresUrl(process.env.DATABASE_URL) && !env.DATABASE_URL ? await freshDatabase({ empty: true }) : undefined;
  const database = env.DATABASE_URL ?? own?.url ?? join(dir, 'portal.db');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // A value may name the port chosen here, e.g. PUBLIC_SITE_URL: 'http://localhost:{port}' (passkeys need a host name).
  env = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replaceAll('{port}', String(port))]));
  const child = spawn(process.execPath, [...(process.env.PORTAL_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? []), 'src/server/serve.ts'], {
    cwd,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_PATH: join(dir, 'portal.db'), ...(own ? { DATABASE_URL: own.url } : {}), PORTAL_DEMO_PASSWORD: demoPassword, PORTAL_MFA_REQUIRED_ROLES: '', PORTAL_PUBLICATION: 'off', PORTAL_PSEUDO_LOCALE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  // A first start migrates and seeds the demo data (hashing each demo password): seconds on a quiet machine, far
  // more on a loaded 2-core CI runner, so wait up to a minute and say so when it never came up.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await fetch(`${url}/`).then((r) => r.ok, () => false)) break;
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() > deadline) throw new Error(`server did not answer within 60 s: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }

  /** Signs in through the real form and returns the Cookie header to send. */
  async function signIn(email: string, password = demoPassword): Promise<string> {
    const res = await fetch(`${url}/sign-in/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }),
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('session='));
    if (res.status !== 303 || !cookie) throw new Error(`sign-in of ${email} failed with ${res.status}`);
    return cookie.split(';')[0];
  }

  return {
    url,
    pid: child.pid!,
    /** The SQLite file (on PostgreSQL no file is there). Tests reach the data through `database` (tests/support/server-db.ts). */
    databasePath: join(dir, 'portal.db'),
    /** What openDatabase() opens to reach the server's data: the SQLite file, or the PostgreSQL URL. */
    database,
    output: () => output,
    signIn,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill();
        await new Promise((r) => child.once('exit', r));
      }
      rmSync(dir, { recursive: true, force: true });
      await own?.drop();
    },
  };
}
