/** A Node request as the request context reads it (src/lib/server/request-context.ts). */
import type { IncomingMessage } from 'node:http';
import type { RequestFacts } from '../lib/server/request-context.ts';

export function factsOf(req: IncomingMessage): RequestFacts {
  return { method: req.method ?? 'GET', pathname: (req.url ?? '').split('?')[0], header: (name) => headerValue(req.headers[name]) };
}

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(', ') : value);
