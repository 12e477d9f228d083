/**
 * The one place the story commands and pages get a story's public content from (swap the import below when
 * src/lib/server/stories/compose.ts lands): the composer's answer, as a story or a refusal to show.
 */
import type { Db } from '../db.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { adoptionStorySchema, type AdoptionStory, type StoryPart } from '../../../schemas/story.ts';
import { composeStory } from './compose-standin.ts';

export { reportStageId } from './compose-standin.ts';

export type Composed = { ok: true; story: AdoptionStory } | { ok: false; reason: string };

/** The story the chosen parts of the latest approved report make, checked against the public shape before anyone consents to it. */
export async function composeFor(db: Db, forms: TemplateRegistry, transferId: string, parts: StoryPart[], now: Date): Promise<Composed> {
  const composed = await composeStory(db, forms, transferId, parts, now);
  if ('ok' in composed && composed.ok === false) return { ok: false, reason: composed.reason };
  // A composer bug must never reach the public site: what does not fit the public shape is refused here.
  const parsed = adoptionStorySchema.safeParse(composed);
  if (!parsed.success) return { ok: false, reason: 'The story drawn from the report does not fit the public shape; tell the programme office.' };
  return { ok: true, story: parsed.data };
}
