import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { loadMaturityComparison, loadReassessment, maturityDimensions, saveReassessment } from '../../src/lib/server/monitoring/workshops.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { fieldWithRole, scoreAndNote } from '../../src/lib/server/templates/registry.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { realTemplates } from '../support/templates.ts';

const registry = realTemplates();
const workshops = registry.requireSection('workshops');
const assessment = registry.requireSection('assessment');
const { dimensions } = maturityDimensions(registry);
const [first, second, third] = dimensions;
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: [] };
const meta = { ip: '127.0.0.1', now: new Date('2026-12-07T10:00:00Z') };

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
const actor = (id: string) => loadActor(db, id);
const form = (v: Record<string, string>) => new URLSearchParams(v);
const addWorkshop = async (title: string, date: string) => {
  const saved = await saveEntry(db, await actor(p.editor.id), transfer, { template: workshops.kind, section: workshops.section }, { values: { [fieldWithRole(workshops.section, 'title')!.id]: title, [fieldWithRole(workshops.section, 'start')!.id]: date } }, {}, meta);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return saved.entryId;
};

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
});

describe('saveReassessment', () => {
  it('has the twelve dimensions of the maturity template', () => {
    expect(dimensions).toHaveLength(12);
  });
  it('saves a score and note per dimension, and a later save names the version it changed', async () => {
    const w = await addWorkshop('Spring workshop', '2026-11-20');
    const editor = await actor(p.editor.id);
    expect(await saveReassessment(db, editor, transfer, registry, w, form({ [`d.${first.id}.score`]: '3', [`d.${first.id}.note`]: 'Pilot running', [`d.${second.id}.score`]: '1' }), meta)).toEqual({ ok: true, saved: 2 });
    expect(await loadReassessment(db, transfer.id, w)).toEqual({ [first.id]: { score: 3, note: 'Pilot running', version: 1 }, [second.id]: { score: 1, note: '', version: 1 } });
    expect(await saveReassessment(db, editor, transfer, registry, w, form({ [`d.${first.id}.score`]: '4', [`d.${first.id}.version`]: '1' }), meta)).toMatchObject({ ok: true });
    expect((await loadReassessment(db, transfer.id, w))[first.id]).toEqual({ score: 4, note: '', version: 2 });
  });
  it('refuses a score outside 0–5 or a note without a score, writing nothing and keeping what was typed', async () => {
    const w = await addWorkshop('Spring workshop', '2026-11-20');
    const result = await saveReassessment(db, await actor(p.editor.id), transfer, registry, w, form({ [`d.${first.id}.score`]: '6', [`d.${second.id}.note`]: 'No score', [`d.${third.id}.score`]: '2' }), meta);
    expect(result).toMatchObject({ ok: false, status: 400, errors: { [`${first.id}.score`]: [expect.stringMatching(/0 to 5/)], [`${second.id}.score`]: [expect.any(String)] }, values: { [first.id]: { score: '6' }, [second.id]: { note: 'No score' } } });
    expect(await loadReassessment(db, transfer.id, w)).toEqual({});
  });
  it('answers a stale version with what the other person saved, keeps the typed values and saves the other dimensions', async () => {
    const w = await addWorkshop('Spring workshop', '2026-11-20');
    const editor = await actor(p.editor.id);
    await saveReassessment(db, editor, transfer, registry, w, form({ [`d.${first.id}.score`]: '2', [`d.${first.id}.note`]: 'Theirs' }), meta);
    const result = await saveReassessment(db, editor, transfer, registry, w, form({ [`d.${first.id}.score`]: '5', [`d.${first.id}.note`]: 'Mine', [`d.${second.id}.score`]: '3' }), meta);
    expect(result).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringMatching(/someone else saved .* 2 \(“Theirs”\)/)] }, values: { [first.id]: { score: '5', note: 'Mine' } }, versions: { [first.id]: 1 } });
    const stored = await loadReassessment(db, transfer.id, w);
    expect(stored[first.id]).toMatchObject({ score: 2, note: 'Theirs' });
    expect(stored[second.id]).toMatchObject({ score: 3 });
  });
  it('refuses viewers, mentors and other organisations, and audits the refusal', async () => {
    const w = await addWorkshop('Spring workshop', '2026-11-20');
    for (const who of [p.viewer.id, p.mentor.id, p.coordinator.id, p.otherEditor.id]) expect(await saveReassessment(db, await actor(who), transfer, registry, w, form({ [`d.${first.id}.score`]: '3' }), meta)).toMatchObject({ ok: false, status: 403 });
    expect(await loadReassessment(db, transfer.id, w)).toEqual({});
    expect((await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'maturity.reassess'))).map((a) => a.outcome)).toEqual(Array(4).fill('denied'));
  });
  it('refuses a workshop id that is not a workshop of this transfer', async () => {
    expect(await saveReassessment(db, await actor(p.editor.id), transfer, registry, crypto.randomUUID(), form({ [`d.${first.id}.score`]: '3' }), meta)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('loadMaturityComparison', () => {
  it('sets the baseline beside the latest workshop that re-assessed maturity, with its title and date', async () => {
    const { score } = scoreAndNote(assessment.section);
    await saveEntry(db, await actor(p.editor.id), transfer, { template: assessment.kind, section: assessment.section, grouping: first.id }, { values: { [score!.id]: '1' } }, {}, meta);
    const early = await addWorkshop('Early workshop', '2026-06-01');
    const late = await addWorkshop('Late workshop', '2026-11-20');
    await addWorkshop('Planned workshop', '2027-03-01');
    const editor = await actor(p.editor.id);
    await saveReassessment(db, editor, transfer, registry, late, form({ [`d.${first.id}.score`]: '3' }), meta);
    await saveReassessment(db, editor, transfer, registry, early, form({ [`d.${first.id}.score`]: '2' }), meta);
    const c = await loadMaturityComparison(db, transfer.id, registry);
    expect(c.baseline[first.id]).toBe(1);
    expect(c.workshop).toEqual({ id: late, title: 'Late workshop', date: '2026-11-20', scores: { [first.id]: 3 } });
    expect((await loadMaturityComparison(db, transfer.id, registry, early)).workshop?.scores).toEqual({ [first.id]: 2 });
  });
  it('has no workshop before any re-assessment', async () => {
    await addWorkshop('Planned workshop', '2027-03-01');
    expect((await loadMaturityComparison(db, transfer.id, registry)).workshop).toBeUndefined();
  });
});
