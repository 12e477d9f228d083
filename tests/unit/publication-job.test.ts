/**
 * The publication job on a real SQLite and a real file system, with a fast stand-in for `astro build`
 * (tests/support/fake-site-build.mjs): requests coalesce, one build runs at a time, a good build is swapped in for
 * every request after it (and hashed assets of the build before stay reachable), a failed or timed-out one leaves
 * the site as it was and says why, and a start after a crash fails the interrupted run and queues a new one only
 * when the site served is not built from the stories published now.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeDatabase, migrateDatabase, openDatabase, schema, type Db } from '../../src/lib/server/db.ts';
import { failInterruptedRuns } from '../../src/lib/server/publication/claim.ts';
import { requestPublication } from '../../src/lib/server/publication/queue.ts';
import { startPublicationRunner, type PublicationRunner } from '../../src/lib/server/publication/runner.ts';
import { chooseStartBuild } from '../../src/lib/server/publication/site-builds.ts';
import { followCurrentBuild, startPublication } from '../../src/lib/server/publication/startup.ts';
import { StaticRoot } from '../../src/lib/server/publication/static-root.ts';
import { storiesDigest } from '../../src/lib/public/stories-digest.ts';
import { staticFiles } from '../../src/server/static-files.ts';
import { createTestDb, createTestDbTarget, onPostgres } from '../support/db.ts';
import { demoStory, insertStory } from '../support/stories.ts';

const fake = new URL('../support/fake-site-build.mjs', import.meta.url).pathname;
const command = (mode = 'ok', delay = 50) => [process.execPath, fake, '{outDir}', mode, String(delay)];

let dir: string;
let db: Db;
let sites: string;
let oldRoot: string;
let root: StaticRoot;
let runner: PublicationRunner | undefined;
const lines: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portal-publication-'));
  sites = join(dir, 'site');
  mkdirSync(sites);
  oldRoot = join(dir, 'dist', 'client');
  mkdirSync(join(oldRoot, '_astro'), { recursive: true });
  writeFileSync(join(oldRoot, 'index.html'), '<h1>the old site</h1>');
  writeFileSync(join(oldRoot, '_astro', 'dist.css'), '/* dist */');
  mkdirSync(join(oldRoot, 'pagefind', 'fragment'), { recursive: true });
  writeFileSync(join(oldRoot, 'pagefind', 'fragment', 'withdrawn.pf_fragment'), 'a story withdrawn since');
  db = await createTestDb();
  root = new StaticRoot(oldRoot, oldRoot);
  lines.length = 0;
});
afterEach(async () => {
  runner?.stop();
  await runner?.idle();
  runner = undefined;
  await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

const start = (mode = 'ok', extra: { delay?: number; timeoutMs?: number } = {}) =>
  (runner = startPublicationRunner({ db, cwd: process.cwd(), sites, staticRoot: root, command: command(mode, extra.delay), timeoutMs: extra.timeoutMs, log: (l) => lines.push(l) }));
const runs = async () => db.select().from(schema.publicationRun).orderBy(schema.publicationRun.id);

/** The server's static handler over the root, on a real socket. */
async function serve(): Promise<{ get: (path: string) => Promise<Response>; close: () => Promise<void> }> {
  const files = staticFiles(root, (_req, res) => void res.writeHead(404).end('not found'));
  const server: Server = createServer(files);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { get: (path) => fetch(`http://127.0.0.1:${port}${path}`), close: () => new Promise((ok) => server.close(() => ok())) };
}

describe('requestPublication', () => {
  it('queues one run and joins later requests to it while it waits', async () => {
    await requestPublication(db, { reason: 'Story published: A', requestedBy: null });
    await requestPublication(db, { reason: 'Story withdrawn: B', requestedBy: null });
    expect((await runs())).toHaveLength(1);
    expect((await runs())[0]).toMatchObject({ status: 'queued', reason: 'Story published: A; Story withdrawn: B' });
  });

  it('queues one more when asked while a run builds, and builds it after', async () => {
    start('ok', { delay: 400 });
    await requestPublication(db, { reason: 'first', requestedBy: null });
    await new Promise((r) => setTimeout(r, 150));
    expect((await runs()).map((r) => r.status)).toEqual(['running']);
    await requestPublication(db, { reason: 'second', requestedBy: null });
    await requestPublication(db, { reason: 'third', requestedBy: null });
    expect((await runs()).map((r) => r.status)).toEqual(['running', 'queued']);
    await runner!.idle();
    expect((await runs()).map((r) => [r.status, r.reason])).toEqual([['succeeded', 'first'], ['succeeded', 'second; third']]);
  });

  it('never throws at its caller, whose change is already committed', async () => {
    await closeDatabase(db);
    await expect(requestPublication(db, { reason: 'x', requestedBy: null })).resolves.toBeUndefined();
    db = await createTestDb();
  });
});

describe('the runner', () => {
  it('builds one at a time, however many requests arrive', async () => {
    start('ok', { delay: 150 });
    await Promise.all(Array.from({ length: 6 }, (_, i) => requestPublication(db, { reason: `r${i}`, requestedBy: null })));
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 60));
      await requestPublication(db, { reason: `late ${i}`, requestedBy: null });
    }
    await runner!.idle();
    // The fake build fails when another holds its lock: every run succeeding means none overlapped.
    expect((await runs()).every((r) => r.status === 'succeeded')).toBe(true);
    expect((await runs()).length).toBeLessThanOrEqual(5);
    const spans = (await runs()).map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });

  it('writes the published stories (and no others) for the build, and records how many', async () => {
    await insertStory(db, demoStory('northland-one'));
    await insertStory(db, demoStory('northland-two', { publishedAt: '2026-08-01T00:00:00.000Z' }));
    await insertStory(db, demoStory('still-proposed'), 'proposed');
    await insertStory(db, demoStory('gone-again'), 'withdrawn');
    start();
    await requestPublication(db, { reason: 'Story published', requestedBy: null });
    await runner!.idle();
    expect((await runs())[0]).toMatchObject({ status: 'succeeded', stories: 2, error: '' });
    const file = JSON.parse(readFileSync(join(sites, 'run-1', 'published-stories.json'), 'utf8'));
    expect(file.stories.map((s: { id: string }) => s.id)).toEqual(['northland-one', 'northland-two']);
    expect(readFileSync(join(root.root, 'index.html'), 'utf8')).toContain('2 stories: northland-one northland-two');
  });

  it('leaves out a stored story that no longer fits the public shape or whose practice is gone, says so, and still publishes', async () => {
    await insertStory(db, demoStory('fine-story'));
    await insertStory(db, { id: 'broken-story', title: 'x' });
    // Valid, but of a practice no longer in content/practices: its page could not be built.
    await insertStory(db, demoStory('orphan-story', { practice: 'no-such-practice' }));
    start();
    await requestPublication(db, { reason: 'Story published', requestedBy: null });
    await runner!.idle();
    expect((await runs())[0]).toMatchObject({ status: 'succeeded', stories: 1 });
    expect((await runs())[0].error).toMatch(/^Stories left out of this build:.*broken-story/);
    expect((await runs())[0].error).toMatch(/orphan-story \(its practice "no-such-practice" is no longer on the site\)/);
  });

  it('swaps the static root for every request after the build, never before, and keeps the previous assets', async () => {
    const http = await serve();
    try {
      start('ok', { delay: 300 });
      await requestPublication(db, { reason: 'go', requestedBy: null });
      await new Promise((r) => setTimeout(r, 100));
      // Building: the old site answers.
      expect(await (await http.get('/')).text()).toBe('<h1>the old site</h1>');
      await runner!.idle();
      const page = await http.get('/');
      expect(await page.text()).toContain('<h1>run-1</h1>');
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(root.root).toBe(join(sites, 'run-1', 'out', 'client'));
      expect(readlinkSync(join(sites, 'current'))).toBe('run-1');
      // A page loaded before the swap still gets its hashed assets, cached for a year; so do the on-demand pages.
      const asset = await http.get('/_astro/dist.css');
      expect(asset.status).toBe(200);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await http.get('/_astro/run-1.css')).status).toBe(200);
      // Never the search index of an older build: it may hold stories withdrawn since.
      expect((await http.get('/pagefind/fragment/withdrawn.pf_fragment')).status).toBe(404);
      // The unused server bundle is not kept.
      expect(existsSync(join(sites, 'run-1', 'out', 'server'))).toBe(false);

      await requestPublication(db, { reason: 'again', requestedBy: null });
      await runner!.idle();
      await requestPublication(db, { reason: 'and again', requestedBy: null });
      await runner!.idle();
      expect(await (await http.get('/')).text()).toContain('<h1>run-3</h1>');
      // The build served and the one before it stay; older ones go.
      expect(readdirSync(sites).filter((n) => n.startsWith('run-')).sort()).toEqual(['run-2', 'run-3']);
      expect((await http.get('/_astro/run-2.css')).status).toBe(200);
      expect((await http.get('/_astro/run-1.css')).status).toBe(404);
      expect((await http.get('/_astro/dist.css')).status).toBe(200);
    } finally {
      await http.close();
    }
  });

  it('keeps the old site when a build fails, and records the end of its output', async () => {
    const http = await serve();
    try {
      start('fail');
      await requestPublication(db, { reason: 'Story published', requestedBy: null });
      await runner!.idle();
      const [run] = await runs();
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/^The build failed \(exit code 1\)\./);
      expect(run.error).toContain('[ERROR] stories: something went wrong at the end of the build');
      expect(run.error.length).toBeLessThan(4200);
      expect(run.finishedAt).toBeTruthy();
      expect(root.root).toBe(oldRoot);
      expect(await (await http.get('/')).text()).toBe('<h1>the old site</h1>');
      expect(existsSync(join(sites, 'run-1'))).toBe(false);
      expect(existsSync(join(sites, 'current'))).toBe(false);
      expect(lines.join('\n')).toMatch(/run 1 failed .* the site served is unchanged/);
    } finally {
      await http.close();
    }
  });

  it('fails a build that wrote no index.html', async () => {
    start('empty');
    await requestPublication(db, { reason: 'x', requestedBy: null });
    await runner!.idle();
    expect((await runs())[0]).toMatchObject({ status: 'failed' });
    expect((await runs())[0].error).toMatch(/^The build finished but wrote no index\.html\./);
    expect(root.root).toBe(oldRoot);
  });

  it('stops a build that takes too long', async () => {
    start('slow', { timeoutMs: 500 });
    await requestPublication(db, { reason: 'x', requestedBy: null });
    await runner!.idle();
    expect((await runs())[0].status).toBe('failed');
    expect((await runs())[0].error).toMatch(/^The build took longer than 1 s and was stopped\./);
    expect(root.root).toBe(oldRoot);
  });
});

