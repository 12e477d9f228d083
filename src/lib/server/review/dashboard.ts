/**
 * The review dashboards: a mentor's cohort (the transfers assigned to them) and the programme (every transfer).
 * Two queries whatever the number of transfers (three more when some are in implementation, see implementationOf): one row per transfer with its counts computed as correlated
 * subqueries (each an index range scan of that transfer's comments or records), and the stage reviews. Who may
 * see which dashboard is decided by the caller through permissions.ts.
 *
 * Which records and fields count is read from the templates' roles (src/lib/server/templates/registry.ts): the
 * sections with roles actions, objectives and kpis, the action's end and status fields, the options its status
 * field calls done or cancelled, and the KPI field that links to objectives. They reach the SQL as parameters (the
 * JSON paths built by `jsonPath` from our own field ids), so the statements are prepared once whatever the
 * templates say, and renaming a field or an option in a template file cannot leave the counts behind.
 */
import { and, count, eq, exists, inArray, notInArray, sql } from 'drizzle-orm';
import type { TransferStatus } from '../../../../db/schema.ts';
import { alias } from 'drizzle-orm/sqlite-core';
import { isoDay } from '../../public/dates.ts';
import { days } from '../clock.ts';
import { first, prepared, schema, type Db } from '../db.ts';
import { inJsonList, jsonPath, jsonTextAt } from '../sql-dialect.ts';
import { closedOptions, fieldLinkingTo, fieldWithRole, type TemplateRegistry } from '../templates/registry.ts';
import { isWaitingForReview, type ReviewStage, type ReviewState } from './states.ts';
import { actionFacts, actionStatus } from '../monitoring/action-status.ts';
import { currentSignal, seriesByKpi, type MeasurementRow, type Series } from '../monitoring/kpi-series.ts';
import { chartSettingsOf } from '../monitoring/measurements.ts';
import { rollUp, rollUpRecords } from '../monitoring/rollup.ts';
import { runChart } from '../monitoring/run-chart.ts';
import { xmrChart } from '../monitoring/xmr.ts';
import { improvementDirection, sectionKey } from '../templates/registry.ts';
import type { EntryData } from '../transfers/entry-schema.ts';

type Transfer = typeof schema.transfer.$inferSelect;
type Organisation = typeof schema.organisation.$inferSelect;

export type CohortRow = Pick<Transfer, 'id' | 'title' | 'practiceId' | 'status'> & {
  organisationName: Organisation['name'];
  isDemo: Organisation['isDemo'];
  /** Every stage the templates name, 'draft' where nothing was submitted yet. */
  stages: Record<ReviewStage, ReviewState>;
  /** The oldest submission still waiting for a mentor's decision, or null when none is waiting. */
  waitingSince: string | null;
  /** Calendar days (UTC) since `waitingSince`: submitted yesterday is 1, whatever the hour. It changes at midnight, as the cached dashboards do. */
  daysWaiting: number | null;
  /** Required changes a mentor asked for that the team has not marked addressed. */
  openRequiredChanges: number;
  /** Required changes the team answered that the mentor has not accepted yet: they block approval as the open ones do. */
  answeredRequiredChanges: number;
  /** Actions past their end date that are neither done nor cancelled. */
  overdueActions: number;
  /** Objectives at least one KPI measures, of all objectives. */
  kpiCoverage: { covered: number; total: number };
  /** What implementation shows, for a transfer whose action plan is approved; null before. */
  implementation: Implementation | null;
};

export type Implementation = {
  /** The report of the latest period (by its end day), and the review state of the progress-report stage. */
  lastReport: { start?: string; end?: string } | null;
  reportState: ReviewState;
  reportWaiting: boolean;
  /** Indicators, and how many show a current signal of improvement or concern (currentSignal of kpi-series.ts). */
  kpis: { total: number; improvement: number; concern: number };
  /** Actions at risk on the day (action-status.ts); overdue ones are `overdueActions` of the row. */
  atRiskActions: number;
  /** PDSA cycles with a decision (the Act step), of all cycles. */
  cycles: { done: number; total: number };
  /** Actions done, of those not cancelled, and the progress rolled up from actions to objectives (rollup.ts). */
  actions: { done: number; counted: number };
  progress?: number;
};

