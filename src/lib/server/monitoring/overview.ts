/** What the Implementation page shows of a transfer, read in one place so the page only renders it. */
import { t } from '../../../i18n/index.ts';
import type { Db } from '../db.ts';
import { optionLabel } from '../templates/localize.ts';
import { fieldWithRole } from '../templates/registry.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { entryLabel } from '../transfers/entry-schema.ts';
import { listAllEntries } from '../transfers/queries.ts';
import { latestUpdates, type ActionUpdate } from './action-progress.ts';
import { actionFacts, actionStatus, type ActionFacts, type ActionStatus } from './action-status.ts';
import { cycleGroups } from './pdsa.ts';
import { rollUpRecords } from './rollup.ts';
import { listWorkshops } from './workshops.ts';
import { stageStatuses } from '../review/queries.ts';
import { currentSignal, loadKpiSeries } from './kpi-series.ts';
import { planApprovals, reportingStatus } from './report-reminders.ts';
import { stageHolding } from './sections.ts';

/** `shown` and `latest.shown`: the stored (English) status values as the reader's language words them. */
export type ActionView = { id: string; title: string; facts: ActionFacts; status: ActionStatus; shown?: string; latest?: ActionUpdate & { count: number; shown: string } };

/** Each action of the plan with its status on `todayIso` and its latest update, in the plan's order. */
export async function listActionViews(db: Db, registry: TemplateRegistry, transferId: string, todayIso: string, entries?: Awaited<ReturnType<typeof listAllEntries>>): Promise<ActionView[]> {
  const ref = registry.sectionWithRole('actions');
  if (!ref) return [];
  const all = entries ?? (await listAllEntries(db, transferId));
  const latest = await latestUpdates(db, transferId);
  const statusField = fieldWithRole(ref.section, 'status');
  const shown = (v: string) => (statusField ? optionLabel(statusField, v) : v);
  return all
    .filter((e) => e.template === ref.kind && e.section === ref.section.id)
    .map((e) => {
      const facts = actionFacts(ref.section, e.data);
      const last = latest.get(e.id);
      return { id: e.id, title: entryLabel(ref.section, e.data), facts, status: actionStatus(ref.section, facts, todayIso), shown: facts.status && shown(facts.status), latest: last && { ...last, shown: shown(last.status) } };
    });
}

export async function loadMonitoring(db: Db, registry: TemplateRegistry, transferId: string, todayIso: string) {
  const entries = await listAllEntries(db, transferId);
  const objectivesRef = registry.sectionWithRole('objectives');
  const objectiveTitles = new Map(entries.filter((e) => objectivesRef && e.template === objectivesRef.kind && e.section === objectivesRef.section.id).map((e) => [e.id, entryLabel(objectivesRef!.section, e.data)]));
  const actions = await listActionViews(db, registry, transferId, todayIso, entries);
  const rollup = rollUpRecords(registry, entries, todayIso);
  return {
    rollup: { ...rollup, objectives: rollup.objectives.map((o) => ({ ...o, title: objectiveTitles.get(o.id) ?? t('monitoring:overview.untitled') })) },
    actions,
    overdue: actions.filter((a) => a.status.overdue),
    atRisk: actions.filter((a) => a.status.atRisk),
    cycles: cycleGroups(registry, entries),
    workshops: await listWorkshops(db, registry, transferId),
    pdsaKind: registry.sectionWithRole('pdsa-cycles')?.kind,
    actionsKind: registry.sectionWithRole('actions')?.kind,
  };
}

/**
 * The indicators' current signals and the reporting periods of a transfer, for the Implementation page: each KPI
 * with what its charts say at the latest point, and each ended reporting period (from the plan's approval) with
 * whether a progress report covers it, beside the state of the progress-report review.
 */
export async function loadSignalsAndReports(db: Db, registry: TemplateRegistry, transferId: string, todayIso: string) {
  const indicators = (await loadKpiSeries(db, transferId, registry)).map((s) => ({ id: s.id, title: s.title, unit: s.unit, target: s.target, count: s.points.length, latest: s.points.at(-1), signal: currentSignal(s) }));
  const [approval] = await planApprovals(db, registry, transferId);
  const periods = approval ? await reportingStatus(db, registry, transferId, approval.approvedAt, todayIso) : [];
  const reportStage = stageHolding(registry, 'progress-reports');
  const reportState = reportStage ? (await stageStatuses(db, transferId, [reportStage]))[0]?.state : undefined;
  return { indicators, approvedAt: approval?.approvedAt, periods, reportStage, reportState };
}
