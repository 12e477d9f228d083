/**
 * Content collections. The schemas live in `src/schemas/` (one file per collection, every field documented
 * there); this file only binds each to its folder under `content/`.
 */
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { practiceSchema } from './schemas/practice';
import { programmeSchema } from './schemas/programme';
import { regionSchema } from './schemas/region';
import { templateSchema } from './schemas/template';
import { visitSchema } from './schemas/visit';

const mdx = (folder: string) => glob({ base: `./content/${folder}`, pattern: '**/*.mdx' });

export const collections = {
  practices: defineCollection({ loader: mdx('practices'), schema: practiceSchema }),
  visits: defineCollection({ loader: mdx('visits'), schema: visitSchema }),
  templates: defineCollection({ loader: mdx('templates'), schema: templateSchema }),
  programmes: defineCollection({ loader: mdx('programmes'), schema: programmeSchema }),
  regions: defineCollection({ loader: mdx('regions'), schema: regionSchema }),
};
