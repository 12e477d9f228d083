import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { canEditTransfer, canViewTransfer } from '../../src/lib/server/permissions.ts';
import { deleteEntry, openTransfer, placeEntry, saveEntry, setFeatureChoice } from '../../src/lib/server/transfers/commands.ts';
import { saveMaturityForm } from '../../src/lib/server/transfers/entry-form.ts';
import { earliestYear, entrySchema, latestYear, linkProblems } from '../../src/lib/server/transfers/entry-schema.ts';
import { listEntries, listLinkTargetIds, listVisibleTransfers, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { linkTargetsOf } from '../../src/lib/server/templates/registry.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createOrganisation, createProgramme, createTestDb, createUser } from '../support/db.ts';
import { readFrontmatter } from '../support/site.ts';

const template = (id: string) => templateSchema.parse(readFrontmatter('templates', id));
const swot = template('swot');
const swotItem = swot.sections.find((s) => s.id === 'swot-item')!;
const needsTemplate = template('needs-and-scope');
const needs = needsTemplate.sections.find((s) => s.id === 'needs')!;
const scope = needsTemplate.sections.find((s) => s.id === 'scope')!;
const plan = template('action-plan');
const objectives = plan.sections.find((s) => s.id === 'objectives')!;
const actions = plan.sections.find((s) => s.id === 'actions')!;
const kpis = plan.sections.find((s) => s.id === 'kpis')!;
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview', 'shared-treatment-plan'] };
const meta = { ip: '127.0.0.1' };

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
const actor = (id: string) => loadActor(db, id);

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
});

describe('entrySchema, built from the template frontmatter', () => {
  it('requires the required fields and bounds the impact to 1–5', () => {
    const schema = entrySchema(swotItem);
    expect(schema.safeParse({ statement: '', impact: '3' }).success).toBe(false);
    expect(schema.safeParse({ statement: 'Strong GP network', impact: '6' }).success).toBe(false);
    expect(schema.safeParse({ statement: 'Strong GP network', impact: '0' }).success).toBe(false);
    expect(schema.parse({ statement: ' Strong GP network ', impact: '4', stakeholder: 'Hospital' })).toMatchObject({ statement: 'Strong GP network', impact: 4, stakeholder: 'Hospital' });
  });
  it('accepts only the options a select field offers', () => {
    expect(entrySchema(swotItem).safeParse({ statement: 'x', impact: '2', stakeholder: 'Pharmacy' }).success).toBe(false);
  });
  it('accepts only links to records that exist', () => {
    const links = { 'core-features': practice.featureIds };
    const good = entrySchema(needs).parse({ 'need-statement': 'A shared plan', priority: 'High', 'core-features': ['shared-treatment-plan'] });
    expect(linkProblems(needs, good, links)).toEqual({});
    const bad = entrySchema(needs).parse({ 'need-statement': 'A shared plan', priority: 'High', 'core-features': ['teleportation'] });
    expect(linkProblems(needs, bad, links)).toEqual({ 'core-features': [expect.stringMatching(/no longer exists/)] });
  });
  // The tester stored 2027-13-45, 2027-02-30 and 0000-00-00, and 0001-01-01 → 9999-12-31 (which made the timeline explode).
  it.each(['2027-13-45', '2027-02-30', '2027-02-29', '0000-00-00', '0001-01-01', '9999-12-31', '1899-12-31', '2101-01-01'])('refuses %s as a date, naming the field', (date) => {
    const result = entrySchema(objectives).safeParse({ statement: 'Fewer readmissions', measure: 'Readmission rate', 'target-date': date });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual([`Target date: not a real date between ${earliestYear} and ${latestYear}; use a date like 2027-03-31.`]);
  });
  it.each(['2028-02-29', '1900-01-01', '2100-12-31', ' 2027-03-31 '])('accepts the real day %j', (date) => {
    expect(entrySchema(objectives).parse({ statement: 'x', measure: 'y', 'target-date': date })['target-date']).toBe(date.trim());
  });
  // Number() took 0x10 as 16, 1e3 as 1000, '' and ' ' as 0, and Infinity; a form field means plain digits.
  it.each(['0x10', '1e3', 'Infinity', '-Infinity', 'NaN', '12abc', '1,5', '0b1', '+-1', '1' + '0'.repeat(400)])('refuses %j as a number, naming the field', (value) => {
    const result = entrySchema(swotItem).safeParse({ statement: 'Strong GP network', impact: value });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toEqual(['Impact: enter a number in plain digits, such as 12 or 3.5.']);
  });
  it('treats a whitespace-only number as not filled in, and keeps the bounds the template declares', () => {
    expect(entrySchema(swotItem).safeParse({ statement: 'x', impact: '   ' }).error!.issues.map((i) => i.message)).toEqual(['Impact is required.']);
    expect(entrySchema(kpis).parse({ name: 'Readmissions', type: 'Outcome', baseline: '  ' }).baseline).toBeUndefined();
    expect(entrySchema(kpis).parse({ name: 'Readmissions', type: 'Outcome', baseline: ' -12.5 ', target: '3' })).toMatchObject({ baseline: -12.5, target: 3 });
    expect(entrySchema(actions).safeParse({ title: 'x', owner: 'y', status: 'Done', 'percent-done': '101' }).error!.issues.map((i) => i.message)).toEqual(['Percent done: at most 100.']);
    expect(entrySchema(actions).safeParse({ title: 'x', owner: 'y', status: 'Done', 'percent-done': '-1' }).error!.issues.map((i) => i.message)).toEqual(['Percent done: at least 0.']);
    expect(entrySchema(actions).parse({ title: 'x', owner: 'y', status: 'Done', 'percent-done': '100' })['percent-done']).toBe(100);
  });
  it('turns a free list typed one per line into items', () => {
    expect(entrySchema(needs).parse({ 'need-statement': 'x', priority: 'Low', 'affected-stakeholders': 'GPs\n\n Nurses \n' })['affected-stakeholders']).toEqual(['GPs', 'Nurses']);
  });
});

