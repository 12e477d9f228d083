/**
 * Reading a request's body on the server, for the direct save path and for the pages (which are handed the bytes
 * in `req.body`), so that a body is read up to formBodyLimit in one way, whether it declared a Content-Length or
 * came chunked without one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { formTooLargeMessage } from '../lib/server/http.ts';

/**
 * How much of an oversize body is read and dropped before answering 413. Closing a socket with unread bytes in it
 * makes a TCP reset, and the client then sees the reset instead of the answer; past this much, it is a client not
 * worth that courtesy.
 */
const drainLimit = 16 * 1024 * 1024;

/**
 * The whole body, or undefined when it is over `limit`: nothing past the limit is kept, the rest is read and
 * dropped (up to drainLimit). Events rather than `for await`, whose early exit destroys the request and its socket.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (outcome: () => void) => {
      req.off('data', onData).off('end', onEnd).off('error', onError).off('close', onClose);
      outcome();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > drainLimit) settle(() => (req.pause(), resolve(undefined)));
      else chunks.length = 0;
    };
    const onEnd = () => settle(() => resolve(size > limit ? undefined : Buffer.concat(chunks)));
    const onError = (error: Error) => settle(() => reject(error));
    const onClose = () => settle(() => reject(new Error('the client closed the connection before sending the whole body')));
    req.on('data', onData).on('end', onEnd).on('error', onError).on('close', onClose);
  });
}

/** The answer to a body over the limit, in the words the pages use; the connection is not reused. */
export function answerTooLarge(res: ServerResponse): void {
  res.writeHead(413, { Connection: 'close', 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(formTooLargeMessage);
}
