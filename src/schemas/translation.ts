import { z } from 'astro/zod';

/**
 * A translation of a content entry: a file beside the original, `<id>.<locale>.mdx`, with the original's
 * frontmatter (prose translated; ids, dates, numbers, addresses, codes and names left exactly as they are) and this
 * block. Pages say which language they are in and whether that is the original, a human translation, or a machine
 * translation not yet reviewed (as the EU institutions mark theirs).
 */
export const translationSchema = z
  .object({
    /** Id of the original entry (its file name without extension). */
    of: z.string().min(1),
    /** Language of this file: a code in src/i18n/locales.ts. */
    locale: z.string().min(2),
    by: z.enum(['human', 'machine']),
    /** A person has checked it against the original. */
    reviewed: z.boolean(),
    /** When it was translated (or last brought in line with the original). */
    date: z.coerce.date(),
  })
  .optional();
export type Translation = NonNullable<z.infer<typeof translationSchema>>;