describe('who sees and writes a transfer', () => {
  it('is a matrix: editors write; viewers, the assigned mentor and coordinators read; others nothing', async () => {
    const unassignedMentor = await createUser(db, 'mentor', p.organisations.early.id);
    const cases: [string, boolean, boolean][] = [
      [p.editor.id, true, true],
      [p.viewer.id, true, false],
      [p.mentor.id, true, false],
      [unassignedMentor.id, false, false],
      [p.coordinator.id, true, false],
      [p.otherEditor.id, false, false],
    ];
    for (const [userId, view, edit] of cases) {
      const a = await actor(userId);
      expect([canViewTransfer(a, transfer), canEditTransfer(a, transfer)], userId).toEqual([view, edit]);
      expect((await listVisibleTransfers(db, a)).map((t) => t.id), userId).toEqual(view ? [transfer.id] : []);
    }
  });
  it('only coordinators open transfers, with a next-adopter organisation and real mentors', async () => {
    expect(await openTransfer(db, await actor(p.editor.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta)).toMatchObject({ status: 403 });
    const coordinator = await actor(p.coordinator.id);
    expect(await openTransfer(db, coordinator, { organisationId: p.organisations.early.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta)).toMatchObject({ errors: { organisationId: [expect.any(String)] } });
    expect(await openTransfer(db, coordinator, { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.editor.id] }, [practice], meta)).toMatchObject({ errors: { mentorIds: [expect.any(String)] } });
  });
});

describe('saveEntry', () => {
  const target = { template: 'swot' as const, section: swotItem, grouping: 'strengths' };

  it('creates and updates a SWOT item, raising its version and auditing both', async () => {
    const editor = await actor(p.editor.id);
    const created = await saveEntry(db, editor, transfer, target, { values: { statement: 'Strong GP network', impact: '4' } }, {}, meta);
    expect(created.ok).toBe(true);
    const id = (created as { entryId: string }).entryId;
    const updated = await saveEntry(db, editor, transfer, target, { entryId: id, version: 1, values: { statement: 'Strong and digital GP network', impact: '5' } }, {}, meta);
    expect(updated.ok).toBe(true);
    const [entry] = await listEntries(db, transfer.id, 'swot');
    expect(entry).toMatchObject({ version: 2, grouping: 'strengths', data: { statement: 'Strong and digital GP network', impact: 5 } });
    const actions = (await db.select().from(schema.auditEvent)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['entry.create', 'entry.update']));
  });

  it('refuses a save made on an older version and hands back both versions', async () => {
    const editor = await actor(p.editor.id);
    const second = await actor((await createUser(db, 'editor', p.organisations.adopter.id)).id);
    const { entryId } = (await saveEntry(db, editor, transfer, target, { values: { statement: 'Original', impact: '2' } }, {}, meta)) as { entryId: string };
    expect((await saveEntry(db, editor, transfer, target, { entryId, version: 1, values: { statement: 'First editor', impact: '2' } }, {}, meta)).ok).toBe(true);
    const late = await saveEntry(db, second, transfer, target, { entryId, version: 1, values: { statement: 'Second editor', impact: '3' } }, {}, meta);
    expect(late).toMatchObject({ ok: false, status: 409, conflict: { version: 2, theirs: { statement: 'First editor' } } });
    expect((await listEntries(db, transfer.id, 'swot'))[0].data.statement).toBe('First editor');
    // Keeping mine means saving again on the version just seen.
    expect((await saveEntry(db, second, transfer, target, { entryId, version: 2, values: { statement: 'Second editor', impact: '3' } }, {}, meta)).ok).toBe(true);
  });

  it('keeps one record for a section filled once (the scope)', async () => {
    const editor = await actor(p.editor.id);
    const scopeTarget = { template: 'needs-scope' as const, section: scope };
    const population = 'People with heart failure';
    expect(await saveEntry(db, editor, transfer, scopeTarget, { values: { geography: 'Northland', population } }, {}, meta)).toMatchObject({ ok: true });
    expect(await saveEntry(db, editor, transfer, scopeTarget, { values: { geography: 'All of Northland', population } }, {}, meta)).toMatchObject({ status: 409 });
    expect(await saveEntry(db, editor, transfer, scopeTarget, { version: 1, values: { geography: 'All of Northland', population } }, {}, meta)).toMatchObject({ ok: true });
    expect((await listEntries(db, transfer.id, 'needs-scope')).filter((e) => e.section === 'scope')).toHaveLength(1);
  });

  it('lets neither viewers, mentors nor other organisations write, and audits the refusal', async () => {
    for (const userId of [p.viewer.id, p.mentor.id, p.otherEditor.id, p.coordinator.id]) {
      expect(await saveEntry(db, await actor(userId), transfer, target, { values: { statement: 'x', impact: '1' } }, {}, meta)).toMatchObject({ status: 403 });
    }
    expect(await listEntries(db, transfer.id, 'swot')).toHaveLength(0);
    expect((await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.outcome, 'denied'))).length).toBe(4);
  });
});

