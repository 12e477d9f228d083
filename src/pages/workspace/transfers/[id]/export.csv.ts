import type { APIRoute } from 'astro';
import { exportCsv } from '../../../../lib/server/transfers/export';
import { findVisibleTransfer, listAllEntries } from '../../../../lib/server/transfers/queries';
import { allSections } from '../../../../lib/server/transfers/sections';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const db = locals.db;
  const transfer = await findVisibleTransfer(db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  const entries = (await listAllEntries(db, transfer.id)).filter((e) => e.template === 'action-plan');
  return new Response(exportCsv(entries, await allSections()), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="action-plan-${transfer.id}.csv"` },
  });
};
