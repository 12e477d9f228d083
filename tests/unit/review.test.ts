import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { addComment, addressRequiredChange, decide, editComment, reopenRequiredChange, submitStage } from '../../src/lib/server/review/commands.ts';
import { diffSnapshots } from '../../src/lib/server/review/diff.ts';
import { chooseVersions, threadsElsewhere } from '../../src/lib/server/review/versions.ts';
import { markAllRead, openNotification, setEmailNotifications } from '../../src/lib/server/review/inbox.ts';
import { getSubmission, listDecisions, listNotifications, listThreads, stageStatuses, unreadCount } from '../../src/lib/server/review/queries.ts';
import { checkDecision, checkSubmit, legacyRubricCriteria, transition, type ReviewState } from '../../src/lib/server/review/states.ts';
import { openTransfer, saveEntry, setFeatureChoice } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb, createUser } from '../support/db.ts';
import { realTemplates, reviewStage } from '../support/templates.ts';
import { readFrontmatter } from '../support/site.ts';

const plan = templateSchema.parse(readFrontmatter('templates', 'action-plan'));
const actions = plan.sections.find((s) => s.id === 'actions')!;
const fieldsOf = (key: string) => (key === 'action-plan/actions' ? actions.fields.map((f) => f.id) : undefined);
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'https://portal.example' };
const fullRubric = Object.fromEntries(legacyRubricCriteria.map((c) => [`score.${c.id}`, '4']));

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
const actor = (id: string) => loadActor(db, id);

async function addAction(title: string) {
  const saved = await saveEntry(db, await actor(p.editor.id), transfer, { template: 'action-plan', section: actions }, { values: { title, status: 'Not started', owner: 'Programme lead' } }, {}, meta);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return saved.entryId;
}
async function submit() {
  const r = await submitStage(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { note: '' }, meta);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.number;
}
const state = async () => (await stageStatuses(db, transfer.id, realTemplates().stages)).find((s) => s.stage === 'action-plan')!.state;
const latestSubmissionId = async () => (await db.select().from(schema.submission).where(eq(schema.submission.transferId, transfer.id))).sort((a, b) => b.number - a.number)[0]!.id;

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
});

describe('the review state machine', () => {
  it('allows exactly the documented transitions', () => {
    const allowed: [ReviewState, string, ReviewState][] = [
      ['draft', 'submit', 'submitted'],
      ['submitted', 'request-changes', 'changes-requested'],
      ['submitted', 'approve', 'approved'],
      ['submitted', 'approve-with-changes', 'approved'],
      ['changes-requested', 'submit', 'resubmitted'],
      ['resubmitted', 'request-changes', 'changes-requested'],
      ['resubmitted', 'approve', 'approved'],
      ['resubmitted', 'approve-with-changes', 'approved'],
      ['approved', 'submit', 'resubmitted'],
    ];
    for (const [from, event, to] of allowed) expect(transition(from, event as never)).toEqual({ ok: true, next: to });
    const states: ReviewState[] = ['draft', 'submitted', 'changes-requested', 'resubmitted', 'approved'];
    const events = ['submit', 'approve', 'approve-with-changes', 'request-changes'] as const;
    let refused = 0;
    for (const s of states) for (const e of events) if (!allowed.some(([f, ev]) => f === s && ev === e)) {
      const t = transition(s, e);
      expect(t.ok).toBe(false);
      refused++;
    }
    expect(refused).toBe(states.length * events.length - allowed.length);
  });
});

