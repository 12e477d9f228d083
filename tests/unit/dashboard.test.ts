import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { days, hours } from '../../src/lib/server/clock.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { canSeeCohort, canSeeProgramme } from '../../src/lib/server/permissions.ts';
import { cohortRows, programmeCounts, type CohortRow } from '../../src/lib/server/review/dashboard.ts';
import type { ReviewStage, ReviewState } from '../../src/lib/server/review/states.ts';
import { createProgramme, createTestDb, createUser, createWatchedTestDb } from '../support/db.ts';
import { templateFrontmatter, templateRegistry } from '../support/templates.ts';

const now = new Date('2026-11-20T12:00:00.000Z');
const templates = templateRegistry();
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

async function addTransfer(title: string, { mentorIds = [p.mentor.id], organisationId = p.organisations.adopter.id, practiceId = 'shared-care-platform' } = {}) {
  const id = crypto.randomUUID();
  await db.insert(schema.transfer).values({ id, organisationId, practiceId, title });
  for (const userId of mentorIds) await db.insert(schema.transferMentor).values({ transferId: id, userId });
  return id;
}

/** A fresh programme on a database that reports each statement it runs, to count queries. */
async function watchedDatabase(): Promise<string[]> {
  const watched = await createWatchedTestDb();
  db = watched.db;
  p = await createProgramme(db);
  return watched.executed;
}

async function setReview(transferId: string, stage: ReviewStage, state: ReviewState, submittedAt = ago(days(1))) {
  await db.insert(schema.stageReview).values({ transferId, stage, state, latestSubmission: 1, submittedAt, updatedAt: submittedAt });
}

async function addComment(transferId: string, required: boolean, status: 'open' | 'addressed' | null) {
  await db.insert(schema.comment).values({ id: crypto.randomUUID(), transferId, stage: 'action-plan', body: 'Please add a baseline.', required, status, createdAt: ago(hours(1)) });
}

async function addPlanEntry(transferId: string, section: 'actions' | 'objectives' | 'kpis', data: Record<string, unknown>) {
  const id = crypto.randomUUID();
  await db.insert(schema.entry).values({ id, transferId, template: 'action-plan', section, data: JSON.stringify(data) });
  return id;
}

const rowOf = (rows: CohortRow[], id: string) => rows.find((r) => r.id === id)!;