// Two pools on one database stand for two server processes: each holds its own connections, as a process would.
describe.runIf(onPostgres)('several server processes on one PostgreSQL database, sharing the sites folder', () => {
  let url: string;
  let a: Db;
  let b: Db;
  let runners: PublicationRunner[] = [];
  beforeEach(async () => {
    url = await createTestDbTarget('unused');
    [a, b] = [openDatabase(url), openDatabase(url)];
    await migrateDatabase(a);
    runners = [];
  });
  afterEach(async () => {
    for (const r of runners) r.stop();
    for (const r of runners) await r.idle();
    await closeDatabase(a);
    await closeDatabase(b);
  });
  const runOf = async (d: Db) => d.select().from(schema.publicationRun).orderBy(schema.publicationRun.id);
  const runnerOn = (d: Db, staticRoot: StaticRoot) => {
    const r = startPublicationRunner({ db: d, cwd: process.cwd(), sites, staticRoot, command: command('ok', 150), log: (l) => lines.push(l) });
    runners.push(r);
    return r;
  };

  it('builds one run at a time, whichever process the requests reach, and builds every request', async () => {
    const [ra, rb] = [runnerOn(a, new StaticRoot(oldRoot, oldRoot)), runnerOn(b, new StaticRoot(oldRoot, oldRoot))];
    for (let i = 0; i < 6; i++) {
      await requestPublication(i % 2 ? b : a, { reason: `request ${i}`, requestedBy: null });
      await new Promise((r) => setTimeout(r, 70));
    }
    for (let i = 0; i < 10 && (await runOf(a)).some((r) => r.status === 'queued' || r.status === 'running'); i++) {
      await ra.idle();
      await rb.idle();
      await new Promise((r) => setTimeout(r, 100));
    }
    const all = await runOf(a);
    // The fake build fails when another holds its lock in the shared folder: all succeeding means none overlapped.
    expect(all.map((r) => r.status).every((s) => s === 'succeeded')).toBe(true);
    expect(all.map((r) => r.reason).join('; ').match(/request \d/g)?.sort()).toEqual(['request 0', 'request 1', 'request 2', 'request 3', 'request 4', 'request 5']);
    const spans = all.map((r) => [Date.parse(r.startedAt!), Date.parse(r.finishedAt!)]);
    for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  });

  it('leaves a run another process is building alone at start, and fails it once its builder is gone', async () => {
    const building = startPublicationRunner({ db: a, cwd: process.cwd(), sites, staticRoot: new StaticRoot(oldRoot, oldRoot), command: command('ok', 600), log: (l) => lines.push(l) });
    runners.push(building);
    await requestPublication(a, { reason: 'slow one', requestedBy: null });
    await new Promise((r) => setTimeout(r, 200));
    expect((await runOf(b)).map((r) => r.status)).toEqual(['running']);
    expect(await failInterruptedRuns(b)).toBe(0);
    expect((await runOf(b)).map((r) => r.status)).toEqual(['running']);
    await building.idle();
    expect((await runOf(b)).map((r) => r.status)).toEqual(['succeeded']);
    // A run left 'running' by a process that died (here: written so, with no builder holding the lock) is failed.
    await b.insert(schema.publicationRun).values({ status: 'running', reason: 'crashed', startedAt: new Date().toISOString() });
    expect(await failInterruptedRuns(b)).toBe(1);
  });

  it('serves, in the other process, the build the builder swapped in', async () => {
    const builderRoot = new StaticRoot(oldRoot, oldRoot);
    const otherRoot = new StaticRoot(oldRoot, oldRoot);
    const stop = followCurrentBuild(sites, otherRoot, 50);
    try {
      const r = runnerOn(a, builderRoot);
      await requestPublication(a, { reason: 'first', requestedBy: null });
      await r.idle();
      await new Promise((done) => setTimeout(done, 200));
      expect(otherRoot.root).toBe(builderRoot.root);
      expect(otherRoot.root).toBe(join(sites, 'run-1', 'out', 'client'));
      await requestPublication(a, { reason: 'second', requestedBy: null });
      await r.idle();
      // What the other process served until it looked again is kept.
      expect(existsSync(join(sites, 'run-1', 'out', 'client', 'index.html'))).toBe(true);
      await new Promise((done) => setTimeout(done, 200));
      expect(otherRoot.root).toBe(join(sites, 'run-2', 'out', 'client'));
    } finally {
      stop();
    }
  });
});

