/**
 * Property: whatever is thrown at an on-demand route (any route file with `prerender = false`, and the direct save
 * path's URLs), by anyone, with whatever method, headers, body and query, the server answers with less than 500,
 * and answers in time. Seeded and bounded, so a failure is the same failure on every run (fast-check prints the
 * seed and the shrunk request).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { rawRequest, type RawRequest } from '../support/raw-http.ts';
import { actors, emails, onDemandRoutes, routeUrl, type ActorName } from '../support/routes.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, serverRow } from '../support/server-db.ts';

const runs = 500;
const perRequestTimeoutMs = 5_000;

let server: Awaited<ReturnType<typeof startServer>>;
const cookies: Partial<Record<ActorName, string>> = {};
let targets: string[] = [];

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  for (const [actor, email] of Object.entries(emails)) cookies[actor as ActorName] = await server.signIn(email);
  const transferId = await demoTransferId(server);
  const res = await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookies.editor!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'strengths', version: '0', 'f.statement': 'Fuzz target', 'f.impact': '3' }),
  });
  expect(res.status).toBe(303);
  const entryId = (await serverRow<{ id: string }>(server, sql`select id from entry where transfer_id = ${transferId} limit 1`))!.id;
  const ids = { transferId, entryId };
  // The direct save path answers the template pages and a record's edit page (src/server/direct-save.ts).
  const directSave = ['swot', 'needs-scope', 'maturity', 'action-plan'].map((kind) => `/workspace/transfers/${transferId}/${kind}/`);
  targets = [...onDemandRoutes.map((file) => routeUrl(file, ids)), ...directSave, `/workspace/transfers/${transferId}/entries/${entryId}/`];
}, 60_000);
afterAll(async () => server?.stop());

/** Text an attacker likes: separators, encodings, controls, lookalikes, and plain noise. */
const nasty = fc.oneof(
  fc.constantFrom('', '/', '//evil.example', '/\\evil', '/\t/evil.example/', '\r\n', '%0d%0a', '%00', '%', '%zz', '%E0%A4%A', '\u3002', '\u2028', '\u202e', '..', '../../etc/passwd', 'a'.repeat(5000), '🙂', '"', "'", '<script>', '=', '&', ';', 'javascript:alert(1)'),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.string({ maxLength: 40, unit: 'binary' }),
);

const formFields = ['intent', 'section', 'grouping', 'entryId', 'version', 'f.statement', 'f.impact', 'email', 'password', 'next', 'token', 'stage', 'form', 'outcome', 'submissionId', 'role', 'organisationId', 'body', 'id'];
const formArb = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...formFields), nasty), nasty), { maxLength: 8 });

const contentTypes = fc.oneof(
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded;charset=UTF-8',
    'application/x-www-form-urlencoded-foo',
    'application/x-www-form-urlencoded; charset',
    'multipart/form-data',
    'multipart/form-data; boundary=fuzzboundary',
    'multipart/form-data; boundary=a; boundary=b',
    'multipart/form-data; boundary=""',
    'text/plain',
    'application/json',
    '',
  ),
  nasty.map((s) => s.replace(/[\r\n\0]/g, '')),
);

const headerSafe = (s: string) => s.replace(/[^\t\x20-\x7e]/g, '');

