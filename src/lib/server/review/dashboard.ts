/**
 * The review dashboards: a mentor's cohort (the transfers assigned to them) and the programme (every transfer).
 * Two queries whatever the number of transfers: one row per transfer with its counts computed as correlated
 * subqueries (each an index range scan of that transfer's comments or records), and the stage reviews. Who may
 * see which dashboard is decided by the caller through permissions.ts.
 *
 * Which records and fields count is read from the templates' roles (src/lib/server/templates/registry.ts): the
 * sections with roles actions, objectives and kpis, the action's end and status fields, the options its status
 * field calls done or cancelled, and the KPI field that links to objectives. They reach the SQL as parameters (the
 * JSON paths built by `jsonPath` from our own field ids), so the statements are prepared once whatever the
 * templates say, and renaming a field or an option in a template file cannot leave the counts behind.
 */
import { and, count, eq, exists, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { isoDay } from '../../public/dates.ts';
import { days } from '../clock.ts';
import { prepared, schema, type Db } from '../db.ts';
import { closedOptions, fieldLinkingTo, fieldWithRole, jsonPath, type TemplateRegistry } from '../templates/registry.ts';
import { isWaitingForReview, type ReviewStage, type ReviewState } from './states.ts';

type Transfer = typeof schema.transfer.$inferSelect;
type Organisation = typeof schema.organisation.$inferSelect;

export type CohortRow = Pick<Transfer, 'id' | 'title' | 'practiceId'> & {
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
  /** Actions past their end date that are neither done nor cancelled. */
  overdueActions: number;
  /** Objectives at least one KPI measures, of all objectives. */
  kpiCoverage: { covered: number; total: number };
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
    .innerJoin(sql`json_each(json_extract(${kpi.data}, ${sql.placeholder('kpiObjectivesPath')}))`, sql`value = ${objective.id}`)
    .where(inSection(kpi, 'kpis'));
  const covered = d.select({ n: count() }).from(objective).where(and(inSection(objective, 'objectives'), exists(linksToObjective)));
  const end = sql`json_extract(${entry.data}, ${sql.placeholder('endPath')})`;
  const open = sql`coalesce(json_extract(${entry.data}, ${sql.placeholder('statusPath')}), '') not in (select value from json_each(${sql.placeholder('closedStatuses')}))`;
  const query = d
    .select({
      id: transfer.id,
      title: transfer.title,
      practiceId: transfer.practiceId,
      organisationName: organisation.name,
      isDemo: organisation.isDemo,
      openRequiredChanges: d.$count(comment, and(eq(comment.transferId, transfer.id), eq(comment.required, true), eq(comment.status, 'open'))),
      // Dates are YYYY-MM-DD, so they compare as text; an action without an end date is never late.
      overdueActions: d.$count(
        entry,
        and(inSection(entry, 'actions'), sql`${end} > ''`, sql`${end} < ${sql.placeholder('today')}`, open),
      ),
      objectives: d.$count(entry, inSection(entry, 'objectives')),
      coveredObjectives: sql<number>`${covered}`.mapWith(Number),
    })
    .from(transfer)
    .innerJoin(organisation, eq(organisation.id, transfer.organisationId));
  return (mentorOnly ? query.innerJoin(transferMentor, and(eq(transferMentor.transferId, transfer.id), eq(transferMentor.userId, sql.placeholder('mentorId')))) : query).prepare();
}

function reviewsQuery(d: Db, mentorOnly: boolean) {
  const query = d.select({ transferId: stageReview.transferId, stage: stageReview.stage, state: stageReview.state, submittedAt: stageReview.submittedAt }).from(stageReview);
  return (mentorOnly ? query.innerJoin(transferMentor, and(eq(transferMentor.transferId, stageReview.transferId), eq(transferMentor.userId, sql.placeholder('mentorId')))) : query).prepare();
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

/**
 * One row per transfer assigned to `mentorId`, or per transfer of the programme when `mentorId` is undefined,
 * longest waiting for review first. "Overdue" compares end dates with `now`'s date in UTC; which records are
 * actions, and which of their fields and statuses count, `templates` says.
 */
export async function cohortRows(db: Db, { mentorId, now, templates }: { mentorId?: string; now: Date; templates: TemplateRegistry }): Promise<CohortRow[]> {
  const scope = mentorId === undefined ? 'programme' : 'mentor';
  const params = { today: isoDay(now), ...dashboardParameters(templates), ...(mentorId === undefined ? {} : { mentorId }) };
  const counted = await prepared(db, `review.dashboard.counts.${scope}`, (d) => countsQuery(d, scope === 'mentor')).all(params);
  const reviews = await prepared(db, `review.dashboard.reviews.${scope}`, (d) => reviewsQuery(d, scope === 'mentor')).all(params);

  const reviewsByTransfer = Map.groupBy(reviews, (r) => r.transferId);
  return counted
    .map(({ objectives, coveredObjectives, ...row }): CohortRow => {
      // Stages the template files no longer name are left out (their pages are gone too).
      const own = (reviewsByTransfer.get(row.id) ?? []).filter((r) => templates.stage(r.stage));
      const stateOf = (stage: ReviewStage) => own.find((r) => r.stage === stage)?.state ?? 'draft';
      const waitingSince = own.filter((r) => isWaitingForReview(r.state)).map((r) => r.submittedAt).sort()[0] ?? null;
      return {
        ...row,
        stages: Object.fromEntries(templates.stages.map((s) => [s.id, stateOf(s.id)])) as Record<ReviewStage, ReviewState>,
        waitingSince,
        daysWaiting: waitingSince === null ? null : Math.max(0, Math.round((Date.parse(isoDay(now)) - Date.parse(waitingSince.slice(0, 10))) / days(1))),
        kpiCoverage: { covered: coveredObjectives, total: objectives },
      };
    })
    .sort(byLongestWaiting);
}

export type ProgrammeCounts = {
  /** Per stage, how many transfers are in each state. */
  stages: Record<ReviewStage, Record<ReviewState, number>>;
  /** Per practice, most transfers first: how many transfers adopt it and how many of their action plans (the stage of the actions) are approved. */
  practices: { practiceId: Transfer['practiceId']; transfers: number; approvedActionPlans: number }[];
};

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
  return { stages: counts, practices: [...practices.values()].sort((a, b) => b.transfers - a.transfers || a.practiceId.localeCompare(b.practiceId)) };
}
