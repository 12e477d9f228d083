import { desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { recordAudit } from '../../src/lib/server/audit.ts';
import { auditCsvPage, auditCsvStream, auditLogPage, filterQuery, parseAuditFilter } from '../../src/lib/server/audit-log.ts';
import { createOrganisation, renameOrganisation } from '../../src/lib/server/commands/organisations.ts';
import { renameUser } from '../../src/lib/server/commands/user-admin.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { openTransfer } from '../../src/lib/server/transfers/commands.ts';
import { addMentor, changeTransferStatus } from '../../src/lib/server/transfers/lifecycle.ts';
import { createProgramme, createTestDb, createUser } from '../support/db.ts';

const meta = { ip: '127.0.0.1', origin: 'http://portal.test' };
let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
const actor = (id: string) => loadActor(db, id);
/** The stream's chunks as text, the byte-order mark kept (a plain TextDecoder or Response.text() drops it). */
async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const chunks: string[] = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(decoder.decode(r.value));
  return chunks;
}
const auditCsv = async (filter: Parameters<typeof auditCsvStream>[1]) => (await chunksOf(auditCsvStream(db, filter))).join('');
const lastAudit = async () => first(db.select().from(schema.auditEvent).orderBy(desc(schema.auditEvent.id)).limit(1));

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

