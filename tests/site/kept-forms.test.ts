/**
 * Forms sent after a session expired, against the real server: kept only for the person whose genuine session
 * just ran out, shown only to them, used up only by a POST. Each case is an attack an outside tester ran.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { withServerDb } from '../support/server-db.ts';
import { rawRows, rawRun } from '../../src/lib/server/db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  requireBuild();
  server = await startServer();
});
afterAll(() => server?.stop());

const rows = <T>(query: SQL) => withServerDb(server, (db) => rawRows<T>(db, query));
const keptForms = () => rows<{ id: string; user_id: string; bytes: number }>(sql`select id, user_id, bytes from pending_form`);
const userId = async (email: string) => (await rows<{ id: string }>(sql`select id from "user" where email = ${email}`))[0].id;
const post = (path: string, body: URLSearchParams | string, cookie?: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) }, body });

/** Signs `email` in and makes the session look 13 hours idle, as if its owner had left the form open. */
async function expiredSessionOf(email: string) {
  const cookie = await server.signIn(email);
  const id = cookie.split('=')[1].split('.')[0];
  await withServerDb(server, (db) => rawRun(db, sql`update session set last_verified_at = ${new Date(Date.now() - 13 * 3600_000).toISOString()} where id = ${id}`));
  return cookie;
}

describe('kept forms', () => {
  it('keep nothing for an anonymous post, however large', async () => {
    const before = (await keptForms()).length;
    const big = new URLSearchParams({ 'f.statement': 'x'.repeat(900_000) });
    for (let i = 0; i < 5; i++) {
      const res = await post('/workspace/account/', big);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toMatch(/^\/sign-in\/\?next=/);
    }
    // A made-up session cookie is no better.
    const forged = await post('/workspace/account/', big, 'session=00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa');
    expect(forged.headers.get('location')).toMatch(/^\/sign-in\/\?next=/);
    expect(await keptForms()).toHaveLength(before);
  });

  it('keep the form of a person whose session just expired, for that person only, until they send it (POST)', async () => {
    const cookie = await expiredSessionOf('editor@demo.example');
    const res = await post('/workspace/account/', new URLSearchParams({ intent: 'email-notifications', enabled: 'on' }), cookie);
    expect(res.status).toBe(303);
    const id = /pending=([0-9a-f-]{36})/.exec(res.headers.get('location') ?? '')?.[1];
    expect(id).toBeDefined();
    const [row] = await rows<{ user_id: string }>(sql`select user_id from pending_form where id = ${id}`);
    expect(row.user_id).toBe(await userId('editor@demo.example'));

    // Someone else, signed in, opening the link sees nothing and uses nothing up.
    const mentor = await server.signIn('mentor@demo.example');
    const theirs = await fetch(`${server.url}/workspace/resume/${id}/`, { headers: { Cookie: mentor } });
    expect(theirs.status).toBe(410);
    expect(await theirs.text()).not.toContain('email-notifications');
    expect((await post(`/workspace/resume/${id}/`, '', mentor)).status).toBe(410);
    expect((await keptForms()).map((f) => f.id)).toContain(id);

    // The owner sees it, twice if they like (GET changes nothing), and sending it uses it up and replays the post.
    const owner = await server.signIn('editor@demo.example');
    for (let i = 0; i < 2; i++) expect((await fetch(`${server.url}/workspace/resume/${id}/`, { headers: { Cookie: owner } })).status).toBe(200);
    expect((await keptForms()).map((f) => f.id)).toContain(id);
    const sent = await post(`/workspace/resume/${id}/`, new URLSearchParams({ intent: 'email-notifications', enabled: 'on' }), owner);
    expect(sent.status).toBe(307);
    expect(sent.headers.get('location')).toBe('/workspace/account/');
    expect((await keptForms()).map((f) => f.id)).not.toContain(id);
  });

  it('cap what one person can have kept', async () => {
    for (let i = 0; i < 8; i++) {
      const cookie = await expiredSessionOf('viewer@demo.example');
      await post('/workspace/account/', new URLSearchParams({ 'f.statement': 'y'.repeat(100_000) }), cookie);
    }
    const viewer = await userId('viewer@demo.example');
    const mine = (await keptForms()).filter((f) => f.user_id === viewer);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.reduce((s, f) => s + f.bytes, 0)).toBeLessThanOrEqual(256 * 1024);
  });
});

describe('device cookies', () => {
  it('are set, HttpOnly and SameSite, when a password sign-in succeeds', async () => {
    const res = await post('/sign-in/', new URLSearchParams({ email: 'editor@demo.example', password: 'demo password for tests' }));
    const device = res.headers.getSetCookie().find((c) => c.startsWith('device='));
    expect(device).toMatch(/HttpOnly/i);
    expect(device).toMatch(/SameSite=Lax/i);
    expect(device).toMatch(/Max-Age=\d{7,}/i);
  });
});