describe('cohortRows', () => {
  it('shows a mentor only the transfers assigned to them, and the coordinator view every transfer', async () => {
    const otherMentor = await createUser(db, 'mentor', p.organisations.early.id);
    const mine = await addTransfer('Mine');
    const shared = await addTransfer('Shared', { mentorIds: [p.mentor.id, otherMentor.id] });
    const theirs = await addTransfer('Theirs', { mentorIds: [otherMentor.id], organisationId: p.organisations.other.id });
    // Reviews and counts of a transfer the mentor does not see must not leak into their rows.
    await setReview(theirs, 'needs-scope', 'submitted');

    const ids = async (mentorId?: string) => (await cohortRows(db, { mentorId, now, templates })).map((r) => r.id).sort();
    expect(await ids(p.mentor.id)).toEqual([mine, shared].sort());
    expect(await ids(otherMentor.id)).toEqual([shared, theirs].sort());
    expect(await ids(p.editor.id)).toEqual([]);
    expect(await ids(undefined)).toEqual([mine, shared, theirs].sort());
  });

  it('names the organisation and practice, and calls a stage without a review a draft', async () => {
    const id = await addTransfer('Shared care in Northland', { practiceId: 'optimedis-population-based-integrated-care' });
    await setReview(id, 'situation', 'changes-requested');
    const [row] = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(row).toMatchObject({ id, title: 'Shared care in Northland', organisationName: p.organisations.adopter.name, isDemo: false, practiceId: 'optimedis-population-based-integrated-care' });
    expect(row.stages).toEqual({ 'needs-scope': 'draft', situation: 'changes-requested', 'action-plan': 'draft', 'progress-report': 'draft', 'post-implementation': 'draft' });
  });

  it('counts the calendar days (UTC) of the longest wait among stages waiting for review, and puts the longest wait first', async () => {
    const long = await addTransfer('Long wait');
    await setReview(long, 'needs-scope', 'submitted', ago(days(3) + hours(20)));
    await setReview(long, 'situation', 'resubmitted', ago(days(1)));
    // Decided stages are not waiting, however old their submission.
    await setReview(long, 'action-plan', 'approved', ago(days(40)));
    const short = await addTransfer('Short wait');
    await setReview(short, 'action-plan', 'resubmitted', ago(hours(30)));
    // Submitted late yesterday counts as one day, as it will all of today.
    const lateYesterday = await addTransfer('Late yesterday');
    await setReview(lateYesterday, 'needs-scope', 'submitted', ago(hours(12) + 60_000));
    const today = await addTransfer('This morning');
    await setReview(today, 'needs-scope', 'submitted', ago(hours(3)));
    const idle = await addTransfer('Not waiting');
    await setReview(idle, 'needs-scope', 'changes-requested', ago(days(20)));
    await setReview(idle, 'situation', 'approved', ago(days(30)));

    const rows = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(rows.map((r) => [r.title, r.daysWaiting])).toEqual([
      ['Long wait', 4],
      ['Short wait', 1],
      ['Late yesterday', 1],
      ['This morning', 0],
      ['Not waiting', null],
    ]);
    expect(rowOf(rows, long).waitingSince).toBe(ago(days(3) + hours(20)));
  });

  it('counts only required changes that are still open', async () => {
    const id = await addTransfer('Plan');
    await addComment(id, true, 'open');
    await addComment(id, true, 'open');
    await addComment(id, true, 'addressed');
    await addComment(id, false, null);
    // A comment no longer marked as a required change does not count, whatever its status says.
    await addComment(id, false, 'open');
    const other = await addTransfer('Other');
    await addComment(other, true, 'open');

    const rows = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(rowOf(rows, id).openRequiredChanges).toBe(2);
    expect(rowOf(rows, other).openRequiredChanges).toBe(1);
  });

  it('counts the answered required changes apart: they still block approval', async () => {
    const id = await addTransfer('Plan');
    await addComment(id, true, 'open');
    await addComment(id, true, 'addressed');
    await addComment(id, true, 'addressed');
    await db.insert(schema.comment).values({ id: crypto.randomUUID(), transferId: id, stage: 'action-plan', body: 'Accepted.', required: true, status: 'accepted', createdAt: ago(hours(1)) });
    const row = rowOf(await cohortRows(db, { mentorId: p.mentor.id, now, templates }), id);
    expect([row.openRequiredChanges, row.answeredRequiredChanges]).toEqual([1, 2]);
  });

  it('gives a paused transfer no wait: its mentors cannot decide until it resumes', async () => {
    const paused = await addTransfer('Paused');
    await setReview(paused, 'needs-scope', 'submitted', ago(days(5)));
    await db.update(schema.transfer).set({ status: 'paused' }).where(eq(schema.transfer.id, paused));
    const row = rowOf(await cohortRows(db, { mentorId: p.mentor.id, now, templates }), paused);
    expect(row).toMatchObject({ status: 'paused', waitingSince: null, daysWaiting: null });
  });

  it('counts an action as overdue when its end date has passed and it is neither done nor cancelled', async () => {
    const id = await addTransfer('Plan');
    for (const status of ['Not started', 'In progress', 'Delayed']) await addPlanEntry(id, 'actions', { title: `Late, ${status}`, end: '2026-11-19', status });
    await addPlanEntry(id, 'actions', { title: 'Late, no status', end: '2026-01-31' });
    await addPlanEntry(id, 'actions', { title: 'Done', end: '2026-11-01', status: 'Done' });
    await addPlanEntry(id, 'actions', { title: 'Cancelled', end: '2026-11-01', status: 'Cancelled' });
    await addPlanEntry(id, 'actions', { title: 'Ends today', end: '2026-11-20', status: 'In progress' });
    await addPlanEntry(id, 'actions', { title: 'Ends later', end: '2027-03-01', status: 'Not started' });
    await addPlanEntry(id, 'actions', { title: 'No end date', end: '', status: 'In progress' });
    // An objective's target date is not an action's end.
    await addPlanEntry(id, 'objectives', { statement: 'Objective', end: '2026-01-01', status: 'In progress' });

    const [row] = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(row.overdueActions).toBe(4);
  });

  it('reads actions, their end date and which statuses close them from the templates, not from fixed names', async () => {
    // A scratch copy of the templates: the "Done" option becomes "Completed", the end field "end" becomes "finish",
    // the actions section "actions" becomes "steps", and the KPIs' link field to objectives is renamed too.
    const files = structuredClone(templateFrontmatter());
    type Fm = { sections: { id: string; role?: string; fields: { id: string; role?: string; options?: string[]; statusMeaning?: { done?: string[] } }[] }[] };
    const plan = files['action-plan'] as unknown as Fm;
    const actions = plan.sections.find((s) => s.role === 'actions')!;
    actions.id = 'steps';
    const status = actions.fields.find((f) => f.role === 'status')!;
    status.options = status.options!.map((o) => (o === 'Done' ? 'Completed' : o));
    status.statusMeaning!.done = ['Completed'];
    actions.fields.find((f) => f.role === 'end')!.id = 'finish';
    const kpiLink = plan.sections.find((s) => s.role === 'kpis')!.fields.find((f) => f.id === 'linked-objectives')!;
    kpiLink.id = 'measures';
    // The PDSA template links to the actions section by its id: it follows the rename.
    for (const section of (files['pdsa-cycles'] as unknown as { sections: { fields: { linksTo?: string }[] }[] }).sections)
      for (const f of section.fields) if (f.linksTo === 'action-plan/actions') f.linksTo = 'action-plan/steps';
    const renamed = templateRegistry(files as never);

    const id = await addTransfer('Plan');
    const add = async (section: string, data: Record<string, unknown>) => {
      const entryId = crypto.randomUUID();
      await db.insert(schema.entry).values({ id: entryId, transferId: id, template: 'action-plan', section, data: JSON.stringify(data) });
      return entryId;
    };
    const yesterday = '2026-11-19';
    await add('steps', { title: 'Completed yesterday', finish: yesterday, status: 'Completed' });
    await add('steps', { title: 'Cancelled yesterday', finish: yesterday, status: 'Cancelled' });
    await add('steps', { title: 'In progress, ended yesterday', finish: yesterday, status: 'In progress' });
    await add('steps', { title: 'Delayed, ended last month', finish: '2026-10-31', status: 'Delayed' });
    await add('steps', { title: 'In progress, ends tomorrow', finish: '2026-11-21', status: 'In progress' });
    // Stored under the old names, these are no longer actions or end dates of this template.
    await add('actions', { title: 'Old section', end: yesterday, status: 'In progress' });
    await add('steps', { title: 'Old end field', end: yesterday, status: 'In progress' });
    const objective = await add('objectives', { statement: 'Objective' });
    await add('kpis', { name: 'Old link field', 'linked-objectives': [objective] });

    const [row] = await cohortRows(db, { mentorId: p.mentor.id, now, templates: renamed });
    expect(row.overdueActions).toBe(2);
    expect(row.kpiCoverage).toEqual({ covered: 0, total: 1 });
    await add('kpis', { name: 'New link field', measures: [objective] });
    const [again] = await cohortRows(db, { mentorId: p.mentor.id, now, templates: renamed });
    expect(again.kpiCoverage).toEqual({ covered: 1, total: 1 });
    // With the real templates, "Completed" is no option that closes an action, and "steps" no actions section.
    const [real] = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(real.overdueActions).toBe(1);
  });

  it('leaves out stages the templates no longer name, and counts nothing for a role no template declares', async () => {
    const id = await addTransfer('Changed templates');
    // A stage review left from templates that had an "evaluation" stage: no longer waiting anywhere.
    await setReview(id, 'evaluation', 'submitted', ago(days(5)));
    await addPlanEntry(id, 'actions', { title: 'Late', end: '2026-11-01', status: 'In progress' });
    const [row] = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(row.waitingSince).toBeNull();
    expect(Object.keys(row.stages)).toEqual(['needs-scope', 'situation', 'action-plan', 'progress-report', 'post-implementation']);
    expect(row.overdueActions).toBe(1);

    const files = templateFrontmatter();
    delete (files['action-plan'] as { sections: { role?: string }[] }).sections.find((s) => s.role === 'actions')!.role;
    const withoutActions = templateRegistry(files);
    const [counted] = await cohortRows(db, { mentorId: p.mentor.id, now, templates: withoutActions });
    expect(counted.overdueActions).toBe(0);
    expect(programmeCounts([counted], withoutActions).practices).toEqual([{ practiceId: 'shared-care-platform', transfers: 1, approvedActionPlans: 0 }]);
  });

  it('counts as covered the objectives that at least one KPI of the same transfer links to', async () => {
    const id = await addTransfer('Plan');
    const [o1, o2, o3] = [await addPlanEntry(id, 'objectives', { statement: 'One' }), await addPlanEntry(id, 'objectives', { statement: 'Two' }), await addPlanEntry(id, 'objectives', { statement: 'Three' })];
    await addPlanEntry(id, 'kpis', { name: 'Measures one', 'linked-objectives': [o1] });
    await addPlanEntry(id, 'kpis', { name: 'Measures one and two', 'linked-objectives': [o1, o2] });
    await addPlanEntry(id, 'kpis', { name: 'Links a deleted objective', 'linked-objectives': [crypto.randomUUID()] });
    await addPlanEntry(id, 'kpis', { name: 'Links nothing' });
    const other = await addTransfer('Other');
    await addPlanEntry(other, 'kpis', { name: 'Another transfer', 'linked-objectives': [o3] });
    const empty = await addTransfer('Empty');

    const rows = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(rowOf(rows, id).kpiCoverage).toEqual({ covered: 2, total: 3 });
    expect(rowOf(rows, other).kpiCoverage).toEqual({ covered: 0, total: 0 });
    expect(rowOf(rows, empty).kpiCoverage).toEqual({ covered: 0, total: 0 });
  });

  it('reads every transfer in the same number of queries, however many there are', async () => {
    const executed = await watchedDatabase();
    const queriesFor = async (transfers: number) => {
      for (let i = 0; i < transfers; i++) {
        const id = await addTransfer(`Transfer ${i}`);
        await setReview(id, 'needs-scope', 'submitted');
        await addPlanEntry(id, 'actions', { end: '2026-01-01', status: 'In progress' });
      }
      const before = executed.length;
      const rows = await cohortRows(db, { now, templates });
      expect(rows.length).toBeGreaterThanOrEqual(transfers);
      return executed.length - before;
    };
    const forOne = await queriesFor(1);
    expect(await queriesFor(30)).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(2);
  });
});

