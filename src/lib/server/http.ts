/** Small helpers for on-demand pages that handle their own form posts (POST → redirect → GET). */
import type { AstroGlobal } from 'astro';
import { siteUrl } from '../site-url.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Methods that never change state (state never changes on GET). */
export const isSafeMethod = (method: string) => safeMethods.has(method);

/**
 * The methods the portal answers: pages are read (GET, HEAD) and forms posted (POST); OPTIONS only says so. Any
 * other (TRACE, PUT, PROPFIND, …) is refused with 405 before it reaches the pages: the platform's Request cannot
 * even be built for some of them (TRACE, CONNECT), which used to end in a 500.
 */
export const allowedMethods = 'GET, HEAD, POST';
export const isAllowedMethod = (method: string) => method === 'GET' || method === 'HEAD' || method === 'POST' || method === 'OPTIONS';
export const methodNotAllowedMessage = 'This address answers GET and POST requests only.';

/** The largest form body the workspace accepts (1 MiB); astro.config.mjs gives the adapter the same limit. */
export const formBodyLimit = 1024 * 1024;

/** What a person is told when a form is over the limit. Without JavaScript the browser's Back button returns to the form with the text in it. */
export const formTooLargeMessage = 'This form is larger than the workspace accepts (1 MiB). Go back to the form: what you typed is still there. Shorten the longest text and save again.';
export const notAFormMessage = 'This address accepts form submissions only.';
export const unreadableFormMessage = 'This form could not be read (its body does not match its Content-Type). Go back to the form and save again.';

/**
 * What a Content-Type header says a body is, parsed as RFC 9110 writes a media type (type "/" subtype, then
 * `; name=value` parameters, values a token or a quoted string), not matched as a prefix: a prefix match let
 * `application/x-www-form-urlencoded-foo` through to a save. 'multipart-without-boundary' is a multipart body that
 * no parser can split. Anything malformed is `undefined`, like a body that is not a form.
 */
