import { afterEach, describe, expect, it } from 'vitest';
import { pdfUnavailableResponse } from '../../src/lib/server/print/documents.ts';
import { layoutPdf, type PdfDefinition } from '../../src/lib/server/print/pdf-layout.ts';
import { createPdfRenderer, PdfUnavailable, type PdfRenderer } from '../../src/lib/server/print/pdf-renderer.ts';
import { compact, pdfText } from '../support/pdf-text.ts';

/** A document of the size of a transfer with 800 SWOT items (about 90 pages): seconds of layout. */
const large = (): PdfDefinition => ({
  info: { title: 'Large', creationDate: new Date('2026-12-07T00:00:00Z') },
  pageSize: 'A4',
  pageMargins: [40, 40, 40, 50],
  content: Array.from({ length: 800 }, (_, i) => ({
    stack: [
      { text: [{ text: 'Statement: ', bold: true }, `Finding number ${i + 1}: shared care plans are seen by every professional caring for the same person, at home and in hospital.`] },
      { text: [{ text: 'Related needs: ', bold: true }, 'One record for the person; no second login; the care coordinator is named in it.'] },
      { text: [{ text: 'Evidence: ', bold: true }, `Interviews with ${i % 17} teams, the regional survey of 2025 and the pilot's run chart.`] },
    ],
    margin: [0, 2, 0, 6],
    unbreakable: true,
  })),
  pageFooter: { prefix: 'Large · ', style: 'footer', margin: [40, 15, 40, 0] },
  defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
  styles: { footer: { fontSize: 7.5 } },
});
const small = (text = 'A small document'): PdfDefinition => ({ info: { creationDate: new Date('2026-12-07T00:00:00Z') }, content: [text], pageFooter: { prefix: '', style: 'footer', margin: [40, 15, 40, 0] } });

/** The longest wait between ticks of a 10 ms timer on this thread while `work` runs: how long a request would wait. */
async function maxGapWhile(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let gap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    gap = Math.max(gap, now - last);
    last = now;
  }, 10);
  try {
    await work();
    const now = performance.now();
    return Math.max(gap, now - last);
  } finally {
    clearInterval(timer);
  }
}

let renderers: PdfRenderer[] = [];
const renderer = (options?: Parameters<typeof createPdfRenderer>[0]) => {
  const r = createPdfRenderer(options);
  renderers.push(r);
  return r;
};
afterEach(async () => {
  await Promise.all(renderers.map((r) => r.close()));
  renderers = [];
});

describe('createPdfRenderer', () => {
  it('keeps the server’s thread answering while a large PDF is made', async () => {
    const pdfs = renderer();
    // Started once per process, as on the server's first PDF; what matters is every PDF after.
    await pdfs.render(small(), true);
    let bytes: Buffer | undefined;
    const inWorker = await maxGapWhile(async () => (bytes = await pdfs.render(large(), true)));
    // The same document laid out on this thread: what the worker spares every other request.
    const inThread = await maxGapWhile(() => layoutPdf(large(), true));
    console.log(`largest event-loop gap during a large PDF: ${Math.round(inThread)} ms on the thread, ${Math.round(inWorker)} ms with the worker`);
    expect(bytes!.subarray(0, 5).toString()).toBe('%PDF-');
    expect(inThread).toBeGreaterThan(200);
    expect(inWorker).toBeLessThan(200);
  });

  it('gives the same bytes as pdfmake on the thread, footer and page numbers included', async () => {
    const made = await renderer().render(small('Cite as: the same bytes'), false);
    expect(made.equals(Buffer.from(await layoutPdf(small('Cite as: the same bytes'), false)))).toBe(true);
    expect(compact(pdfText(made))).toContain('Page1of1');
  });

  it('lets a few documents wait for the worker and refuses one more at once, as busy', async () => {
    const pdfs = renderer({ maxWaiting: 2 });
    const first = pdfs.render(large(), true);
    const waiting = [pdfs.render(small('one'), true), pdfs.render(small('two'), true)];
    const refused = await pdfs.render(small('three'), true).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PdfUnavailable);
    expect((refused as PdfUnavailable).reason).toBe('busy');
    for (const pdf of await Promise.all([first, ...waiting])) expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('stops a document that takes longer than the time limit, and makes the next one with a new worker', async () => {
    const pdfs = renderer({ timeLimitMs: 500 });
    const slow = await pdfs.render(large(), true).catch((error: unknown) => error);
    expect(slow).toBeInstanceOf(PdfUnavailable);
    expect((slow as PdfUnavailable).reason).toBe('too-slow');
    expect((slow as Error).message).toBe('This PDF took longer than 0.5 s to make and was stopped. The print view shows the same content.');
    expect(compact(pdfText(await pdfs.render(small('Made after the slow one'), false)))).toContain('Madeaftertheslowone');
  });

  it('stops a document that needs more memory than the worker may have, and makes the next one', async () => {
    // 32 MB hold pdfmake, its fonts and a small document; four times the large one needs several times that.
    const pdfs = renderer({ memoryLimitMb: 32 });
    const content = (large().content as unknown[]).flatMap((item) => [item, item, item, item]);
    const huge = await pdfs.render({ ...large(), content }, true).catch((error: unknown) => error);
    expect(huge).toBeInstanceOf(PdfUnavailable);
    expect((huge as PdfUnavailable).reason).toBe('too-large');
    expect((await pdfs.render(small(), true)).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a definition that is not plain data, and goes on with the next', async () => {
    const pdfs = renderer();
    await expect(pdfs.render({ content: ['x'], footer: () => 'a function' }, true)).rejects.toThrow('not plain data');
    expect((await pdfs.render(small(), true)).subarray(0, 5).toString()).toBe('%PDF-');
  });
});

describe('pdfUnavailableResponse', () => {
  it('answers 503 with the reason in words and when to try again', async () => {
    const response = pdfUnavailableResponse(new PdfUnavailable('busy', 'Too many PDFs are being made right now. Please try again in a minute.', 10));
    expect(response.status).toBe(503);
    expect(response.headers.get('Retry-After')).toBe('10');
    expect(await response.text()).toBe('Too many PDFs are being made right now. Please try again in a minute.');
  });

  it('lets any other failure through to the error page', () => {
    expect(() => pdfUnavailableResponse(new Error('a bug'))).toThrow('a bug');
  });
});
