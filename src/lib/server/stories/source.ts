/**
 * The one place the story commands and pages get a story's public content from (swap the import below when
 * src/lib/server/stories/compose.ts lands): the composer's answer, as a story or a refusal to show.
 */
import type { Db, Tx } from '../db.ts';
import { adoptionStorySchema, type AdoptionStory, type StoryPart } from '../../../schemas/story.ts';
import { composeStory, type StoryForms } from './compose-standin.ts';

export { reportStageId, type StoryForms } from './compose-standin.ts';

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
