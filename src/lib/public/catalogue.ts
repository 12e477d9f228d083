/**
 * Catalogue facets. Each facet value gets its own prerendered page (/practices/theme/ageing/), so filtering
 * works without JavaScript and every filtered view has a URL to share. Combined filters live on the search page.
 */
import type { Practice } from '../../schemas/practice';

export const facetIds = ['theme', 'country', 'evidence', 'programme'] as const;
export type Facet = (typeof facetIds)[number];

type PracticeLike = { id: string; data: Practice };

/**
 * The values a practice has for each facet (themes and programmes are many, country one). Evidence is a level
 * only when a cited evaluation gives one (none does today), so a practice without it has no evidence value and
 * the facet lists nothing rather than a level no source states.
 */
export function facetValuesOf(practice: Practice): Record<Facet, string[]> {
  return {
    theme: [...new Set(practice.themes)],
    country: [practice.country.toLowerCase()],
    evidence: practice.evidence ? [practice.evidence.level] : [],
    programme: [...new Set(practice.programmes.map((p) => p.id))],
  };
}

export type FacetValue = { facet: Facet; value: string; count: number };

/** Every facet value in use, with how many practices have it, in a stable order (most used first, then by name). */
export function listFacetValues<T extends PracticeLike>(practices: T[]): Record<Facet, FacetValue[]> {
  const counts = new Map<string, FacetValue>();
  for (const practice of practices) {
    const values = facetValuesOf(practice.data);
    for (const facet of facetIds) {
      for (const value of values[facet]) {
        const key = `${facet}:${value}`;
        const entry = counts.get(key) ?? { facet, value, count: 0 };
        entry.count += 1;
        counts.set(key, entry);
      }
    }
  }
  const result = Object.fromEntries(facetIds.map((f) => [f, [] as FacetValue[]])) as Record<Facet, FacetValue[]>;
  for (const entry of counts.values()) result[entry.facet].push(entry);
  for (const facet of facetIds) result[facet].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  return result;
}

export function filterByFacet<T extends PracticeLike>(practices: T[], facet: Facet, value: string): T[] {
  return practices.filter((p) => facetValuesOf(p.data)[facet].includes(value));
}

/** Practices in catalogue order: a cited evidence level first (best first), then those without one; alphabetical within. */
export function sortPractices<T extends PracticeLike>(practices: T[]): T[] {
  const rank = { best: 0, promising: 1, emerging: 2 } as const;
  const rankOf = (p: T) => (p.data.evidence ? rank[p.data.evidence.level] : 3);
  return [...practices].sort((a, b) => rankOf(a) - rankOf(b) || a.data.title.localeCompare(b.data.title));
}

/** Cards per catalogue page: enough to scan, small enough that a page stays light at thousands of practices. */
export const pageSize = 24;

export type PageOf<T> = { items: T[]; page: number; lastPage: number; total: number };

/** Page `page` (1-based) of a list; page 1 of an empty list is an empty page, not an error. */
export function pageOf<T>(items: T[], page: number, size = pageSize): PageOf<T> {
  const lastPage = Math.max(1, Math.ceil(items.length / size));
  if (!Number.isInteger(page) || page < 1 || page > lastPage) throw new RangeError(`page ${page} is outside 1–${lastPage}`);
  return { items: items.slice((page - 1) * size, page * size), page, lastPage, total: items.length };
}

/** The page numbers a list of `total` items has, for getStaticPaths. */
export function pageNumbers(total: number, size = pageSize): number[] {
  return Array.from({ length: Math.max(1, Math.ceil(total / size)) }, (_, i) => i + 1);
}