const requestArb = fc.record({
  target: fc.nat(),
  query: fc.array(fc.tuple(fc.constantFrom('next', 'pending', 'page', 'saved', 'q', 'stage', 'signed-out'), nasty), { maxLength: 3 }),
  rawQuery: fc.constantFrom('', '&%', '&next=%2F%09%2Fevil.example%2F', '&next=%0d%0aSet-Cookie:x', '&&==', '&next=%E3%80%82'),
  method: fc.constantFrom('GET', 'GET', 'HEAD', 'POST', 'POST', 'POST', 'POST', 'OPTIONS', 'PUT', 'DELETE', 'TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'get', 'FOO'),
  actor: fc.constantFrom(...actors, 'forged', 'garbage', 'twice'),
  origin: fc.constantFrom('own', 'own', 'own', 'none', 'https://evil.example', 'null', ''),
  secFetchSite: fc.constantFrom(undefined, 'same-origin', 'none', 'cross-site', 'same-site', 'garbage'),
  contentType: contentTypes,
  form: formArb,
  bodyKind: fc.constantFrom('urlencoded', 'urlencoded', 'multipart', 'bytes', 'empty'),
  bytes: fc.uint8Array({ maxLength: 2048 }),
  length: fc.constantFrom('exact', 'exact', 'exact', 'chunked', 'chunked-oversize', 'shorter', 'longer', 'not-a-number', 'twice', 'negative'),
});
type Generated = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function toRaw(g: Generated): RawRequest {
  const base = targets[g.target % targets.length];
  const query = new URLSearchParams(g.query).toString() + g.rawQuery;
  const path = query ? `${base}?${query}` : base;
  const headers: Record<string, string> = {};
  const cookie = { forged: 'session=00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa', garbage: 'session=%ZZ; =; ;;', twice: `${cookies.editor}; ${cookies.viewer}` }[g.actor as string] ?? cookies[g.actor as ActorName];
  if (cookie) headers.Cookie = cookie;
  if (g.origin !== 'none') headers.Origin = g.origin === 'own' ? server.url : g.origin;
  if (g.secFetchSite) headers['Sec-Fetch-Site'] = g.secFetchSite;
  const contentType = headerSafe(g.contentType);
  if (contentType) headers['Content-Type'] = contentType;
  let body: Buffer;
  if (g.bodyKind === 'urlencoded') body = Buffer.from(new URLSearchParams(g.form).toString());
  else if (g.bodyKind === 'multipart') body = Buffer.from(g.form.map(([k, v]) => `--fuzzboundary\r\nContent-Disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${v}\r\n`).join('') + '--fuzzboundary--\r\n');
  else if (g.bodyKind === 'bytes') body = Buffer.from(g.bytes);
  else body = Buffer.alloc(0);
  const request: RawRequest = { method: g.method, path, headers, body };
  if (g.length === 'chunked') request.chunked = { chunk: 100 };
  if (g.length === 'chunked-oversize') request.chunked = { size: 1024 * 1024 + 4096 };
  if (g.length === 'shorter') headers['Content-Length'] = String(Math.max(0, body.length - 1));
  if (g.length === 'longer') (headers['Content-Length'] = String(body.length + 10)), (request.endAfterWrite = true);
  if (g.length === 'not-a-number') headers['Content-Length'] = '12abc';
  if (g.length === 'negative') headers['Content-Length'] = '-1';
  if (g.length === 'twice') headers['Content-Length'] = `${body.length}, ${body.length + 1}`;
  return request;
}

describe('hostile requests to every on-demand route', () => {
  it('never get a 5xx and never hang', async () => {
    expect(targets.length).toBeGreaterThan(onDemandRoutes.length);
    await fc.assert(
      fc.asyncProperty(requestArb, async (generated) => {
        const request = toRaw(generated);
        try {
          const res = await rawRequest(server.url, request, perRequestTimeoutMs);
          expect(res.status, `${request.method} ${request.path}`).toBeGreaterThanOrEqual(100);
          expect(res.status, `${request.method} ${request.path}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
        } catch (error) {
          // A client that sent less than it promised and hung up may get no answer. A method Node's parser refuses
          // (lowercase, unknown) leaves a body it cannot frame: answered, then closed, maybe under the client's
          // feet while it is still sending. A timeout, or a 5xx, is never fine.
          const unframed = !/^(GET|HEAD|POST|OPTIONS|PUT|DELETE|TRACE|PROPFIND)$/.test(request.method) && (!!request.chunked || !!request.body?.length);
          if ((request.endAfterWrite || unframed) && /closed without an answer|ECONNRESET|EPIPE/.test(String(error))) return;
          throw error;
        }
      }),
      { seed: 20261202, numRuns: runs, interruptAfterTimeLimit: 50_000, markInterruptAsFailure: true },
    );
    // And the server is still there, and logged no failure to render.
    expect((await fetch(`${server.url}/sign-in/`)).status).toBe(200);
    expect(server.output()).not.toMatch(/Could not render|Internal Server Error|Unhandled/);
  }, 60_000);
});
