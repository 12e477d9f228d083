/**
 * The programme administration pages as the server answers them, without JavaScript: what the People and
 * Invitations pages show, that odd input to the audit log and the manage page gets a message (never a 500), and
 * that pausing a transfer through its form takes the forms away from its pages.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, serverRow } from '../support/server-db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let coordinator = '';
let editor = '';
let transferId = '';

const get = (path: string, cookie = coordinator) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookie } });
const post = (path: string, body: Record<string, string>, cookie = coordinator) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  coordinator = await server.signIn('coordinator@demo.example');
  editor = await server.signIn('editor@demo.example');
  transferId = await demoTransferId(server);
}, 60_000);
afterAll(async () => server?.stop());

describe('the People page', () => {
  it('shows a role menu only where there is a choice, each with its button, and a mentor’s role as text', async () => {
    const html = await (await get('/admin/users/')).text();
    const roleForms = html.match(/<form[^>]*class="role-form"[^>]*>[\s\S]*?<\/form>/g) ?? [];
    expect(roleForms.length).toBeGreaterThan(0);
    for (const form of roleForms) expect(form).toMatch(/<button type="submit">Change role/);
    const mentorRow = /<tr data-user="mentor@demo\.example">[\s\S]*?<\/tr>/.exec(html)![0];
    expect(mentorRow).not.toContain('<select');
    expect(mentorRow).toMatch(/: mentor<\/p>/);
  });

  it('keeps what was typed and says what is wrong when a name is empty', async () => {
    const viewerId = (await serverRow<{ id: string }>(server, sql`select id from "user" where email = 'viewer@demo.example'`))!.id;
    const res = await post('/admin/users/', { intent: 'rename', userId: viewerId, name: '   ' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Give the person’s name.');
  });
});

describe('the Invitations page', () => {
  it('says no invitation was sent, instead of an empty table', async () => {
    const html = await (await get('/admin/invitations/')).text();
    expect(html).toContain('No invitation has been sent yet.');
    expect(html.slice(html.indexOf('Sent invitations'))).not.toContain('<table');
  });
});

describe('the audit log', () => {
  it('answers odd filters and cursors with a message, not an error', async () => {
    const res = await get(`/admin/audit/?from=2026-02-31&to=yesterday&before=abc&after=-1&actor=${'x'.repeat(5000)}&target=%25_%5C`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('is not a date (YYYY-MM-DD)');
  });

  it('downloads as CSV with a byte order mark, for coordinators only', async () => {
    const res = await get('/admin/audit.csv?action=sign-in');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes)).toContain('"sign-in","success"');
    expect((await get('/admin/audit.csv', editor)).status).toBe(403);
  });
});

describe('managing a transfer without JavaScript', () => {
  it('pauses it: its pages say so and offer the editor no forms; an unknown step is refused with a message', async () => {
    expect((await post(`/workspace/transfers/${transferId}/manage/`, { intent: 'explode' })).status).toBe(400);
    const paused = await post(`/workspace/transfers/${transferId}/manage/`, { intent: 'pause', reason: 'Budget round' });
    expect(paused.status).toBe(303);
    expect(paused.headers.get('location')).toBe(`/workspace/transfers/${transferId}/manage/?done=pause`);
    const swot = await (await get(`/workspace/transfers/${transferId}/swot/`, editor)).text();
    expect(swot).toContain('This transfer is paused.');
    expect(swot).toContain('Budget round');
    expect(swot).not.toContain('name="intent" value="save"');
    const save = await post(`/workspace/transfers/${transferId}/swot/`, { intent: 'save', section: 'swot-item', grouping: 'strengths', version: '0', 'f.statement': 'While paused', 'f.impact': '3' }, editor);
    // Refused as paused (409, the notice), not as a matter of permission (transfers/active.ts).
    expect(save.status).toBe(409);
    expect(await save.text()).toContain('This transfer is paused.');
    // Twice is a conflict, said as such.
    expect((await post(`/workspace/transfers/${transferId}/manage/`, { intent: 'pause' })).status).toBe(409);
    expect((await post(`/workspace/transfers/${transferId}/manage/`, { intent: 'resume' })).status).toBe(303);
    expect(await (await get(`/workspace/transfers/${transferId}/swot/`, editor)).text()).toContain('name="intent" value="save"');
  });
});
