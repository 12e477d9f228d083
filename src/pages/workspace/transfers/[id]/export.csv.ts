import type { APIRoute } from 'astro';
import { exportCsv } from '../../../../lib/server/transfers/export';
import { findVisibleTransfer, listAllEntries } from '../../../../lib/server/transfers/queries';
import { templateRegistry } from '../../../../lib/server/transfers/practices';

export const prerender = false;

export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const db = locals.db;
  const transfer = await findVisibleTransfer(db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  // The action plan: the template whose sections hold the actions (none, no plan to export).
  const templates = await templateRegistry();
  const plan = templates.sectionWithRole('actions')?.kind;
  if (!plan) return rewrite('/workspace/not-found/');
  const entries = (await listAllEntries(db, transfer.id)).filter((e) => e.template === plan);
  return new Response(exportCsv(entries, templates.sections), {
    headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${plan}-${transfer.id}.csv"` },
  });
};
