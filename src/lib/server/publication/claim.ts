/**
 * Which process builds the public site, and which run it builds. Several server processes may share one PostgreSQL
 * database and one sites folder (docs/decisions/0023-postgresql.md); two builds at once would race to point
 * `<sites>/current` at their own folder and remove each other's. So one process at a time builds: the one holding
 * the builder lock (`tryProcessLock`, db.ts) for as long as it drains the queue. A run is claimed in the database,
 * 'queued' → 'running' in a write transaction, so no run is ever taken twice; and as only the lock's holder claims,
 * a run it finds 'running' is one whose builder stopped (a crash, a restart, a lost connection), failed here.
 *
 * Each process serves the site from its own static root in memory. The builder swaps its own at once; the others
 * follow `<sites>/current` (`followCurrentBuild`, startup.ts), so a sites folder shared by every process is assumed:
 * processes with sites folders of their own would each serve only the builds they made themselves.
 */
import { and, asc, eq } from 'drizzle-orm';
import { affectedRows, first, schema, tryProcessLock, writeTransaction, type Db, type HeldLock, type Tx } from '../db.ts';

/** The builder lock's key: any fixed number would do; this one spells "publish". */
const builderLock = 0x7075626c697368n;

/** The builder lock, or undefined while another process builds (it looks at the queue again when it has done). */
export const takeBuilderLock = (db: Db): Promise<HeldLock | undefined> => tryProcessLock(db, builderLock);

const interrupted = 'The server stopped while this run was building; the site served stayed as it was.';

/** Fails the runs left 'running'; only for the builder lock's holder, whose own run none of them is. */
async function failRunning(tx: Tx): Promise<number> {
  const r = schema.publicationRun;
  const stopped = await tx.update(r).set({ status: 'failed', finishedAt: new Date().toISOString(), error: interrupted }).where(eq(r.status, 'running')).returning({ id: r.id });
  return stopped.length;
}

/** Runs a stopped builder left 'running' are failed, with why; returns how many (none while another process builds). */
export async function failInterruptedRuns(db: Db): Promise<number> {
  const lock = await takeBuilderLock(db);
  if (!lock) return 0;
  try {
    return await writeTransaction(db, failRunning);
  } finally {
    await lock.release();
  }
}

/** For the builder lock's holder: the oldest queued run, now marked running; undefined when none is queued. */
export async function claimNextRun(db: Db): Promise<{ id: number } | undefined> {
  const r = schema.publicationRun;
  return writeTransaction(db, async (tx) => {
    await failRunning(tx);
    const next = await first(tx.select({ id: r.id }).from(r).where(eq(r.status, 'queued')).orderBy(asc(r.id)).limit(1));
    if (!next) return undefined;
    const claimed = await tx.update(r).set({ status: 'running', startedAt: new Date().toISOString() }).where(and(eq(r.id, next.id), eq(r.status, 'queued')));
    return affectedRows(claimed) === 1 ? next : undefined;
  });
}

/** Whether a run waits: looked at after letting go of the lock, for the requests another process could not build. */
export async function hasQueuedRun(db: Db): Promise<boolean> {
  const r = schema.publicationRun;
  return (await first(db.select({ id: r.id }).from(r).where(eq(r.status, 'queued')).limit(1))) !== undefined;
}
