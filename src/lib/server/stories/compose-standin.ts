/**
 * STAND-IN, to be deleted at merge: the "pir" helper's `composeStory` (src/lib/server/stories/compose.ts) draws the
 * story from the latest approved post-implementation report. Until it lands, this composes a minimal story with the
 * same signature from the latest approved version of the report stage (`reportStageId` below), so that the consent
 * workflow can be built and tested. It carries no text from the report at all, so it can leak nothing.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { schema, type Db, type Tx } from '../db.ts';
import type { ReviewStageInfo } from '../templates/registry.ts';
import type { WorkspaceForms } from '../transfers/workspace-forms.ts';
import type { AdoptionStory, StoryPart } from '../../../schemas/story.ts';

// The contract's types (/work/brief/pir-contract.md).
export type StoryForms = Pick<WorkspaceForms, 'stages'>;
export type ComposeRefusal = { ok: false; reason: 'no-transfer' | 'no-approved-report' | 'no-template'; message: string };
export type ComposeResult = { ok: true; story: AdoptionStory } | ComposeRefusal;

/** The review stage whose approved version a story is drawn from: the post-implementation report's, else (stand-in only) the situation stage. */
export function reportStageId(forms: { stages: readonly Pick<ReviewStageInfo, 'id' | 'kinds'>[] }): string {
  return forms.stages.find((s) => s.kinds.includes('post-implementation-report'))?.id ?? 'situation';
}

export async function composeStory(db: Db | Tx, forms: StoryForms, transferId: string, parts: StoryPart[], now: Date): Promise<ComposeResult> {
  const stage = reportStageId(forms);
  const row = await db
    .select({ transfer: schema.transfer, organisation: schema.organisation })
    .from(schema.transfer)
    .innerJoin(schema.organisation, eq(schema.organisation.id, schema.transfer.organisationId))
    .where(eq(schema.transfer.id, transferId))
    .get();
  if (!row) return { ok: false, reason: 'no-transfer', message: 'This transfer no longer exists.' };
  const approved = await db
    .select({ number: schema.submission.number, approvedAt: schema.decision.createdAt })
    .from(schema.decision)
    .innerJoin(schema.submission, eq(schema.submission.id, schema.decision.submissionId))
    .where(and(eq(schema.decision.transferId, transferId), eq(schema.decision.stage, stage), inArray(schema.decision.outcome, ['approve', 'approve-with-changes'])))
    .orderBy(desc(schema.submission.number))
    .limit(1)
    .get();
  if (!approved) return { ok: false, reason: 'no-approved-report', message: 'A story is drawn from the approved post-implementation report; this transfer’s report is not approved yet.' };
  const story: AdoptionStory = {
    id: 'story',
    practice: row.transfer.practiceId,
    title: `${row.organisation.name}: adopting ${row.transfer.practiceId}`,
    summary: `${row.organisation.name} adopted the good practice ${row.transfer.practiceId} (stand-in summary).`,
    organisation: { name: row.organisation.name, isDemo: row.organisation.isDemo },
    period: { from: row.transfer.createdAt.slice(0, 10), to: approved.approvedAt.slice(0, 10) },
    parts,
    ...(parts.includes('context') ? { context: 'Stand-in context: the post-implementation report’s context goes here.' } : {}),
    coreFeatures: [],
    results: [],
    factors: [],
    lessons: parts.includes('lessons') ? ['Stand-in lesson: the report’s lessons learned go here.'] : [],
    source: { reportVersion: approved.number, approvedAt: new Date(approved.approvedAt).toISOString() },
    publishedAt: now.toISOString(),
  };
  return { ok: true, story };
}
