/**
 * Where PDFs are made: in a worker thread, because pdfmake's layout is seconds of synchronous work for a large
 * transfer (800 SWOT items and 200 actions: about 2 s on a busy 2-core machine), during which the server's one
 * thread would answer nobody. The work is bounded: one worker by default, started on the first PDF and kept; a few
 * documents may wait for it, more are refused at once; a document that takes too long is stopped, its worker
 * ended and replaced. See docs/decisions/0012-pdf.md.
 */
import { Worker } from 'node:worker_threads';
import type { PdfDefinition } from './pdf-layout.ts';
import type { PdfAnswer, PdfJob } from './pdf-worker.ts';

/**
 * Why no PDF was made, and when to ask again: the route answers 503 with the reason in the reader's words
 * (documents.ts); the English message is for logs, since the timer that rejects runs outside the request.
 */
export class PdfUnavailable extends Error {
  constructor(
    readonly reason: 'busy' | 'too-slow' | 'too-large',
    message: string,
    readonly retryAfterSeconds: number,
    /** For 'too-slow': the time limit the document passed. */
    readonly limitSeconds?: number,
  ) {
    super(message);
    this.name = 'PdfUnavailable';
  }
}

export type PdfRendererOptions = {
  /** Worker threads, each laying out one document at a time. */
  workers?: number;
  /** Documents that may wait for a free worker; one more is refused. */
  maxWaiting?: number;
  /** How long one document may take to lay out before its worker is ended. */
  timeLimitMs?: number;
  /** The worker's heap: a document that needs more ends its worker instead of growing the server's memory. */
  memoryLimitMb?: number;
};

type Waiting = PdfJob & { resolve: (bytes: Buffer) => void; reject: (error: Error) => void };
type Slot = { worker?: Worker; ready?: boolean; job?: Waiting; timer?: NodeJS.Timeout };

// Built, the worker is its own chunk: the build's server-workers plugin (src/integrations/server-workers.ts)
// rewrites this URL to the emitted file. In tests Node runs the TypeScript source directly.
const workerUrl = new URL('./pdf-worker.ts', import.meta.url);

export function createPdfRenderer({ workers = 1, maxWaiting = 4, timeLimitMs = 30_000, memoryLimitMb = 512 }: PdfRendererOptions = {}) {
  const slots: Slot[] = Array.from({ length: workers }, () => ({}));
  const waiting: Waiting[] = [];
  let nextId = 0;
  const seconds = timeLimitMs / 1000;

  function start(slot: Slot): Worker {
    const worker = new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: memoryLimitMb } });
    worker.on('message', (answer: PdfAnswer) => {
      if (slot.worker !== worker) return; // ended for taking too long: whatever it still says comes too late
      if ('ready' in answer) return void ((slot.ready = true), slot.job && startClock(slot, slot.job));
      const job = slot.job;
      if (!job || job.id !== answer.id) return;
      finish(slot);
      if ('bytes' in answer) job.resolve(Buffer.from(answer.bytes.buffer, answer.bytes.byteOffset, answer.bytes.byteLength));
      else job.reject(new Error(`pdfmake could not make the PDF: ${answer.error}`));
    });
    // A worker that dies (out of memory, a crash in pdfmake) fails its document; the next one gets a new worker.
    const stopped = (cause: unknown) => {
      if (slot.worker !== worker) return;
      const job = slot.job;
      slot.worker = undefined;
      finish(slot);
      if ((cause as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY')
        job?.reject(new PdfUnavailable('too-large', 'This PDF is too large to make here. The print view shows the same content.', 60));
      else job?.reject(new Error('The PDF worker stopped', { cause }));
    };
    worker.on('error', stopped);
    worker.on('exit', (code) => stopped(`exit code ${code}`));
    return worker;
  }

  /** The document's time limit, from when its worker is ready: a slow document ends its worker, the next starts a new one. */
  function startClock(slot: Slot, job: Waiting) {
    slot.timer = setTimeout(() => {
      void slot.worker?.terminate();
      slot.worker = undefined;
      finish(slot);
      job.reject(new PdfUnavailable('too-slow', `This PDF took longer than ${seconds} s to make and was stopped. The print view shows the same content.`, 60, seconds));
    }, timeLimitMs);
  }

  function run(slot: Slot, job: Waiting) {
    if (!slot.worker) {
      slot.worker = start(slot);
      slot.ready = false;
    }
    slot.job = job;
    // A worker keeps the process alive only while it has work: an idle one must not stop a script from ending.
    slot.worker.ref();
    if (slot.ready) startClock(slot, job);
    const { resolve: _r, reject: _j, ...message } = job;
    try {
      slot.worker.postMessage(message);
    } catch (error) {
      // A definition that cannot be cloned (a function in it) is a bug here, not a reason to stall the queue.
      finish(slot);
      job.reject(new Error('The PDF definition is not plain data', { cause: error }));
    }
  }

  function finish(slot: Slot) {
    clearTimeout(slot.timer);
    slot.job = slot.timer = undefined;
    slot.worker?.unref();
    const next = waiting.shift();
    if (next) run(slot, next);
  }

  return {
    /** The PDF's bytes; rejects with PdfUnavailable when too many wait, or the document takes too long or too much memory. */
    render(definition: PdfDefinition, compress: boolean): Promise<Buffer> {
      return new Promise((resolve, reject) => {
        const job: Waiting = { id: ++nextId, definition, compress, resolve, reject };
        const free = slots.find((s) => !s.job);
        if (free) return run(free, job);
        if (waiting.length >= maxWaiting) return reject(new PdfUnavailable('busy', 'Too many PDFs are being made right now. Please try again in a minute.', 10));
        waiting.push(job);
      });
    },
    /** Ends the workers (tests). Documents still waiting or being made are refused. */
    async close() {
      for (const job of waiting.splice(0)) job.reject(new Error('The PDF renderer was closed'));
      await Promise.all(
        slots.map(async (slot) => {
          const { worker, job } = slot;
          slot.worker = undefined;
          clearTimeout(slot.timer);
          slot.job = slot.timer = undefined;
          job?.reject(new Error('The PDF renderer was closed'));
          await worker?.terminate();
        }),
      );
    },
  };
}

export type PdfRenderer = ReturnType<typeof createPdfRenderer>;
