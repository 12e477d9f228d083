import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';
import { sql } from 'drizzle-orm';
import { startServer } from '../support/server.ts';
import { withServerDb } from '../support/server-db.ts';
import { rawRows } from '../../src/lib/server/db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  requireBuild();
  server = await startServer();
}, 60_000);
afterAll(async () => server?.stop());

const expected = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};

describe('every response', () => {
  for (const path of ['/', '/practices/shared-care-platform/', '/favicon.svg', '/pagefind/pagefind.js', '/sign-in/', '/workspace/', '/no-such-page/', '/visits/2022-05-11-southern-denmark-online-study-visit.ics']) {
    it(`${path} carries the security headers`, async () => {
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      for (const [name, value] of Object.entries(expected)) expect(res.headers.get(name), `${path} ${name}`).toBe(value);
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      // HSTS only over HTTPS (PUBLIC_SITE_URL=https://…); this test server is plain HTTP.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    });
  }

  it('keeps on-demand pages out of caches', async () => {
    const res = await fetch(`${server.url}/sign-in/`);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers an unknown page with the 404 page, not a stack trace', async () => {
    const res = await fetch(`${server.url}/workspace/../../etc/passwd`);
    expect([404, 303]).toContain(res.status);
    const page = await (await fetch(`${server.url}/no-such-page/`)).text();
    expect(page).toContain('Page not found');
    expect(page).not.toMatch(/at .*\.(m?js|ts):\d+/);
  });
});

describe('over HTTPS', () => {
  it('adds HSTS and names the session cookie __Host-session, Secure', async () => {
    const secure = await startServer({ PUBLIC_SITE_URL: 'https://portal.example' });
    try {
      const res = await fetch(`${secure.url}/`);
      expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      const signIn = await fetch(`${secure.url}/sign-in/`, {
        method: 'POST',
        redirect: 'manual',
        // Behind the TLS-terminating proxy the browser's Origin is the public address, not this socket's.
        headers: { Origin: 'https://portal.example', 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ email: 'editor@demo.example', password: 'demo password for tests' }),
      });
      const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('__Host-session='));
      expect(cookie).toBeDefined();
      expect(cookie).toMatch(/; Secure/i);
      expect(cookie).toMatch(/; HttpOnly/i);
      expect(cookie).toMatch(/; SameSite=Lax/i);
      expect(cookie).toMatch(/; Path=\//i);
      expect(cookie).not.toMatch(/Domain=/i);
    } finally {
      await secure.stop();
    }
  });
});

describe('links in e-mails', () => {
  it('never take their address from a forged Host header', async () => {
    const { request } = await import('node:http');
    const url = new URL(`${server.url}/forgot-password/`);
    const body = new URLSearchParams({ email: 'viewer@demo.example' }).toString();
    const viewerMails = () => withServerDb(server, (db) => rawRows<{ text: string }>(db, sql`select text from mail_message where "to" = 'viewer@demo.example' order by id`));
    const before = (await viewerMails()).length;
    const status = await new Promise<number>((done, fail) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { Host: 'evil.example', Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      });
      req.on('error', fail);
      req.end(body);
    });
    // The request is answered as any reset request is (303 to the "check your e-mail" page), and one mail is sent.
    expect(status).toBe(303);
    // The mail is written just after the answer (so the answer's timing tells nothing): wait for it.
    for (let i = 0; i < 50 && (await viewerMails()).length === before; i++) await new Promise((r) => setTimeout(r, 50));
    const mails = await viewerMails();
    expect(mails).toHaveLength(before + 1);
    const mail = mails.at(-1);
    expect(mail?.text).toContain(`${server.url}/reset-password/`);
    expect(mail?.text).not.toContain('evil.example');
  });
});