describe('createOrganisation', () => {
  it('creates an organisation of the chosen kind, audited', async () => {
    const created = await createOrganisation(db, await actor(p.coordinator.id), { name: '  Fjord   Health Trust ', kind: 'next-adopter' }, meta);
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(await first(db.select().from(schema.organisation).where(eq(schema.organisation.id, created.organisationId)).limit(1))).toMatchObject({ name: 'Fjord Health Trust', kind: 'next-adopter' });
    expect(await lastAudit()).toMatchObject({ action: 'organisation.create', outcome: 'success', targetType: 'organisation', targetId: created.organisationId });
  });

  it('refuses a name already taken (whatever its case), a missing kind, and anyone but a coordinator', async () => {
    const coordinator = await actor(p.coordinator.id);
    expect(await createOrganisation(db, coordinator, { name: p.organisations.adopter.name.toUpperCase(), kind: 'next-adopter' }, meta)).toMatchObject({ ok: false, status: 409, errors: { name: [expect.stringMatching(/already an organisation/)] } });
    expect(await createOrganisation(db, coordinator, { name: 'New one', kind: 'region' }, meta)).toMatchObject({ ok: false, errors: { kind: [expect.any(String)] } });
    expect(await createOrganisation(db, await actor(p.editor.id), { name: 'Sneaky', kind: 'programme' }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await lastAudit()).toMatchObject({ action: 'organisation.create', outcome: 'denied', actorUserId: p.editor.id });
    expect(await db.$count(schema.organisation)).toBe(4);
  });

  it('treats names that differ only in the case of accented letters or in spacing as the same name', async () => {
    const coordinator = await actor(p.coordinator.id);
    expect((await createOrganisation(db, coordinator, { name: 'École  Santé Nord', kind: 'next-adopter' }, meta)).ok).toBe(true);
    // SQLite's lower() folds only ASCII: "ÉCOLE" would pass a comparison made there.
    expect(await createOrganisation(db, coordinator, { name: 'ÉCOLE SANTÉ NORD', kind: 'next-adopter' }, meta)).toMatchObject({ ok: false, status: 409 });
    expect(await createOrganisation(db, coordinator, { name: 'école santé   nord', kind: 'next-adopter' }, meta)).toMatchObject({ ok: false, status: 409 });
  });
});

describe('renameOrganisation', () => {
  it('renames, audited with the old and new names, and refuses a taken name or a non-coordinator', async () => {
    const coordinator = await actor(p.coordinator.id);
    const id = p.organisations.adopter.id;
    const opened = await openTransfer(db, coordinator, { organisationId: id, practiceId: 'shared-care-platform', mentorIds: [p.mentor.id] }, [{ id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: [] }], meta);
    if (!opened.ok) throw new Error('not opened');
    const transferId = opened.transferId;
    const revision = (await first(db.select({ revision: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, transferId)).limit(1)))!.revision;
    expect(await renameOrganisation(db, coordinator, { organisationId: id, name: 'Northland Region' }, meta)).toEqual({ ok: true });
    expect((await first(db.select().from(schema.organisation).where(eq(schema.organisation.id, id)).limit(1)))!.name).toBe('Northland Region');
    expect(JSON.parse((await lastAudit())!.detail!)).toEqual({ from: p.organisations.adopter.name, to: 'Northland Region' });
    // Its transfers' cached pages show the old name: their revision is raised, so they are rendered again.
    expect(await first(db.select({ revision: schema.transfer.revision, title: schema.transfer.title }).from(schema.transfer).where(eq(schema.transfer.id, transferId)).limit(1))).toEqual({ revision: revision + 1, title: 'Northland Region: Shared Care Platform' });
    expect(await renameOrganisation(db, coordinator, { organisationId: id, name: p.organisations.other.name }, meta)).toMatchObject({ ok: false, status: 409 });
    expect(await renameOrganisation(db, coordinator, { organisationId: 'nope', name: 'Whatever' }, meta)).toMatchObject({ ok: false, status: 404 });
    expect(await renameOrganisation(db, await actor(p.mentor.id), { organisationId: id, name: 'Mine now' }, meta)).toMatchObject({ ok: false, status: 403 });
    expect((await first(db.select().from(schema.organisation).where(eq(schema.organisation.id, id)).limit(1)))!.name).toBe('Northland Region');
  });
});

describe('renameUser', () => {
  it('changes a person’s name, audited, and refuses an empty name or a non-coordinator', async () => {
    const coordinator = await actor(p.coordinator.id);
    expect(await renameUser(db, coordinator, { userId: p.editor.id, name: ' Ana  Díaz ' }, meta)).toEqual({ ok: true });
    expect((await first(db.select().from(schema.user).where(eq(schema.user.id, p.editor.id)).limit(1)))!.name).toBe('Ana Díaz');
    expect(await lastAudit()).toMatchObject({ action: 'user.rename', outcome: 'success', targetId: p.editor.id });
    expect(await renameUser(db, coordinator, { userId: p.editor.id, name: '  ' }, meta)).toMatchObject({ ok: false, errors: { name: [expect.any(String)] } });
    expect(await renameUser(db, coordinator, { userId: 'nobody', name: 'X' }, meta)).toMatchObject({ ok: false, status: 404 });
    expect(await renameUser(db, await actor(p.editor.id), { userId: p.viewer.id, name: 'Renamed' }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await lastAudit()).toMatchObject({ action: 'user.rename', outcome: 'denied' });
  });
});

describe('the audit log as coordinators read it', () => {
  async function someHistory() {
    const coordinator = await actor(p.coordinator.id);
    const opened = await openTransfer(db, coordinator, { organisationId: p.organisations.adopter.id, practiceId: 'shared-care-platform', mentorIds: [p.mentor.id] }, [{ id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: [] }], meta);
    if (!opened.ok) throw new Error('not opened');
    const second = await createUser(db, 'mentor', p.organisations.early.id);
    await addMentor(db, coordinator, opened.transferId, { userId: second.id }, meta);
    await changeTransferStatus(db, coordinator, opened.transferId, 'close', { reason: 'Funding ended' }, meta);
    await renameUser(db, coordinator, { userId: p.viewer.id, name: 'Vera Viewer' }, meta);
    return { transferId: opened.transferId, second };
  }

  it('shows names instead of ids and a sentence instead of JSON', async () => {
    const { transferId } = await someHistory();
    const { events } = await auditLogPage(db, {});
    const close = events.find((e) => e.action === 'transfer.close')!;
    expect(close.actorName).toBe('Test coordinator');
    expect(close.targetName).toMatch(/^Transfer .*Shared Care Platform$/);
    expect(close.sentence).toBe('Closed: Funding ended.');
    const added = events.find((e) => e.action === 'transfer.add-mentor')!;
    expect(added.sentence).toBe('Test mentor became a mentor.');
    expect(events.find((e) => e.action === 'transfer.open')!.sentence).toContain(p.organisations.adopter.name);
    expect(events.find((e) => e.action === 'user.rename')!.targetName).toBe('Person Vera Viewer');
    expect(events.every((e) => !e.sentence.includes(transferId))).toBe(true);
  });

  it('falls back to key: value pairs for an action without a sentence, and says what was refused', async () => {
    await recordAudit(db, { action: 'something.new', outcome: 'success', detail: { colour: 'blue', count: 3 } });
    await recordAudit(db, { action: 'sign-in', outcome: 'failure', detail: { email: 'x@example.org', reason: 'wrong-password' } });
    const { events } = await auditLogPage(db, {});
    expect(events[1].sentence).toBe('colour: blue count: 3');
    expect(events[0].sentence).toBe('Failed: wrong password. email: x@example.org');
  });

  it('filters by person, action, target (by name) and date range', async () => {
    const { transferId } = await someHistory();
    await recordAudit(db, { action: 'sign-in', outcome: 'success', actorUserId: p.editor.id });
    expect((await auditLogPage(db, { actor: p.editor.id })).events.map((e) => e.action)).toEqual(['sign-in']);
    expect((await auditLogPage(db, { action: 'transfer.close' })).events).toHaveLength(1);
    const byName = await auditLogPage(db, { target: 'Shared Care' });
    expect(byName.events.map((e) => e.action).sort()).toEqual(['transfer.add-mentor', 'transfer.close', 'transfer.open']);
    expect((await auditLogPage(db, { target: transferId })).events).toHaveLength(3);
    const today = new Date().toISOString().slice(0, 10);
    expect((await auditLogPage(db, { from: today, to: today })).events.length).toBeGreaterThan(3);
    expect((await auditLogPage(db, { to: '2000-01-01' })).events).toEqual([]);
  });

  it('pages through all of it, older and newer, without losing or repeating an event', async () => {
    for (let i = 0; i < 23; i++) await recordAudit(db, { action: 'test.event', outcome: 'success', detail: { i } });
    const seen: number[] = [];
    let page = await auditLogPage(db, { action: 'test.event' }, {}, 10);
    seen.push(...page.events.map((e) => e.id));
    while (page.older !== undefined) {
      page = await auditLogPage(db, { action: 'test.event' }, { before: page.older }, 10);
      seen.push(...page.events.map((e) => e.id));
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    const back = await auditLogPage(db, { action: 'test.event' }, { after: page.newer! }, 10);
    expect(back.events.map((e) => e.id)).toEqual(seen.slice(10, 20));
  });

  it('reads the filter from a query string, dropping a malformed date with a message', () => {
    const { filter, problems } = parseAuditFilter(new URLSearchParams('actor=&action=user.rename&from=2026-02-30&to=2026-12-07'));
    expect(filter).toEqual({ action: 'user.rename', to: '2026-12-07' });
    expect(problems).toEqual([expect.stringMatching(/not a date/)]);
    expect(filterQuery(filter, { before: 5 })).toBe('?action=user.rename&to=2026-12-07&before=5');
  });

  it('exports the filtered log as CSV: BOM, RFC 4180 quoting, formulas neutralised', async () => {
    await someHistory();
    // The person column starts with what a coordinator's name starts with: here, a formula.
    const other = await createUser(db, 'coordinator', p.organisations.programme.id);
    await renameUser(db, await actor(other.id), { userId: p.coordinator.id, name: '=HYPERLINK("http://evil")' }, meta);
    await renameUser(db, await actor(p.coordinator.id), { userId: p.editor.id, name: '@SUM(1)' }, meta);
    const csv = await auditCsv({ action: 'user.rename' });
    expect(csv.startsWith('\uFEFF"id","time (UTC)","person"')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^"\d+","[^"]+","'=HYPERLINK\(""http:\/\/evil""\)","/);
    expect(lines[1]).toContain('"user.rename","success"');
    expect(lines.slice(1).every((l) => !l.includes('","=') && !l.includes('","@'))).toBe(true);
    expect(csv).not.toContain('transfer.close');
  });

  it('streams the CSV a page per read, so a 1,000-event log comes in several chunks, and all of it', async () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ action: 'sign-in', outcome: 'failure' as const, actorUserId: p.editor.id, ip: '10.0.0.1', detail: JSON.stringify({ reason: 'wrong-password', n: i }) }));
    await db.insert(schema.auditEvent).values(events);
    const chunks = await chunksOf(auditCsvStream(db, { action: 'sign-in' }));
    expect(chunks.length).toBeGreaterThanOrEqual(1000 / auditCsvPage);
    expect(Math.max(...chunks.map((c) => c.split('\r\n').length - 1))).toBeLessThanOrEqual(auditCsvPage + 1);
    const csv = chunks.join('');
    expect(csv.startsWith('\uFEFF"id","time (UTC)"')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(1001);
    const ns = lines.slice(1).map((l) => Number(/""n"":(\d+)/.exec(l)![1]));
    expect(ns).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
    expect(lines[1]).toContain('"Test editor"');
  });

  it('works out the target filter once, when the export starts, not again for each page', async () => {
    const events = Array.from({ length: auditCsvPage * 2 }, (_, i) => ({ action: 'user.touch', outcome: 'success' as const, targetType: 'user', targetId: i % 3 ? p.viewer.id : p.editor.id }));
    await db.insert(schema.auditEvent).values(events);
    await db.update(schema.user).set({ name: 'Zelda Target' }).where(eq(schema.user.id, p.viewer.id));
    const reader = auditCsvStream(db, { target: 'Zelda' }).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    // Renamed after the export began: its later pages still hold what the filter matched when it started.
    await db.update(schema.user).set({ name: 'Vera Viewer' }).where(eq(schema.user.id, p.viewer.id));
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    const lines = (first + rest).split('\r\n').filter(Boolean).slice(1);
    expect(lines).toHaveLength(events.filter((e) => e.targetId === p.viewer.id).length);
    expect(lines.every((l) => l.includes(`"${p.viewer.id}"`))).toBe(true);
    expect(rest).toContain(p.viewer.id);
  });
});
