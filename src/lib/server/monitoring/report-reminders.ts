/**
 * Reminders when a reporting period ends without a progress report. Periods are calendar quarters, from the first
 * whole quarter after the action plan was first approved; a period is covered by a report whose period ends within it or
 * spans it. Each transfer's editors are told once per period, in the portal and (unless they opted out) by e-mail.
 */
import { and, eq, inArray, isNull, min } from 'drizzle-orm';
import type { TransferStatus } from '../../../../db/schema.ts';
import { isoNow } from '../clock.ts';
import type { Db } from '../db.ts';
import { first, schema, writeTransaction } from '../db.ts';
import type { Mail } from '../mail/mailer.ts';
import { announce, deliver, recipientColumns } from '../review/notify.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import { reportPeriod } from './period-summary.ts';
import { stageHolding, type MonitoringTemplates } from './sections.ts';

/** Reminders look back this many periods at most: an old gap is not worth a pile of e-mails. */
export const remindedPeriods = 4;

export type Quarter = { label: string; start: string; end: string };

const pad = (n: number) => String(n).padStart(2, '0');

/** The calendar quarter of index q (year × 4 + quarter 0–3). */
function quarter(q: number): Quarter {
  const year = Math.floor(q / 4);
  const first = (q % 4) * 3 + 1;
  const lastDay = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  return { label: `${year} Q${(q % 4) + 1}`, start: `${year}-${pad(first)}-01`, end: `${year}-${pad(first + 2)}-${pad(lastDay)}` };
}
const quarterIndex = (day: string) => Number(day.slice(0, 4)) * 4 + Math.floor((Number(day.slice(5, 7)) - 1) / 3);

/**
 * The whole quarters of implementation that ended before `today`, the last `remindedPeriods` of them: from the first
 * quarter that starts on or after the plan's approval (a plan approved on 30 March owes no report for the day of
 * March left to it).
 */
export function reportingPeriods(approvedAt: string, today: string): Quarter[] {
  const out: Quarter[] = [];
  const day = approvedAt.slice(0, 10);
  const first = quarterIndex(day) + (quarter(quarterIndex(day)).start === day ? 0 : 1);
  for (let q = first; q < quarterIndex(today); q++) out.push(quarter(q));
  return out.slice(-remindedPeriods);
}

/** Whether a report's period ends within the quarter or spans it. */
export const covers = (report: { from: string; to: string }, q: Quarter) => (report.to >= q.start && report.to <= q.end) || (report.from <= q.start && report.to >= q.end);

/**
 * Sends the reminders due at `now`: one per transfer with an approved plan and per ended period without a report,
 * never twice (the `reportReminder` row is written with the notifications). Returns how many reminders were sent.
 */
export async function sendReportReminders(db: Db, now: Date, origin: string, templates: MonitoringTemplates): Promise<number> {
  const reports = templates.sectionWithRole('progress-reports');
  if (!reports) return 0;
  const today = isoNow(now).slice(0, 10);
  let sent = 0;
  // Only active transfers: a paused, closed or archived one owes no report while nobody may write one.
  for (const { transferId, approvedAt, activeSince } of (await planApprovals(db, templates)).filter((a) => a.status === 'active')) {
    for (const { period } of backlogTrimmed((await reportingStatus(db, templates, transferId, approvedAt, today)).filter((p) => !p.covered), activeSince)) {
      const mails = await remind(db, transferId, period, reports.kind, { now: isoNow(now), origin });
      if (!mails) continue;
      sent++;
      await deliver(db, mails);
    }
  }
  return sent;
}

/**
 * Of the periods due, those that ended before the transfer last became active again (resumed or reopened) are
 * reminded of only the latest: a team back from a pause hears of one missing report, not of every quarter the pause
 * spanned (the Implementation page still lists them all).
 */
export function backlogTrimmed<P extends { period: Quarter }>(due: P[], activeSince: string | null): P[] {
  if (!activeSince) return due;
  const since = activeSince.slice(0, 10);
  const before = due.filter((p) => p.period.end < since);
  return [...before.slice(-1), ...due.filter((p) => p.period.end >= since)];
}

