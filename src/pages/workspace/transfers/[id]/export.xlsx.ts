import type { APIRoute } from 'astro';
import { workbookResponse } from '../../../../lib/server/transfers/office-export';
import { templateRegistry, transferPractice } from '../../../../lib/server/transfers/practices';
import { findVisibleTransfer } from '../../../../lib/server/transfers/queries';

export const prerender = false;

/** The transfer as a workbook, one sheet per section with records; whoever may read the transfer may download it. */
export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const transfer = await findVisibleTransfer(locals.db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  return workbookResponse(locals.db, transfer, await templateRegistry(), await transferPractice(transfer));
};
