import type { APIRoute } from 'astro';
import { csvExportResponse } from '../../../../lib/server/transfers/export';
import { findVisibleTransfer } from '../../../../lib/server/transfers/queries';
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
  // Streamed from the database a batch at a time: every record of the plan, however many, in one batch of memory.
  return csvExportResponse(db, transfer.id, plan, templates.templates.get(plan)!.sections);
};
