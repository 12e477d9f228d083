/**
 * Two server processes on one PostgreSQL database, as a host runs them behind a proxy (issue 16): every piece of
 * state a request depends on is in the database, so either process may answer any request. Runs in the PostgreSQL
 * pass of `npm test` (PORTAL_TEST_ENGINE=postgres); the SQLite pass has one process by design.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { requireBuild } from '../support/site.ts';
import { demoPassword, startServer } from '../support/server.ts';
import { onPostgres } from '../support/db.ts';
import { freshDatabase, type FreshDatabase } from '../support/postgres.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

describe.runIf(onPostgres)('two server processes on one PostgreSQL database', () => {
  let a: Server;
  let b: Server;
  let database: FreshDatabase | undefined;
  let databaseUrl: string;
  let transferId: string;

  const form = (server: Server, path: string, fields: Record<string, string>, cookie = '') =>
    fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
  const page = async (server: Server, path: string, cookie: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  beforeAll(async () => {
    requireBuild();
    // An empty database of the tests' cluster (dropped at the end), as a host gives both processes.
    database = await freshDatabase({ empty: true });
    databaseUrl = database.url;
    // Started together: one migrates and seeds while the other waits for it (advisory locks), as under a process manager.
    [a, b] = await Promise.all([startServer({ DATABASE_URL: databaseUrl }), startServer({ DATABASE_URL: databaseUrl })]);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const users = await client.query('select count(*)::int as n from "user"');
    expect(users.rows[0].n).toBeGreaterThan(0);
    transferId = (await client.query(`select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Northland Health Region' limit 1`)).rows[0].id;
    await client.end();
  }, 120_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('seeds the demo data once although both started on the empty database', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(`select email, count(*)::int as n from "user" group by email having count(*) > 1`);
    await client.end();
    expect(rows).toEqual([]);
  });

  it('accepts a session made on one process on the other, and ends it on both', async () => {
    const cookie = await a.signIn('viewer@demo.example');
    // page() insists on 200: a session b did not know would be sent to the sign-in page (303).
    expect(await page(b, '/workspace/', cookie)).toContain('action="/sign-out/"');
    expect((await form(b, '/sign-out/', {}, cookie)).status).toBe(303);
    const after = await fetch(`${a.url}/workspace/`, { redirect: 'manual', headers: { Cookie: cookie } });
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/sign-in\//);
  });

  it('counts failed sign-ins across both processes', async () => {
    // The per-account-and-address limit is 5 in 15 minutes (auth/rate-limit.ts): three wrong passwords on each.
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a, b]) statuses.push((await form(server, '/sign-in/', { email: 'mentor@demo.example', password: 'wrong password' })).status);
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
    // Refused even with the right password now, on either process: the count is shared, not per process.
    expect((await form(a, '/sign-in/', { email: 'mentor@demo.example', password: demoPassword })).status).toBe(429);
  });

  it('shows a save made on one process at once on the other, cached pages included', async () => {
    const cookie = await a.signIn('editor@demo.example');
    const swot = `/workspace/transfers/${transferId}/swot/`;
    // Read twice on b, so the page is in b's page cache before the save.
    await page(b, swot, cookie);
    expect(await page(b, swot, cookie)).not.toContain('Saved through process a');
    const saved = await form(a, swot, { intent: 'save', section: 'swot-item', grouping: 'strengths', entryId: '', version: '0', 'f.statement': 'Saved through process a', 'f.impact': '3' }, cookie);
    expect(saved.status).toBe(303);
    expect(await page(b, swot, cookie)).toContain('Saved through process a');
  });

  it('gives the second of two editors on different processes the conflict screen, never a silent overwrite', async () => {
    const cookie = await a.signIn('editor@demo.example');
    const swot = `/workspace/transfers/${transferId}/swot/`;
    expect((await form(a, swot, { intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': 'Both editors open this', 'f.impact': '2' }, cookie)).status).toBe(303);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(`select id, version from entry where transfer_id = $1 and data like '%Both editors open this%'`, [transferId]);
    const [{ id: entryId, version }] = rows as { id: string; version: number }[];
    // Both loaded version 1; the edit through a lands, the one through b must not overwrite it.
    const first = await form(a, `/workspace/transfers/${transferId}/entries/${entryId}/`, { version: String(version), 'f.statement': 'Edited through a', 'f.impact': '2' }, cookie);
    expect(first.status).toBe(303);
    const second = await form(b, `/workspace/transfers/${transferId}/entries/${entryId}/`, { version: String(version), 'f.statement': 'Edited through b', 'f.impact': '4' }, cookie);
    expect(second.status).toBe(409);
    expect(await second.text()).toContain('Edited through b');
    const stored = await client.query('select data from entry where id = $1', [entryId]);
    await client.end();
    expect(stored.rows[0].data).toContain('Edited through a');
    expect(stored.rows[0].data).not.toContain('Edited through b');
  });

  it('makes concurrent saves through both processes without losing one', async () => {
    const cookie = await a.signIn('editor@demo.example');
    const swot = `/workspace/transfers/${transferId}/swot/`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => form(i % 2 ? a : b, swot, { intent: 'save', section: 'swot-item', grouping: 'opportunities', entryId: '', version: '0', 'f.statement': `Concurrent ${i}`, 'f.impact': '1' }, cookie)),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(303));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const { rows } = await client.query(`select count(*)::int as n, count(distinct position)::int as positions from entry where transfer_id = $1 and data like '%Concurrent %'`, [transferId]);
    await client.end();
    expect(rows[0]).toEqual({ n: 20, positions: 20 });
  });
});
