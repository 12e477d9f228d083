/**
 * The PDF worker thread (started by pdf-renderer.ts): lays out one document at a time and posts its bytes back,
 * so that the server's own thread keeps answering while a large PDF is made.
 */
import { parentPort } from 'node:worker_threads';
import { layoutPdf, type PdfDefinition } from './pdf-layout.ts';

export type PdfJob = { id: number; definition: PdfDefinition; compress: boolean };
export type PdfAnswer = { ready: true } | { id: number; bytes: Uint8Array } | { id: number; error: string };

parentPort?.on('message', async ({ id, definition, compress }: PdfJob) => {
  let answer: PdfAnswer;
  try {
    // A copy of its own, so that its memory moves to the server thread instead of being copied again.
    const bytes = new Uint8Array(await layoutPdf(definition, compress));
    answer = { id, bytes };
    parentPort!.postMessage(answer, [bytes.buffer]);
  } catch (error) {
    answer = { id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    parentPort!.postMessage(answer);
  }
});

// Loaded (pdfmake and its fonts' paths): a document's time limit counts from here, not from the thread's start.
parentPort?.postMessage({ ready: true } satisfies PdfAnswer);