describe('listLinkTargetIds', () => {
  it('offers this transfer’s needs, objectives and actions, and the practice’s core features', async () => {
    const editor = await actor(p.editor.id);
    const plan = template('action-plan');
    const need = ((await saveEntry(db, editor, transfer, { template: 'needs-scope', section: needs }, { values: { 'need-statement': 'A shared plan', priority: 'High' } }, {}, meta)) as { entryId: string }).entryId;
    const objective = ((await saveEntry(db, editor, transfer, { template: 'action-plan', section: plan.sections.find((s) => s.id === 'objectives')! }, { values: { statement: 'O', measure: 'M', 'target-date': '2027-01-01' } }, {}, meta)) as { entryId: string }).entryId;
    await saveEntry(db, editor, transfer, { template: 'swot', section: swotItem, grouping: 'strengths' }, { values: { statement: 'S', impact: '1' } }, {}, meta);
    expect(await listLinkTargetIds(db, transfer.id, ['needs-scope/needs', 'action-plan/objectives', 'action-plan/actions', 'core-features'], practice.featureIds)).toEqual({ 'needs-scope/needs': [need], 'action-plan/objectives': [objective], 'action-plan/actions': [], 'core-features': practice.featureIds });
    // A save asks only for what the saved section links to: an action, for objectives.
    const actions = plan.sections.find((s) => s.role === 'actions')!;
    expect(await listLinkTargetIds(db, transfer.id, linkTargetsOf(actions), practice.featureIds)).toEqual({ 'action-plan/objectives': [objective] });
  });
});