describe('programmeCounts', () => {
  it('counts transfers per state of each stage, and per practice with their approved action plans', async () => {
    const a = await addTransfer('A', { practiceId: 'southern-denmark-digital-roadmap' });
    const b = await addTransfer('B', { practiceId: 'southern-denmark-digital-roadmap' });
    await addTransfer('C', { practiceId: 'shared-care-platform' });
    await setReview(a, 'needs-scope', 'approved');
    await setReview(a, 'action-plan', 'approved');
    await setReview(b, 'needs-scope', 'submitted');
    await setReview(b, 'action-plan', 'changes-requested');

    const counts = programmeCounts(await cohortRows(db, { now, templates }), templates);
    expect(counts.stages).toEqual({
      'needs-scope': { draft: 1, submitted: 1, 'changes-requested': 0, resubmitted: 0, approved: 1 },
      situation: { draft: 3, submitted: 0, 'changes-requested': 0, resubmitted: 0, approved: 0 },
      'action-plan': { draft: 1, submitted: 0, 'changes-requested': 1, resubmitted: 0, approved: 1 },
      'progress-report': { draft: 3, submitted: 0, 'changes-requested': 0, resubmitted: 0, approved: 0 },
      'post-implementation': { draft: 3, submitted: 0, 'changes-requested': 0, resubmitted: 0, approved: 0 },
    });
    // Most transfers first.
    expect(counts.practices).toEqual([
      { practiceId: 'southern-denmark-digital-roadmap', transfers: 2, approvedActionPlans: 1 },
      { practiceId: 'shared-care-platform', transfers: 1, approvedActionPlans: 0 },
    ]);
  });
});

