/** "Waiting for you" on the workspace home, per role, against a real SQLite: what is listed, where it links, and what is not. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { days } from '../../src/lib/server/clock.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { stuckAfterDays, waitingFor } from '../../src/lib/server/home/waiting.ts';
import { addComment, addressRequiredChange } from '../../src/lib/server/review/commands.ts';
import { createTestDb, createUser, createWatchedTestDb } from '../support/db.ts';
import { byRole, meta, monitoringSetup, sectionOf, templates } from '../support/monitoring.ts';

const now = new Date('2026-12-07T12:00:00.000Z');
const ago = (n: number) => new Date(now.getTime() - days(n));

let db: Db;
let t: Awaited<ReturnType<typeof monitoringSetup>>;

beforeEach(async () => {
  db = await createTestDb();
  t = await monitoringSetup(db);
});

const homeOf = async (userId: string) => waitingFor(db, await t.as(userId), { now, templates: templates() });
const itemsOf = async (userId: string, role: 'mentor' | 'editor' | 'coordinator') => (await homeOf(userId)).find((h) => h.role === role)?.items ?? [];
const stagePath = (stage: string) => `/workspace/transfers/${t.transfer.id}/review/${stage}/`;

/** A required change asked by the transfer's mentor on the plan stage (which must have been submitted). */
async function requireChange(body = 'Name who leads each action.') {
  const r = await addComment(db, await t.as(t.p.mentor.id), t.transfer, t.planStage, { body, required: 'on' }, () => undefined, meta);
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.commentId;
}

describe('waitingFor, as a mentor', () => {
  it('lists a submitted stage of an assigned transfer, named with its transfer and stage, linking to its review page', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit(t.planStage, ago(3));
    const items = await itemsOf(t.p.mentor.id, 'mentor');
    expect(items).toEqual([{ transfer: t.transfer.title, stage: t.planStage.title, what: 'version 1 waits for your decision', href: stagePath(t.planStage.id), since: ago(3).toISOString() }]);
    expect(t.transfer.title).toContain(': ');
  });

  it('lists nothing of transfers assigned to another mentor, and says so plainly', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit();
    const other = await createUser(db, 'mentor', t.p.organisations.early.id);
    const [home] = await homeOf(other.id);
    expect(home).toMatchObject({ role: 'mentor', items: [] });
    expect(home!.empty).toMatch(/^Nothing waits for you/);
  });

  it('lists a required change it asked for once the team has answered it, and not before', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit();
    const commentId = await requireChange();
    expect((await itemsOf(t.p.mentor.id, 'mentor')).filter((i) => i.what.includes('to check'))).toEqual([]);
    const answered = await addressRequiredChange(db, await t.as(t.p.editor.id), t.transfer, t.planStage, { commentId, answer: 'Each action now has a lead.' }, meta);
    expect(answered.ok).toBe(true);
    expect((await itemsOf(t.p.mentor.id, 'mentor')).find((i) => i.what.includes('to check'))).toEqual({
      transfer: t.transfer.title,
      stage: t.planStage.title,
      what: '1 answered required change to check',
      href: `${stagePath(t.planStage.id)}#comment-${commentId}`,
      since: expect.any(String),
    });
  });
});