describe('the guards beside the transitions', () => {
  it('refuse a submission while a required change is open or when there is nothing to submit', () => {
    const facts = { openRequiredChanges: 0, isEmpty: false, stageTitle: 'Action plan' };
    expect(checkSubmit('changes-requested', facts)).toEqual({ ok: true, next: 'resubmitted' });
    expect(checkSubmit('changes-requested', { ...facts, openRequiredChanges: 2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/2 still open/) });
    expect(checkSubmit('draft', { ...facts, isEmpty: true })).toMatchObject({ ok: false, reason: expect.stringMatching(/nothing to submit/) });
    expect(checkSubmit('submitted', facts)).toMatchObject({ ok: false, reason: expect.stringMatching(/already waiting/) });
  });
  it('refuse a decision on an old version, an approval while a required change is not accepted, and a request that says nothing', () => {
    const facts = { reviewedLatest: true, latestNumber: 2, requiredChanges: { open: 0, addressed: 0 }, hasNote: false };
    expect(checkDecision('resubmitted', 'approve', facts)).toEqual({ ok: true, next: 'approved' });
    expect(checkDecision('resubmitted', 'approve', { ...facts, reviewedLatest: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/newer version \(version 2\)/) });
    expect(checkDecision('resubmitted', 'approve', { ...facts, requiredChanges: { open: 1, addressed: 0 } })).toMatchObject({ ok: false, field: 'outcome' });
    // Answered is not enough: the mentor accepts each required change before approving, with or without changes.
    expect(checkDecision('resubmitted', 'approve', { ...facts, requiredChanges: { open: 0, addressed: 1 } })).toMatchObject({ ok: false, field: 'outcome', reason: expect.stringMatching(/1 required change is not accepted yet \(1 answered, waiting for you/) });
    expect(checkDecision('resubmitted', 'approve-with-changes', { ...facts, requiredChanges: { open: 1, addressed: 2 } })).toMatchObject({ ok: false, reason: expect.stringMatching(/3 required changes are not accepted yet .*1 still open with the team/) });
    expect(checkDecision('resubmitted', 'request-changes', facts)).toMatchObject({ ok: false, field: 'note' });
    expect(checkDecision('resubmitted', 'request-changes', { ...facts, hasNote: true })).toEqual({ ok: true, next: 'changes-requested' });
    expect(checkDecision('approved', 'approve', facts)).toMatchObject({ ok: false, reason: expect.stringMatching(/already approved/) });
  });
});

describe('submitting a stage', () => {
  it('freezes the records as a numbered version; later edits do not change it', async () => {
    const id = await addAction('Train the GPs');
    expect(await submit()).toBe(1);
    expect(await state()).toBe('submitted');
    const entry = (await first(db.select().from(schema.entry).where(eq(schema.entry.id, id)).limit(1)))!;
    const edited = await saveEntry(db, await actor(p.editor.id), transfer, { template: 'action-plan', section: actions }, { entryId: id, version: entry.version, values: { title: 'Train every GP', status: 'In progress', owner: 'Programme lead' } }, {}, meta);
    expect(edited.ok).toBe(true);
    const frozen = await getSubmission(db, transfer.id, 'action-plan', 1);
    expect(frozen!.snapshot.entries.map((e) => e.data.title)).toEqual(['Train the GPs']);
  });
  it('is for the team’s editors only, refuses an empty stage and a second submission while one waits', async () => {
    expect(await submitStage(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), {}, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/nothing to submit/)] } });
    await addAction('Train the GPs');
    for (const who of [p.viewer.id, p.mentor.id, p.coordinator.id, p.otherEditor.id]) expect(await submitStage(db, await actor(who), transfer, reviewStage('action-plan'), {}, meta)).toMatchObject({ ok: false, status: 403 });
    await submit();
    expect(await submitStage(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), {}, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/already waiting/)] } });
  });
  it('tells the assigned mentors in the app and by e-mail, unless they opted out', async () => {
    await addAction('Train the GPs');
    await submit();
    expect(await unreadCount(db, p.mentor.id)).toBe(1);
    expect((await listNotifications(db, p.mentor.id))[0]!.summary).toMatch(/submitted Action plan \(version 1\)/);
    const mails = await db.select().from(schema.mailMessage);
    expect(mails.map((m) => m.to)).toEqual([p.mentor.email]);
    expect(mails[0]!.text).toContain(`https://portal.example/workspace/transfers/${transfer.id}/review/action-plan/`);
    expect(await unreadCount(db, p.editor.id)).toBe(0);
  });
});

