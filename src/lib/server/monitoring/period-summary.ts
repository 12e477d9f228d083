/**
 * What happened in a progress report's period, read from the database by role: the action updates dated in it, the
 * indicator measurements of its periods, the PDSA cycles that overlap it (with their decision), and the actions due
 * by its end that are not done. Frozen with the report when it is submitted, and shown live under it while written.
 */
import { and, asc, between, count, eq, sql } from 'drizzle-orm';
import { t } from '../../../i18n/index.ts';
import type { Db, Tx } from '../db.ts';
import { first, rawRows, schema } from '../db.ts';
import { fieldWithRole, statusOptions, type Section } from '../templates/registry.ts';
import { entryLabel, type EntryData } from '../transfers/entry-schema.ts';
import type { MonitoringTemplates, SectionAt } from './sections.ts';

/** At most this many of each kind are listed; the rest are counted ("and N more"). */
export const summaryLimit = 500;

export type Bounded<T> = { items: T[]; more: number };
export type PeriodSummary = {
  from: string;
  to: string;
  updates: Bounded<{ actionId: string; action: string; onDate: string; status: string; progress: number | null; done: string; blockers: string }>;
  measurements: Bounded<{ kpiId: string; kpi: string; period: string; value: number }>;
  cycles: Bounded<{ id: string; title: string; start: string; end: string; decision: string }>;
  /** Actions due on or before the period's end that are not done: still open, or cancelled. */
  notCarriedOut: Bounded<{ id: string; title: string; end: string; status: string; meaning: 'open' | 'cancelled' }>;
};

/** Records of a section read at most (a form keeps 200; older transfers may hold more from before that limit). */
const recordsRead = 2000;
const day = /^\d{4}-\d{2}-\d{2}$/;
const text = (data: EntryData, section: Section, role: Parameters<typeof fieldWithRole>[1]) => {
  const field = fieldWithRole(section, role);
  const v = field ? data[field.id] : undefined;
  return typeof v === 'string' ? v : v === undefined ? '' : String(v);
};

/** A report's period, from its start-role and end-role dates; undefined until both are real days in order. */
export function reportPeriod(reports: Section, data: EntryData): { from: string; to: string } | undefined {
  const from = text(data, reports, 'start');
  const to = text(data, reports, 'end');
  return day.test(from) && day.test(to) && from <= to ? { from, to } : undefined;
}

const bounded = <T>(all: T[]): Bounded<T> => ({ items: all.slice(0, summaryLimit), more: Math.max(0, all.length - summaryLimit) });

async function records(db: Db | Tx, transferId: string, at: SectionAt | undefined) {
  if (!at) return [];
  const rows = await db
    .select({ id: schema.entry.id, data: schema.entry.data })
    .from(schema.entry)
    .where(and(eq(schema.entry.transferId, transferId), eq(schema.entry.template, at.kind), eq(schema.entry.section, at.section.id)))
    .orderBy(asc(schema.entry.grouping), asc(schema.entry.position))
    .limit(recordsRead);
  return rows.map((r) => ({ id: r.id, data: JSON.parse(r.data) as EntryData }));
}