describe('saveMaturityForm', () => {
  const maturity = template('maturity-self-assessment');
  const [first, second] = maturity.dimensions;
  const form = (fields: Record<string, string>) => new URLSearchParams(fields);

  it('saves each filled-in dimension, and keeps a note that is too long with its error next to it', async () => {
    const editor = await actor(p.editor.id);
    const saved = await saveMaturityForm(db, editor, transfer, 'maturity', maturity.sections[0], maturity.dimensions, form({ [`d.${first.id}.score`]: '3', [`d.${first.id}.note`]: 'Pilot running', [`d.${second.id}.score`]: '2', [`d.${second.id}.note`]: 'x'.repeat(5001) }), meta);
    expect(saved).toMatchObject({ ok: false, status: 400, errors: { [`${second.id}.note`]: [expect.stringMatching(/at most 5000/)] }, values: { [second.id]: { note: 'x'.repeat(5001) } } });
    expect((await listEntries(db, transfer.id, 'maturity')).map((e) => [e.grouping, e.data.score])).toEqual([[first.id, 3]]);
  });

  it('names a dimension someone else saved meanwhile, with their score, and keeps what this person typed', async () => {
    const editor = await actor(p.editor.id);
    expect(await saveMaturityForm(db, editor, transfer, 'maturity', maturity.sections[0], maturity.dimensions, form({ [`d.${first.id}.score`]: '4', [`d.${first.id}.note`]: 'Theirs' }), meta)).toMatchObject({ ok: true, location: `/workspace/transfers/${transfer.id}/maturity/?saved=1` });
    const stale = await saveMaturityForm(db, editor, transfer, 'maturity', maturity.sections[0], maturity.dimensions, form({ [`d.${first.id}.version`]: '', [`d.${first.id}.score`]: '1', [`d.${first.id}.note`]: 'Mine' }), meta);
    expect(stale).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringContaining(`${first.name}: someone else saved score 4 (“Theirs”)`)] }, values: { [first.id]: { score: '1', note: 'Mine' } } });
    expect((await listEntries(db, transfer.id, 'maturity'))[0].data).toMatchObject({ score: 4, note: 'Theirs' });
  });
});

describe('saveEntry with a record id', () => {
  it('finds the record only in the section and group the form names: an id from elsewhere is "missing"', async () => {
    const editor = await actor(p.editor.id);
    const item = (await saveEntry(db, editor, transfer, { template: 'swot', section: swotItem, grouping: 'threats' }, { values: { statement: 'A threat', impact: '2' } }, {}, meta)) as { entryId: string };
    const asNeed = await saveEntry(db, editor, transfer, { template: 'needs-scope', section: needs }, { entryId: item.entryId, version: 1, values: { 'need-statement': 'Overwritten?', priority: 'High' } }, { 'core-features': practice.featureIds }, meta);
    expect(asNeed).toMatchObject({ ok: false, status: 404 });
    const otherQuadrant = await saveEntry(db, editor, transfer, { template: 'swot', section: swotItem, grouping: 'strengths' }, { entryId: item.entryId, version: 1, values: { statement: 'Moved by a forged form', impact: '2' } }, {}, meta);
    expect(otherQuadrant).toMatchObject({ ok: false, status: 404 });
    const [stored] = await listEntries(db, transfer.id, 'swot');
    expect(stored).toMatchObject({ grouping: 'threats', version: 1, data: { statement: 'A threat' } });
  });
});

describe('Move up / Move down (placeEntry) and deleteEntry', () => {
  it('reorders within a quadrant and deletes only the version seen', async () => {
    const editor = await actor(p.editor.id);
    const target = { template: 'swot' as const, section: swotItem, grouping: 'threats' };
    const ids: string[] = [];
    for (const s of ['A', 'B', 'C']) ids.push(((await saveEntry(db, editor, transfer, target, { values: { statement: s, impact: '1' } }, {}, meta)) as { entryId: string }).entryId);
    await placeEntry(db, editor, transfer, ids[2], { before: ids[1] }, meta);
    expect((await listEntries(db, transfer.id, 'swot')).map((e) => e.data.statement)).toEqual(['A', 'C', 'B']);
    await placeEntry(db, editor, transfer, ids[0], { before: ids[0] }, meta);
    expect((await listEntries(db, transfer.id, 'swot')).map((e) => e.data.statement)).toEqual(['A', 'C', 'B']);
    expect(await deleteEntry(db, editor, transfer, ids[1], 7, meta)).toMatchObject({ status: 409 });
    expect(await deleteEntry(db, editor, transfer, ids[1], 1, meta)).toEqual({ ok: true });
    expect((await listEntries(db, transfer.id, 'swot')).map((e) => e.data.statement)).toEqual(['A', 'C']);
  });
});