describe('comments and required changes', () => {
  let actionId: string;
  beforeEach(async () => {
    actionId = await addAction('Train the GPs');
    await submit();
  });

  it('threads a mentor’s comment on a field of an item with the team’s reply', async () => {
    const c = await addComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { body: 'Who pays for this?', entryId: actionId, fieldId: 'owner' }, fieldsOf, meta);
    expect(c.ok).toBe(true);
    const reply = await addComment(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { body: 'The region.', parentId: c.ok ? c.commentId : '' }, fieldsOf, meta);
    expect(reply.ok).toBe(true);
    const [thread] = await listThreads(db, transfer.id, 'action-plan');
    expect(thread).toMatchObject({ entryId: actionId, fieldId: 'owner', body: 'Who pays for this?', replies: [{ body: 'The region.', entryId: actionId, fieldId: 'owner' }] });
    // A reply is e-mailed to the comment's author; a new top-level comment is only in the app.
    expect((await db.select().from(schema.mailMessage).orderBy(schema.mailMessage.id)).map((m) => m.subject)).toEqual([expect.stringMatching(/^Submitted/), expect.stringMatching(/^New reply/)]);
    expect(await unreadCount(db, p.editor.id)).toBe(1);
  });

  it('refuses items and fields that are not in the submitted version, and people outside the review', async () => {
    const mentor = await actor(p.mentor.id);
    expect(await addComment(db, mentor, transfer, reviewStage('action-plan'), { body: 'x', entryId: 'nope' }, fieldsOf, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/not in the submitted version/)] } });
    expect(await addComment(db, mentor, transfer, reviewStage('action-plan'), { body: 'x', entryId: actionId, fieldId: 'colour' }, fieldsOf, meta)).toMatchObject({ ok: false, errors: { fieldId: [expect.any(String)] } });
    expect(await addComment(db, mentor, transfer, reviewStage('action-plan'), { body: '  ' }, fieldsOf, meta)).toMatchObject({ ok: false, errors: { body: ['Write your comment.'] } });
    expect(await addComment(db, mentor, transfer, reviewStage('needs-scope'), { body: 'x' }, fieldsOf, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/not been submitted/)] } });
    const unassigned = await createUser(db, 'mentor', p.organisations.early.id);
    for (const who of [p.viewer.id, unassigned.id, p.coordinator.id, p.otherEditor.id]) expect(await addComment(db, await actor(who), transfer, reviewStage('action-plan'), { body: 'x' }, fieldsOf, meta)).toMatchObject({ ok: false, status: 403 });
  });

  it('lets only the mentor require a change, and blocks resubmission until the team answers it', async () => {
    expect(await addComment(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { body: 'x', required: 'on' }, fieldsOf, meta)).toMatchObject({ ok: false, status: 403, errors: { '': [expect.stringMatching(/Only an assigned mentor/)] } });
    // A refused attempt is audited like every other denial.
    expect((await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'review.require'))).map((a) => [a.outcome, a.actorUserId])).toEqual([['denied', p.editor.id]]);
    const c = await addComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { body: 'Add a budget line', entryId: actionId, required: 'on' }, fieldsOf, meta);
    if (!c.ok) throw new Error();
    // The overview counts it, so it can say why the stage cannot be submitted yet.
    expect((await stageStatuses(db, transfer.id, realTemplates().stages)).map((s) => [s.stage, s.openRequiredChanges])).toEqual([['needs-scope', 0], ['situation', 0], ['action-plan', 1], ['progress-report', 0], ['post-implementation', 0]]);
    // Approving outright with an open required change is refused; requesting changes moves the stage.
    expect(await decide(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'approve', ...fullRubric }, meta)).toMatchObject({ ok: false, errors: { outcome: [expect.stringMatching(/1 required change is not accepted yet/)] } });
    expect(await decide(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'request-changes' }, meta)).toMatchObject({ ok: true, state: 'changes-requested' });
    expect(await submitStage(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), {}, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/1 still open/)] } });
    // The answer is required, only the team answers, and then resubmission works.
    expect(await addressRequiredChange(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, answer: '' }, meta)).toMatchObject({ ok: false, errors: { answer: [expect.any(String)] } });
    expect(await addressRequiredChange(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, answer: 'done' }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await addressRequiredChange(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, answer: 'Budget line B-12 added.' }, meta)).toEqual({ ok: true });
    expect(await reopenRequiredChange(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await submit()).toBe(2);
    expect(await state()).toBe('resubmitted');
    const [thread] = await listThreads(db, transfer.id, 'action-plan');
    expect(thread).toMatchObject({ status: 'addressed', replies: [{ body: 'Budget line B-12 added.' }] });
  });

  it('lets the mentor reopen an addressed change', async () => {
    const c = await addComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { body: 'Add a budget line', required: 'on' }, fieldsOf, meta);
    if (!c.ok) throw new Error();
    await addressRequiredChange(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, answer: 'Added.' }, meta);
    expect(await reopenRequiredChange(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, answer: 'Not in the plan I see.' }, meta)).toEqual({ ok: true });
    expect((await listThreads(db, transfer.id, 'action-plan'))[0]).toMatchObject({ status: 'open', replies: [{ body: 'Added.' }, { body: 'Not in the plan I see.' }] });
  });

  it('keeps every earlier text of an edited comment; only its author edits, and a stale edit is refused', async () => {
    const c = await addComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { body: 'First words' }, fieldsOf, meta);
    if (!c.ok) throw new Error();
    expect(await editComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, body: 'Second words', version: 1 }, meta)).toEqual({ ok: true });
    expect(await editComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, body: 'Third words', version: 1 }, meta)).toMatchObject({ ok: false, status: 409, conflict: { theirs: { body: 'Second words' }, version: 2 } });
    expect(await editComment(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, body: 'Hijack', version: 2 }, meta)).toMatchObject({ ok: false, status: 403 });
    // A page that sends no version (or no comment id) is out of date: said at the top, where there is no field to mark.
    expect(await editComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { commentId: c.commentId, body: 'Fourth words', version: 'abc' }, meta)).toEqual({ ok: false, status: 400, errors: { '': [expect.stringMatching(/out of date/)] } });
    expect(await addressRequiredChange(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { answer: 'Done' }, meta)).toEqual({ ok: false, status: 400, errors: { '': [expect.stringMatching(/out of date/)] } });
    const [thread] = await listThreads(db, transfer.id, 'action-plan');
    expect(thread).toMatchObject({ body: 'Second words', version: 2, history: [{ body: 'First words' }] });
    expect(thread!.editedAt).toBeTruthy();
  });
});

