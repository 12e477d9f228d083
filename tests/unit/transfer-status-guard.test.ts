/** Writes in a transfer that is not active: refused as paused or closed (409, the notice), checked inside the write transaction. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { recordActionUpdate } from '../../src/lib/server/monitoring/action-progress.ts';
import { maturityDimensions, saveReassessment } from '../../src/lib/server/monitoring/workshops.ts';
import { addComment, addressRequiredChange } from '../../src/lib/server/review/commands.ts';
import { deleteEntry, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { activeOnly } from '../../src/lib/server/transfers/active.ts';
import { statusNotices } from '../../src/lib/server/transfers/lifecycle.ts';
import { restoreEntry } from '../../src/lib/server/transfers/trash.ts';
import { createTestDb } from '../support/db.ts';
import { byRole, meta, monitoringSetup, sectionOf, statusWith, templates } from '../support/monitoring.ts';

let db: Db;
let t: Awaited<ReturnType<typeof monitoringSetup>>;

beforeEach(async () => {
  db = await createTestDb();
  t = await monitoringSetup(db);
});

/** The status changed by someone else after the page was loaded: `t.transfer` still says active. */
const setStatus = (status: 'paused' | 'closed' | 'archived') => db.update(schema.transfer).set({ status }).where(eq(schema.transfer.id, t.transfer.id));
const refusedAs = (status: 'paused' | 'closed' | 'archived') => ({ ok: false, status: 409, errors: { '': [statusNotices[status]] } });
const denials = () => db.$count(schema.auditEvent, eq(schema.auditEvent.outcome, 'denied'));

describe('a write racing a pause or a close', () => {
  it('is refused by the status read inside its transaction, writing nothing, though the page loaded the transfer active', async () => {
    const actions = sectionOf('actions');
    const actionId = await t.addAction('Train staff', '2027-06-30');
    const entries = await db.$count(schema.entry);
    await setStatus('closed');
    const editor = await t.as(t.p.editor.id);
    expect(await saveEntry(db, editor, t.transfer, { template: actions.kind, section: actions.section }, { values: byRole(actions.section, { title: 'Another', end: '2027-07-31' }) }, {}, meta)).toEqual(refusedAs('closed'));
    expect(await deleteEntry(db, editor, t.transfer, actionId, 1, meta)).toEqual(refusedAs('closed'));
    expect(await recordActionUpdate(db, editor, t.transfer, actions, actionId, { onDate: '2026-12-01', status: statusWith(actions.section, 'done'), version: '1' }, meta)).toEqual(refusedAs('closed'));
    expect(await db.$count(schema.entry)).toBe(entries);
    expect(await db.$count(schema.actionUpdate)).toBe(0);
  });

  it('refuses the review commands too: a submission, a comment, an answer', async () => {
    await t.addAction('Train staff', '2027-06-30');
    expect((await t.submit()).ok).toBe(true);
    const asked = await addComment(db, await t.as(t.p.mentor.id), t.transfer, t.planStage, { body: 'Name a lead.', required: 'on' }, () => undefined, meta);
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    await setStatus('paused');
    const comments = await db.$count(schema.comment);
    expect(await addComment(db, await t.as(t.p.mentor.id), t.transfer, t.planStage, { body: 'And a date.' }, () => undefined, meta)).toEqual(refusedAs('paused'));
    expect(await addressRequiredChange(db, await t.as(t.p.editor.id), t.transfer, t.planStage, { commentId: asked.commentId, answer: 'Done.' }, meta)).toEqual(refusedAs('paused'));
    expect(await db.$count(schema.comment)).toBe(comments);
    expect((await first(db.select().from(schema.comment).where(eq(schema.comment.id, asked.commentId)).limit(1)))!.status).toBe('open');
  });

  it('refuses restoring a deleted record (the page wraps restoreEntry in activeOnly)', async () => {
    const actionId = await t.addAction('Train staff', '2027-06-30');
    expect((await deleteEntry(db, await t.as(t.p.editor.id), t.transfer, actionId, 1, meta)).ok).toBe(true);
    await setStatus('archived');
    expect(await activeOnly(restoreEntry)(db, await t.as(t.p.editor.id), t.transfer, actionId, templates().sections, meta)).toEqual(refusedAs('archived'));
    expect(await db.$count(schema.entry, eq(schema.entry.id, actionId))).toBe(0);
  });
});

describe('a workshop re-assessment', () => {
  it('is refused as paused or closed, keeping every typed value and writing nothing, whether the page knew or not', async () => {
    const workshops = sectionOf('workshops');
    const saved = await saveEntry(db, await t.as(t.p.editor.id), t.transfer, { template: workshops.kind, section: workshops.section }, { values: byRole(workshops.section, { title: 'Spring workshop', start: '2026-11-20' }) }, {}, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    const [first] = maturityDimensions(templates()).dimensions;
    const typed = new URLSearchParams({ [`d.${first!.id}.score`]: '3', [`d.${first!.id}.note`]: 'Pilot running' });
    await setStatus('closed');
    const editor = await t.as(t.p.editor.id);
    // Racing the close (the page loaded it active): the guard inside the transaction.
    expect(await saveReassessment(db, editor, t.transfer, templates(), saved.entryId, typed, meta)).toMatchObject({ ...refusedAs('closed'), values: { [first!.id]: { score: '3', note: 'Pilot running' } } });
    // Loaded as closed: the same answer before any permission check, and no denial recorded.
    expect(await saveReassessment(db, editor, { ...t.transfer, status: 'closed' as const }, templates(), saved.entryId, typed, meta)).toMatchObject(refusedAs('closed'));
    expect(await db.$count(schema.maturityReassessment)).toBe(0);
    expect(await denials()).toBe(0);
  });
});

describe('a write in a transfer the page loaded as paused', () => {
  it('says the transfer is paused, not that the account cannot, and records no denial', async () => {
    const actions = sectionOf('actions');
    await setStatus('paused');
    const paused = { ...t.transfer, status: 'paused' as const };
    expect(await saveEntry(db, await t.as(t.p.editor.id), paused, { template: actions.kind, section: actions.section }, { values: byRole(actions.section, { title: 'Train staff', end: '2027-06-30' }) }, {}, meta)).toEqual(refusedAs('paused'));
    expect(await denials()).toBe(0);
  });
});