describe('waitingFor, as an editor', () => {
  it('lists required changes still open on its organisation’s transfers, and drops them once answered', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit();
    const commentId = await requireChange();
    await requireChange('Add a budget line.');
    const open = (await itemsOf(t.p.editor.id, 'editor')).filter((i) => i.what.includes('to answer'));
    expect(open).toEqual([{ transfer: t.transfer.title, stage: t.planStage.title, what: '2 required changes to answer', href: stagePath(t.planStage.id), since: expect.any(String) }]);
    await addressRequiredChange(db, await t.as(t.p.editor.id), t.transfer, t.planStage, { commentId, answer: 'Done.' }, meta);
    expect((await itemsOf(t.p.editor.id, 'editor')).find((i) => i.what.includes('to answer'))?.what).toBe('1 required change to answer');
  });

  it('lists overdue actions by name, linking to each one’s progress page, but not finished ones', async () => {
    const late = await t.addAction('Train staff', '2026-10-31');
    await t.addAction('Buy tablets', '2026-09-30', 'done');
    await t.addAction('Go live', '2027-03-31');
    const items = await itemsOf(t.p.editor.id, 'editor');
    expect(items).toEqual([{ transfer: t.transfer.title, stage: sectionOf('actions').section.title, what: '“Train staff” is overdue (due 2026-10-31)', href: `/workspace/transfers/${t.transfer.id}/actions/${late}/`, since: '2026-10-31' }]);
  });

  it('lists the progress reports due since the plan was approved, and not a period a report covers', async () => {
    await t.addAction('Go live', '2027-03-31');
    await t.submit(t.planStage, new Date('2026-03-10T09:00:00Z'));
    await t.approve(t.planStage, new Date('2026-03-15T09:00:00Z'));
    const due = async () => (await itemsOf(t.p.editor.id, 'editor')).filter((i) => i.what.includes('is due')).map((i) => i.what);
    expect(await due()).toEqual(['the report for 2026 Q2 (2026-04-01 to 2026-06-30) is due', 'the report for 2026 Q3 (2026-07-01 to 2026-09-30) is due']);
    await t.addReport('2026-04-01', '2026-06-30');
    expect(await due()).toEqual(['the report for 2026 Q3 (2026-07-01 to 2026-09-30) is due']);
    const item = (await itemsOf(t.p.editor.id, 'editor')).find((i) => i.what.includes('is due'))!;
    expect(item).toMatchObject({ transfer: t.transfer.title, stage: sectionOf('progress-reports').section.title, href: `/workspace/transfers/${t.transfer.id}/${sectionOf('progress-reports').kind}/` });
  });

  it('lists nothing of another organisation’s transfers', async () => {
    await t.addAction('Train staff', '2026-10-31');
    const [home] = await homeOf(t.p.otherEditor.id);
    expect(home).toMatchObject({ role: 'editor', items: [] });
    expect(home!.empty).toMatch(/no required change to answer, no progress report due and no overdue action/);
  });

  it('gives a viewer no list at all', async () => {
    await t.addAction('Train staff', '2026-10-31');
    expect(await homeOf(t.p.viewer.id)).toEqual([]);
  });
});

describe('waitingFor, as the coordinator', () => {
  it('lists transfers without a mentor, counting a disabled mentor as none, linking to the page where mentors are added', async () => {
    expect(await itemsOf(t.p.coordinator.id, 'coordinator')).toEqual([]);
    await db.update(schema.user).set({ disabledAt: now.toISOString() }).where(eq(schema.user.id, t.p.mentor.id));
    expect(await itemsOf(t.p.coordinator.id, 'coordinator')).toEqual([{ transfer: t.transfer.title, stage: 'Mentors', what: 'no mentor is assigned', href: `/workspace/transfers/${t.transfer.id}/manage/`, since: expect.any(String) }]);
  });

  it(`lists a review undecided for more than ${stuckAfterDays} days, not one waiting ${stuckAfterDays}`, async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit(t.planStage, ago(stuckAfterDays));
    expect(await itemsOf(t.p.coordinator.id, 'coordinator')).toEqual([]);
    await db.update(schema.stageReview).set({ submittedAt: ago(stuckAfterDays + 1).toISOString() });
    expect(await itemsOf(t.p.coordinator.id, 'coordinator')).toEqual([
      { transfer: t.transfer.title, stage: t.planStage.title, what: `version 1 has waited ${stuckAfterDays + 1} days for a decision`, href: stagePath(t.planStage.id), since: ago(stuckAfterDays + 1).toISOString() },
    ]);
  });

  it('does not list a decided review, however old', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit(t.planStage, ago(40));
    await t.approve(t.planStage, ago(39));
    expect(await itemsOf(t.p.coordinator.id, 'coordinator')).toEqual([]);
  });
});

