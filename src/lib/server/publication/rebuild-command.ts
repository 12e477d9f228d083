/**
 * The coordinator's "Rebuild the public site now": queues a run (joining one already queued), audited in the same
 * transaction, then wakes the runner after the commit. Useful after a failed run, or to check the job works.
 */
import { t } from '../../../i18n/index.ts';
import { recordAuditInTx, denied } from '../audit.ts';
import { writeTransaction, type Db } from '../db.ts';
import { canPublishSite, type Actor } from '../permissions.ts';
import type { Result } from '../result.ts';
import { queuePublicationInTx, wakeRunner } from './queue.ts';

export async function rebuildPublicSite(db: Db, actor: Actor, meta: { ip: string }): Promise<Result<{ runId: number; coalesced: boolean }>> {
  if (!canPublishSite(actor)) return denied(db, { action: 'publication.request', actorUserId: actor.userId, targetType: 'publication_run', targetId: null, ip: meta.ip }, t('admin:publication.refused'));
  const queued = await writeTransaction(db, async (tx) => {
    const run = await queuePublicationInTx(tx, { reason: 'Rebuild asked for by a coordinator', requestedBy: actor.userId });
    await recordAuditInTx(tx, { action: 'publication.request', outcome: 'success', actorUserId: actor.userId, targetType: 'publication_run', targetId: String(run.runId), ip: meta.ip, detail: { coalesced: run.coalesced } });
    return run;
  });
  wakeRunner(db);
  return { ok: true, ...queued };
}