describe('what a version freezes', () => {
  it('keeps the text of records in other stages that its items link to, as it was', async () => {
    const needs = templateSchema.parse(readFrontmatter('templates', 'needs-and-scope')).sections.find((s) => s.id === 'needs')!;
    const objectives = plan.sections.find((s) => s.id === 'objectives')!;
    const editor = await actor(p.editor.id);
    const need = await saveEntry(db, editor, transfer, { template: 'needs-scope', section: needs }, { values: { 'need-statement': 'One shared plan', priority: 'High' } }, {}, meta);
    if (!need.ok) throw new Error();
    const objective = await saveEntry(db, editor, transfer, { template: 'action-plan', section: objectives }, { values: { statement: 'Plans for all', measure: 'Share of patients', 'target-date': '2027-12-31', 'linked-needs': [need.entryId] } }, { 'needs-scope/needs': [need.entryId] }, meta);
    expect(objective.ok).toBe(true);
    await submit();
    await saveEntry(db, editor, transfer, { template: 'needs-scope', section: needs }, { entryId: need.entryId, version: 1, values: { 'need-statement': 'Rewritten later', priority: 'Low' } }, {}, meta);
    const frozen = (await getSubmission(db, transfer.id, 'action-plan', 1))!.snapshot;
    expect(frozen.linked?.[need.entryId]).toMatchObject({ template: 'needs-scope', section: 'needs', data: { 'need-statement': 'One shared plan' } });
  });
});

describe('comments on core-feature decisions', () => {
  it('are allowed on a decision in the submitted version, as a whole', async () => {
    const editor = await actor(p.editor.id);
    await setFeatureChoice(db, editor, transfer, practice.featureIds, { featureId: 'one-screen-overview', decision: 'adapt', note: 'Two sectors first' }, meta);
    expect(await submitStage(db, editor, transfer, reviewStage('needs-scope'), {}, meta)).toMatchObject({ ok: true });
    const mentor = await actor(p.mentor.id);
    expect(await addComment(db, mentor, transfer, reviewStage('needs-scope'), { body: 'Which two?', entryId: 'feature:one-screen-overview', required: 'on' }, fieldsOf, meta)).toMatchObject({ ok: true });
    expect(await addComment(db, mentor, transfer, reviewStage('needs-scope'), { body: 'x', entryId: 'feature:teleportation' }, fieldsOf, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/not in the submitted version/)] } });
    expect(await addComment(db, mentor, transfer, reviewStage('needs-scope'), { body: 'x', entryId: 'feature:one-screen-overview', fieldId: 'note' }, fieldsOf, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/as a whole/)] } });
    expect((await listThreads(db, transfer.id, 'needs-scope'))[0]).toMatchObject({ entryId: 'feature:one-screen-overview', required: true, status: 'open' });
  });
});

