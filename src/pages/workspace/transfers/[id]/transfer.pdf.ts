import type { APIRoute } from 'astro';
import { pdfResponse, pdfUnavailableResponse, transferPdf } from '../../../../lib/server/print/documents';
import { templateRegistry, transferPractice } from '../../../../lib/server/transfers/practices';
import { findVisibleTransfer } from '../../../../lib/server/transfers/queries';

export const prerender = false;

/** The whole transfer as it is now, as a PDF: what the print view shows, for the transfer's readers. */
export const GET: APIRoute = async ({ params, locals, rewrite }) => {
  const transfer = await findVisibleTransfer(locals.db, locals.actor, params.id ?? '');
  if (!transfer) return rewrite('/workspace/not-found/');
  const practice = await transferPractice(transfer);
  const registry = await templateRegistry();
  return transferPdf(locals.db, transfer, practice, registry).then(
    (pdf) => pdfResponse(pdf, `transfer-${transfer.id}.pdf`),
    pdfUnavailableResponse,
  );
};