describe('placeEntry (drag and drop)', () => {
  const statements = async () => (await listEntries(db, transfer.id, 'swot')).filter((e) => e.grouping === 'threats').map((e) => e.data.statement);
  async function fourThreats() {
    const editor = await actor(p.editor.id);
    const ids: string[] = [];
    for (const s of ['A', 'B', 'C', 'D']) ids.push(((await saveEntry(db, editor, transfer, { template: 'swot', section: swotItem, grouping: 'threats' }, { values: { statement: s, impact: '1' } }, {}, meta)) as { entryId: string }).entryId);
    return { editor, ids };
  }

  it('puts a record before or after another of its group, raising the revision and auditing the move', async () => {
    const { editor, ids } = await fourThreats();
    const revision = (await loadTransfer(db, transfer.id))!.revision;
    expect(await placeEntry(db, editor, transfer, ids[3], { before: ids[0] }, meta)).toEqual({ ok: true });
    expect(await statements()).toEqual(['D', 'A', 'B', 'C']);
    expect(await placeEntry(db, editor, transfer, ids[3], { after: ids[2] }, meta)).toEqual({ ok: true });
    expect(await statements()).toEqual(['A', 'B', 'C', 'D']);
    expect(await placeEntry(db, editor, transfer, ids[0], { after: ids[1] }, meta)).toEqual({ ok: true });
    expect(await statements()).toEqual(['B', 'A', 'C', 'D']);
    // Move up on the renumbered list: before the record above it.
    await placeEntry(db, editor, transfer, ids[0], { before: ids[1] }, meta);
    expect(await statements()).toEqual(['A', 'B', 'C', 'D']);
    expect((await loadTransfer(db, transfer.id))!.revision).toBe(revision + 4);
    const moves = await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'entry.move'));
    expect(moves).toHaveLength(4);
    expect(JSON.parse(moves[0].detail!)).toEqual({ before: ids[0] });
  });

  it('writes nothing when the record is dropped where it already is', async () => {
    const { editor, ids } = await fourThreats();
    const revision = (await loadTransfer(db, transfer.id))!.revision;
    expect(await placeEntry(db, editor, transfer, ids[1], { before: ids[1] }, meta)).toEqual({ ok: true });
    expect(await placeEntry(db, editor, transfer, ids[1], { after: ids[0] }, meta)).toEqual({ ok: true });
    expect(await placeEntry(db, editor, transfer, ids[1], { before: ids[2] }, meta)).toEqual({ ok: true });
    expect(await statements()).toEqual(['A', 'B', 'C', 'D']);
    expect((await loadTransfer(db, transfer.id))!.revision).toBe(revision);
    expect(await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'entry.move'))).toEqual([]);
  });

  it('moves nothing when the other record left the group or is gone, and refuses readers', async () => {
    const { editor, ids } = await fourThreats();
    const strength = ((await saveEntry(db, editor, transfer, { template: 'swot', section: swotItem, grouping: 'strengths' }, { values: { statement: 'S', impact: '1' } }, {}, meta)) as { entryId: string }).entryId;
    expect(await placeEntry(db, editor, transfer, ids[0], { before: strength }, meta)).toMatchObject({ ok: false, status: 409 });
    expect(await placeEntry(db, editor, transfer, ids[0], { after: crypto.randomUUID() }, meta)).toMatchObject({ ok: false, status: 409 });
    expect(await placeEntry(db, editor, transfer, crypto.randomUUID(), { after: ids[1] }, meta)).toMatchObject({ ok: false, status: 404 });
    expect(await placeEntry(db, await actor(p.viewer.id), transfer, ids[3], { before: ids[0] }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await placeEntry(db, await actor(p.mentor.id), transfer, ids[3], { before: ids[0] }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await statements()).toEqual(['A', 'B', 'C', 'D']);
  });
});

describe('setFeatureChoice', () => {
  it('records keep, asks why for adapt or drop, and detects a stale choice', async () => {
    const editor = await actor(p.editor.id);
    expect(await setFeatureChoice(db, editor, transfer, practice.featureIds, { featureId: 'one-screen-overview', decision: 'drop', note: '' }, meta)).toMatchObject({ errors: { note: [expect.any(String)] } });
    expect(await setFeatureChoice(db, editor, transfer, practice.featureIds, { featureId: 'one-screen-overview', decision: 'adapt', note: 'Start with two sectors', version: '0' }, meta)).toEqual({ ok: true });
    expect(await setFeatureChoice(db, editor, transfer, practice.featureIds, { featureId: 'one-screen-overview', decision: 'keep', version: '0' }, meta)).toMatchObject({ status: 409, conflict: { theirs: { decision: 'adapt' } } });
    expect(await setFeatureChoice(db, editor, transfer, practice.featureIds, { featureId: 'no-such', decision: 'keep' }, meta)).toMatchObject({ errors: { featureId: [expect.any(String)] } });
  });
});

describe('organisations', () => {
  it('keeps another organisation’s transfers out of an editor’s list', async () => {
    const third = await createOrganisation(db, 'next-adopter');
    await openTransfer(db, await actor(p.coordinator.id), { organisationId: third.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
    expect((await listVisibleTransfers(db, await actor(p.editor.id))).length).toBe(1);
    expect((await listVisibleTransfers(db, await actor(p.mentor.id))).length).toBe(2);
  });
});
