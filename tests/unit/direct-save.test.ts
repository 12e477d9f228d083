/**
 * The server's direct save path (src/server/direct-save.ts) over real HTTP and a real SQLite database: a save that
 * succeeds is answered here exactly as the page would answer it; everything else reaches the page with its body.
 */
import { eq } from 'drizzle-orm';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { createSession, idleTimeoutMs, refreshIntervalMs } from '../../src/lib/server/auth/session.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer, type TemplateKind } from '../../src/lib/server/transfers/queries.ts';
import { workspaceForms, type WorkspaceForms } from '../../src/lib/server/transfers/workspace-forms.ts';
import { directSave } from '../../src/server/direct-save.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { templateRegistry } from '../support/templates.ts';

const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview', 'shared-treatment-plan'] };
const forms: WorkspaceForms = workspaceForms(templateRegistry(), [practice]);

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transferId: string;
let server: Server;
let origin: string;
/** What the page (here: a stand-in for the Astro handler) was handed. */
let delegated: { body: string | undefined }[];

beforeAll(async () => {
  server = createServer((req, res) => {
    const direct = directSave(db, forms, { bodyLimit: 64 * 1024 });
    const toPage = (body?: Buffer) => {
      delegated.push({ body: body?.toString() });
      res.writeHead(299).end('the page');
    };
    if (direct.accepts(req)) void direct.handle(req, res, toPage);
    else toPage();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // Writes are accepted from the configured public address only.
  process.env.PUBLIC_SITE_URL = origin;
});
afterAll(() => new Promise<void>((ok) => server.close(() => (delete process.env.PUBLIC_SITE_URL, ok()))));

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: 'test' });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transferId = opened.transferId;
  delegated = [];
});

const cookieOf = async (userId: string, now?: Date) => `session=${(await createSession(db, userId, {}, now)).token}`;
const swotItem = { intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': 'Staff turnover in home care', 'f.impact': '4', 'f.stakeholder': 'Hospital' };

async function post(path: string, fields: Record<string, string>, { cookie, headers = {} }: { cookie?: string; headers?: Record<string, string> } = {}) {
  return fetch(`${origin}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}), ...headers },
    body: new URLSearchParams(fields),
  });
}
const entries = () => db.select().from(schema.entry).where(eq(schema.entry.transferId, transferId));
const audits = () => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.targetType, 'entry')).orderBy(schema.auditEvent.id);

describe('a save that succeeds is answered directly', () => {
  it('adds a SWOT item: 303 to its place on the page, stored, audited, revision raised', async () => {
    const res = await post(`/workspace/transfers/${transferId}/swot/?saved=1`, swotItem, { cookie: await cookieOf(p.editor.id) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/workspace/transfers/${transferId}/swot/?saved=1#swot-item-threats`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('server-timing')).toMatch(/^save;desc="direct";dur=\d/);
    expect(delegated).toEqual([]);
    const [stored] = await entries();
    expect(stored).toMatchObject({ template: 'swot', section: 'swot-item', grouping: 'threats', version: 1 });
    expect(JSON.parse(stored.data)).toMatchObject({ statement: 'Staff turnover in home care', impact: 4, stakeholder: 'Hospital' });
    expect((await audits()).map((a) => [a.action, a.actorUserId])).toEqual([['entry.create', p.editor.id]]);
    expect((await loadTransfer(db, transferId))!.revision).toBe(1);
  });

  it('saves the edit page of a record, raising its version', async () => {
    const editor = await loadActor(db, p.editor.id);
    const saved = await saveEntry(db, editor, (await loadTransfer(db, transferId))!, { template: 'swot', section: forms.templates.swot.sections.find((s) => s.id === 'swot-item')!, grouping: 'strengths' }, { values: { statement: 'Shared records', impact: '3' } }, {}, { ip: 'test' });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    const res = await post(`/workspace/transfers/${transferId}/entries/${saved.entryId}/`, { version: '1', 'f.statement': 'Shared records across sectors', 'f.impact': '5' }, { cookie: await cookieOf(p.editor.id) });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/workspace/transfers/${transferId}/swot/?saved=1#entry-${saved.entryId}`);
    expect(delegated).toEqual([]);
    const [stored] = await entries();
    expect(stored.version).toBe(2);
    expect(JSON.parse(stored.data)).toMatchObject({ statement: 'Shared records across sectors', impact: 5 });
  });
});

