import type { APIRoute } from 'astro';
import { publicOrigin } from '../../../../../../lib/server/http';
import { pdfResponse, pdfUnavailableResponse, versionPdf } from '../../../../../../lib/server/print/documents';
import { templateRegistry, transferPractice } from '../../../../../../lib/server/transfers/practices';
import { findVisibleTransfer } from '../../../../../../lib/server/transfers/queries';

export const prerender = false;

/** A submitted version of a review stage as a PDF: the archived, citable copy of what was reviewed, for the transfer's readers. */
export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const registry = await templateRegistry();
  const stage = registry.stage(params.stage);
  const number = /^[1-9][0-9]{0,5}$/.test(params.n ?? '') ? Number(params.n) : undefined;
  const transfer = await findVisibleTransfer(locals.db, locals.actor, params.id ?? '');
  if (!transfer || !stage || number === undefined) return rewrite('/workspace/not-found/');
  const practice = await transferPractice(transfer);
  let pdf: Buffer | undefined;
  try {
    pdf = await versionPdf(locals.db, transfer, stage, number, practice, registry, publicOrigin());
  } catch (error) {
    return pdfUnavailableResponse(error);
  }
  if (!pdf) return rewrite('/workspace/not-found/');
  return pdfResponse(pdf, `${transfer.id}-${stage.id}-v${number}.pdf`);
};
