/**
 * The publication job: one run at a time, in this process and among every process sharing the database (claim.ts:
 * the process holding the builder lock drains the queue). It takes the oldest queued run, writes the published
 * stories to the run's own stories file, builds the whole static site (pages, Pagefind index, feed) into the run's
 * own folder in a child process, and only when that build succeeded swaps it in: `<sites>/current` by rename, then
 * the in-memory static root, so the next request is answered from the new build and no request mixes two. Until
 * then, and whenever a build fails, the site served stays as it was; a failed run keeps the end of the build's
 * output for the coordinator (Administration → Public site).
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { and, eq, inArray, lt } from 'drizzle-orm';
import { schema, writeTransaction, type Db } from '../db.ts';
import { runBuild, stopBuilds } from './build-process.ts';
import { claimNextRun, hasQueuedRun, takeBuilderLock } from './claim.ts';
import { registerRunner, unregisterRunner } from './queue.ts';
import { currentBuild, linkPackages, pointCurrentAt, removeOldBuilds, runPaths } from './site-builds.ts';
import type { StaticRoot } from './static-root.ts';
import { publishedStoriesOf, writeStoriesFile } from './stories-file.ts';

export type RunnerOptions = {
  db: Db;
  /** The project whose source is built (the server's working folder). */
  cwd: string;
  sites: string;
  staticRoot: StaticRoot;
  /** The build command (tests pass a fast fake); Astro's CLI by default. */
  command?: string[];
  timeoutMs?: number;
  log?: (line: string) => void;
};

export type PublicationRunner = {
  /** Looks for queued runs now (requestPublication calls it). */
  wake(): void;
  /** Resolves when no run is building or queued for this runner (tests, the benchmark). */
  idle(): Promise<void>;
  stop(): void;
};

/** How many of the latest runs the history keeps (the page shows 30). */
const keptRuns = 200;

/** What a failed run keeps of the build's output for the page: enough for Astro's error and its context. */
const errorTailLength = 4000;

export function startPublicationRunner(options: RunnerOptions): PublicationRunner {
  const { db, log = console.log } = options;
  let draining: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const wake = () => {
    if (stopped) return;
    if (draining) return void (again = true);
    draining = drain()
      // A database error while claiming or finishing a run must not end the server (an unhandled rejection would).
      .catch((error) => log(`publication: the job stopped on an error, the site served is unchanged: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        draining = undefined;
        // A request that came after drain's last look at the queue but before this point is not lost.
        if (again && !stopped) wake();
      });
  };

  async function drain() {
    do {
      again = false;
      // Another process builds: it looks at the queue again when it has done, and builds this request then.
      const lock = await takeBuilderLock(db);
      if (!lock) return;
      try {
        for (let run = await claimNextRun(db); run && !stopped; run = await claimNextRun(db)) await execute(run.id, options, log);
      } finally {
        await lock.release();
      }
      // A request queued by another process while this one held the lock: that process could not build it.
    } while (!stopped && (again || (await hasQueuedRun(db))));
  }

  registerRunner(db, wake);
  // Runs queued while no runner ran (a request during a restart, or one queued at start) go now.
  wake();
  return {
    wake,
    async idle() {
      while (draining) await draining;
    },
    stop() {
      stopped = true;
      unregisterRunner(db);
      stopBuilds();
    },
  };
}

/** The practices the build will have: the files of content/practices (the collection's ids are their names). */
function practiceIds(cwd: string): Set<string> | undefined {
  const folder = join(cwd, 'content/practices');
  if (!existsSync(folder)) return undefined;
  return new Set(readdirSync(folder).filter((f) => /\.mdx?$/.test(f)).map((f) => f.replace(/\.mdx?$/, '')));
}

async function finish(db: Db, runId: number, values: { status: 'succeeded' | 'failed'; stories?: number; error?: string }) {
  const r = schema.publicationRun;
  await writeTransaction(db, async (tx) => {
    await tx.update(r).set({ ...values, error: values.error ?? '', finishedAt: new Date().toISOString() }).where(eq(r.id, runId));
    // The history is for reading why a recent run failed: the latest runs are kept, older finished ones go.
    await tx.delete(r).where(and(lt(r.id, runId - keptRuns), inArray(r.status, ['succeeded', 'failed'])));
  });
}

async function execute(runId: number, options: RunnerOptions, log: (line: string) => void) {
  const { db, sites, staticRoot } = options;
  const paths = runPaths(sites, runId);
  const started = performance.now();
  let stories = 0;
  let swapped = false;
  try {
    rmSync(paths.dir, { recursive: true, force: true });
    mkdirSync(paths.dir, { recursive: true });
    linkPackages(sites, options.cwd);
    const set = await publishedStoriesOf(db, practiceIds(options.cwd));
    stories = set.stories.length;
    writeStoriesFile(paths.storiesFile, set.stories);
    const note = set.skipped.length ? `Stories left out of this build: ${set.skipped.map((s) => `${s.id} (${s.why})`).join('; ')}` : '';
    const build = await runBuild({ cwd: options.cwd, outDir: paths.outDir, storiesFile: paths.storiesFile, timeoutMs: options.timeoutMs, command: options.command, env: { PORTAL_BUILD_CACHE_DIR: join(sites, 'cache') } });
    const missing = build.ok && !existsSync(join(paths.client, 'index.html'));
    if (!build.ok || missing) {
      rmSync(paths.dir, { recursive: true, force: true });
      const why = build.ok ? 'The build finished but wrote no index.html.' : build.why;
      await finish(db, runId, { status: 'failed', stories, error: `${why}${note ? `\n${note}` : ''}\n\n${build.output.trimEnd().slice(-errorTailLength)}`.trim() });
      log(`publication: run ${runId} failed after ${seconds(started)}; the site served is unchanged (${why})`);
      return;
    }
    // The new server bundle is not used (the running one keeps rendering the on-demand pages).
    rmSync(join(paths.outDir, 'server'), { recursive: true, force: true });
    const previous = staticRoot.root;
    // What other processes may still serve until they follow the swap (startup.ts, followCurrentBuild).
    const othersServe = currentBuild(sites)?.client;
    pointCurrentAt(sites, runId);
    staticRoot.swap(paths.client);
    swapped = true;
    await finish(db, runId, { status: 'succeeded', stories, error: note });
    removeOldBuilds(sites, [paths.dir, previous, ...(othersServe ? [othersServe] : [])]);
    log(`publication: run ${runId} swapped in after ${seconds(started)} (${stories} published ${stories === 1 ? 'story' : 'stories'})`);
  } catch (error) {
    // Anything else (a full disk, a database error): the old site stays, and the run says why.
    // After the swap the new build is served whatever failed next (its record, the clean-up): it stays.
    if (!swapped) {
      rmSync(paths.dir, { recursive: true, force: true });
      await finish(db, runId, { status: 'failed', stories, error: `The publication job failed: ${(error as Error).message}` }).catch(() => {});
    }
    log(`publication: run ${runId} failed: ${(error as Error).stack ?? error}`);
  }
}

const seconds = (started: number) => `${((performance.now() - started) / 1000).toFixed(1)} s`;
