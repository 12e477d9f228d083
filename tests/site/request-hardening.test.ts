/**
 * Requests an outside tester sent the running server, each of which used to end in a 500 (or, for `?next=`, in a
 * redirect off the site): every one now gets a 4xx with a plain message, and none of them saves anything.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.ts';
import { requireBuild } from '../support/site.ts';
import { demoPassword, startServer } from '../support/server.ts';
import { demoTransferId, serverRow } from '../support/server-db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let cookie: string;
let transferId: string;
const count = async (table: 'session' | 'entry') => (await serverRow<{ n: number }>(server, sql`select count(*) as n from ${sql.identifier(table)}`))!.n;
/** How many sessions and records the server's database holds. */
const counts = async () => [await count('session'), await count('entry')];
const formFor = (path: string) =>
  path.includes('/swot/')
    ? new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': 'Should not be saved', 'f.impact': '3' }).toString()
    : new URLSearchParams({ email: 'editor@demo.example', password: demoPassword }).toString();

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  cookie = await server.signIn('editor@demo.example');
  transferId = await demoTransferId(server);
}, 60_000);
afterAll(async () => server?.stop());

const onDemandPaths = ['/workspace/', '/workspace/transfers/', '/sign-in/', '/admin/', '/admin/users/', '/forgot-password/', '/reset-password/x/', '/invitations/x/', '/sign-out/'];

describe('methods the portal does not answer', () => {
  for (const method of ['TRACE', 'TRACK', 'CONNECT', 'PROPFIND', 'PUT', 'DELETE', 'PATCH', 'get', 'post', 'FOO'])
    it(`${method} gets a 405 naming the methods that work, on every on-demand path`, async () => {
      for (const path of onDemandPaths) {
        const res = await rawRequest(server.url, { method, path, headers: { Cookie: cookie, Origin: server.url } });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.allow, `${method} ${path}`).toBe('GET, HEAD, POST');
        expect(res.body).toBe('This address answers GET and POST requests only.');
      }
    });

  it('OPTIONS says which methods work', async () => {
    const res = await rawRequest(server.url, { method: 'OPTIONS', path: '/sign-in/' });
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
  });
});

describe('bodies that are not a form the pages can read', () => {
  const paths = () => ['/sign-in/', `/workspace/transfers/${transferId}/swot/`];
  const post = (path: string, type: string, body = formFor(path)) => rawRequest(server.url, { method: 'POST', path, headers: { Cookie: cookie, Origin: server.url, 'Content-Type': type }, body });

  it('multipart/form-data without a boundary gets a 400 that says the form could not be read, saving nothing', async () => {
    const [sessions, entries] = await counts();
    for (const path of paths()) {
      const res = await post(path, 'multipart/form-data');
      expect(res.status, path).toBe(400);
      expect(res.body).toContain('This form could not be read');
    }
    // With a boundary but a body that is not multipart: the same answer, from the page's reading of the form.
    expect((await post('/sign-in/', 'multipart/form-data; boundary=xyz')).status).toBe(400);
    expect(await counts()).toEqual([sessions, entries]);
  });

  it('a media type that only begins like a form’s gets a 415, on the pages and on the direct save path', async () => {
    const [sessions, entries] = await counts();
    for (const type of ['application/x-www-form-urlencoded-foo', 'application/x-www-form-urlencodedx; charset=utf-8', 'multipart/form-data-x; boundary=a'])
      for (const path of paths()) {
        const res = await post(path, type);
        expect(res.status, `${type} ${path}`).toBe(415);
        expect(res.body).toBe('This address accepts form submissions only.');
      }
    expect(await counts()).toEqual([sessions, entries]);
    // The exact type, with the charset browsers add, still saves.
    expect((await post(`/workspace/transfers/${transferId}/swot/`, 'application/x-www-form-urlencoded;charset=UTF-8')).status).toBe(303);
  });

  it('a 2 MiB chunked body (no Content-Length) gets the 413 message, not a 500 or a reset, and saves nothing', async () => {
    const [sessions, entries] = await counts();
    for (const path of [...paths(), '/forgot-password/', '/workspace/account/']) {
      const res = await rawRequest(server.url, { method: 'POST', path, headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, chunked: { size: 2 * 1024 * 1024 } });
      expect(res.status, path).toBe(413);
      expect(res.body).toContain('This form is larger than the workspace accepts (1 MiB).');
    }
    expect(await counts()).toEqual([sessions, entries]);
    // fetch streams its body chunked too.
    const body = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 32; i++) controller.enqueue(new TextEncoder().encode('a='.padEnd(64 * 1024, 'x')));
        controller.close();
      },
    });
    const res = await fetch(`${server.url}/sign-in/`, { method: 'POST', headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });
});

describe('where sign-in sends you', () => {
  const signIn = (next: string) =>
    fetch(`${server.url}/sign-in/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: 'viewer@demo.example', password: demoPassword, next }),
    });
  /** Where a browser goes: it strips tabs and newlines from a URL before resolving it. */
  const landsOn = (location: string | null) => new URL(location!.replace(/[\t\n\r]/g, ''), server.url);

  it('a next path holding a newline, CR, CRLF, a tab, U+2028 or U+3002 still signs you in, with a cookie', async () => {
    for (const next of ['/workspace/\n', '/workspace/\r', '/workspace/\r\nSet-Cookie: a=b', '/work\tspace/', '/workspace/\u2028', '/workspace/\u3002', '/\u3002evil.example/']) {
      const res = await signIn(next);
      expect(res.status, JSON.stringify(next)).toBe(303);
      expect(res.headers.getSetCookie().some((c) => c.startsWith('session=')), JSON.stringify(next)).toBe(true);
      expect(landsOn(res.headers.get('location')).origin).toBe(server.url);
    }
  });

  it('never leaves the site, signing in or already signed in', async () => {
    const viewer = await server.signIn('viewer@demo.example');
    for (const next of ['/\t/evil.example/', '//evil.example/', '/\\evil.example/', '\\/evil.example/', 'https://evil.example/', '/\n/evil.example/', '/workspace/..//evil.example/', 'javascript:alert(1)', '/%2F%2Fevil.example/', '/@evil.example/']) {
      const posted = await signIn(next);
      expect(posted.status).toBe(303);
      expect(landsOn(posted.headers.get('location')).origin, `POST next=${JSON.stringify(next)}`).toBe(server.url);
      const res = await fetch(`${server.url}/sign-in/?next=${encodeURIComponent(next)}`, { redirect: 'manual', headers: { Cookie: viewer } });
      expect(res.status).toBe(303);
      expect(landsOn(res.headers.get('location')).origin, `GET next=${JSON.stringify(next)}`).toBe(server.url);
    }
    // The reported address, exactly as sent.
    const res = await fetch(`${server.url}/sign-in/?next=%2F%09%2Fevil.example%2F`, { redirect: 'manual', headers: { Cookie: viewer } });
    expect(res.headers.get('location')).toBe('/workspace/');
    // A path of the site is kept.
    const kept = await signIn('/workspace/notifications/?page=2');
    expect(kept.headers.get('location')).toBe('/workspace/notifications/?page=2');
  });
});