/** The sections the counts read, by role. */
type CountedSection = 'actions' | 'objectives' | 'kpis';

/**
 * The parameters of the counts, from the templates: where actions, objectives and KPIs are stored, the JSON paths
 * of the action's end date and status and of the KPI's link to objectives, and the statuses that no longer make an
 * action late (done or cancelled), as a JSON array. A field no template declares gives a null path, which reads as
 * no value: no end date (never late), no status (open), no links (nothing covered). A section no template declares
 * matches no record (an empty template name): nothing counted, never an error page.
 */
function dashboardParameters(templates: TemplateRegistry) {
  const actions = templates.sectionWithRole('actions');
  const objectives = templates.sectionWithRole('objectives');
  const kpis = templates.sectionWithRole('kpis');
  const end = actions && fieldWithRole(actions.section, 'end');
  const status = actions && fieldWithRole(actions.section, 'status');
  const kpiObjectives = kpis && objectives && fieldLinkingTo(kpis.section, objectives.key);
  return {
    actionsTemplate: actions?.kind ?? '',
    actionsSection: actions?.section.id ?? '',
    objectivesTemplate: objectives?.kind ?? '',
    objectivesSection: objectives?.section.id ?? '',
    kpisTemplate: kpis?.kind ?? '',
    kpisSection: kpis?.section.id ?? '',
    endPath: end ? jsonPath(end.id) : null,
    statusPath: status ? jsonPath(status.id) : null,
    closedStatuses: JSON.stringify(status ? closedOptions(status) : []),
    kpiObjectivesPath: kpiObjectives ? jsonPath(kpiObjectives.id) : null,
  };
}

const { comment, entry, organisation, stageReview, transfer, transferMentor } = schema;
const kpi = alias(entry, 'kpi');
const objective = alias(entry, 'objective');

function countsQuery(d: Db, mentorOnly: boolean) {
  const inSection = (e: typeof entry | typeof kpi | typeof objective, role: CountedSection) =>
    and(eq(e.transferId, transfer.id), eq(e.template, sql.placeholder(`${role}Template`)), eq(e.section, sql.placeholder(`${role}Section`)));
  // An objective is covered when some KPI of the same transfer lists it; links to deleted objectives count for nothing.
  const linksToObjective = d
    .select({ one: sql`1` })
    .from(kpi)
    .where(and(inSection(kpi, 'kpis'), inJsonList(objective.id, jsonTextAt(kpi.data, sql.placeholder('kpiObjectivesPath')))));
  const covered = d.select({ n: count() }).from(objective).where(and(inSection(objective, 'objectives'), exists(linksToObjective)));
  const end = jsonTextAt(entry.data, sql.placeholder('endPath'));
  const open = sql`not (${inJsonList(sql`coalesce(${jsonTextAt(entry.data, sql.placeholder('statusPath'))}, '')`, sql.placeholder('closedStatuses'))})`;
  const query = d
    .select({
      id: transfer.id,
      title: transfer.title,
      practiceId: transfer.practiceId,
      status: transfer.status,
      organisationName: organisation.name,
      isDemo: organisation.isDemo,
      openRequiredChanges: d.$count(comment, and(eq(comment.transferId, transfer.id), eq(comment.required, true), eq(comment.status, 'open'))),
      answeredRequiredChanges: d.$count(comment, and(eq(comment.transferId, transfer.id), eq(comment.required, true), eq(comment.status, 'addressed'))),
      // Dates are YYYY-MM-DD, so they compare as text; an action without an end date is never late.
      overdueActions: d.$count(
        entry,
        and(inSection(entry, 'actions'), sql`${end} > ''`, sql`${end} < ${sql.placeholder('today')}`, open),
      ),
      objectives: d.$count(entry, inSection(entry, 'objectives')),
      coveredObjectives: sql<number>`${covered}`.mapWith(Number),
    })
    .from(transfer)
    .innerJoin(organisation, eq(organisation.id, transfer.organisationId))
    .$dynamic();
  const scoped = mentorOnly ? query.innerJoin(transferMentor, and(eq(transferMentor.transferId, transfer.id), eq(transferMentor.userId, sql.placeholder('mentorId')))) : query;
  return scoped.where(inArray(transfer.status, countedStatuses));
}

