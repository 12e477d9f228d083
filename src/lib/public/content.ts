/**
 * Reads the collections for pages, so pages never repeat a sort order or a cross-reference lookup. Entries come as
 * the current language shows them (translations.ts): translated where a translation exists, with their `lang`.
 */
import { getCollection, getEntry, type CollectionEntry, type CollectionKey } from 'astro:content';
import { sortPractices } from './catalogue';
import { isUpcoming } from './dates';
import { newestFirst } from './stories';
import { readPublishedStories } from './story-source';
import { paths } from './paths';
import { localize, localizeAll, translatableSchemas, type Localized } from './translations';

export type PracticeEntry = Localized<'practices'>;
export type VisitEntry = Localized<'visits'>;
export type ProgrammeEntry = Localized<'programmes'>;
export type RegionEntry = Localized<'regions'>;
export type TemplateEntry = Localized<'templates'>;
export type SourceEntry = Localized<'sources'>;
export type StoryEntry = CollectionEntry<'stories'>;

export async function getPractices(): Promise<PracticeEntry[]> {
  return sortPractices(await localizeAll(await getCollection('practices')));
}

/** Visits, newest first. */
export async function getVisits(): Promise<VisitEntry[]> {
  return (await localizeAll(await getCollection('visits'))).sort((a, b) => b.data.when.start.getTime() - a.data.when.start.getTime());
}

export async function splitVisits(now: Date) {
  const visits = await getVisits();
  return {
    upcoming: visits.filter((v) => isUpcoming(v.data.when, now)).reverse(),
    past: visits.filter((v) => !isUpcoming(v.data.when, now)),
  };
}

/** Programmes, most recent first. */
export async function getProgrammes(): Promise<ProgrammeEntry[]> {
  return (await localizeAll(await getCollection('programmes'))).sort((a, b) => b.data.period.start.getTime() - a.data.period.start.getTime());
}

export async function getRegions(): Promise<RegionEntry[]> {
  const order = { 'early-adopter': 0, 'next-adopter': 1, partner: 2 } as const;
  return (await localizeAll(await getCollection('regions'))).sort((a, b) => order[a.data.role] - order[b.data.role] || a.data.name.localeCompare(b.data.name));
}

export async function getTemplates(): Promise<TemplateEntry[]> {
  // In the order the workspace shows its forms, which each template file gives.
  return (await localizeAll(await getCollection('templates'))).sort((a, b) => a.data.workspace.order - b.data.workspace.order);
}

/** Published adoption stories, newest first; none when no stories file was published. */
export async function getStories(): Promise<StoryEntry['data'][]> {
  // No published story: Astro warns at every getCollection of an empty collection (a dozen lines per build), so the
  // file the collection was loaded from (story-source.ts) is asked first.
  if (readPublishedStories().length === 0) return [];
  return newestFirst((await getCollection('stories')).map((s) => s.data));
}

/** The practice a story adopts; a story naming no existing practice fails the build with its id, like a broken reference. */
export async function requireStoryPractice(story: StoryEntry['data']): Promise<PracticeEntry> {
  const practice = await getEntry('practices', story.practice);
  if (!practice) throw new Error(`published story "${story.id}" adopts practice "${story.practice}", which does not exist in content/practices`);
  return localize(practice);
}

export async function getProgrammeAcronyms(): Promise<Record<string, string>> {
  return Object.fromEntries((await getCollection('programmes')).map((p) => [p.id, p.data.acronym]));
}

/**
 * Resolves a reference, failing the build with the file and field when it points nowhere (Astro's loader
 * checks the shape of a reference, not that its target exists).
 */
export async function requireEntry<C extends keyof typeof translatableSchemas>(ref: { collection: C; id: string }, from: string, field: string): Promise<Localized<C>> {
  const entry = await getEntry(ref.collection as CollectionKey, ref.id);
  if (!entry) throw new Error(`content/${from}.mdx: field "${field}" refers to ${ref.collection}/${ref.id}, which does not exist`);
  return localize(entry as CollectionEntry<C>) as Promise<Localized<C>>;
}

/** Sources, by title. */
export async function getSources(): Promise<SourceEntry[]> {
  return (await localizeAll(await getCollection('sources'))).sort((a, b) => a.data.title.localeCompare(b.data.title));
}

/** For each source id, the pages that cite it (title and link), for the sources page. */
export async function citedBy(): Promise<Map<string, { href: string; title: string; lang: string }[]>> {
  const pages = [
    ...(await localizeAll(await getCollection('practices'))).map((e) => ({ href: paths.practice(e.id), title: e.data.title, lang: e.lang, sources: e.data.sources })),
    ...(await localizeAll(await getCollection('visits'))).map((e) => ({ href: paths.visit(e.id), title: e.data.title, lang: e.lang, sources: e.data.sources })),
    ...(await localizeAll(await getCollection('programmes'))).map((e) => ({ href: paths.programme(e.id), title: e.data.title, lang: e.lang, sources: e.data.sources })),
    ...(await localizeAll(await getCollection('regions'))).map((e) => ({ href: paths.region(e.id), title: e.data.name, lang: e.lang, sources: e.data.sources })),
  ];
  const cited = new Map<string, { href: string; title: string; lang: string }[]>();
  for (const page of pages) for (const ref of page.sources) cited.set(ref.id, [...(cited.get(ref.id) ?? []), { href: page.href, title: page.title, lang: page.lang }]);
  return cited;
}
