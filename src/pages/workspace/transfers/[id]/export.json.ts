import type { APIRoute } from 'astro';
import { exportJson, monitoringRecords } from '../../../../lib/server/transfers/export';
import { getPractice } from '../../../../lib/server/transfers/practices';
import { findVisibleTransfer, listAllEntries, listFeatureChoices } from '../../../../lib/server/transfers/queries';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const db = locals.db;
  const transfer = await findVisibleTransfer(db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  const practice = await getPractice(transfer.practiceId);
  const body = exportJson(transfer, practice?.data.title ?? transfer.practiceId, await listFeatureChoices(db, transfer.id), await listAllEntries(db, transfer.id), await monitoringRecords(db, transfer.id));
  return new Response(JSON.stringify(body, null, 2), {
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Content-Disposition': `attachment; filename="transfer-${transfer.id}.json"` },
  });
};