export function formTypeOf(contentType: string | null | undefined): 'urlencoded' | 'multipart' | 'multipart-without-boundary' | undefined {
  const mediaType = parseMediaType(contentType ?? '');
  if (mediaType?.type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (mediaType?.type !== 'multipart/form-data') return undefined;
  const boundary = mediaType.parameters.get('boundary');
  // RFC 2046: 1 to 70 characters, not ending in a space.
  return boundary && boundary.length <= 70 && !boundary.endsWith(' ') ? 'multipart' : 'multipart-without-boundary';
}

const isTokenChar = (c: string | undefined) => !!c && /[!#$%&'*+.^_`|~0-9A-Za-z-]/.test(c);
const isQuotedChar = (c: string) => c === '\t' || (c >= ' ' && c !== '\x7f');

/** A media type, lower-cased, and its parameters (names lower-cased, quoted values unquoted); undefined if malformed or a parameter repeats. */
export function parseMediaType(header: string): { type: string; parameters: Map<string, string> } | undefined {
  let i = 0;
  const skipSpace = () => {
    while (header[i] === ' ' || header[i] === '\t') i++;
  };
  const readToken = () => {
    const start = i;
    while (isTokenChar(header[i])) i++;
    return header.slice(start, i);
  };
  skipSpace();
  const type = readToken();
  if (!type || header[i++] !== '/') return undefined;
  const subtype = readToken();
  if (!subtype) return undefined;
  const parameters = new Map<string, string>();
  for (;;) {
    skipSpace();
    if (i === header.length) break;
    if (header[i++] !== ';') return undefined;
    skipSpace();
    // Empty parameters (`;;`, a trailing `;`) are allowed by the grammar.
    if (i === header.length || header[i] === ';') continue;
    const name = readToken().toLowerCase();
    if (!name || header[i++] !== '=') return undefined;
    let value = '';
    if (header[i] === '"') {
      for (i++; header[i] !== '"'; i++) {
        if (header[i] === '\\') i++;
        if (i >= header.length || !isQuotedChar(header[i])) return undefined;
        value += header[i];
      }
      i++;
    } else if (!(value = readToken())) return undefined;
    // Two boundaries (or charsets) would let two parsers disagree about the same body.
    if (parameters.has(name)) return undefined;
    parameters.set(name, value);
  }
  return { type: `${type}/${subtype}`.toLowerCase(), parameters };
}

/** Writes carry a form (URL-encoded, or multipart with a boundary); anything else is not something our pages can read. */
export function isFormBody(method: string, contentType: string | null | undefined): boolean {
  const type = formTypeOf(contentType);
  return safeMethods.has(method) || type === 'urlencoded' || type === 'multipart';
}

/**
 * CSRF, second line after the Origin check: browsers say where a request comes from (Sec-Fetch-Site). A write from
 * another site is refused; a missing header (older browsers, scripts) leaves the decision to the Origin check.
 */
export function isCrossSiteWrite(method: string, secFetchSite: string | null | undefined): boolean {
  return !safeMethods.has(method) && !!secFetchSite && secFetchSite !== 'same-origin' && secFetchSite !== 'none';
}

/**
 * A posted form: its text fields, repeatable (checkboxes). URLSearchParams, because that is also what the direct
 * save path parses a body into, so a form reads the same whichever path answers.
 */
export type PostedForm = URLSearchParams;

/** A form that cannot be read: too large, not a form, or a body that does not parse as its Content-Type says. */
export class FormReadError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

/**
 * The one way to read a posted form: its text fields (files are not accepted anywhere in the workspace). The body
 * is read up to formBodyLimit and no further, whether or not it declared a length (a chunked one does not). Throws
 * FormReadError, which the middleware answers with its status and message.
 */
export async function readForm(request: Request): Promise<PostedForm> {
  const contentType = request.headers.get('content-type');
  const type = formTypeOf(contentType);
  if (type === 'multipart-without-boundary') throw new FormReadError(400, unreadableFormMessage);
  if (!type) throw new FormReadError(415, notAFormMessage);
  const bytes = await readLimited(request.body, formBodyLimit);
  if (type === 'urlencoded') return new URLSearchParams(new TextDecoder().decode(bytes));
  let data: FormData;
  try {
    data = await new Response(bytes, { headers: { 'Content-Type': contentType! } }).formData();
  } catch {
    throw new FormReadError(400, unreadableFormMessage);
  }
  const form = new URLSearchParams();
  for (const [key, value] of data) if (typeof value === 'string') form.append(key, value);
  return form;
}

/** The body's bytes, stopping (and cancelling the rest) as soon as it passes `limit`. */
export async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (error) {
      // The Node adapter enforces the same limit on its side, and errors the stream when it is passed.
      if (error instanceof Error && /body size limit/i.test(error.message)) throw new FormReadError(413, formTooLargeMessage);
      throw error;
    }
    if (step.done) break;
    size += step.value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => {});
      throw new FormReadError(413, formTooLargeMessage);
    }
    chunks.push(step.value);
  }
  const bytes = new Uint8Array(size);
  chunks.reduce((at, chunk) => (bytes.set(chunk, at), at + chunk.byteLength), 0);
  return bytes;
}

/** A form as one string per field (the last, if a field repeats), for commands that take plain values. */
export const formValues = (form: PostedForm): Record<string, string> => Object.fromEntries(form);

/**
 * The address links in e-mails point to: PUBLIC_SITE_URL, or where this server listens. Never the request's Host
 * header, which anyone can forge to plant their own address in a password-reset or review e-mail.
 */
export function publicOrigin(): string {
  return siteUrl().replace(/\/$/, '');
}

export const clientIp = (Astro: Pick<AstroGlobal, 'clientAddress'>) => {
  try {
    return Astro.clientAddress;
  } catch {
    return 'unknown';
  }
};

/**
 * Characters that have no place in a path we redirect to: controls and whitespace (a browser strips tabs and
 * newlines before it parses, so `/\t/evil.example/` is `//evil.example/` to it; CR and LF also make the Location
 * header throw, after the session was made), invisible format characters, and backslashes (read as `/`).
 */
const unsafeInPath = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u;

/**
 * A same-origin path to return to after sign-in; anything else falls back to the workspace. Parsed with the URL
 * API against the site's own origin, as the browser will resolve the Location header, and given back as the parsed
 * path, query and fragment (so percent-encoded, fit for a header): `/a/..//evil` parses to `//evil`, and is refused.
 */
export function safeNextPath(next: string | null | undefined, origin = publicOrigin()): string {
  const fallback = '/workspace/';
  if (!next || !next.startsWith('/') || next.startsWith('//') || unsafeInPath.test(next)) return fallback;
  const base = new URL(origin);
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin || !url.pathname.startsWith('/') || url.pathname.startsWith('//')) return fallback;
  return url.pathname + url.search + url.hash;
}
