/**
 * The one place the story commands and pages get a story's public content from: the composer's answer
 * (compose.ts), as a story or a refusal to show.
 */
import type { Db, Tx } from '../db.ts';
import { adoptionStorySchema, type AdoptionStory, type StoryPart } from '../../../schemas/story.ts';
import { templatesOfForms, type MonitoringTemplates } from '../monitoring/sections.ts';
import { composeStory, reportStage, type StoryForms } from './compose.ts';

export type { StoryForms };

/** The review stage whose approved version a story is drawn from (the post-implementation report's). */
export function reportStageId(forms: MonitoringTemplates | Pick<StoryForms, 'templates' | 'stages'>): string {
  const templates = 'sectionWithRole' in forms ? forms : templatesOfForms(forms);
  const stage = reportStage(templates);
  if (!stage) throw new Error('no template holds the post-implementation report');
  return stage.id;
}

export type Composed = { ok: true; story: AdoptionStory } | { ok: false; reason: string };

/** The story the chosen parts of the latest approved report make, checked against the public shape before anyone consents to it. */
export async function composeFor(db: Db | Tx, forms: StoryForms, transferId: string, parts: StoryPart[], now: Date): Promise<Composed> {
  const composed = await composeStory(db, forms, transferId, parts, now);
  if (!composed.ok) return { ok: false, reason: composed.message };
  // A composer bug must never reach the public site: what does not fit the public shape is refused here.
  const parsed = adoptionStorySchema.safeParse(composed.story);
  if (!parsed.success) return { ok: false, reason: 'The story drawn from the report does not fit the public shape; tell the programme office.' };
  return { ok: true, story: parsed.data };
}
