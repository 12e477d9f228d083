import type { APIRoute } from 'astro';
import { exportComments, exportJson, monitoringRecords } from '../../../../lib/server/transfers/export';
import { templateRegistry, transferPractice } from '../../../../lib/server/transfers/practices';
import { findVisibleTransfer, listAllEntries, listFeatureChoices } from '../../../../lib/server/transfers/queries';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const db = locals.db;
  const transfer = await findVisibleTransfer(db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  const practice = await transferPractice(transfer);
  const registry = await templateRegistry();
  const body = exportJson({
    transfer,
    practiceTitle: practice.title,
    choices: await listFeatureChoices(db, transfer.id),
    entries: (await listAllEntries(db, transfer.id)).sort(registry.compareRecords),
    registry,
    features: practice.features,
    comments: await exportComments(db, transfer.id),
    monitoring: await monitoringRecords(db, transfer.id),
  });
  return new Response(JSON.stringify(body, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="transfer-${transfer.id}.json"` },
  });
};