describe('everything else reaches the page, with the body, and nothing is written here', () => {
  const handedOver = async (res: Response, body: Record<string, string> | undefined) => {
    expect(res.status).toBe(299);
    expect(delegated).toHaveLength(1);
    if (body) expect(Object.fromEntries(new URLSearchParams(delegated[0].body))).toEqual(body);
    else expect(delegated[0].body).toBeUndefined();
    expect(await entries()).toEqual([]);
    expect(await audits()).toEqual([]);
  };

  it('invalid input (the page re-renders it with the errors)', async () => {
    const bad = { ...swotItem, 'f.statement': '', 'f.impact': '9' };
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, bad, { cookie: await cookieOf(p.editor.id) }), bad);
  });

  it('a stale version (the page shows both versions)', async () => {
    const editor = await loadActor(db, p.editor.id);
    const saved = await saveEntry(db, editor, (await loadTransfer(db, transferId))!, { template: 'swot', section: forms.templates.swot.sections.find((s) => s.id === 'swot-item')!, grouping: 'strengths' }, { values: { statement: 'Shared records', impact: '3' } }, {}, { ip: 'test' });
    if (!saved.ok) throw new Error('setup');
    const before = (await audits()).length;
    const stale = { version: '0', 'f.statement': 'Mine', 'f.impact': '2' };
    const res = await post(`/workspace/transfers/${transferId}/entries/${saved.entryId}/`, stale, { cookie: await cookieOf(p.editor.id) });
    expect(res.status).toBe(299);
    expect(Object.fromEntries(new URLSearchParams(delegated[0].body))).toEqual(stale);
    expect(JSON.parse((await entries())[0].data).statement).toBe('Shared records');
    expect(await audits()).toHaveLength(before);
  });

  it.each(['viewer', 'mentor', 'coordinator', 'otherEditor'] as const)('a %s, whose denial the page audits once', async (who) => {
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie: await cookieOf(p[who].id) }), swotItem);
  });

  it('no session, a forged token, or a session due for its hourly refresh (the page sends the new cookie)', async () => {
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem), swotItem);
    delegated = [];
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie: 'session=forged.token' }), swotItem);
    delegated = [];
    const due = await cookieOf(p.editor.id, new Date(Date.now() - refreshIntervalMs - 60_000));
    const [{ lastVerifiedAt }] = await db.select().from(schema.session);
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie: due }), swotItem);
    expect((await db.select().from(schema.session))[0].lastVerifiedAt).toBe(lastVerifiedAt);
  });

  it('an idle-expired session (left for the page, which keeps the form for its person) and a disabled user', async () => {
    const idle = await cookieOf(p.editor.id, new Date(Date.now() - idleTimeoutMs - 60_000));
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie: idle }), swotItem);
    expect(await db.select().from(schema.session)).toHaveLength(1);
    delegated = [];
    const cookie = await cookieOf(p.editor.id);
    await db.update(schema.user).set({ disabledAt: new Date().toISOString() }).where(eq(schema.user.id, p.editor.id));
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie }), swotItem);
  });

  it('a cross-site or origin-less post, before its body is read', async () => {
    const cookie = await cookieOf(p.editor.id);
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie, headers: { 'Sec-Fetch-Site': 'cross-site' } }), undefined);
    delegated = [];
    await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, swotItem, { cookie, headers: { Origin: 'http://evil.example' } }), undefined);
  });

  it('other intents, an unknown section, "take theirs", and multipart bodies', async () => {
    const cookie = await cookieOf(p.editor.id);
    for (const fields of [{ intent: 'list-action', do: 'delete:x:1' }, { ...swotItem, section: 'no-such-section' }, { ...swotItem, grouping: 'threats€' }, { ...swotItem, grouping: '' }] as Record<string, string>[]) {
      delegated = [];
      await handedOver(await post(`/workspace/transfers/${transferId}/swot/`, fields, { cookie }), fields);
    }
    delegated = [];
    const editor = await loadActor(db, p.editor.id);
    const saved = await saveEntry(db, editor, (await loadTransfer(db, transferId))!, { template: 'swot', section: forms.templates.swot.sections[0], grouping: 'threats' }, { values: { statement: 'Theirs', impact: '2' } }, {}, { ip: 'test' });
    if (!saved.ok) throw new Error('setup');
    const takeTheirs = { intent: 'take-theirs', version: '1', 'f.statement': 'Mine', 'f.impact': '3' };
    const before = await entries();
    const taken = await post(`/workspace/transfers/${transferId}/entries/${saved.entryId}/`, takeTheirs, { cookie });
    expect(taken.status).toBe(299);
    expect(Object.fromEntries(new URLSearchParams(delegated[0].body))).toEqual(takeTheirs);
    expect(await entries()).toEqual(before);
    await db.delete(schema.entry);
    await db.delete(schema.auditEvent);
    delegated = [];
    const multipart = new FormData();
    for (const [k, v] of Object.entries(swotItem)) multipart.set(k, v);
    const res = await fetch(`${origin}/workspace/transfers/${transferId}/swot/`, { method: 'POST', redirect: 'manual', headers: { Origin: origin, Cookie: cookie }, body: multipart });
    await handedOver(res, undefined);
  });

  it('refuses a body over the limit with 413 and writes nothing', async () => {
    const res = await post(`/workspace/transfers/${transferId}/swot/`, { ...swotItem, 'f.evidence': 'x'.repeat(70 * 1024) }, { cookie: await cookieOf(p.editor.id) });
    expect(res.status).toBe(413);
    expect(delegated).toEqual([]);
    expect(await entries()).toEqual([]);
  });
});
