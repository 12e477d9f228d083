/**
 * What the public site shows of an adoption story, computed once here so the story page, the practice page's
 * adoption list, the index and the feed never differ in what they count or call "not published".
 */
import { headlineLimit, storyParts, type AdoptionStory, type StoryPart } from '../../schemas/story';
import { cfirDomainIds, type CfirDomain } from '../../schemas/taxonomy';

type Result = AdoptionStory['results'][number];
type Factor = AdoptionStory['factors'][number];

/** Newest publication first; ties by title so a rebuild never reorders. */
export function newestFirst(stories: AdoptionStory[]): AdoptionStory[] {
  return [...stories].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.title.localeCompare(b.title));
}

/** The parts to render, in the report's order: chosen for publication and with something in them. */
export function shownParts(story: AdoptionStory): StoryPart[] {
  const has: Record<StoryPart, boolean> = {
    context: Boolean(story.context),
    'core-features': story.coreFeatures.length > 0,
    results: story.results.length > 0,
    factors: story.factors.length > 0,
    sustainability: Boolean(story.sustainability && (story.sustainability.funding || story.sustainability.policy || story.sustainability.note)),
    lessons: story.lessons.length > 0,
  };
  return storyParts.filter((part) => story.parts.includes(part) && has[part]);
}

/** How many core features were kept, adapted and dropped, counted only when that part is published. */
export function decisionCounts(story: AdoptionStory): { keep: number; adapt: number; drop: number } | undefined {
  if (!shownParts(story).includes('core-features')) return undefined;
  const counts = { keep: 0, adapt: 0, drop: 0 };
  for (const f of story.coreFeatures) counts[f.decision]++;
  return counts;
}

/** The results the team marked as headline (at most `headlineLimit`), when the results are published. */
export function headlineResults(story: AdoptionStory): Result[] {
  if (!shownParts(story).includes('results')) return [];
  return story.results.filter((r) => r.headline).slice(0, headlineLimit);
}

/** Barriers and facilitators under each CFIR domain, in the framework's order; empty domains left out. */
export function factorsByDomain(factors: Factor[]): { domain: CfirDomain; barriers: string[]; facilitators: string[] }[] {
  return cfirDomainIds
    .map((domain) => {
      const of = (kind: Factor['kind']) => factors.filter((f) => f.domain === domain && f.kind === kind).map((f) => f.text);
      return { domain, barriers: of('barrier'), facilitators: of('facilitator') };
    })
    .filter((g) => g.barriers.length + g.facilitators.length > 0);
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A measured value with its unit ("1,250 visits", "42 %"), or undefined when the report gives none. */
export function formatValue(value: number | undefined, unit?: string): string | undefined {
  if (value === undefined) return undefined;
  return unit ? `${numberFormat.format(value)} ${unit}` : numberFormat.format(value);
}

/** One line for a headline result where space is short: latest value first, then baseline and target. */
export function headlineText(r: Result, notPublished: string): string {
  const latest = formatValue(r.latest?.value, r.unit) ?? r.result ?? notPublished;
  return `${r.title}: ${latest} (baseline ${formatValue(r.baseline, r.unit) ?? notPublished}, target ${formatValue(r.target, r.unit) ?? notPublished})`;
}

/** A text typed in the workspace, as paragraphs: blank lines separate them (single line breaks are kept as spaces). */
export function paragraphs(text: string | undefined): string[] {
  return (text ?? '').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean);
}