/**
 * The transfers the dashboards count: active and paused ones (a pause is part of the work). Closed and archived
 * transfers leave every count; their pages stay readable.
 */
export const countedStatuses: TransferStatus[] = ['active', 'paused'];

/** How many transfers (of a mentor, or of the programme) the dashboards leave out because they are closed or archived. */
export async function uncountedTransfers(db: Db, mentorId?: string): Promise<number> {
  const left = notInArray(transfer.status, countedStatuses);
  if (mentorId === undefined) return db.$count(transfer, left);
  const rows = await first(db.select({ n: count() }).from(transfer).innerJoin(transferMentor, and(eq(transferMentor.transferId, transfer.id), eq(transferMentor.userId, mentorId))).where(left));
  return rows?.n ?? 0;
}

function reviewsQuery(d: Db, mentorOnly: boolean) {
  const query = d.select({ transferId: stageReview.transferId, stage: stageReview.stage, state: stageReview.state, submittedAt: stageReview.submittedAt }).from(stageReview);
  return (mentorOnly ? query.innerJoin(transferMentor, and(eq(transferMentor.transferId, stageReview.transferId), eq(transferMentor.userId, sql.placeholder('mentorId')))) : query);
}

/** Longest waiting first, then those not waiting; ties by organisation and title so the order is stable. */
function byLongestWaiting(a: CohortRow, b: CohortRow): number {
  if (a.waitingSince !== b.waitingSince) {
    if (a.waitingSince === null) return 1;
    if (b.waitingSince === null) return -1;
    return a.waitingSince < b.waitingSince ? -1 : 1;
  }
  return a.organisationName.localeCompare(b.organisationName) || a.title.localeCompare(b.title);
}

/** The order the dashboards state: most concern signals, then most overdue actions, then a progress report waiting for review, then the longest wait. */
export function byAttention(a: CohortRow, b: CohortRow): number {
  const concern = (r: CohortRow) => r.implementation?.kpis.concern ?? 0;
  const report = (r: CohortRow) => (r.implementation?.reportWaiting ? 1 : 0);
  return concern(b) - concern(a) || b.overdueActions - a.overdueActions || report(b) - report(a) || byLongestWaiting(a, b);
}

/**
 * One row per transfer assigned to `mentorId`, or per transfer of the programme when `mentorId` is undefined, in
 * the order of `byAttention`; transfers whose action plan is approved also get their `implementation`. "Overdue" compares end dates with `now`'s date in UTC; which records are
 * actions, and which of their fields and statuses count, `templates` says.
 */
