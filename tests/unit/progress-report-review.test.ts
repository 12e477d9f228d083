import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { addComment, acceptRequiredChange, addressRequiredChange, decide } from '../../src/lib/server/review/commands.ts';
import { getSubmission, listDecisions, stageStatuses } from '../../src/lib/server/review/queries.ts';
import { createTestDb } from '../support/db.ts';
import { meta, monitoringSetup, templates } from '../support/monitoring.ts';

let db: Db;
let s: Awaited<ReturnType<typeof monitoringSetup>>;
const state = async () => (await stageStatuses(db, s.transfer.id, templates().stages)).find((x) => x.stage === s.reportStage.id)!.state;
const submissions = () => db.select().from(schema.submission).where(eq(schema.submission.transferId, s.transfer.id));

beforeEach(async () => {
  db = await createTestDb();
  s = await monitoringSetup(db);
});

describe('submitting progress reports', () => {
  it('is refused, naming the actions and writing nothing, while a period’s actions not carried out are unexplained', async () => {
    await s.addAction('Train the GPs', '2027-02-15');
    await s.addReport('2027-01-01', '2027-03-31');
    const refused = await s.submit(s.reportStage);
    expect(refused).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringMatching(/“Train the GPs”/)] } });
    expect(await submissions()).toEqual([]);
    expect(await state()).toBe('draft');
  });

  it('is accepted once the report explains them, and freezes the period’s summary with the version', async () => {
    const action = await s.addAction('Train the GPs', '2027-02-15');
    const report = await s.addReport('2027-01-01', '2027-03-31', 'The trainer left; training moves to May.');
    expect(await s.submit(s.reportStage)).toMatchObject({ ok: true, number: 1 });
    // A later update does not change what was submitted.
    await db.insert(schema.actionUpdate).values({ id: crypto.randomUUID(), transferId: s.transfer.id, actionId: action, onDate: '2027-03-10', status: 'In progress' });
    const frozen = (await getSubmission(db, s.transfer.id, s.reportStage.id, 1))!.snapshot;
    expect(frozen.periods?.[report]).toMatchObject({ from: '2027-01-01', to: '2027-03-31', updates: { items: [] }, notCarriedOut: { items: [{ title: 'Train the GPs', meaning: 'open' }] } });
  });

  it('does not apply to stages without progress reports, whose snapshots carry no periods', async () => {
    await s.addAction('Train the GPs', '2027-02-15');
    expect(await s.submit()).toMatchObject({ ok: true });
    expect((await getSubmission(db, s.transfer.id, s.planStage.id, 1))!.snapshot.periods).toBeUndefined();
  });
});

describe('reviewing progress reports', () => {
  it('goes through a required change, the team’s answer and a resubmission to an approval scored on the reports’ rubric, telling each side', async () => {
    await s.addReport('2027-01-01', '2027-03-31');
    expect(await s.submit(s.reportStage)).toMatchObject({ ok: true });
    const mentorMails = await db.select().from(schema.mailMessage);
    expect(mentorMails.map((m) => [m.to, m.subject])).toEqual([[s.p.mentor.email, expect.stringMatching(/^Submitted for review: Progress reports/)]]);
    expect((await db.select().from(schema.notification).where(eq(schema.notification.userId, s.p.mentor.id))).map((n) => n.link)).toEqual([`/workspace/transfers/${s.transfer.id}/review/${s.reportStage.id}/`]);

    const mentor = await s.as(s.p.mentor.id);
    const required = await addComment(db, mentor, s.transfer, s.reportStage, { body: 'Add what the readmission figures show.', required: 'on' }, () => undefined, meta);
    if (!required.ok) throw new Error(JSON.stringify(required));
    const first = (await submissions())[0]!;
    expect(await decide(db, mentor, s.transfer, s.reportStage, { submissionId: first.id, outcome: 'request-changes', note: 'One change, see the comment.' }, meta)).toMatchObject({ ok: true, state: 'changes-requested' });
    expect((await db.select().from(schema.mailMessage)).map((m) => m.subject)).toContain(`Changes requested: Progress reports · ${s.transfer.title}`);

    const editor = await s.as(s.p.editor.id);
    expect(await addressRequiredChange(db, editor, s.transfer, s.reportStage, { commentId: required.commentId, answer: 'Added to the results.' }, meta)).toMatchObject({ ok: true });
    expect(await s.submit(s.reportStage)).toMatchObject({ ok: true, number: 2 });
    expect(await state()).toBe('resubmitted');
    // The mentor who asked accepts the answer: approval waits for that.
    expect(await acceptRequiredChange(db, mentor, s.transfer, s.reportStage, { commentId: required.commentId }, meta)).toEqual({ ok: true });

    // The action plan's rubric does not approve a report: the reports' own criteria are asked for.
    const second = (await submissions()).find((x) => x.number === 2)!;
    const planScores = Object.fromEntries(s.planStage.rubric.filter((c) => !s.reportStage.rubric.some((r) => r.id === c.id)).map((c) => [`score.${c.id}`, '4']));
    const missing = await decide(db, mentor, s.transfer, s.reportStage, { submissionId: second.id, outcome: 'approve', ...planScores }, meta);
    expect(missing).toMatchObject({ ok: false, errors: { [`score.${s.reportStage.rubric[0]!.id}`]: [expect.stringMatching(/score it before approving/)] } });
    await s.approve(s.reportStage);
    expect(await state()).toBe('approved');
    const [, approval] = await listDecisions(db, s.transfer.id, s.reportStage.id);
    expect(Object.keys(approval!.rubric).sort()).toEqual(s.reportStage.rubric.map((c) => c.id).sort());
    expect((await db.select().from(schema.notification).where(eq(schema.notification.userId, s.p.editor.id))).some((n) => /Approved|approve/i.test(n.summary))).toBe(true);
  });

  it('declares its own rubric, different from the action plan’s', () => {
    expect(s.reportStage.rubric.map((c) => c.id)).not.toEqual(s.planStage.rubric.map((c) => c.id));
  });
});
