/**
 * A request written byte for byte on a socket, for what fetch refuses to send (TRACE, CONNECT, lowercase or made-up
 * methods, chunked bodies of a chosen size, contradictory lengths), with a timeout so a hang fails instead of waiting.
 */
import { connect } from 'node:net';

/** `reason`: the status line's reason phrase ("Conflict" in `HTTP/1.1 409 Conflict`). */
export type RawResponse = { status: number; reason: string; headers: Record<string, string>; body: string };

/**
 * `chunked` sends `size` bytes of `a=aaaa…` in chunks (or `body`, chunked, when no size is given); `endAfterWrite` half-closes the socket once
 * everything is written, as a client does that sent a shorter body than its Content-Length and gave up.
 */
export type RawRequest = { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: { size?: number; chunk?: number }; endAfterWrite?: boolean };

/** Resolves with the parsed response, or rejects on a reset, a closed socket without an answer, or `timeoutMs`. */
export function rawRequest(url: string, request: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const received: Buffer[] = [];
    const timer = setTimeout(() => (socket.destroy(), reject(new Error(`no answer within ${timeoutMs} ms: ${request.method} ${request.path}`))), timeoutMs);
    socket.on('data', (chunk) => {
      received.push(chunk);
      const answer = parse(Buffer.concat(received), request.method === 'HEAD');
      if (answer) (clearTimeout(timer), socket.destroy(), resolve(answer));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      // A server may answer before it has read the whole body, then close: what it said still counts.
      const answer = parse(Buffer.concat(received), true);
      if (answer) resolve(answer);
      else reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const answer = parse(Buffer.concat(received), true);
      if (answer) resolve(answer);
      else reject(new Error(`connection closed without an answer: ${request.method} ${request.path}`));
    });
    // Keep-alive, as browsers send: the socket is closed here once the answer is in, and the server need not close it under a body still arriving.
    const headers: Record<string, string> = { Host: `${hostname}:${port}`, ...request.headers };
    const body = typeof request.body === 'string' ? Buffer.from(request.body) : request.body;
    if (request.chunked) headers['Transfer-Encoding'] = 'chunked';
    else if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = String(body.length);
    socket.write(`${request.method} ${request.path} HTTP/1.1\r\n${Object.entries(headers).map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`);
    const written = request.chunked ? writeChunks(socket, request.chunked.size === undefined ? body ?? Buffer.alloc(0) : request.chunked.size, request.chunked.chunk ?? 64 * 1024) : Promise.resolve(body && socket.write(body));
    if (request.endAfterWrite) void written.then(() => socket.end());
  });
}

async function writeChunks(socket: import('node:net').Socket, what: number | Buffer, chunk: number) {
  const size = typeof what === 'number' ? what : what.length;
  const piece = Buffer.alloc(chunk, 'a');
  piece.write('a=');
  for (let sent = 0; sent < size && socket.writable; sent += chunk) {
    const part = typeof what === 'number' ? piece.subarray(0, Math.min(chunk, size - sent)) : what.subarray(sent, sent + chunk);
    if (!socket.write(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]))) await new Promise((r) => socket.once('drain', r));
  }
  if (socket.writable) socket.write('0\r\n\r\n');
}

/** A complete response (by Content-Length or chunked), or the head and whatever came, once the socket closed (or for HEAD, with no body). */
function parse(data: Buffer, closed = false): RawResponse | undefined {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const rest = data.subarray(end + 4);
  const status = Number(statusLine.split(' ')[1]);
  const reason = statusLine.split(' ').slice(2).join(' ');
  if (closed && rest.length === 0) return { status, reason, headers, body: '' };
  if (headers['content-length'] !== undefined) {
    const length = Number(headers['content-length']);
    return rest.length >= length ? { status, reason, headers, body: rest.subarray(0, length).toString('utf8') } : closed ? { status, reason, headers, body: rest.toString('utf8') } : undefined;
  }
  if (headers['transfer-encoding'] === 'chunked') {
    const text = rest.toString('latin1');
    if (!text.includes('\r\n0\r\n\r\n') && !text.startsWith('0\r\n\r\n') && !closed) return undefined;
    return { status, reason, headers, body: Buffer.from(text.replace(/(^|\r\n)[0-9a-f]+\r\n/g, ''), 'latin1').toString('utf8').replace(/\r\n$/, '') };
  }
  // No length: a 204/304, a HEAD answer, or the body runs to the close.
  return status === 204 || status === 304 || closed ? { status, reason, headers, body: rest.toString('utf8') } : undefined;
}
