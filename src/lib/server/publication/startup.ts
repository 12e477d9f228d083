/**
 * The publication job at server start: which build to serve, what a crash left behind, and whether the site must be
 * rebuilt because the database now publishes other stories than the served build was made from.
 *
 *   PORTAL_PUBLICATION=off   no runner in this process (runs stay queued; the page says so)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { storiesDigest } from '../../public/stories-digest.ts';
import { dialect, writeTransaction, type Db } from '../db.ts';
import { failInterruptedRuns } from './claim.ts';
import { queuePublicationInTx } from './queue.ts';
import { startPublicationRunner, type PublicationRunner, type RunnerOptions } from './runner.ts';
import { chooseStartBuild, currentBuild, currentLinkTarget, sitesFolder, type ServedBuild } from './site-builds.ts';
import { StaticRoot } from './static-root.ts';
import { publishedStoriesOf } from './stories-file.ts';

export const publicationEnabled = () => process.env.PORTAL_PUBLICATION !== 'off';

export type PublicationStart = {
  staticRoot: StaticRoot;
  served: ServedBuild;
  runner?: PublicationRunner;
  queued: string | undefined;
  /** Ends `followCurrentBuild`, run on PostgreSQL only: there other processes may build; on SQLite every swap is this one's. */
  stopFollowing?: () => void;
};

export async function startPublication(
  db: Db,
  { cwd = process.cwd(), distDir = join(cwd, 'dist'), sites = sitesFolder(), enabled = publicationEnabled(), ...rest }: Partial<Omit<RunnerOptions, 'db' | 'staticRoot'>> & { distDir?: string; enabled?: boolean } = {},
): Promise<PublicationStart> {
  mkdirSync(sites, { recursive: true });
  const served = chooseStartBuild(distDir, sites);
  const staticRoot = new StaticRoot(served.client, join(distDir, 'client'));
  const interrupted = await failInterruptedRuns(db);
  const { stories } = await publishedStoriesOf(db);
  // A build without a stamp (made before stamps existed) is taken to hold no stories.
  const builtFrom = served.stamp?.storiesDigest ?? storiesDigest([]);
  // An interrupted run needs doing again only if what it would have published is not served yet: the same test.
  const queued =
    builtFrom === storiesDigest(stories) ? undefined
    : `At server start${interrupted ? ', after an interrupted run' : ''}: the site served was built from other stories than the ${stories.length} published now`;
  if (queued) await writeTransaction(db, (tx) => queuePublicationInTx(tx, { reason: queued, requestedBy: null }));
  const runner = enabled ? startPublicationRunner({ db, cwd, sites, staticRoot, ...rest }) : undefined;
  const stopFollowing = dialect === 'postgres' ? followCurrentBuild(sites, staticRoot) : undefined;
  return { staticRoot, served, runner, queued, stopFollowing };
}

/**
 * Serves the builds other processes swap in. Each process holds its static root in memory and only the builder
 * swaps its own, so the others look at `<sites>/current` (a sites folder shared by every process is assumed) every
 * few seconds and serve its build once the link has changed since they last looked. The builder keeps the build
 * `current` pointed at before its swap, so a process that has not looked yet still finds its files.
 */
export function followCurrentBuild(sites: string, staticRoot: StaticRoot, everyMs = 2000): () => void {
  let seen = currentLinkTarget(sites);
  const timer = setInterval(() => {
    const target = currentLinkTarget(sites);
    if (target === seen) return;
    const build = currentBuild(sites);
    // Not complete (yet): looked at again next time.
    if (!build) return;
    seen = target;
    staticRoot.swap(build.client);
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
