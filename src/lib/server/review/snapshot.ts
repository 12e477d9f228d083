/** What a submission freezes: the records of the stage's templates and, for needs and scope, the core-feature decisions. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db.ts';
import { schema } from '../db.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import type { ReviewStageInfo } from '../templates/registry.ts';
import { reportSummaries, type PeriodSummary } from '../monitoring/period-summary.ts';
import type { MonitoringTemplates } from '../monitoring/sections.ts';

export type SnapshotEntry = { id: string; template: string; section: string; grouping: string; position: number; data: EntryData };
export type Snapshot = {
  entries: SnapshotEntry[];
  featureChoices: { featureId: string; decision: string; note: string }[];
  /** Records of other stages that these link to (a SWOT item's needs, an objective's needs), as they were: links read the same ever after. */
  linked?: Record<string, Omit<SnapshotEntry, 'id' | 'position' | 'grouping'>>;
  /** For a stage holding progress reports: what happened in each report's period, by report id, as it was then. */
  periods?: Record<string, PeriodSummary>;
};

/**
 * Reads the stage as it is now (inside the submitting transaction, so what is frozen is what was there at that
 * instant). With the templates, a stage holding progress reports also freezes each report's period summary.
 */
export async function takeSnapshot(tx: Tx | Db, transferId: string, stage: ReviewStageInfo, monitoring?: MonitoringTemplates): Promise<Snapshot> {
  const { kinds: templates, coreFeatureDecisions: featureChoices } = stage;
  const rows = await tx
    .select()
    .from(schema.entry)
    .where(and(eq(schema.entry.transferId, transferId), inArray(schema.entry.template, templates)))
    .orderBy(asc(schema.entry.template), asc(schema.entry.section), asc(schema.entry.grouping), asc(schema.entry.position));
  const choices = featureChoices
    ? await tx.select().from(schema.featureChoice).where(eq(schema.featureChoice.transferId, transferId)).orderBy(asc(schema.featureChoice.featureId))
    : [];
  const inStage = new Set(rows.map((r) => r.id));
  const parsed = rows.map((r) => ({ ...r, data: JSON.parse(r.data) as EntryData }));
  const linkedIds = [...new Set(parsed.flatMap((r) => Object.values(r.data).flatMap((v) => (Array.isArray(v) ? v : []))))].filter((id) => !inStage.has(id));
  const linked = linkedIds.length
    ? await tx.select({ id: schema.entry.id, template: schema.entry.template, section: schema.entry.section, data: schema.entry.data }).from(schema.entry).where(and(eq(schema.entry.transferId, transferId), inArray(schema.entry.id, linkedIds)))
    : [];
  const reports = monitoring?.sectionWithRole('progress-reports');
  const periods =
    reports && monitoring && stage.kinds.includes(reports.kind)
      ? await reportSummaries(tx, monitoring, transferId, parsed.filter((r) => r.template === reports.kind && r.section === reports.section.id))
      : undefined;
  return {
    ...(periods ? { periods } : {}),
    linked: Object.fromEntries(linked.map((l) => [l.id, { template: l.template, section: l.section, data: JSON.parse(l.data) as EntryData }])),
    entries: parsed.map((r) => ({ id: r.id, template: r.template, section: r.section, grouping: r.grouping, position: r.position, data: r.data })),
    featureChoices: choices.map((c) => ({ featureId: c.featureId, decision: c.decision, note: c.note })),
  };
}

export const isEmptySnapshot = (s: Snapshot) => s.entries.length === 0 && s.featureChoices.length === 0;
