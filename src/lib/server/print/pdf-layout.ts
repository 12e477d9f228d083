/**
 * pdfmake itself: the one place that lays a document definition out into PDF bytes. It runs inside the PDF worker
 * (pdf-worker.ts), off the server's thread, so it imports nothing of the portal: only pdfmake and Node. Node runs
 * this file as it is (type stripping), in tests; the build bundles it into the worker's own chunk.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';

/**
 * A document definition as plain data, so that it can be posted to the worker (structured clone): pdfmake's one
 * callback the portal uses, the page footer, is described by `pageFooter` and made into a function here.
 */
export type PdfDefinition = Record<string, unknown> & {
  /**
   * Printed at the foot of every page: `prefix`, then `pages` ("Page {{page}} of {{pages}}", already in the reader's
   * language: the worker has no catalogue, and no request whose language it could read).
   */
  pageFooter?: { prefix: string; pages?: string; style: string; margin: number[] };
};

const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve('pdfmake/fonts/Roboto/Roboto-Regular.ttf'));
let ready = false;
/** pdfmake is one object per thread: given its fonts once, and no access to anything but them. */
function printer() {
  if (!ready) {
    pdfmake.setFonts({ Roboto: { normal: `${fontDir}/Roboto-Regular.ttf`, bold: `${fontDir}/Roboto-Medium.ttf`, italics: `${fontDir}/Roboto-Italic.ttf`, bolditalics: `${fontDir}/Roboto-MediumItalic.ttf` } });
    // Documents carry no images or links to load: nothing on the network, nothing on disk but the fonts.
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontDir));
    ready = true;
  }
  return pdfmake;
}

/** The PDF's bytes, laid out on the calling thread. `compress: false` leaves the page streams readable. */
export async function layoutPdf({ pageFooter, ...definition }: PdfDefinition, compress: boolean): Promise<Uint8Array> {
  const pagesText = (page: number, pages: number) => (pageFooter?.pages ?? 'Page {{page}} of {{pages}}').replace('{{page}}', String(page)).replace('{{pages}}', String(pages));
  const footer = pageFooter && ((page: number, pages: number) => ({ text: `${pageFooter.prefix}${pagesText(page, pages)}`, style: pageFooter.style, margin: pageFooter.margin }));
  const bytes: Buffer = await printer().createPdf({ ...definition, ...(footer ? { footer } : {}), compress }).getBuffer();
  return bytes;
}
