/**
 * The publication job at server start: which build to serve, what a crash left behind, and whether the site must be
 * rebuilt because the database now publishes other stories than the served build was made from.
 *
 *   PORTAL_PUBLICATION=off   no runner in this process (runs stay queued; the page says so)
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { storiesDigest } from '../../public/stories-digest.ts';
import { schema, writeTransaction, type Db } from '../db.ts';
import { queuePublicationInTx } from './queue.ts';
import { startPublicationRunner, type PublicationRunner, type RunnerOptions } from './runner.ts';
import { chooseStartBuild, sitesFolder, type ServedBuild } from './site-builds.ts';
import { StaticRoot } from './static-root.ts';
import { publishedStoriesOf } from './stories-file.ts';

export const publicationEnabled = () => process.env.PORTAL_PUBLICATION !== 'off';

/** Runs a stopped server left 'running' are failed, with why; returns how many. */
export async function failInterruptedRuns(db: Db): Promise<number> {
  const r = schema.publicationRun;
  return writeTransaction(db, async (tx) => {
    const stopped = await tx
      .update(r)
      .set({ status: 'failed', finishedAt: new Date().toISOString(), error: 'The server stopped while this run was building; the site served stayed as it was.' })
      .where(eq(r.status, 'running'))
      .returning({ id: r.id });
    return stopped.length;
  });
}

export type PublicationStart = { staticRoot: StaticRoot; served: ServedBuild; runner?: PublicationRunner; queued: string | undefined };

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
  return { staticRoot, served, runner, queued };
}
