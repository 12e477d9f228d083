import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { remindedPeriods, reportingPeriods, sendReportReminders } from '../../src/lib/server/monitoring/report-reminders.ts';
import { templatesOfForms } from '../../src/lib/server/monitoring/sections.ts';
import { workspaceForms } from '../../src/lib/server/transfers/workspace-forms.ts';
import { createTestDb } from '../support/db.ts';
import { meta, monitoringSetup, templates } from '../support/monitoring.ts';

let db: Db;
let s: Awaited<ReturnType<typeof monitoringSetup>>;
// Approved on the first day of a quarter, so that quarter is the first to report on.
const approvedOn = new Date('2027-01-01T09:00:00Z');
const remind = (on: string) => sendReportReminders(db, new Date(on), meta.origin, templates());
const notificationsOf = (userId: string) => db.select().from(schema.notification).where(eq(schema.notification.userId, userId));
const mails = () => db.select().from(schema.mailMessage).where(eq(schema.mailMessage.subject, `Progress report due: 2027 Q1 · ${s.transfer.title}`));

beforeEach(async () => {
  db = await createTestDb();
  s = await monitoringSetup(db);
});

async function approvePlan() {
  await s.addAction('Train the GPs', '2027-02-15');
  await s.submit(s.planStage, approvedOn);
  await s.approve(s.planStage, approvedOn);
}

describe('reportingPeriods', () => {
  it('are the whole calendar quarters after the approval that have ended, the last four at most', () => {
    expect(reportingPeriods('2027-01-01T09:00:00Z', '2027-03-31')).toEqual([]);
    expect(reportingPeriods('2027-01-01T09:00:00Z', '2027-04-01')).toEqual([{ label: '2027 Q1', start: '2027-01-01', end: '2027-03-31' }]);
    // Approved within a quarter: the rest of it is not a reporting period; the next quarter is the first.
    expect(reportingPeriods('2027-03-30T09:00:00Z', '2027-04-01')).toEqual([]);
    expect(reportingPeriods('2027-02-10T09:00:00Z', '2027-07-01')).toEqual([{ label: '2027 Q2', start: '2027-04-01', end: '2027-06-30' }]);
    const many = reportingPeriods('2027-02-10T09:00:00Z', '2029-01-05');
    expect(many).toHaveLength(remindedPeriods);
    expect(many.map((q) => q.label)).toEqual(['2028 Q1', '2028 Q2', '2028 Q3', '2028 Q4']);
  });
});

describe('sendReportReminders', () => {
  it('reminds nobody before the plan is approved', async () => {
    await s.addAction('Train the GPs', '2027-02-15');
    await s.submit(s.planStage, approvedOn);
    expect(await remind('2027-04-02T06:00:00Z')).toBe(0);
  });

  it('tells each editor once per period that ended without a report, in the portal and by e-mail', async () => {
    await approvePlan();
    expect(await remind('2027-03-30T06:00:00Z')).toBe(0);
    expect(await remind('2027-04-02T06:00:00Z')).toBe(1);
    expect(await remind('2027-04-02T07:00:00Z')).toBe(0);
    const reminders = (await notificationsOf(s.p.editor.id)).filter((n) => /Reminder/.test(n.summary));
    expect(reminders.map((n) => [n.summary, n.link])).toEqual([[expect.stringMatching(/progress report for 2027 Q1/), `/workspace/transfers/${s.transfer.id}/${s.reportStage.kinds[0]}/`]]);
    expect((await mails()).map((m) => m.to)).toEqual([s.p.editor.email]);
    // Viewers and mentors are not asked to write the report.
    expect((await notificationsOf(s.p.viewer.id)).filter((n) => /Reminder/.test(n.summary))).toEqual([]);
    expect(await db.select().from(schema.reportReminder)).toEqual([expect.objectContaining({ transferId: s.transfer.id, periodEnd: '2027-03-31' })]);
  });

  it('sends none for a period a report covers, by ending in it or spanning it', async () => {
    await approvePlan();
    await s.addReport('2027-01-01', '2027-03-20', 'Explained.');
    await s.addReport('2027-04-01', '2027-12-31', 'Explained.');
    expect(await remind('2028-01-03T06:00:00Z')).toBe(0);
  });

  it('respects the e-mail opt-out but still notifies in the portal', async () => {
    await approvePlan();
    await db.update(schema.user).set({ emailNotifications: false }).where(eq(schema.user.id, s.p.editor.id));
    expect(await remind('2027-04-02T06:00:00Z')).toBe(1);
    expect(await mails()).toEqual([]);
    expect((await notificationsOf(s.p.editor.id)).filter((n) => /Reminder/.test(n.summary))).toHaveLength(1);
  });

  it('reminds nobody of a paused, closed or archived transfer', async () => {
    await approvePlan();
    for (const status of ['paused', 'closed', 'archived'] as const) {
      await db.update(schema.transfer).set({ status }).where(eq(schema.transfer.id, s.transfer.id));
      expect(await remind('2027-10-02T06:00:00Z')).toBe(0);
    }
    expect(await db.select().from(schema.reportReminder)).toEqual([]);
  });

  it('after a pause, reminds of the latest period the pause spanned only, then of each period as it ends', async () => {
    await approvePlan();
    // Paused all of 2027 Q1 to Q3, resumed on 5 October.
    await db.update(schema.transfer).set({ status: 'active', statusChangedAt: '2027-10-05T09:00:00.000Z' }).where(eq(schema.transfer.id, s.transfer.id));
    expect(await remind('2027-10-06T06:00:00Z')).toBe(1);
    expect((await db.select().from(schema.reportReminder)).map((r) => r.periodEnd)).toEqual(['2027-09-30']);
    expect(await remind('2028-01-02T06:00:00Z')).toBe(1);
    expect((await db.select().from(schema.reportReminder)).map((r) => r.periodEnd).sort()).toEqual(['2027-09-30', '2027-12-31']);
  });

  it('works from the built forms file as the server has it', async () => {
    await approvePlan();
    const forms = templatesOfForms(workspaceForms(templates(), []));
    expect(await sendReportReminders(db, new Date('2027-04-02T06:00:00Z'), meta.origin, forms)).toBe(1);
  });
});
