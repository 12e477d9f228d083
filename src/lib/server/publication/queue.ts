/**
 * Asking for a rebuild of the public site. A request adds a queued `publication_run` unless one is already queued
 * (requests coalesce: the queued run will read every story published by the time it starts), then wakes the
 * runner in this process, if one runs here (src/lib/server/publication/runner.ts). A request made while a run builds
 * queues one more, which starts when that one ends.
 */
import { and, asc, eq } from 'drizzle-orm';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';

export type PublicationRequest = { reason: string; requestedBy: string | null };

/** A queued run's reason grows with each request it absorbs, up to this length (the page shows it whole). */
const reasonLimit = 1000;

/** Queues a run inside the caller's write transaction; returns the queued run's id (new or the one it joined). */
export async function queuePublicationInTx(tx: Tx, request: PublicationRequest): Promise<{ runId: number; coalesced: boolean }> {
  const r = schema.publicationRun;
  const reason = request.reason.trim().replace(/\s+/g, ' ').slice(0, 300) || 'Rebuild requested';
  const queued = await first(tx.select({ id: r.id, reason: r.reason }).from(r).where(eq(r.status, 'queued')).orderBy(asc(r.id)).limit(1));
  if (queued) {
    const joined = `${queued.reason}; ${reason}`;
    if (joined.length <= reasonLimit) await tx.update(r).set({ reason: joined }).where(and(eq(r.id, queued.id), eq(r.status, 'queued')));
    return { runId: queued.id, coalesced: true };
  }
  const [inserted] = await tx.insert(r).values({ reason, requestedBy: request.requestedBy }).returning({ id: r.id });
  return { runId: inserted.id, coalesced: false };
}

/**
 * Runners by connection (the `db` the server opens and hands to every request; a pool on PostgreSQL), kept once per
 * process: the server (src/server/serve.ts) starts the runner, and the pages' bundle, which loads its own copy of
 * this module, must find it to wake it (as db.ts shares its transaction queue).
 */
const wakers = ((globalThis as Record<symbol, unknown>)[Symbol.for('portal.publication-wakers')] ??= new WeakMap<Db, () => void>()) as WeakMap<Db, () => void>;

export const registerRunner = (db: Db, wake: () => void) => wakers.set(db, wake);
export const unregisterRunner = (db: Db) => wakers.delete(db);
/**
 * Wakes this connection's runner; without one (a test, `astro dev`, PORTAL_PUBLICATION=off) the run waits for the
 * next runner to look: this process's at its next start, or another process's when it next drains (claim.ts).
 */
export const wakeRunner = (db: Db) => wakers.get(db)?.();

/**
 * THE CONTRACT for other commands: call after your transaction has committed (a rebuild must not wait for, or miss,
 * an uncommitted change). It never throws at the caller, whose change is already done: a failure to queue is logged,
 * and the coordinator can rebuild from Administration → Public site. The promise may be ignored.
 */
export async function requestPublication(db: Db, request: PublicationRequest): Promise<void> {
  try {
    await writeTransaction(db, (tx) => queuePublicationInTx(tx, request));
    wakeRunner(db);
  } catch (error) {
    console.error('publication: the rebuild could not be queued', error);
  }
}

