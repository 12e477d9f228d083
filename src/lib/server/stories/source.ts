/**
 * The one place the story commands and pages get a story's public content from: the composer's answer
 * (compose.ts), as a story or a refusal to show.
 */
import { t } from '../../../i18n/index.ts';
import type { Db, Tx } from '../db.ts';
import type { AdoptionStory, StoryPart } from '../../../schemas/story.ts';
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

/** The report's name in the workspace: the title of its review stage, as its template gives it. */
export function reportStageTitle(forms: Pick<StoryForms, 'templates' | 'stages'>): string {
  return reportStage(templatesOfForms(forms))?.title ?? t('stories:compose.reportFallback');
}

export type Composed = { ok: true; story: AdoptionStory } | { ok: false; reason: string };

/** The story the chosen parts of the latest approved report make (composeStory has checked it against the public shape), or why not. */
export async function composeFor(db: Db | Tx, forms: StoryForms, transferId: string, parts: StoryPart[], now: Date): Promise<Composed> {
  const composed = await composeStory(db, forms, transferId, parts, now);
  return composed.ok ? composed : { ok: false, reason: composed.message };
}
