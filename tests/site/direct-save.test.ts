/**
 * Saving through the real server, with the direct save path on (as served) and off (every save through the page):
 * the answers must be the same. A save handed over by the direct path reaches the page with its body, so a failed
 * save still re-renders what was typed.
 */
import { sql } from 'drizzle-orm';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { templateSchema } from '../../src/schemas/template.ts';
import { clientDir, contentIds, readFrontmatter, requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, serverRow, withServerDb } from '../support/server-db.ts';
import { onPostgres } from '../support/db.ts';
import { rawRun, schema } from '../../src/lib/server/db.ts';
import { jsonPath, jsonTextAt } from '../../src/lib/server/sql-dialect.ts';

describe('/data/workspace-forms.json', () => {
  it('holds every workspace template’s sections and every practice’s core features, as in content/', () => {
    requireBuild();
    const forms = JSON.parse(readFileSync(join(clientDir, 'data/workspace-forms.json'), 'utf8'));
    expect(forms.templates.swot.sections).toEqual(templateSchema.parse(readFrontmatter('templates', 'swot')).sections);
    expect(Object.keys(forms.templates).sort()).toEqual(['action-plan', 'maturity', 'needs-scope', 'pdsa', 'post-implementation', 'progress-report', 'swot']);
    for (const id of contentIds('practices')) expect(forms.practices[id].coreFeatureIds).toEqual((readFrontmatter('practices', id).coreFeatures as { id: string }[]).map((f) => f.id));
  });
});

describe.each([['on', {}], ['off', { PORTAL_DIRECT_SAVE: 'off' }]] as const)('saving with the direct save path %s', (mode, env) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cookie: string;
  let transferId: string;
  const post = (path: string, fields: Record<string, string>) =>
    fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

  beforeAll(async () => {
    requireBuild();
    server = await startServer(env);
    cookie = await server.signIn('editor@demo.example');
    transferId = await demoTransferId(server);
  }, 60_000);
  afterAll(async () => server?.stop());

  it('adds, edits, refuses bad input with the text kept, and shows a conflict', async () => {
    const add = await post(`/workspace/transfers/${transferId}/swot/?saved=1`, { intent: 'save', section: 'swot-item', grouping: 'weaknesses', entryId: '', version: '0', 'f.statement': 'No shared care plan yet', 'f.impact': '4' });
    expect(add.status).toBe(303);
    expect(add.headers.get('location')).toBe(`/workspace/transfers/${transferId}/swot/?saved=1#swot-item-weaknesses`);
    // Which path answered: the direct one says so in Server-Timing.
    if (mode === 'on') expect(add.headers.get('server-timing')).toMatch(/desc="direct"/);
    else expect(add.headers.get('server-timing')).toBeNull();
    const page = await (await fetch(`${server.url}${add.headers.get('location')}`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('No shared care plan yet');
    const entryId = (await serverRow<{ id: string }>(server, sql`select id from entry where transfer_id = ${transferId} and section = 'swot-item'`))!.id;

    const bad = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': '', 'f.evidence': 'A long text that must not be lost', 'f.impact': '9' });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('A long text that must not be lost');
    expect(badPage).toContain('Statement is required.');

    const forged = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'save', section: 'swot-item', grouping: 'nowhere', entryId: '', version: '0', 'f.statement': 'Kept out of sight?', 'f.impact': '1' });
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('This form is out of date. Reload the page.');

    const edit = await post(`/workspace/transfers/${transferId}/entries/${entryId}/`, { version: '1', 'f.statement': 'No shared care plan across sectors', 'f.impact': '5' });
    expect(edit.status).toBe(303);
    expect(edit.headers.get('location')).toBe(`/workspace/transfers/${transferId}/swot/?saved=1#entry-${entryId}`);

    const stale = await post(`/workspace/transfers/${transferId}/entries/${entryId}/`, { version: '1', 'f.statement': 'My older edit', 'f.impact': '2' });
    expect(stale.status).toBe(409);
    const both = await stale.text();
    expect(both).toContain('No shared care plan across sectors');
    expect(both).toContain('My older edit');
  });

  it('answers odd input with a clear message, never an error page, and gives back the text of a record deleted meanwhile', async () => {
    const raw = (path: string, body: string, type: string) => fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': type }, body });
    const notForm = await raw(`/workspace/transfers/${transferId}/swot/`, '{"intent":"save"}', 'application/json');
    expect(notForm.status).toBe(415);
    expect(await notForm.text()).toBe('This address accepts form submissions only.');
    expect((await raw(`/workspace/transfers/${transferId}/review/action-plan/`, 'hello', 'text/plain')).status).toBe(415);

    const add = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'save', section: 'swot-item', grouping: 'opportunities', entryId: '', version: '0', 'f.statement': 'Odd input item', 'f.impact': '2' });
    expect(add.status).toBe(303);
    const entryId = (await serverRow<{ id: string }>(server, sql`select id from entry where transfer_id = ${transferId} and grouping = 'opportunities'`))!.id;
    for (const action of ['', 'sideways', `up:${entryId}`, `before:${entryId}`, 'delete']) {
      const res = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'list-action', do: action, anchor: 'swot-item-opportunities' });
      expect(res.status, action).toBe(400);
      expect(await res.text()).toContain('This form is not known. Reload the page.');
    }
    // An anchor that is not one of ours is dropped, after a move that did happen.
    const moved = await post(`/workspace/transfers/${transferId}/swot/?all=swot-item-opportunities`, { intent: 'list-action', do: `before:${entryId}:${entryId}`, anchor: 'x\n€' });
    expect(moved.status).toBe(303);
    expect(moved.headers.get('location')).toBe(`/workspace/transfers/${transferId}/swot/?all=swot-item-opportunities`);

    const deleted = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'list-action', do: `delete:${entryId}:1`, anchor: 'swot-item-opportunities' });
    expect(deleted.status).toBe(303);
    const gone = await post(`/workspace/transfers/${transferId}/entries/${entryId}/`, { version: '1', 'f.statement': 'My careful rewording', 'f.impact': '3' });
    expect(gone.status).toBe(404);
    const page = await gone.text();
    expect(page).toContain('This item was deleted by someone else, so your changes were not saved.');
    expect(page).toContain('My careful rewording');
  });

  it('answers a record of a section the templates no longer have with the not-found page, and gives back what was typed', async () => {
    const id = crypto.randomUUID();
    await withServerDb(server, (db) => rawRun(db, sql`insert into entry (id, transfer_id, template, section, data) values (${id}, ${transferId}, 'swot', 'retired-section', '{}')`));
    expect((await fetch(`${server.url}/workspace/transfers/${transferId}/entries/${id}/`, { headers: { Cookie: cookie } })).status).toBe(404);
    const posted = await post(`/workspace/transfers/${transferId}/entries/${id}/`, { version: '1', 'f.statement': 'Typed into a retired form' });
    expect(posted.status).toBe(404);
    expect(await posted.text()).toContain('Typed into a retired form');
  });

  it('answers a form over 1 MiB with 413, not an error page', async () => {
    const res = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'save', section: 'swot-item', grouping: 'threats', version: '0', 'f.statement': 'x'.repeat(1024 * 1024 + 10), 'f.impact': '1' });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain('Go back to the form: what you typed is still there.');
  });
});