export async function cohortRows(db: Db, { mentorId, now, templates }: { mentorId?: string; now: Date; templates: TemplateRegistry }): Promise<CohortRow[]> {
  const scope = mentorId === undefined ? 'programme' : 'mentor';
  const params = { today: isoDay(now), ...dashboardParameters(templates), ...(mentorId === undefined ? {} : { mentorId }) };
  const counted = await prepared(db, `review.dashboard.counts.${scope}`, (d) => countsQuery(d, scope === 'mentor')).all(params);
  const reviews = await prepared(db, `review.dashboard.reviews.${scope}`, (d) => reviewsQuery(d, scope === 'mentor')).all(params);

  const reviewsByTransfer = Map.groupBy(reviews, (r) => r.transferId);
  const rows = counted.map(({ objectives, coveredObjectives, ...row }): CohortRow => {
    // Stages the template files no longer name are left out (their pages are gone too).
    const own = (reviewsByTransfer.get(row.id) ?? []).filter((r) => templates.stage(r.stage));
    const stateOf = (stage: ReviewStage) => own.find((r) => r.stage === stage)?.state ?? 'draft';
    // A paused transfer waits for nobody: its mentors cannot decide until it is resumed.
    const waitingSince = row.status === 'active' ? (own.filter((r) => isWaitingForReview(r.state)).map((r) => r.submittedAt).sort()[0] ?? null) : null;
    return {
      ...row,
      stages: Object.fromEntries(templates.stages.map((s) => [s.id, stateOf(s.id)])) as Record<ReviewStage, ReviewState>,
      waitingSince,
      daysWaiting: waitingSince === null ? null : Math.max(0, Math.round((Date.parse(isoDay(now)) - Date.parse(waitingSince.slice(0, 10))) / days(1))),
      kpiCoverage: { covered: coveredObjectives, total: objectives },
      implementation: null,
    };
  });
  const planStage = stageOfRole(templates, 'actions');
  // In implementation once the plan was approved, also while a revised plan is back in review (only a plan sent
  // back after a decision can have been approved before, so only those are looked up).
  const revised = planStage ? rows.filter((r) => r.stages[planStage] === 'resubmitted' || r.stages[planStage] === 'changes-requested') : [];
  const approvedBefore = planStage && revised.length > 0 ? await approvedPlans(db, revised.map((r) => r.id), planStage) : new Set<string>();
  const inImplementation = planStage ? rows.filter((r) => r.stages[planStage] === 'approved' || approvedBefore.has(r.id)) : [];
  if (inImplementation.length > 0) {
    const found = await implementationOf(db, inImplementation, templates, isoDay(now));
    for (const row of inImplementation) row.implementation = found.get(row.id)!;
  }
  return rows.sort(byAttention);
}

/** The listed transfers whose action plan has ever been approved (approve, or approve with changes), in one query. */
async function approvedPlans(db: Db, transferIds: string[], planStage: ReviewStage): Promise<Set<string>> {
  const d = schema.decision;
  const found = await prepared(db, 'review.dashboard.approved-plans', (q) =>
    q
      .selectDistinct({ transferId: d.transferId })
      .from(d)
      .where(and(inJsonList(d.transferId, sql.placeholder('transferIds')), eq(d.stage, sql.placeholder('stage')), inArray(d.outcome, ['approve', 'approve-with-changes']))),
  ).all({ transferIds: JSON.stringify(transferIds), stage: planStage });
  return new Set(found.map((r) => r.transferId));
}

/** The review stage of the template holding the section with a role (the action plan's, the progress reports'). */
function stageOfRole(templates: TemplateRegistry, role: 'actions' | 'progress-reports'): ReviewStage | undefined {
  return templates.kind(templates.sectionWithRole(role)?.kind)?.stage;
}

/**
 * The implementation of every listed transfer in three queries whatever their number: the records of the sections
 * it reads (actions, objectives, KPIs, PDSA cycles, progress reports), every measurement of their indicators, and
 * their chart settings. Bounded by the caps on records per section and measurements per indicator.
 */
