export const prerender = false;
/** One indicator's measurements as CSV, for everyone who may read the transfer. */
import type { APIRoute } from 'astro';
import { kpiCsvResponse } from '../../../../../lib/server/monitoring/kpi-csv';
import { findKpi } from '../../../../../lib/server/monitoring/measurements';
import { templateRegistry } from '../../../../../lib/server/transfers/practices';
import { findVisibleTransfer } from '../../../../../lib/server/transfers/queries';

export const GET: APIRoute = async ({ locals, params, rewrite }) => {
  const transfer = await findVisibleTransfer(locals.db, locals.actor, params.id ?? '');
  const kpi = transfer && (await findKpi(locals.db, transfer.id, await templateRegistry(), params.kpiId ?? ''));
  if (!transfer || !kpi) return rewrite('/workspace/not-found/');
  return kpiCsvResponse(locals.db, transfer.id, kpi.id, kpi.title);
};
