import type { APIRoute } from 'astro';
import { sectionCsvResponse } from '../../../../../lib/server/transfers/office-export';
import { templateRegistry, transferPractice } from '../../../../../lib/server/transfers/practices';
import { findVisibleTransfer } from '../../../../../lib/server/transfers/queries';
import { csvDelimiterOf } from '../../../../../lib/server/transfers/section-csv';

export const prerender = false;

/** One section's records as CSV (`?delimiter=comma`, else semicolons; see section-csv.ts); readers of the transfer may download it. */
export const GET: APIRoute = async ({ params, locals, rewrite, url }) => {
  const transfer = await findVisibleTransfer(locals.db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  const response = await sectionCsvResponse(locals.db, transfer, await templateRegistry(), await transferPractice(transfer), params.section ?? '', csvDelimiterOf(url.searchParams.get('delimiter')));
  return response ?? rewrite('/workspace/not-found/');
};
