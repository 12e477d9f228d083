/**
 * How the story's parts read on the workspace's story page, with a line of help each (the ids are the public
 * schema's, src/schemas/story.ts). CFIR domains and decisions read as on the public site (src/i18n/ui.ts).
 */
import type { StoryPart } from '../../../schemas/story.ts';

export const partLabels: Record<StoryPart, { title: string; help: string }> = {
  context: { title: 'Context', help: 'Where and why the practice was adopted.' },
  'core-features': { title: 'Core features', help: 'Which core features were kept, adapted or dropped, and with what effect.' },
  results: { title: 'Results', help: 'Results against the objectives and indicator targets.' },
  factors: { title: 'Barriers and facilitators', help: 'Each with its CFIR domain.' },
  sustainability: { title: 'Sustainability', help: 'Funding secured and policy commitments.' },
  lessons: { title: 'Lessons learned', help: 'What the next region should know.' },
};
