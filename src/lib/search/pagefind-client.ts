/**
 * The slice of Pagefind's browser API the search island uses, loaded from the bundle the build writes to
 * /pagefind/ (not bundled by Vite: it only exists after the build's indexing step).
 */
export type PagefindFilters = Record<string, Record<string, number>>;
export type PagefindResultData = { url: string; excerpt: string; meta: Record<string, string>; filters: Record<string, string[]> };
export type PagefindSearch = {
  results: { id: string; data: () => Promise<PagefindResultData> }[];
  filters: PagefindFilters;
  unfilteredResultCount: number;
} | null;

type FilterQuery = Record<string, { any: string[] }>;

type PagefindApi = {
  options: (o: Record<string, unknown>) => Promise<void>;
  filters: () => Promise<PagefindFilters>;
  debouncedSearch: (term: string | null, o: { filters?: FilterQuery }, ms: number) => Promise<PagefindSearch>;
};

let api: Promise<PagefindApi> | undefined;

export function loadPagefind(bundlePath = '/pagefind/'): Promise<PagefindApi> {
  api ??= import(/* @vite-ignore */ `${bundlePath}pagefind.js`).then(async (pf: PagefindApi) => {
    // In Pagefind's worker (12 kB more): on the main thread, loading the index and searching blocked it for about
    // 0.9 s on a throttled phone (Lighthouse TBT; docs/decisions/0021-findable-public-site.md).
    await pf.options({ excerptLength: 24 });
    return pf;
  });
  return api;
}

/** Checked values per filter group become "any of these" within a group and "all groups" across them. */
export function toFilterQuery(selected: Record<string, string[]>): FilterQuery {
  return Object.fromEntries(Object.entries(selected).filter(([, v]) => v.length > 0).map(([k, v]) => [k, { any: v }]));
}
