/**
 * Content collections. The schemas live in `src/schemas/` (one file per collection, every field documented
 * there); this file only binds each to its folder under `content/`.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { practiceSchema } from './schemas/practice';
import { programmeSchema } from './schemas/programme';
import { regionSchema } from './schemas/region';
import { sourceSchema } from './schemas/source';
import { templateSchema } from './schemas/template';
import { visitSchema } from './schemas/visit';
import { adoptionStorySchema } from './schemas/story';
import { readPublishedStories } from './lib/public/story-source';

// MDX for content that uses components; plain Markdown is accepted too and builds several times faster.
const fromFolder = (folder: string) => glob({ base: `./content/${folder}`, pattern: '**/*.{md,mdx}' });

export const collections = {
  practices: defineCollection({ loader: fromFolder('practices'), schema: practiceSchema }),
  visits: defineCollection({ loader: fromFolder('visits'), schema: visitSchema }),
  templates: defineCollection({ loader: fromFolder('templates'), schema: templateSchema }),
  programmes: defineCollection({ loader: fromFolder('programmes'), schema: programmeSchema }),
  regions: defineCollection({ loader: fromFolder('regions'), schema: regionSchema }),
  // The documents every public statement is written from; pages cite them by id (see src/schemas/source.ts).
  sources: defineCollection({ loader: fromFolder('sources'), schema: sourceSchema }),
  // Published adoption stories: from the file the publication job writes (not from content/), see story-source.ts.
  stories: defineCollection({ loader: async () => readPublishedStories(), schema: adoptionStorySchema }),
};
