import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { latestUpdates, listActionUpdates, recordActionUpdate, updatesPerAction } from '../../src/lib/server/monitoring/action-progress.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { getEntry, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { fieldWithRole, statusOptions } from '../../src/lib/server/templates/registry.ts';
import { createOrganisation, createProgramme, createTestDb, createUser } from '../support/db.ts';
import { realTemplates } from '../support/templates.ts';

const actions = realTemplates().requireSection('actions');
const field = (role: 'title' | 'owner' | 'status' | 'progress' | 'start' | 'end') => fieldWithRole(actions.section, role)!.id;
const { open, done } = statusOptions(fieldWithRole(actions.section, 'status')!);
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: [] };
const now = new Date('2026-12-07T10:00:00Z');
const meta = { ip: '127.0.0.1', now };

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
let actionId: string;
const actor = (id: string) => loadActor(db, id);
const update = async (input: Record<string, unknown>, who = p.editor.id) => {
  const action = await getEntry(db, transfer.id, actionId);
  return recordActionUpdate(db, await actor(who), transfer, actions, actionId, { onDate: '2026-12-01', status: open[1] ?? open[0], version: action!.version, ...input }, meta);
};
const audits = (action: string) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action)).orderBy(schema.auditEvent.id);

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
  const saved = await saveEntry(db, await actor(p.editor.id), transfer, { template: actions.kind, section: actions.section }, { values: { [field('title')]: 'Connect the GP systems', [field('owner')]: 'ICT', [field('status')]: open[0], [field('progress')]: '10' } }, {}, meta);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  actionId = saved.entryId;
});

describe('recordActionUpdate', () => {
  it('keeps every update, lists them newest first with their authors, and the action follows the latest', async () => {
    expect((await update({ onDate: '2026-11-01', progress: '20', done: 'Contract signed' })).ok).toBe(true);
    expect((await update({ onDate: '2026-12-05', progress: '45', done: 'Test link live', blockers: 'Firewall', nextStep: 'Go live' })).ok).toBe(true);
    expect((await update({ onDate: '2026-11-20', progress: '30', done: 'Recorded late' })).ok).toBe(true);
    const history = await listActionUpdates(db, transfer.id, actionId);
    expect(history.map((u) => u.onDate)).toEqual(['2026-12-05', '2026-11-20', '2026-11-01']);
    expect(history[0]).toMatchObject({ done: 'Test link live', blockers: 'Firewall', nextStep: 'Go live', progress: 45, authorName: 'Test editor' });
    // The update about 20 November came last but is not the latest by day: the action keeps 5 December's figures.
    const action = await getEntry(db, transfer.id, actionId);
    expect(action!.data[field('progress')]).toBe(45);
    expect(action!.version).toBe(3);
    expect(action!.updatedBy).toBe(p.editor.id);
    const latest = await latestUpdates(db, transfer.id);
    expect(latest.get(actionId)).toMatchObject({ onDate: '2026-12-05', count: 3, progress: 45 });
    expect(await audits('action.update')).toHaveLength(3);
  });
  it('sets the action’s status, and counts a done status without a percent as 100 %', async () => {
    expect((await update({ status: done[0] })).ok).toBe(true);
    const action = await getEntry(db, transfer.id, actionId);
    expect(action!.data[field('status')]).toBe(done[0]);
    expect(action!.data[field('progress')]).toBe(100);
  });
  it('leaves the percent as it was when an open status comes without one', async () => {
    expect((await update({ status: open[0] })).ok).toBe(true);
    expect((await getEntry(db, transfer.id, actionId))!.data[field('progress')]).toBe(10);
  });
  it('refuses a day after today, a day that does not exist, a status the template does not offer and a percent out of range, writing nothing', async () => {
    const r1 = await update({ onDate: '2026-12-08' });
    expect(r1).toMatchObject({ ok: false, status: 400, errors: { onDate: [expect.stringMatching(/cannot be after today \(2026-12-07\)/)] } });
    expect((await update({ onDate: '2026-02-30' })).ok).toBe(false);
    expect(await update({ status: 'Finished-ish' })).toMatchObject({ ok: false, errors: { status: [expect.stringMatching(/choose one of the options/)] } });
    expect(await update({ progress: '101' })).toMatchObject({ ok: false, errors: { progress: [expect.stringMatching(/at most 100/)] } });
    expect(await update({ progress: '0x10' })).toMatchObject({ ok: false, errors: { progress: [expect.any(String)] } });
    expect(await update({ done: 'x'.repeat(5001) })).toMatchObject({ ok: false, errors: { done: [expect.stringMatching(/at most 5,000/)] } });
    expect(await listActionUpdates(db, transfer.id, actionId)).toEqual([]);
    expect((await getEntry(db, transfer.id, actionId))!.version).toBe(1);
  });
  it('answers a stale version with the action as it is now, and writes nothing', async () => {
    const editor = await actor(p.editor.id);
    await saveEntry(db, editor, transfer, { template: actions.kind, section: actions.section }, { entryId: actionId, version: 1, values: { [field('title')]: 'Connect the GP systems, renamed', [field('owner')]: 'ICT', [field('status')]: open[0] } }, {}, meta);
    const result = await recordActionUpdate(db, editor, transfer, actions, actionId, { onDate: '2026-12-01', status: open[0], progress: '50', version: 1 }, meta);
    expect(result).toMatchObject({ ok: false, status: 409, conflict: { version: 2, theirs: { [field('title')]: 'Connect the GP systems, renamed' } } });
    expect(await listActionUpdates(db, transfer.id, actionId)).toEqual([]);
    expect((await getEntry(db, transfer.id, actionId))!.version).toBe(2);
  });
  it('refuses viewers, mentors, coordinators and other organisations’ editors, and audits the refusal', async () => {
    const outsider = await createUser(db, 'editor', (await createOrganisation(db, 'next-adopter')).id);
    for (const who of [p.viewer.id, p.mentor.id, p.coordinator.id, p.otherEditor.id, outsider.id]) expect(await update({}, who)).toMatchObject({ ok: false, status: 403 });
    expect(await listActionUpdates(db, transfer.id, actionId)).toEqual([]);
    expect((await audits('action.update')).map((a) => a.outcome)).toEqual(Array(5).fill('denied'));
  });
  it('refuses an action of another transfer or a record that is not an action', async () => {
    const other = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id], confirmDuplicates: [transfer.id] }, [practice], meta);
    const otherTransfer = (await loadTransfer(db, other.ok ? other.transferId : ''))!;
    const result = await recordActionUpdate(db, await actor(p.editor.id), otherTransfer, actions, actionId, { onDate: '2026-12-01', status: open[0], version: 1 }, meta);
    expect(result).toMatchObject({ ok: false, status: 404 });
  });
  it(`keeps at most ${updatesPerAction} updates per action and says so`, async () => {
    const rows = Array.from({ length: updatesPerAction }, (_, i) => ({ id: crypto.randomUUID(), transferId: transfer.id, actionId, onDate: '2026-01-01', status: open[0], done: `Update ${i}` }));
    for (let i = 0; i < rows.length; i += 100) await db.insert(schema.actionUpdate).values(rows.slice(i, i + 100));
    expect(await update({})).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringMatching(/at most 500 updates/)] } });
    expect(await db.select().from(schema.actionUpdate).where(and(eq(schema.actionUpdate.actionId, actionId)))).toHaveLength(updatesPerAction);
    expect(await listActionUpdates(db, transfer.id, actionId)).toHaveLength(updatesPerAction);
  });
});
