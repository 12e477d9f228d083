/** A required change is closed by the mentor who asked for it, as in code review; a stage is approved only when all are accepted. */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { acceptRequiredChange, addComment, addressRequiredChange, decide, reopenRequiredChange, submitStage } from '../../src/lib/server/review/commands.ts';
import { listNotifications, listThreads } from '../../src/lib/server/review/queries.ts';
import { legacyRubricCriteria } from '../../src/lib/server/review/states.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb, createUser } from '../support/db.ts';
import { reviewStage } from '../support/templates.ts';
import { readFrontmatter } from '../support/site.ts';

const plan = templateSchema.parse(readFrontmatter('templates', 'action-plan'));
const actions = plan.sections.find((s) => s.id === 'actions')!;
const fieldsOf = () => actions.fields.map((f) => f.id);
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'https://portal.example' };
const rubric = Object.fromEntries(legacyRubricCriteria.map((c) => [`score.${c.id}`, '4']));
const stage = reviewStage('action-plan');

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let secondMentor: { id: string };
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
let changeId: string;
const actor = (id: string) => loadActor(db, id);
const statusOf = async (id = changeId) => (await first(db.select({ status: schema.comment.status }).from(schema.comment).where(eq(schema.comment.id, id)).limit(1)))?.status;
const latestSubmissionId = async () => (await db.select().from(schema.submission).where(eq(schema.submission.transferId, transfer.id))).sort((a, b) => b.number - a.number)[0]!.id;
const approve = async (who = p.mentor.id, outcome = 'approve') => decide(db, await actor(who), transfer, stage, { submissionId: await latestSubmissionId(), outcome, ...rubric }, meta);
const answer = async (text = 'Budget line B-12 added.') => addressRequiredChange(db, await actor(p.editor.id), transfer, stage, { commentId: changeId, answer: text }, meta);

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  secondMentor = await createUser(db, 'mentor', p.organisations.early.id);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id, secondMentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
  const saved = await saveEntry(db, await actor(p.editor.id), transfer, { template: 'action-plan', section: actions }, { values: { title: 'Train the GPs', status: 'Not started', owner: 'Programme lead' } }, {}, meta);
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  expect(await submitStage(db, await actor(p.editor.id), transfer, stage, {}, meta)).toMatchObject({ ok: true });
  const c = await addComment(db, await actor(p.mentor.id), transfer, stage, { body: 'Add a budget line', entryId: saved.entryId, required: 'on' }, fieldsOf, meta);
  if (!c.ok) throw new Error(JSON.stringify(c));
  changeId = c.commentId;
});

describe('the approval guard', () => {
  it('refuses approval, with or without changes, until the mentor accepts the answered change; then approves', async () => {
    expect(await answer()).toEqual({ ok: true });
    expect(await statusOf()).toBe('addressed');
    for (const outcome of ['approve', 'approve-with-changes'])
      expect(await approve(p.mentor.id, outcome)).toMatchObject({ ok: false, status: 400, errors: { outcome: [expect.stringMatching(/^1 required change is not accepted yet \(1 answered, waiting for you to accept or reopen\)\. Accept each one first/)] } });
    expect(await db.select().from(schema.decision)).toEqual([]);
    expect(await acceptRequiredChange(db, await actor(p.mentor.id), transfer, stage, { commentId: changeId }, meta)).toEqual({ ok: true });
    expect(await statusOf()).toBe('accepted');
    expect(await approve()).toMatchObject({ ok: true, state: 'approved' });
  });

  it('counts a change still open with the team as outstanding too', async () => {
    expect(await approve()).toMatchObject({ ok: false, errors: { outcome: [expect.stringMatching(/1 still open with the team/)] } });
  });
});

