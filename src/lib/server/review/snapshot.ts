/** What a submission freezes: the records of the stage's templates and, for needs and scope, the core-feature decisions. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../db.ts';
import { schema } from '../db.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import { stages, type ReviewStage } from './states.ts';

export type SnapshotEntry = { id: string; template: string; section: string; grouping: string; position: number; data: EntryData };
export type Snapshot = { entries: SnapshotEntry[]; featureChoices: { featureId: string; decision: string; note: string }[] };

/** Reads the stage as it is now (inside the submitting transaction, so what is frozen is what was there at that instant). */
export function takeSnapshot(tx: Tx | Db, transferId: string, stage: ReviewStage): Snapshot {
  const { templates, featureChoices } = stages[stage];
  const rows = tx
    .select()
    .from(schema.entry)
    .where(and(eq(schema.entry.transferId, transferId), inArray(schema.entry.template, templates)))
    .orderBy(asc(schema.entry.template), asc(schema.entry.section), asc(schema.entry.grouping), asc(schema.entry.position))
    .all();
  const choices = featureChoices
    ? tx.select().from(schema.featureChoice).where(eq(schema.featureChoice.transferId, transferId)).orderBy(asc(schema.featureChoice.featureId)).all()
    : [];
  return {
    entries: rows.map((r) => ({ id: r.id, template: r.template, section: r.section, grouping: r.grouping, position: r.position, data: JSON.parse(r.data) as EntryData })),
    featureChoices: choices.map((c) => ({ featureId: c.featureId, decision: c.decision, note: c.note })),
  };
}

export const isEmptySnapshot = (s: Snapshot) => s.entries.length === 0 && s.featureChoices.length === 0;