describe('behind a TLS-terminating proxy', () => {
  it('answers a save on the direct path when the Origin is PUBLIC_SITE_URL, whatever the socket says', async () => {
    requireBuild();
    // The proxy speaks HTTPS to the browser and plain HTTP to us, with its own Host: only PUBLIC_SITE_URL knows the address.
    const server = await startServer({ PUBLIC_SITE_URL: 'https://portal.example' });
    try {
      const signIn = await fetch(`${server.url}/sign-in/`, { method: 'POST', redirect: 'manual', headers: { Origin: 'https://portal.example', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'editor@demo.example', password: 'demo password for tests' }) });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.getSetCookie().find((c) => c.startsWith('__Host-session='))!.split(';')[0];
      const transferId = await demoTransferId(server);
      const save = (origin: string) =>
        fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'weaknesses', entryId: '', version: '0', 'f.statement': 'Saved through the proxy', 'f.impact': '3' }) });
      const saved = await save('https://portal.example');
      expect(saved.status).toBe(303);
      expect(saved.headers.get('server-timing')).toMatch(/desc="direct"/);
      // The socket's own address is not the portal's: refused, and nothing written.
      const refused = await save(server.url);
      expect(refused.status).toBe(403);
      const saves = await serverRow<{ n: number }>(server, sql`select count(*) as n from entry where transfer_id = ${transferId} and ${jsonTextAt(schema.entry.data, jsonPath('statement'))} = 'Saved through the proxy'`);
      expect(saves!.n).toBe(1);
    } finally {
      await server.stop();
    }
  }, 60_000);
});

// A descriptor per SQLite connection is what shows a second one; PostgreSQL's pool is shared the same way (db.ts) but has no file to count.
describe.skipIf(onPostgres)('the server', () => {
  it('holds one connection to the database file, whichever path answered', async () => {
    requireBuild();
    const server = await startServer();
    try {
      const cookie = await server.signIn('editor@demo.example');
      const transferId = await demoTransferId(server);
      const post = (fields: Record<string, string>) => fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });
      // One save answered directly, one bad save answered by the page, and a page read.
      expect((await post({ intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': 'One connection', 'f.impact': '2' })).status).toBe(303);
      expect((await post({ intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': '', 'f.impact': '2' })).status).toBe(400);
      expect((await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, { headers: { Cookie: cookie } })).status).toBe(200);
      const open = readdirSync(`/proc/${server.pid}/fd`).map((fd) => { try { return readlinkSync(`/proc/${server.pid}/fd/${fd}`); } catch { return ''; } });
      // A second connection (the bundle's own, opened and migrated on first use) would be a second descriptor.
      expect(open.filter((target) => target === server.databasePath)).toHaveLength(1);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