describe('at server start', () => {
  /** A publication build as the runner leaves it, with its stamp. */
  function publicationBuild(runId: number, builtAt: Date, digest: string) {
    const out = join(sites, `run-${runId}`, 'out');
    mkdirSync(join(out, 'client'), { recursive: true });
    writeFileSync(join(out, 'client', 'index.html'), `<h1>run-${runId}</h1>`);
    writeFileSync(join(out, 'build-stamp.json'), JSON.stringify({ builtAt: builtAt.toISOString(), stories: 0, storiesDigest: digest }));
    return out;
  }
  const distStamp = (builtAt: Date, digest: string) => writeFileSync(join(dir, 'dist', 'build-stamp.json'), JSON.stringify({ builtAt: builtAt.toISOString(), stories: 0, storiesDigest: digest }));
  const link = async (runId: number) => {
    rmSync(join(sites, 'current'), { force: true });
    symlinkSync(`run-${runId}`, join(sites, 'current'));
  };
  const none = storiesDigest([]);

  it('serves the last publication build when it is newer than dist, and dist when dist is newer', async () => {
    distStamp(new Date('2026-12-01T10:00:00Z'), none);
    publicationBuild(4, new Date('2026-12-02T10:00:00Z'), none);
    await link(4);
    expect(chooseStartBuild(join(dir, 'dist'), sites)).toMatchObject({ source: 'publication', client: join(sites, 'run-4', 'out', 'client') });
    distStamp(new Date('2026-12-03T10:00:00Z'), none);
    expect(chooseStartBuild(join(dir, 'dist'), sites)).toMatchObject({ source: 'dist', client: oldRoot });
  });

  it('dates a dist without a stamp by its index.html, and ignores an incomplete publication build', async () => {
    utimesSync(join(oldRoot, 'index.html'), new Date('2026-12-05T00:00:00Z'), new Date('2026-12-05T00:00:00Z'));
    publicationBuild(5, new Date('2026-12-04T10:00:00Z'), none);
    await link(5);
    expect(chooseStartBuild(join(dir, 'dist'), sites).source).toBe('dist');
    publicationBuild(6, new Date('2026-12-06T10:00:00Z'), none);
    rmSync(join(sites, 'run-6', 'out', 'client', 'index.html'));
    await link(6);
    expect(chooseStartBuild(join(dir, 'dist'), sites).source).toBe('dist');
  });

  it('fails a run a crash left running and queues a new one when the stories served are not those published', async () => {
    await insertStory(db, demoStory('published-meanwhile'));
    await db.insert(schema.publicationRun).values({ status: 'running', reason: 'Story published', startedAt: new Date().toISOString() });
    distStamp(new Date(), none);
    const started = await startPublication(db, { distDir: join(dir, 'dist'), sites, enabled: false });
    expect(started.served.source).toBe('dist');
    expect((await runs()).map((r) => r.status)).toEqual(['failed', 'queued']);
    expect((await runs())[0].error).toMatch(/server stopped while this run was building/);
    expect((await runs())[1].reason).toMatch(/^At server start, after an interrupted run: .*1 published now/);
  });

  it('queues nothing when the site served was built from the stories published now', async () => {
    await db.insert(schema.publicationRun).values({ status: 'running', reason: 'Rebuild', startedAt: new Date().toISOString() });
    distStamp(new Date(), none);
    await startPublication(db, { distDir: join(dir, 'dist'), sites, enabled: false });
    expect((await runs()).map((r) => r.status)).toEqual(['failed']);
  });

  it('builds, at start, what was queued while no runner ran', async () => {
    distStamp(new Date(), none);
    await requestPublication(db, { reason: 'asked during a restart', requestedBy: null });
    const started = await startPublication(db, { distDir: join(dir, 'dist'), sites, command: command(), log: (l) => lines.push(l) });
    runner = started.runner;
    await runner!.idle();
    expect((await runs()).map((r) => r.status)).toEqual(['succeeded']);
    expect(started.staticRoot.root).toBe(join(sites, 'run-1', 'out', 'client'));
  });
});