describe('accepting and reopening a required change', () => {
  it('is for the mentor who asked: not the team, not another assigned mentor', async () => {
    await answer();
    for (const who of [p.editor.id, secondMentor.id, p.coordinator.id, p.viewer.id]) {
      expect(await acceptRequiredChange(db, await actor(who), transfer, stage, { commentId: changeId }, meta)).toMatchObject({ ok: false, status: 403 });
      expect(await reopenRequiredChange(db, await actor(who), transfer, stage, { commentId: changeId }, meta)).toMatchObject({ ok: false, status: 403 });
    }
    expect(await statusOf()).toBe('addressed');
    // Each refusal is audited.
    expect((await db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, 'review.accept'), eq(schema.auditEvent.outcome, 'denied')))).length).toBe(4);
  });

  it('passes to any assigned mentor once the one who asked no longer reviews the transfer', async () => {
    await answer();
    await db.delete(schema.transferMentor).where(and(eq(schema.transferMentor.transferId, transfer.id), eq(schema.transferMentor.userId, p.mentor.id)));
    transfer = (await loadTransfer(db, transfer.id))!;
    expect(transfer.mentorIds).toEqual([secondMentor.id]);
    expect(await acceptRequiredChange(db, await actor(secondMentor.id), transfer, stage, { commentId: changeId }, meta)).toEqual({ ok: true });
  });

  it('follows open → addressed → open (reopened, with the reason) → addressed → accepted, and refuses steps out of turn', async () => {
    const mentor = await actor(p.mentor.id);
    expect(await reopenRequiredChange(db, mentor, transfer, stage, { commentId: changeId }, meta)).toMatchObject({ ok: false, status: 409, errors: { '': ['This change is already open.'] } });
    await answer('Added.');
    expect(await answer('Again.')).toMatchObject({ ok: false, errors: { '': ['This change is already marked as addressed.'] } });
    expect(await reopenRequiredChange(db, mentor, transfer, stage, { commentId: changeId, answer: 'Not in the plan I see.' }, meta)).toEqual({ ok: true });
    expect(await statusOf()).toBe('open');
    await answer('Now in the budget table.');
    expect(await acceptRequiredChange(db, mentor, transfer, stage, { commentId: changeId, answer: 'Thanks, that works.' }, meta)).toEqual({ ok: true });
    expect(await acceptRequiredChange(db, mentor, transfer, stage, { commentId: changeId }, meta)).toMatchObject({ ok: false, errors: { '': ['This change is already accepted.'] } });
    expect(await answer('Late.')).toMatchObject({ ok: false, errors: { '': ['Your mentor has already accepted this change.'] } });
    const [thread] = await listThreads(db, transfer.id, 'action-plan');
    expect(thread).toMatchObject({ status: 'accepted', replies: [{ body: 'Added.' }, { body: 'Not in the plan I see.' }, { body: 'Now in the budget table.' }, { body: 'Thanks, that works.' }] });
    const audited = await db.select({ action: schema.auditEvent.action, detail: schema.auditEvent.detail }).from(schema.auditEvent).where(eq(schema.auditEvent.targetId, changeId));
    expect(audited.map((a) => a.action)).toEqual(['review.comment', 'review.address', 'review.reopen', 'review.address', 'review.accept']);
    expect(JSON.parse(audited.at(-1)!.detail!)).toMatchObject({ from: 'addressed', to: 'accepted' });
  });

  it('may reopen an accepted change, which blocks approval again', async () => {
    await answer();
    const mentor = await actor(p.mentor.id);
    await acceptRequiredChange(db, mentor, transfer, stage, { commentId: changeId }, meta);
    expect(await reopenRequiredChange(db, mentor, transfer, stage, { commentId: changeId, answer: 'On second reading, the cost is missing.' }, meta)).toEqual({ ok: true });
    expect(await approve()).toMatchObject({ ok: false });
  });

  it('is refused once the stage is approved: an accepted change stays accepted', async () => {
    await answer();
    const mentor = await actor(p.mentor.id);
    expect(await acceptRequiredChange(db, mentor, transfer, stage, { commentId: changeId }, meta)).toEqual({ ok: true });
    expect(await approve()).toMatchObject({ ok: true });
    const reopened = await reopenRequiredChange(db, mentor, transfer, stage, { commentId: changeId, answer: 'Changed my mind.' }, meta);
    expect(reopened).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringMatching(/^This stage is approved/)] } });
    expect(await statusOf()).toBe('accepted');
  });

  it('tells the team, in the app, that their answer was accepted', async () => {
    await answer();
    await acceptRequiredChange(db, await actor(p.mentor.id), transfer, stage, { commentId: changeId }, meta);
    expect((await listNotifications(db, p.editor.id)).map((n) => n.summary)[0]).toMatch(/accepted a required change in Action plan/);
    expect((await listNotifications(db, p.mentor.id)).map((n) => n.summary)).not.toContainEqual(expect.stringMatching(/accepted/));
  });

  it('never acts on a change of another stage or transfer', async () => {
    expect(await acceptRequiredChange(db, await actor(p.mentor.id), transfer, reviewStage('needs-scope'), { commentId: changeId }, meta)).toMatchObject({ ok: false, status: 409 });
    expect(await statusOf()).toBe('open');
  });
});
