import type { APIRoute } from 'astro';
import { auditCsvStream, parseAuditFilter } from '../../lib/server/audit-log';
import { csvResponse } from '../../lib/server/csv';
import { canAdminister } from '../../lib/server/permissions';

export const prerender = false;

/** The audit log, filtered as the page's form filters it, as a CSV file (coordinators only, as every /admin route). */
export const GET: APIRoute = async ({ locals, url, rewrite }) => {
  if (!canAdminister(locals.actor)) return rewrite('/forbidden/');
  const { filter } = parseAuditFilter(url.searchParams);
  const day = new Date().toISOString().slice(0, 10);
  return csvResponse(auditCsvStream(locals.db, filter), `audit-log-${day}.csv`, { 'Cache-Control': 'no-store' });
};