describe('the implementation columns', () => {
  const monthsFrom = (count: number) => Array.from({ length: count }, (_, i) => `20${25 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  // Twelve points around 50, then six below: a shift (IHI: six on one side of the baseline median) at the latest point.
  const shiftDown = [50, 52, 49, 51, 53, 48, 50, 52, 49, 51, 50, 48, 44, 43, 45, 42, 44, 41];
  const flat = [50, 52, 49, 51, 53, 48, 50, 52, 49, 51, 50, 48, 51, 49, 52, 50, 48, 51];

  async function inImplementation(title: string, opts: Parameters<typeof addTransfer>[1] = {}) {
    const id = await addTransfer(title, opts);
    await setReview(id, 'action-plan', 'approved', ago(days(200)));
    return id;
  }
  async function addKpi(transferId: string, direction: string, values: number[]) {
    const kpiId = await addPlanEntry(transferId, 'kpis', { name: `KPI ${direction}`, type: 'Outcome', direction });
    for (const [i, period] of monthsFrom(values.length).entries())
      await db.insert(schema.kpiMeasurement).values({ id: crypto.randomUUID(), transferId, kpiId, period, periodStart: `${period}-01`, value: values[i], updatedAt: now.toISOString() });
    return kpiId;
  }
  async function addRecord(transferId: string, template: string, section: string, data: Record<string, unknown>) {
    await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId, template, section, data: JSON.stringify(data) });
  }

  it('counts current signals from the real measurements, read by the direction the indicator gives', async () => {
    const id = await inImplementation('Plan');
    await addKpi(id, 'Lower is better', shiftDown); // falling where lower is better: improvement
    await addKpi(id, 'Higher is better', shiftDown); // the same series where higher is better: concern
    await addKpi(id, 'Higher is better', flat); // nothing to see
    await addKpi(id, 'Higher is better', []); // not measured yet
    const [row] = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(row.implementation!.kpis).toEqual({ total: 4, improvement: 1, concern: 1 });
  });

  it('keeps a transfer in implementation while its revised plan is back in review, and not one whose plan was never approved', async () => {
    const revised = await addTransfer('Revised');
    const submissionId = crypto.randomUUID();
    await db.insert(schema.submission).values({ id: submissionId, transferId: revised, stage: 'action-plan', number: 1, snapshot: '{"entries":[],"featureChoices":[]}', submittedAt: ago(days(201)) });
    await db.insert(schema.decision).values({ id: crypto.randomUUID(), transferId: revised, stage: 'action-plan', submissionId, outcome: 'approve', rubric: '{}', createdAt: ago(days(200)) });
    await setReview(revised, 'action-plan', 'resubmitted', ago(days(1)));
    const never = await addTransfer('Never approved');
    await setReview(never, 'action-plan', 'changes-requested', ago(days(1)));
    const rows = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(rowOf(rows, revised).implementation).not.toBeNull();
    expect(rowOf(rows, never).implementation).toBeNull();
  });

  it('gives the last report, cycles done, actions done, at risk and the rolled-up progress, and nothing before the plan is approved', async () => {
    const id = await inImplementation('Plan');
    const objective = await addPlanEntry(id, 'objectives', { statement: 'Objective' });
    await addPlanEntry(id, 'actions', { title: 'Done', status: 'Done', 'linked-objectives': [objective] });
    await addPlanEntry(id, 'actions', { title: 'Half', status: 'In progress', 'percent-done': 50, 'linked-objectives': [objective] });
    await addPlanEntry(id, 'actions', { title: 'Cancelled', status: 'Cancelled', 'linked-objectives': [objective] });
    await addPlanEntry(id, 'actions', { title: 'At risk', status: 'In progress', end: '2026-12-01', 'percent-done': 10 });
    await addRecord(id, 'pdsa', 'cycles', { change: 'One', start: '2026-01-01', decision: 'Adopt' });
    await addRecord(id, 'pdsa', 'cycles', { change: 'Two', start: '2026-06-01' });
    await addRecord(id, 'progress-report', 'reports', { 'period-start': '2026-01-01', 'period-end': '2026-03-31', summary: 'Q1' });
    await addRecord(id, 'progress-report', 'reports', { 'period-start': '2026-04-01', 'period-end': '2026-06-30', summary: 'Q2' });
    await setReview(id, 'progress-report', 'submitted', ago(days(2)));
    const planning = await addTransfer('Still planning');
    await addPlanEntry(planning, 'actions', { title: 'Late', status: 'In progress', end: '2026-01-01' });

    const rows = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(rowOf(rows, planning).implementation).toBeNull();
    expect(rowOf(rows, id).implementation).toEqual({
      lastReport: { start: '2026-04-01', end: '2026-06-30' },
      reportState: 'submitted',
      reportWaiting: true,
      kpis: { total: 0, improvement: 0, concern: 0 },
      atRiskActions: 1,
      cycles: { done: 1, total: 2 },
      actions: { done: 1, counted: 3 },
      // The objective: mean of 100 and 50 (the cancelled one left out), 75; the action linked to no objective, 10:
      // one more child of the transfer, so (75 + 10) / 2.
      progress: 43,
    });
    const counts = programmeCounts(rows, templates);
    expect(counts.implementation.overall).toMatchObject({ transfers: 1, actions: { done: 1, counted: 3 }, progress: 43, kpis: { total: 0, concern: 0 } });
    expect(counts.implementation.practices).toEqual([expect.objectContaining({ practiceId: 'shared-care-platform', transfers: 1, progress: 43 })]);
  });

  it('puts concern signals first, then overdue actions, then a progress report waiting for review, then the longest wait', async () => {
    const calm = await inImplementation('Calm');
    await setReview(calm, 'needs-scope', 'submitted', ago(days(30)));
    const waiting = await inImplementation('Report waiting');
    await setReview(waiting, 'progress-report', 'submitted', ago(days(1)));
    const late = await inImplementation('Overdue');
    await addPlanEntry(late, 'actions', { title: 'Late', status: 'In progress', end: '2026-10-01' });
    const worried = await inImplementation('Concern');
    await addKpi(worried, 'Higher is better', shiftDown);
    const twice = await inImplementation('Two concerns');
    await addKpi(twice, 'Higher is better', shiftDown);
    await addKpi(twice, 'Higher is better', shiftDown);

    const rows = await cohortRows(db, { mentorId: p.mentor.id, now, templates });
    expect(rows.map((r) => r.title)).toEqual(['Two concerns', 'Concern', 'Overdue', 'Report waiting', 'Calm']);
  });

  it('reads every transfer in implementation in the same number of queries, however many there are', async () => {
    const executed = await watchedDatabase();
    const queriesFor = async (transfers: number) => {
      for (let i = 0; i < transfers; i++) {
        const id = await inImplementation(`Transfer ${i}`);
        await addKpi(id, 'Higher is better', flat);
        await addPlanEntry(id, 'actions', { end: '2026-01-01', status: 'In progress' });
      }
      const before = executed.length;
      await cohortRows(db, { mentorId: p.mentor.id, now, templates });
      return executed.length - before;
    };
    const forOne = await queriesFor(1);
    expect(await queriesFor(20)).toBe(forOne);
    expect(forOne).toBeLessThanOrEqual(5);
  });

  it('is for mentors (cohort) and coordinators (programme) only: viewers and editors of any organisation never see it', async () => {
    const id = await inImplementation('Plan');
    await addKpi(id, 'Higher is better', shiftDown);
    const actor = async (userId: string) => loadActor(db, userId);
    for (const user of [p.viewer, p.editor, p.otherEditor]) {
      expect(canSeeCohort(await actor(user.id))).toBe(false);
      expect(canSeeProgramme(await actor(user.id))).toBe(false);
      // Asked as if they were mentors, they are assigned to nothing.
      expect(await cohortRows(db, { mentorId: user.id, now, templates })).toEqual([]);
    }
    expect(canSeeCohort(await actor(p.mentor.id))).toBe(true);
    expect(canSeeProgramme(await actor(p.coordinator.id))).toBe(true);
  });
});