/** The period's summary for one transfer; the sections come from the templates by role (any may be missing). */
export async function periodSummary(db: Db | Tx, templates: MonitoringTemplates, transferId: string, period: { from: string; to: string }): Promise<PeriodSummary> {
  const { from, to } = period;
  const actions = templates.sectionWithRole('actions');
  const kpis = templates.sectionWithRole('kpis');
  const cycles = templates.sectionWithRole('pdsa-cycles');

  const inPeriod = and(eq(schema.actionUpdate.transferId, transferId), between(schema.actionUpdate.onDate, from, to));
  const updateRows = await db
    .select({ update: schema.actionUpdate, data: schema.entry.data })
    .from(schema.actionUpdate)
    .innerJoin(schema.entry, eq(schema.entry.id, schema.actionUpdate.actionId))
    .where(inPeriod)
    .orderBy(asc(schema.actionUpdate.onDate), asc(schema.actionUpdate.createdAt))
    .limit(summaryLimit);
  const updateCount = (await first(db.select({ n: count() }).from(schema.actionUpdate).where(inPeriod).limit(1)))?.n ?? 0;

  const measured = and(eq(schema.kpiMeasurement.transferId, transferId), between(schema.kpiMeasurement.periodStart, from, to));
  const measurementRows = await db
    .select({ m: schema.kpiMeasurement, data: schema.entry.data })
    .from(schema.kpiMeasurement)
    .innerJoin(schema.entry, eq(schema.entry.id, schema.kpiMeasurement.kpiId))
    .where(measured)
    .orderBy(asc(schema.kpiMeasurement.periodStart), asc(schema.kpiMeasurement.kpiId))
    .limit(summaryLimit);
  const measurementCount = (await first(db.select({ n: count() }).from(schema.kpiMeasurement).where(measured).limit(1)))?.n ?? 0;

  // A cycle without an end date is still running: it overlaps every period from its start on.
  const overlapping = cycles
    ? (await records(db, transferId, cycles)).filter((c) => {
        const start = text(c.data, cycles.section, 'start');
        const end = text(c.data, cycles.section, 'end');
        return start !== '' && start <= to && (end === '' || end >= from);
      })
    : [];

  const status = actions && fieldWithRole(actions.section, 'status');
  const meanings = status ? statusOptions(status) : undefined;
  // An action is judged by where it stood at the period's end: its latest update on or before that day, else (no
  // update yet then) its status as recorded in the plan. Finished later, it was still not carried out in the period.
  const statusAtEnd = new Map(
    (
      await rawRows<{ actionId: string; status: string }>(
        db,
        sql`select action_id as "actionId", status from (select action_id, status, row_number() over (partition by action_id order by on_date desc, created_at desc) as n from action_update where transfer_id = ${transferId} and on_date <= ${to}) as latest where n = 1`,
      )
    ).map((r) => [r.actionId, r.status]),
  );
  const late = actions
    ? (await records(db, transferId, actions)).flatMap((a) => {
        const end = text(a.data, actions.section, 'end');
        const value = statusAtEnd.get(a.id) ?? (status ? String(a.data[status.id] ?? '') : '');
        if (!day.test(end) || end > to || meanings?.done.includes(value)) return [];
        const meaning = meanings?.cancelled.includes(value) ? ('cancelled' as const) : ('open' as const);
        return [{ id: a.id, title: entryLabel(actions.section, a.data), end, status: value, meaning }];
      })
    : [];

  const label = (at: SectionAt | undefined, data: string) => (at ? entryLabel(at.section, JSON.parse(data) as EntryData) : t('monitoring:overview.untitled'));
  return {
    from,
    to,
    updates: {
      items: updateRows.map(({ update: u, data }) => ({ actionId: u.actionId, action: label(actions, data), onDate: u.onDate, status: u.status, progress: u.progress, done: u.done, blockers: u.blockers })),
      more: Math.max(0, updateCount - updateRows.length),
    },
    measurements: {
      items: measurementRows.map(({ m, data }) => ({ kpiId: m.kpiId, kpi: label(kpis, data), period: m.period, value: m.value })),
      more: Math.max(0, measurementCount - measurementRows.length),
    },
    cycles: bounded(
      overlapping.map((c) => ({
        id: c.id,
        title: entryLabel(cycles!.section, c.data),
        start: text(c.data, cycles!.section, 'start'),
        end: text(c.data, cycles!.section, 'end'),
        decision: text(c.data, cycles!.section, 'decision'),
      })),
    ),
    notCarriedOut: bounded(late.sort((a, b) => a.end.localeCompare(b.end))),
  };
}

/** The summary of every report record of the transfer whose period is set, by report id (what a submission freezes). */
export async function reportSummaries(db: Db | Tx, templates: MonitoringTemplates, transferId: string, reports: { id: string; data: EntryData }[]): Promise<Record<string, PeriodSummary>> {
  const at = templates.sectionWithRole('progress-reports');
  if (!at) return {};
  const out: Record<string, PeriodSummary> = {};
  for (const r of reports) {
    const period = reportPeriod(at.section, r.data);
    if (period) out[r.id] = await periodSummary(db, templates, transferId, period);
  }
  return out;
}

/** For a template page: the live summaries of the reports among its records (none for other templates). */
export async function liveReportSummaries(db: Db, templates: MonitoringTemplates, transferId: string, kind: string, records: { id: string; section: string; data: EntryData }[]) {
  const at = templates.sectionWithRole('progress-reports');
  if (!at || at.kind !== kind) return {};
  return reportSummaries(db, templates, transferId, records.filter((r) => r.section === at.section.id));
}

/**
 * The rule for submitting reports: a period with actions not carried out needs its explanation-role field filled
 * in. Returns the refusal naming the reports and actions, or undefined when every report may go.
 */
export function checkReportExplanations(reports: Section, entries: { id: string; data: EntryData }[], periods: Record<string, PeriodSummary>): string | undefined {
  const missing = entries.flatMap((e) => {
    const summary = periods[e.id];
    if (!summary || summary.notCarriedOut.items.length === 0) return [];
    if (text(e.data, reports, 'explanation').trim() !== '') return [];
    const names = summary.notCarriedOut.items.slice(0, 10).map((a) => `“${a.title}”`).join(', ');
    const more = summary.notCarriedOut.items.length + summary.notCarriedOut.more - Math.min(10, summary.notCarriedOut.items.length);
    return [t('monitoring:reports.reportFor', { from: summary.from, to: summary.to, names, more: more > 0 ? t('monitoring:reports.more', { n: more }) : '' })];
  });
  if (missing.length === 0) return undefined;
  const field = fieldWithRole(reports, 'explanation')?.label ?? t('monitoring:reports.theExplanation');
  return t('monitoring:reports.explain', { field, reports: missing.join('; ') });
}
