/**
 * How a stage's records differ from the version a mentor last approved: a plan changed during implementation is
 * a revised plan to submit again. Status and progress are left out of the comparison: implementation updates move
 * them every week, and they are not a change of plan.
 */
import { t } from '../../../i18n/index.ts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db.ts';
import { first, schema } from '../db.ts';
import { diffFeatureChoices, diffSnapshots, type ChoiceChange, type ItemChange } from '../review/diff.ts';
import { takeSnapshot, type Snapshot } from '../review/snapshot.ts';
import type { ReviewState } from '../review/states.ts';
import { sectionKey, type ReviewStageInfo, type Section } from '../templates/registry.ts';

export type PlanChanges = {
  approvedAt: string;
  approvedVersion: number;
  /** Where the stage stands now: "approved" means the revision is not submitted yet. */
  state: ReviewState;
  added: ItemChange[];
  removed: ItemChange[];
  changed: ItemChange[];
  /** Keep / adapt / drop decisions on core features changed since (for a stage that freezes them). */
  decisions: ChoiceChange[];
  /** The records as they are now (status and progress left out), for the labels of their links. */
  draft: Snapshot;
};

const ignoredRoles = new Set(['status', 'progress']);

/** A snapshot without the fields implementation updates move, so that only changes of plan remain. */
function withoutProgress(snapshot: Snapshot, sections: ReadonlyMap<string, Section>): Snapshot {
  return {
    ...snapshot,
    entries: snapshot.entries.map((e) => {
      const ignored = new Set((sections.get(sectionKey(e.template, e.section))?.fields ?? []).filter((f) => f.role && ignoredRoles.has(f.role)).map((f) => f.id));
      return { ...e, data: Object.fromEntries(Object.entries(e.data).filter(([id]) => !ignored.has(id))) };
    }),
  };
}

/** The latest approved version of a stage and what changed in its records since; undefined when never approved. */
export async function changesSinceApproval(db: Db, transferId: string, stage: ReviewStageInfo, sections: ReadonlyMap<string, Section>): Promise<PlanChanges | undefined> {
  const approval = await first(
    db
      .select({ at: schema.decision.createdAt, number: schema.submission.number, snapshot: schema.submission.snapshot })
      .from(schema.decision)
      .innerJoin(schema.submission, eq(schema.submission.id, schema.decision.submissionId))
      .where(and(eq(schema.decision.transferId, transferId), eq(schema.decision.stage, stage.id), inArray(schema.decision.outcome, ['approve', 'approve-with-changes'])))
      .orderBy(desc(schema.submission.number), desc(schema.decision.createdAt))
      .limit(1),
  );
  if (!approval) return undefined;
  const review = await first(db.select({ state: schema.stageReview.state }).from(schema.stageReview).where(and(eq(schema.stageReview.transferId, transferId), eq(schema.stageReview.stage, stage.id))).limit(1));
  const approved = withoutProgress(JSON.parse(approval.snapshot) as Snapshot, sections);
  const current = withoutProgress(await takeSnapshot(db, transferId, stage), sections);
  const items = diffSnapshots(approved, current);
  return {
    approvedAt: approval.at,
    approvedVersion: approval.number,
    state: review?.state ?? 'approved',
    added: items.filter((i) => i.status === 'added'),
    removed: items.filter((i) => i.status === 'removed'),
    changed: items.filter((i) => i.status === 'changed'),
    decisions: diffFeatureChoices(approved, current),
    draft: current,
  };
}

/** Whether anything of the plan changed since its approval. */
export const hasPlanChanges = (c: PlanChanges | undefined): c is PlanChanges => !!c && c.added.length + c.removed.length + c.changed.length + c.decisions.length > 0;

/** "2 items changed, 1 added": the counts that are not zero, the first naming what is counted. */
export function describePlanChanges(c: PlanChanges): string {
  const counts = ([[c.changed.length, 'Changed'], [c.added.length, 'Added'], [c.removed.length, 'Removed']] as const).filter(([k]) => k > 0);
  // The first count names what is counted ("2 items changed"), the others only how ("1 added").
  const items = counts.map(([count, what], i) => (i === 0 ? t(`monitoring:planChanges.items${what}`, { count }) : t(`monitoring:planChanges.only${what}`, { count })));
  const decisions = c.decisions.length > 0 ? [t('monitoring:planChanges.decisions', { count: c.decisions.length })] : [];
  return [...items, ...decisions].join(', ');
}

/** The stages of a transfer whose records changed since their approval, by stage id (for the review index). */
export async function planChangesByStage(db: Db, transferId: string, stages: readonly ReviewStageInfo[], sections: ReadonlyMap<string, Section>): Promise<Record<string, PlanChanges>> {
  const out: Record<string, PlanChanges> = {};
  for (const stage of stages) {
    const changes = await changesSinceApproval(db, transferId, stage, sections);
    if (hasPlanChanges(changes)) out[stage.id] = changes;
  }
  return out;
}
