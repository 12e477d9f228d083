/**
 * The review dashboards: a mentor's cohort (the transfers assigned to them) and the programme (every transfer).
 * Two queries whatever the number of transfers: one row per transfer with its counts computed as correlated
 * subqueries (each an index range scan of that transfer's comments or records), and the stage reviews. Who may
 * see which dashboard is decided by the caller through permissions.ts.
 *
 * The JSON fields are read as `json_extract(data, '$.end' | '$.status' | '$."linked-objectives"')`, written the
 * same way each time, so that an index on those expressions can answer the counts without parsing any record.
 */
import { and, count, eq, exists, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { isoDay } from '../../public/dates.ts';
import { days } from '../clock.ts';
import { prepared, schema, type Db } from '../db.ts';
import { isWaitingForReview, stages, type ReviewStage, type ReviewState } from './states.ts';

type Transfer = typeof schema.transfer.$inferSelect;
type Organisation = typeof schema.organisation.$inferSelect;

export type CohortRow = Pick<Transfer, 'id' | 'title' | 'practiceId'> & {
  organisationName: Organisation['name'];
  isDemo: Organisation['isDemo'];
  /** Every stage, 'draft' where nothing was submitted yet. */
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

const reviewStageIds = Object.keys(stages) as ReviewStage[];
/** Action statuses that no longer make an action late. */
const closedStatuses = ['Done', 'Cancelled'];

const { comment, entry, organisation, stageReview, transfer, transferMentor } = schema;
const kpi = alias(entry, 'kpi');
const objective = alias(entry, 'objective');

function countsQuery(d: Db, mentorOnly: boolean) {
  const inPlan = (e: typeof entry | typeof kpi | typeof objective, section: string) => and(eq(e.transferId, transfer.id), eq(e.template, 'action-plan'), eq(e.section, section));
  // An objective is covered when some KPI of the same transfer lists it; links to deleted objectives count for nothing.
  const linksToObjective = d
    .select({ one: sql`1` })
    .from(kpi)
    .innerJoin(sql`json_each(json_extract(${kpi.data}, '$."linked-objectives"'))`, sql`value = ${objective.id}`)
    .where(inPlan(kpi, 'kpis'));
  const covered = d.select({ n: count() }).from(objective).where(and(inPlan(objective, 'objectives'), exists(linksToObjective)));
  const end = sql`json_extract(${entry.data}, '$.end')`;
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
        and(inPlan(entry, 'actions'), sql`${end} > ''`, sql`${end} < ${sql.placeholder('today')}`, notInArray(sql`coalesce(json_extract(${entry.data}, '$.status'), '')`, closedStatuses)),
      ),
      objectives: d.$count(entry, inPlan(entry, 'objectives')),
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
 * longest waiting for review first. "Overdue" compares end dates with `now`'s date in UTC.
 */
export async function cohortRows(db: Db, { mentorId, now }: { mentorId?: string; now: Date }): Promise<CohortRow[]> {
  const scope = mentorId === undefined ? 'programme' : 'mentor';
  const params = { today: isoDay(now), ...(mentorId === undefined ? {} : { mentorId }) };
  const counted = await prepared(db, `review.dashboard.counts.${scope}`, (d) => countsQuery(d, scope === 'mentor')).all(params);
  const reviews = await prepared(db, `review.dashboard.reviews.${scope}`, (d) => reviewsQuery(d, scope === 'mentor')).all(params);

  const reviewsByTransfer = Map.groupBy(reviews, (r) => r.transferId);
  return counted
    .map(({ objectives, coveredObjectives, ...row }): CohortRow => {
      const own = reviewsByTransfer.get(row.id) ?? [];
      const stateOf = (stage: ReviewStage) => own.find((r) => r.stage === stage)?.state ?? 'draft';
      const waitingSince = own.filter((r) => isWaitingForReview(r.state)).map((r) => r.submittedAt).sort()[0] ?? null;
      return {
        ...row,
        stages: Object.fromEntries(reviewStageIds.map((s) => [s, stateOf(s)])) as Record<ReviewStage, ReviewState>,
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
  /** Per practice, most transfers first: how many transfers adopt it and how many of their action plans are approved. */
  practices: { practiceId: Transfer['practiceId']; transfers: number; approvedActionPlans: number }[];
};

export function programmeCounts(rows: CohortRow[]): ProgrammeCounts {
  const counts = Object.fromEntries(
    reviewStageIds.map((stage) => [stage, Object.fromEntries(schema.reviewStates.map((state) => [state, 0])) as Record<ReviewState, number>]),
  ) as ProgrammeCounts['stages'];
  const practices = new Map<string, ProgrammeCounts['practices'][number]>();
  for (const row of rows) {
    for (const stage of reviewStageIds) counts[stage][row.stages[stage]]++;
    const practice = practices.get(row.practiceId) ?? { practiceId: row.practiceId, transfers: 0, approvedActionPlans: 0 };
    practice.transfers++;
    if (row.stages['action-plan'] === 'approved') practice.approvedActionPlans++;
    practices.set(row.practiceId, practice);
  }
  return { stages: counts, practices: [...practices.values()].sort((a, b) => b.transfers - a.transfers || a.practiceId.localeCompare(b.practiceId)) };
}
