/**
 * A source document the public content is written from. Every practice, visit, programme and region cites at
 * least one by id, and each page shows a "Source" line linking to its entry on /sources/, so a reader can see
 * what a statement rests on. Only what a source states goes into content; what none states is "not published".
 */
import { z } from 'astro/zod';

export const sourceSchema = z.object({
  /** The document's own title, as it names itself. */
  title: z.string().min(3),
  /** Who published it, as far as the document says. */
  publisher: z.string().min(2),
  /** What kind of document it is, e.g. "Project page", "Region profile". */
  kind: z.string().min(3),
  /** Its public address, only when the document itself gives one; never a guessed URL. */
  url: z.url().optional(),
  /** What in the portal rests on it, in a sentence or two. */
  covers: z.string().min(20),
  /** What a reader should weigh before relying on it, e.g. that it was written before the work ended. */
  caveat: z.string().optional(),
});
export type Source = z.infer<typeof sourceSchema>;
