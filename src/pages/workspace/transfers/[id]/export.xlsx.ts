import type { APIRoute } from 'astro';
import { workbookResponse } from '../../../../lib/server/transfers/office-export';
import { getPractice, templateRegistry } from '../../../../lib/server/transfers/practices';
import { findVisibleTransfer } from '../../../../lib/server/transfers/queries';

export const prerender = false;

/** The transfer as a workbook, one sheet per section with records; whoever may read the transfer may download it. */
export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const transfer = await findVisibleTransfer(locals.db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  const practice = await getPractice(transfer.practiceId);
  return workbookResponse(locals.db, transfer, await templateRegistry(), { title: practice?.data.title ?? transfer.practiceId, features: practice?.data.coreFeatures ?? [] });
};