describe('waitingFor, and the transfer’s status', () => {
  const setStatus = (status: 'active' | 'paused' | 'closed' | 'archived') => db.update(schema.transfer).set({ status }).where(eq(schema.transfer.id, t.transfer.id));

  it('lists nothing to editors and mentors of a paused, closed or archived transfer', async () => {
    await t.addAction('Train staff', '2026-10-31');
    await t.submit(t.planStage, new Date('2026-03-10T09:00:00Z'));
    await t.approve(t.planStage, new Date('2026-03-15T09:00:00Z'));
    await t.addAction('Buy tablets', '2026-09-30');
    await t.submit(t.planStage, ago(3));
    expect((await itemsOf(t.p.editor.id, 'editor')).length).toBeGreaterThan(0);
    expect((await itemsOf(t.p.mentor.id, 'mentor')).length).toBe(1);
    for (const status of ['paused', 'closed', 'archived'] as const) {
      await setStatus(status);
      expect(await itemsOf(t.p.editor.id, 'editor')).toEqual([]);
      expect(await itemsOf(t.p.mentor.id, 'mentor')).toEqual([]);
    }
  });

  it('tells the coordinator of a paused transfer without a mentor but not of a closed or archived one, nor of a paused one’s old review', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit(t.planStage, ago(stuckAfterDays + 5));
    await db.update(schema.user).set({ disabledAt: now.toISOString() }).where(eq(schema.user.id, t.p.mentor.id));
    expect((await itemsOf(t.p.coordinator.id, 'coordinator')).map((i) => i.stage)).toEqual(['Mentors', t.planStage.title]);
    await setStatus('paused');
    expect((await itemsOf(t.p.coordinator.id, 'coordinator')).map((i) => i.stage)).toEqual(['Mentors']);
    for (const status of ['closed', 'archived'] as const) {
      await setStatus(status);
      expect(await itemsOf(t.p.coordinator.id, 'coordinator')).toEqual([]);
    }
  });
});

describe('waitingFor, answers whose asker no longer mentors the transfer', () => {
  it('lists them to every assigned mentor, who may close them, and not to a mentor for another’s answers', async () => {
    await t.addAction('Train staff', '2027-06-30');
    await t.submit();
    const commentId = await requireChange();
    await addressRequiredChange(db, await t.as(t.p.editor.id), t.transfer, t.planStage, { commentId, answer: 'Done.' }, meta);
    const second = await createUser(db, 'mentor', t.p.organisations.early.id);
    await db.insert(schema.transferMentor).values({ transferId: t.transfer.id, userId: second.id });
    const toCheck = async (id: string) => (await itemsOf(id, 'mentor')).filter((i) => i.what.includes('to check')).map((i) => i.what);
    expect(await toCheck(second.id)).toEqual([]);
    await db.delete(schema.transferMentor).where(eq(schema.transferMentor.userId, t.p.mentor.id));
    expect(await toCheck(second.id)).toEqual(['1 answered required change to check']);
  });
});

describe('waitingFor, its cost', () => {
  it('runs the same number of statements for one transfer as for ten', async () => {
    // A database that reports each statement it runs, as the dashboard tests count them.
    const { db: watched, executed } = await createWatchedTestDb();
    db = watched;
    t = await monitoringSetup(db);
    const statements = async () => {
      executed.length = 0;
      for (const id of [t.p.mentor.id, t.p.editor.id, t.p.coordinator.id]) await homeOf(id);
      return executed.length;
    };
    await t.addAction('Train staff', '2026-10-31');
    const one = await statements();
    for (let i = 0; i < 9; i++) {
      const id = crypto.randomUUID();
      await db.insert(schema.transfer).values({ id, organisationId: t.p.organisations.adopter.id, practiceId: 'shared-care-platform', title: `Extra ${i}` });
      await db.insert(schema.transferMentor).values({ transferId: id, userId: t.p.mentor.id });
      await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: id, template: sectionOf('actions').kind, section: sectionOf('actions').section.id, data: JSON.stringify(byRole(sectionOf('actions').section, { title: 'Late', end: '2026-01-31' })) });
    }
    expect(await statements()).toBe(one);
    expect(one).toBeGreaterThan(0);
    expect((await itemsOf(t.p.editor.id, 'editor')).filter((i) => i.what.includes('overdue'))).toHaveLength(10);
  });
});
