/** How the story's parts and CFIR domains read in the workspace (the ids are the public schema's, src/schemas/story.ts). */
import type { CfirDomain } from '../../../schemas/taxonomy.ts';
import type { StoryPart } from '../../../schemas/story.ts';

export const partLabels: Record<StoryPart, { title: string; help: string }> = {
  context: { title: 'Context', help: 'Where and why the practice was adopted.' },
  'core-features': { title: 'Core features', help: 'Which core features were kept, adapted or dropped, and with what effect.' },
  results: { title: 'Results', help: 'Results against the objectives and indicator targets.' },
  factors: { title: 'Barriers and facilitators', help: 'Each with its CFIR domain.' },
  sustainability: { title: 'Sustainability', help: 'Funding secured and policy commitments.' },
  lessons: { title: 'Lessons learned', help: 'What the next region should know.' },
};

export const cfirLabels: Record<CfirDomain, string> = {
  'intervention-characteristics': 'Intervention characteristics',
  'outer-setting': 'Outer setting',
  'inner-setting': 'Inner setting',
  'characteristics-of-individuals': 'Characteristics of individuals',
  process: 'Process',
};

export const decisionLabels = { keep: 'Kept', adapt: 'Adapted', drop: 'Dropped' } as const;
