/**
 * How the story's parts read on the workspace's story page, with a line of help each (the ids are the public
 * schema's, src/schemas/story.ts), in the reader's language. CFIR domains and decisions read as on the public site
 * (src/i18n/ui.ts).
 */
import { t } from '../../../i18n/index.ts';
import type { StoryPart } from '../../../schemas/story.ts';

const keys: Record<StoryPart, 'context' | 'coreFeatures' | 'results' | 'factors' | 'sustainability' | 'lessons'> = {
  context: 'context',
  'core-features': 'coreFeatures',
  results: 'results',
  factors: 'factors',
  sustainability: 'sustainability',
  lessons: 'lessons',
};

export const partLabel = (part: StoryPart): { title: string; help: string } => ({
  title: t(`stories:part.${keys[part]}.title`),
  help: t(`stories:part.${keys[part]}.help`),
});
