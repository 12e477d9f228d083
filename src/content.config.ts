/**
 * Content collections. The schemas live in `src/schemas/` (one file per collection, every field documented
 * there); this file only binds each to its folder under `content/`.
 */
import { defineCollection } from 'astro:content';
import { z } from 'astro/zod';
import { translationSchema } from './schemas/translation';
import { glob } from 'astro/loaders';
import { practiceSchema } from './schemas/practice';
import { programmeSchema } from './schemas/programme';
import { regionSchema } from './schemas/region';
import { sourceSchema } from './schemas/source';
import { templateSchema } from './schemas/template';
import { visitSchema } from './schemas/visit';
import { adoptionStorySchema } from './schemas/story';
import { readPublishedStories } from './lib/public/story-source';

// MDX for content that uses components; plain Markdown is accepted too and builds several times faster. A file
// named `<id>.<locale>.mdx` is a translation of `<id>.mdx` (src/schemas/translation.ts): not an entry of its
// folder's collection but of `translations`, one collection for every folder (ids like
// `practices/shared-care-platform.da`), whose entries src/lib/public/translations.ts checks against their folder's
// schema, so that a folder with no translation yet makes no empty collection (Astro warns at each build).
const fromFolder = (folder: string) => glob({ base: `./content/${folder}`, pattern: ['**/*.{md,mdx}', '!**/*.*.{md,mdx}'] });

export const collections = {
  practices: defineCollection({ loader: fromFolder('practices'), schema: practiceSchema }),
  visits: defineCollection({ loader: fromFolder('visits'), schema: visitSchema }),
  templates: defineCollection({ loader: fromFolder('templates'), schema: templateSchema }),
  programmes: defineCollection({ loader: fromFolder('programmes'), schema: programmeSchema }),
  regions: defineCollection({ loader: fromFolder('regions'), schema: regionSchema }),
  // The documents every public statement is written from; pages cite them by id (see src/schemas/source.ts).
  sources: defineCollection({ loader: fromFolder('sources'), schema: sourceSchema }),
  translations: defineCollection({
    loader: glob({ base: './content', pattern: '*/*.*.{md,mdx}', generateId: ({ entry }) => entry.replace(/\.mdx?$/, '') }),
    schema: z.looseObject({ translation: translationSchema.unwrap() }),
  }),
  // Published adoption stories: from the file the publication job writes (not from content/), see story-source.ts.
  stories: defineCollection({ loader: async () => readPublishedStories(), schema: adoptionStorySchema }),
};