async function implementationOf(db: Db, rows: CohortRow[], templates: TemplateRegistry, today: string): Promise<Map<string, Implementation>> {
  const refs = { actions: templates.sectionWithRole('actions'), objectives: templates.sectionWithRole('objectives'), kpis: templates.sectionWithRole('kpis'), cycles: templates.sectionWithRole('pdsa-cycles'), reports: templates.sectionWithRole('progress-reports') };
  const keys = Object.values(refs).flatMap((r) => (r ? [sectionKey(r.kind, r.section.id)] : []));
  const params = { transferIds: JSON.stringify(rows.map((r) => r.id)), sections: JSON.stringify(keys) };
  const entries = await prepared(db, 'review.dashboard.implementation.entries', (d) =>
    d
      .select({ id: entry.id, transferId: entry.transferId, template: entry.template, section: entry.section, data: entry.data })
      .from(entry)
      .where(and(inJsonList(entry.transferId, sql.placeholder('transferIds')), inJsonList(sql`(${entry.template} || '/' || ${entry.section})`, sql.placeholder('sections'))))
      .orderBy(entry.transferId, entry.grouping, entry.position, entry.createdAt),
  ).all(params);
  const m = schema.kpiMeasurement;
  const measured = await prepared(db, 'review.dashboard.implementation.measurements', (d) =>
    d
      .select({ kpiId: m.kpiId, period: m.period, value: m.value, periodStart: m.periodStart })
      .from(m)
      .where(inJsonList(m.transferId, sql.placeholder('transferIds')))
      // The order of the index kpi_measurement_series, so SQLite sorts nothing; seriesByKpi orders ties of the start day.
      .orderBy(m.transferId, m.kpiId, m.periodStart),
    // As arrays, not objects: the largest read of the dashboard (every measurement of every listed transfer).
  ).values(params) as MeasurementRow[];
  const charts = await prepared(db, 'review.dashboard.implementation.charts', (d) =>
    d.select().from(schema.kpiChart).where(inJsonList(schema.kpiChart.transferId, sql.placeholder('transferIds'))),
  ).all(params);

  const valuesOf = seriesByKpi(measured);
  const settingsOf = new Map(charts.map((c) => [c.kpiId, chartSettingsOf(c)]));
  const byTransfer = Map.groupBy(entries, (e) => e.transferId);
  const reportStage = stageOfRole(templates, 'progress-reports');
  const result = new Map<string, Implementation>();
  for (const row of rows) {
    const own = (byTransfer.get(row.id) ?? []).map((e) => ({ ...e, data: JSON.parse(e.data) as EntryData }));
    const of = (ref: (typeof refs)[keyof typeof refs]) => (ref ? own.filter((e) => e.template === ref.kind && e.section === ref.section.id) : []);
    const rollup = rollUpRecords(templates, own, today);
    const reportState = reportStage ? row.stages[reportStage] : 'draft';
    result.set(row.id, {
      lastReport: lastReport(refs.reports, of(refs.reports)),
      reportState,
      reportWaiting: isWaitingForReview(reportState),
      kpis: kpiSignals(refs.kpis, of(refs.kpis), valuesOf, settingsOf),
      atRiskActions: refs.actions ? of(refs.actions).filter((a) => actionStatus(refs.actions!.section, actionFacts(refs.actions!.section, a.data), today).atRisk).length : 0,
      cycles: cyclesDone(refs.cycles, of(refs.cycles)),
      actions: { done: rollup.done, counted: rollup.counted },
      progress: rollup.progress,
    });
  }
  return result;
}

type Ref = ReturnType<TemplateRegistry['sectionWithRole']>;
type Rec = { id: string; data: EntryData };
const text = (data: EntryData, id: string | undefined) => (id && typeof data[id] === 'string' && data[id] !== '' ? (data[id] as string) : undefined);

/** The report whose period ends last (then starts last): the one the team wrote for the latest period. */
function lastReport(ref: Ref, reports: Rec[]): Implementation['lastReport'] {
  if (!ref || reports.length === 0) return null;
  const [start, end] = [fieldWithRole(ref.section, 'start')?.id, fieldWithRole(ref.section, 'end')?.id];
  const periods = reports.map((r) => ({ start: text(r.data, start), end: text(r.data, end) }));
  return periods.sort((a, b) => (b.end ?? '').localeCompare(a.end ?? '') || (b.start ?? '').localeCompare(a.start ?? ''))[0];
}

/** Each indicator's current signal, read with its own chart settings by the rules of run-chart.ts and xmr.ts, as its page reads it. */
function kpiSignals(ref: Ref, kpis: Rec[], valuesOf: Map<string, Series>, settingsOf: Map<string, ReturnType<typeof chartSettingsOf>>): Implementation['kpis'] {
  const counts = { total: kpis.length, improvement: 0, concern: 0 };
  if (!ref) return counts;
  const directionField = fieldWithRole(ref.section, 'direction');
  const targetField = fieldWithRole(ref.section, 'target');
  for (const kpi of kpis) {
    const series = valuesOf.get(kpi.id);
    if (!series) continue;
    const { periods, values } = series;
    const settings = settingsOf.get(kpi.id) ?? chartSettingsOf(undefined);
    const phaseStarts = settings.phaseStarts.length === 0 ? [] : settings.phaseStarts.map((p) => periods.indexOf(p)).filter((i) => i > 0);
    const direction = improvementDirection(directionField, directionField && kpi.data[directionField.id]);
    const target = targetField && typeof kpi.data[targetField.id] === 'number' ? (kpi.data[targetField.id] as number) : undefined;
    const signal = currentSignal({
      points: values,
      run: runChart(values, { ruleSet: settings.ruleSet, direction, baselineCount: settings.baselineCount, phaseStarts }),
      xmr: xmrChart(values, { direction, target, baselineCount: settings.baselineCount, phaseStarts }),
    });
    if (signal !== 'none') counts[signal]++;
  }
  return counts;
}

