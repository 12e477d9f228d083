/**
 * The table of contents of a practice page: in-page links in the order the page renders its sections, so the
 * list needs no JavaScript. The page and this list must agree; tests/site/truthful-content.test.ts checks that
 * every link resolves to an id on the built page and that every section heading is listed.
 */
import type { Practice } from '../../schemas/practice';
import { useStrings } from '../../i18n/ui';

/** `lang`: the body's headings are content, in the content's language when the page is in another. */
export type ContentsEntry = { id: string; label: string; lang?: string };

/** `bodyHeadings` are the MDX body's headings (from `render()`); only level-2 ones are listed. */
export function practiceContents(
  data: Practice,
  bodyHeadings: { depth: number; slug: string; text: string }[],
  has: { visits: boolean; adoptions?: boolean },
  bodyLang?: string,
): ContentsEntry[] {
  const t = useStrings().practice;
  const entries: (ContentsEntry | false)[] = [
    { id: 'glance', label: t.details },
    { id: 'core-features', label: t.coreFeatures },
    ...bodyHeadings.filter((h) => h.depth === 2).map((h) => ({ id: h.slug, label: h.text, lang: bodyLang })),
    { id: 'outcomes', label: t.outcomes },
    !!data.evaluation && { id: 'evaluation', label: t.evaluation },
    data.resourcesNeeded.length > 0 && { id: 'needed', label: t.resourcesNeeded },
    { id: 'transfer', label: t.transferability },
    data.lessons.length > 0 && { id: 'lessons', label: t.lessons },
    !!has.adoptions && { id: 'adoptions', label: useStrings().stories.onPractice },
    has.visits && { id: 'visits', label: t.relatedVisits },
    data.contacts.length > 0 && { id: 'contacts', label: t.contacts },
    data.resources.length > 0 && { id: 'resources', label: t.resources },
  ];
  return entries.filter((e): e is ContentsEntry => e !== false);
}
