/**
 * The reason phrase of on-demand answers. Astro starts every page's response as `200 OK` and, when a page sets only
 * `Astro.response.status`, keeps the status text "OK" (it corrects it for the 404 and 500 pages alone); the Node
 * adapter then writes that text as the reason phrase: `HTTP/1.1 409 OK`. Such a response gets Node's phrase for
 * its code. A response built with its own text (or none: Node then fills in the standard one) is left alone.
 */
import { STATUS_CODES } from 'node:http';

export function withReasonPhrase(response: Response): Response {
  if (response.status === 200 || response.statusText !== 'OK') return response;
  // Same body stream and headers; Astro attaches its cookies to whatever response the middleware returns.
  return new Response(response.body, { status: response.status, statusText: STATUS_CODES[response.status] ?? '', headers: response.headers });
}