describe('isolation between transfers', () => {
  it('refuses to act in one transfer on a comment of another', async () => {
    await addAction('Train the GPs');
    await submit();
    const c = await addComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { body: 'Budget?', required: 'on' }, fieldsOf, meta);
    if (!c.ok) throw new Error();
    // A second transfer of another organisation, where the other editor writes and the same mentor reviews.
    const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.other.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
    if (!opened.ok) throw new Error();
    const other = (await loadTransfer(db, opened.transferId))!;
    const otherEditor = await actor(p.otherEditor.id);
    expect(await addressRequiredChange(db, otherEditor, other, reviewStage('action-plan'), { commentId: c.commentId, answer: 'Mine now' }, meta)).toMatchObject({ ok: false });
    expect(await editComment(db, otherEditor, other, reviewStage('action-plan'), { commentId: c.commentId, body: 'Mine now', version: 1 }, meta)).toMatchObject({ ok: false });
    expect(await reopenRequiredChange(db, await actor(p.mentor.id), other, reviewStage('action-plan'), { commentId: c.commentId }, meta)).toMatchObject({ ok: false });
    expect(await addComment(db, otherEditor, other, reviewStage('action-plan'), { body: 'Mine now', parentId: c.commentId }, fieldsOf, meta)).toMatchObject({ ok: false });
    const [thread] = await listThreads(db, transfer.id, 'action-plan');
    expect(thread).toMatchObject({ body: 'Budget?', status: 'open', replies: [] });
  });
});

describe('who hears about what', () => {
  it('tells the author of a comment about replies, never the person acting, and e-mails decisions to the team unless they opted out', async () => {
    await addAction('Train the GPs');
    await submit();
    const c = await addComment(db, await actor(p.editor.id), transfer, reviewStage('action-plan'), { body: 'Is the owner clear enough?' }, fieldsOf, meta);
    if (!c.ok) throw new Error();
    await addComment(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { body: 'Yes.', parentId: c.commentId }, fieldsOf, meta);
    const mails = () => db.select().from(schema.mailMessage);
    // A mentor's reply goes to the team (the comment's author among them), not back to the mentor.
    expect((await mails()).filter((m) => /^New reply/.test(m.subject)).map((m) => m.to).sort()).toEqual([p.editor.email, p.viewer.email].sort());
    await setEmailNotifications(db, await actor(p.viewer.id), false, meta);
    await decide(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'approve', ...fullRubric }, meta);
    expect((await mails()).filter((m) => /^Approved/.test(m.subject)).map((m) => m.to)).toEqual([p.editor.email]);
    expect((await listNotifications(db, p.viewer.id)).map((n) => n.summary)).toContainEqual(expect.stringMatching(/approved/));
    expect((await listNotifications(db, p.mentor.id)).map((n) => n.summary)).not.toContainEqual(expect.stringMatching(/approved/));
  });
});

describe('decisions', () => {
  beforeEach(async () => {
    await addAction('Train the GPs');
    await submit();
  });

  it('are for the assigned mentor only', async () => {
    const unassigned = await createUser(db, 'mentor', p.organisations.early.id);
    for (const who of [p.editor.id, p.coordinator.id, unassigned.id]) expect(await decide(db, await actor(who), transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'approve', ...fullRubric }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await state()).toBe('submitted');
  });

  it('need the whole rubric to approve, and record the version and the scores', async () => {
    const mentor = await actor(p.mentor.id);
    const partial = await decide(db, mentor, transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'approve', 'score.fit': '5' }, meta);
    expect(partial).toMatchObject({ ok: false, errors: { 'score.equity': ['Equity: score it before approving.'] } });
    expect(await decide(db, mentor, transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'approve', ...fullRubric, 'score.fit': '9' }, meta)).toMatchObject({ ok: false, errors: { 'score.fit': [expect.any(String)] } });
    expect(await decide(db, mentor, transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'approve', ...fullRubric, 'note.equity': 'Rural areas covered' }, meta)).toMatchObject({ ok: true, state: 'approved' });
    const [d] = await listDecisions(db, transfer.id, 'action-plan');
    expect(d).toMatchObject({ outcome: 'approve', number: 1, rubric: { equity: { score: 4, note: 'Rural areas covered' } } });
    // Decided once: a second decision on the same version is refused by the state machine.
    expect(await decide(db, mentor, transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'request-changes', note: 'x' }, meta)).toMatchObject({ ok: false, status: 409 });
    // The team hears about it.
    expect((await listNotifications(db, p.editor.id))[0]!.summary).toMatch(/approved/);
  });

  it('refuse a decision on a version that is no longer the latest', async () => {
    const first = await latestSubmissionId();
    await decide(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { submissionId: first, outcome: 'request-changes', note: 'Add the budget.' }, meta);
    await submit();
    expect(await decide(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { submissionId: first, outcome: 'approve', ...fullRubric }, meta)).toMatchObject({ ok: false, errors: { '': [expect.stringMatching(/newer version \(version 2\)/)] } });
  });

  it('requesting changes needs a required change or a note', async () => {
    expect(await decide(db, await actor(p.mentor.id), transfer, reviewStage('action-plan'), { submissionId: await latestSubmissionId(), outcome: 'request-changes' }, meta)).toMatchObject({ ok: false, errors: { note: [expect.any(String)] } });
  });
});