/** A cycle is done when its Act step has a decision (adopt, adapt or abandon). */
function cyclesDone(ref: Ref, cycles: Rec[]): Implementation['cycles'] {
  const decision = ref && fieldWithRole(ref.section, 'decision')?.id;
  return { done: cycles.filter((c) => text(c.data, decision) !== undefined).length, total: cycles.length };
}

export type ProgrammeCounts = {
  /** Per stage, how many transfers are in each state. */
  stages: Record<ReviewStage, Record<ReviewState, number>>;
  /** Per practice, most transfers first: how many transfers adopt it and how many of their action plans (the stage of the actions) are approved. */
  practices: { practiceId: Transfer['practiceId']; transfers: number; approvedActionPlans: number }[];
  /** Transfers in implementation: all together, and per practice (in the order of `practices`). */
  implementation: { overall: ImplementationTotals; practices: (ImplementationTotals & { practiceId: Transfer['practiceId'] })[] };
};

/** Transfers in implementation (action plan approved), rolled up. */
export type ImplementationTotals = {
  transfers: number;
  /** Actions done, of those not cancelled, over all these transfers. */
  actions: { done: number; counted: number };
  /** The mean of the transfers' rolled-up progress, by the same rule as rollup.ts (a parent is the mean of its children). */
  progress?: number;
  kpis: { total: number; concern: number };
  overdueActions: number;
};

function totalsOf(rows: CohortRow[]): ImplementationTotals {
  const live = rows.filter((r) => r.implementation);
  const sum = (f: (i: Implementation) => number) => live.reduce((n, r) => n + f(r.implementation!), 0);
  // Transfers as the children of the programme: those with a progress count, as objectives without actions do not.
  const progress = rollUp([], live.flatMap((r) => (r.implementation!.progress === undefined ? [] : [{ id: r.id, objectiveIds: [], progress: r.implementation!.progress, done: false, cancelled: false }]))).progress;
  return {
    transfers: live.length,
    actions: { done: sum((i) => i.actions.done), counted: sum((i) => i.actions.counted) },
    progress,
    kpis: { total: sum((i) => i.kpis.total), concern: sum((i) => i.kpis.concern) },
    overdueActions: live.reduce((n, r) => n + r.overdueActions, 0),
  };
}

export function programmeCounts(rows: CohortRow[], templates: TemplateRegistry): ProgrammeCounts {
  const stageIds = templates.stages.map((s) => s.id);
  const planStage = templates.kind(templates.sectionWithRole('actions')?.kind)?.stage;
  const counts = Object.fromEntries(
    stageIds.map((stage) => [stage, Object.fromEntries(schema.reviewStates.map((state) => [state, 0])) as Record<ReviewState, number>]),
  ) as ProgrammeCounts['stages'];
  const practices = new Map<string, ProgrammeCounts['practices'][number]>();
  for (const row of rows) {
    for (const stage of stageIds) counts[stage][row.stages[stage]]++;
    const practice = practices.get(row.practiceId) ?? { practiceId: row.practiceId, transfers: 0, approvedActionPlans: 0 };
    practice.transfers++;
    if (planStage && row.stages[planStage] === 'approved') practice.approvedActionPlans++;
    practices.set(row.practiceId, practice);
  }
  const byPractice = Map.groupBy(rows, (r) => r.practiceId);
  const sorted = [...practices.values()].sort((a, b) => b.transfers - a.transfers || a.practiceId.localeCompare(b.practiceId));
  return {
    stages: counts,
    practices: sorted,
    implementation: { overall: totalsOf(rows), practices: sorted.map((p) => ({ practiceId: p.practiceId, ...totalsOf(byPractice.get(p.practiceId) ?? []) })) },
  };
}