type PlanApproval = { transferId: string; approvedAt: string; status: TransferStatus; activeSince: string | null };

/**
 * When each transfer's action plan was first approved (transfers whose plan never was are left out); one transfer's
 * when given. With the transfer's status, and when it last changed (for an active transfer: since when it is active again).
 */
export async function planApprovals(db: Db, templates: MonitoringTemplates, transferId?: string): Promise<PlanApproval[]> {
  const planStage = stageHolding(templates, 'actions');
  if (!planStage) return [];
  const rows = await db
    .select({ transferId: schema.transfer.id, approvedAt: min(schema.decision.createdAt), status: schema.transfer.status, activeSince: schema.transfer.statusChangedAt })
    .from(schema.decision)
    .innerJoin(schema.transfer, eq(schema.transfer.id, schema.decision.transferId))
    .where(and(eq(schema.decision.stage, planStage.id), inArray(schema.decision.outcome, ['approve', 'approve-with-changes']), transferId ? eq(schema.decision.transferId, transferId) : undefined))
    // By the transfer's key, so that its other columns may be selected (PostgreSQL allows that only for a key).
    .groupBy(schema.transfer.id);
  return rows.flatMap((r) => (r.approvedAt ? [{ transferId: r.transferId, approvedAt: r.approvedAt, status: r.status, activeSince: r.activeSince }] : []));
}

/**
 * The reporting periods of a transfer that ended before `today` (the last `remindedPeriods`, from the quarter of the
 * plan's approval), each with whether a progress report covers it: what the reminders and the Implementation page
 * both read.
 */
export async function reportingStatus(db: Db, templates: MonitoringTemplates, transferId: string, approvedAt: string, today: string): Promise<{ period: Quarter; covered: boolean }[]> {
  const reports = templates.sectionWithRole('progress-reports');
  const periods = reportingPeriods(approvedAt, today);
  if (!reports || periods.length === 0) return [];
  const written = await db
    .select({ data: schema.entry.data })
    .from(schema.entry)
    .where(and(eq(schema.entry.transferId, transferId), eq(schema.entry.template, reports.kind), eq(schema.entry.section, reports.section.id)));
  const reported = written.flatMap((r) => reportPeriod(reports.section, JSON.parse(r.data) as EntryData) ?? []);
  return periods.map((period) => ({ period, covered: reported.some((r) => covers(r, period)) }));
}

/** One reminder, in one transaction; undefined when it was already sent (or the transfer is gone). */
async function remind(db: Db, transferId: string, period: Quarter, reportsKind: string, meta: { now: string; origin: string }): Promise<Mail[] | undefined> {
  return writeTransaction(db, async (tx) => {
    const claimed = await tx.insert(schema.reportReminder).values({ transferId, periodEnd: period.end, sentAt: meta.now }).onConflictDoNothing().returning();
    if (claimed.length === 0) return undefined;
    const transfer = await first(tx.select({ title: schema.transfer.title, organisationId: schema.transfer.organisationId }).from(schema.transfer).where(eq(schema.transfer.id, transferId)).limit(1));
    if (!transfer) return undefined;
    const editors = await tx
      .select(recipientColumns)
      .from(schema.membership)
      .innerJoin(schema.user, eq(schema.user.id, schema.membership.userId))
      .where(and(eq(schema.membership.organisationId, transfer.organisationId), eq(schema.membership.role, 'editor'), isNull(schema.user.disabledAt)));
    const what = { key: 'shell:events.reportWhat', params: { period: period.label, start: period.start, end: period.end } };
    return announce(
      tx,
      {
        transferId,
        actorUserId: null,
        message: { key: 'shell:events.reportDue', params: { what } },
        link: `/workspace/transfers/${transferId}/${reportsKind}/`,
        recipients: editors,
        mail: {
          subject: { key: 'mail:report.dueSubject', params: { period: period.label, transfer: transfer.title } },
          body: [{ key: 'mail:report.dueBody', params: { period: period.label, transfer: transfer.title, end: period.end, what } }],
        },
      },
      meta,
    );
  });
}