describe('notifications and e-mail preferences', () => {
  it('respects the opt-out for e-mail but keeps the in-app notification', async () => {
    await setEmailNotifications(db, await actor(p.mentor.id), false, meta);
    await addAction('Train the GPs');
    await submit();
    expect(await db.select().from(schema.mailMessage)).toEqual([]);
    expect(await unreadCount(db, p.mentor.id)).toBe(1);
  });
  it('opens only one’s own notifications and marks them read', async () => {
    await addAction('Train the GPs');
    await submit();
    const [n] = await listNotifications(db, p.mentor.id);
    expect(await openNotification(db, await actor(p.editor.id), n!.id)).toBeUndefined();
    expect(await openNotification(db, await actor(p.mentor.id), Number('not a number'))).toBeUndefined();
    expect(await unreadCount(db, p.mentor.id)).toBe(1);
    expect(await openNotification(db, await actor(p.mentor.id), n!.id)).toBe(`/workspace/transfers/${transfer.id}/review/action-plan/`);
    expect(await unreadCount(db, p.mentor.id)).toBe(0);
    await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'needs-scope', section: 'needs', data: JSON.stringify({ 'need-statement': 'A shared plan', priority: 'High' }) });
    expect(await submitStage(db, await actor(p.editor.id), transfer, reviewStage('needs-scope'), {}, meta)).toMatchObject({ ok: true });
    expect(await markAllRead(db, await actor(p.mentor.id))).toBe(1);
    expect(await unreadCount(db, p.mentor.id)).toBe(0);
  });
});

describe('differences between versions', () => {
  const entry = (id: string, title: string) => ({ id, template: 'action-plan', section: 'actions', grouping: '', position: 1, data: { title } });
  it('marks items added, removed and changed, with the changed words', () => {
    const before = { entries: [entry('a', 'Train the GPs in March'), entry('b', 'Buy tablets')], featureChoices: [] };
    const after = { entries: [entry('a', 'Train all GPs in April'), entry('c', 'Hire a nurse')], featureChoices: [] };
    const items = diffSnapshots(before, after);
    expect(items.map((i) => [i.entry.id, i.status])).toEqual([['a', 'changed'], ['c', 'added'], ['b', 'removed']]);
    const parts = items[0]!.fields[0]!.parts;
    expect(parts.filter((x) => x.removed).map((x) => x.text.trim())).toEqual(['the', 'March']);
    expect(parts.filter((x) => x.added).map((x) => x.text.trim())).toEqual(['all', 'April']);
  });
});

describe('which versions a review page shows', () => {
  it('shows the latest unless asked, and compares with the last reviewed version, else the one before', () => {
    expect(chooseVersions([], [], {})).toEqual({});
    expect(chooseVersions([1], [], {})).toEqual({ shown: 1, compared: undefined, lastReviewed: undefined });
    // Decided on 1, then 2 and 3 were submitted without a decision: 3 is compared with 1, what the mentor last reviewed.
    expect(chooseVersions([1, 2, 3], [1], {})).toEqual({ shown: 3, compared: 1, lastReviewed: 1 });
    expect(chooseVersions([1, 2, 3], [], {})).toMatchObject({ shown: 3, compared: 2 });
    expect(chooseVersions([1, 2, 3], [1], { compare: 2 })).toMatchObject({ shown: 3, compared: 2 });
    // Only an earlier, existing version can be compared; a version that does not exist shows the latest.
    expect(chooseVersions([1, 2, 3], [1], { version: 2, compare: 3 })).toMatchObject({ shown: 2, compared: 1 });
    expect(chooseVersions([1, 2, 3], [], { version: 9 })).toMatchObject({ shown: 3 });
    expect(chooseVersions([1, 2, 3], [], { version: Number.NaN })).toMatchObject({ shown: 3 });
  });
  it('sets apart the threads on items the page does not show, never the stage-wide ones', () => {
    const threads = [{ entryId: null }, { entryId: 'a' }, { entryId: 'gone' }, { entryId: 'feature:x' }];
    expect(threadsElsewhere(threads, ['a', 'feature:x'])).toEqual([{ entryId: 'gone' }]);
  });
});
