/**
 * Search with Pagefind: a labelled search box, the results, then the filters (checkboxes grouped by type, theme and
 * country) in a collapsible panel: on a phone the results come first and the filters fold away; from 60rem the
 * filters sit open beside the results. Results are announced in a live region. The query is kept in the URL (?q=)
 * so a search can be shared. The results area keeps its room from the first paint (CSS), so nothing on screen
 * moves when results arrive (cumulative layout shift).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { noResultsAdvice, type NoResultsLabels } from '../../lib/search/no-results';
import { loadPagefind, toFilterQuery, type PagefindFilters, type PagefindResultData } from '../../lib/search/pagefind-client';

type Props = {
  /** Shown until the island wakes (so also without JavaScript): where to go instead. */
  fallback: { text: string; href: string; link: string };
  labels: NoResultsLabels & { input: string; placeholder: string; filters: string; filtersChosen: string; idle: string; result: string; results: string; forQuery: string; more: string; loading: string; groups: Record<string, string> };
};

function countLabel(labels: Props['labels'], n: number, q: string): string {
  return (n === 1 ? labels.result : labels.results).replace('{n}', String(n)) + (q ? labels.forQuery.replace('{q}', q) : '');
}

const groupOrder = ['type', 'theme', 'country'];
const pageSize = 10;
// Where the filters move beside the results (the same width as in global.css).
const wideScreen = '(min-width: 60rem)';

export default function SearchIsland({ labels, fallback }: Props) {
  const [ready, setReady] = useState(false);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Record<string, string[]>>({});
  const [filters, setFilters] = useState<PagefindFilters>({});
  const [filtersOpen, setFiltersOpen] = useState(false);
  // Counts within the current results, so a reader sees what a filter would leave.
  const [counts, setCounts] = useState<PagefindFilters | null>(null);
  const [results, setResults] = useState<{ id: string; data: () => Promise<PagefindResultData> }[] | null>(null);
  const [shown, setShown] = useState<PagefindResultData[]>([]);
  const [limit, setLimit] = useState(pageSize);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  useEffect(() => {
    // Whatever was typed before the island woke up counts, then ?q= from the URL.
    const typed = (document.getElementById('search-input') as HTMLInputElement | null)?.value ?? '';
    const q = typed || new URL(location.href).searchParams.get('q') || '';
    if (q) setQuery(q);
    setFiltersOpen(matchMedia(wideScreen).matches);
    setReady(true);
    // Filters are offered before anything is typed: browsing by type, theme or country is a search too.
    loadPagefind().then((pagefind) => pagefind.filters()).then(setFilters);
  }, []);

  const chosen = Object.values(selected).reduce((n, v) => n + v.length, 0);
  const active = query.trim() !== '' || chosen > 0;

  useEffect(() => {
    if (!active && !started.current) return;
    started.current = true;
    let cancelled = false;
    setBusy(true);
    (async () => {
      const pagefind = await loadPagefind();
      const search = await pagefind.debouncedSearch(query.trim() || null, { filters: toFilterQuery(selected) }, 200);
      if (cancelled || search === null) return; // superseded by a newer keystroke
      setResults(active ? search.results : null);
      setCounts(active ? search.filters : null);
      setLimit(pageSize);
      setBusy(false);
    })();
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query.trim());
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    return () => {
      cancelled = true;
    };
  }, [query, selected]);

  useEffect(() => {
    let cancelled = false;
    Promise.all((results ?? []).slice(0, limit).map((r) => r.data())).then((data) => !cancelled && setShown(data));
    return () => {
      cancelled = true;
    };
  }, [results, limit]);

  const toggle = (group: string, value: string, on: boolean) =>
    setSelected((s) => ({ ...s, [group]: on ? [...(s[group] ?? []), value] : (s[group] ?? []).filter((v) => v !== value) }));

  const status = busy && active ? labels.loading : results ? (results.length ? countLabel(labels, results.length, query.trim()) : noResultsAdvice(query, chosen, labels)) : ready ? labels.idle : '';
  const groups = groupOrder.filter((g) => filters[g]);
  return (
    <div class="search" data-ready={ready ? '' : undefined}>
      <form role="search" action="/search/" method="get" onSubmit={(e) => e.preventDefault()}>
        <label for="search-input">{labels.input}</label>
        <input id="search-input" name="q" type="search" value={query} placeholder={labels.placeholder} autocomplete="off" onInput={(e) => setQuery(e.currentTarget.value)} onFocus={() => loadPagefind()} />
      </form>
      <div class="search-layout">
        <div class="search-results">
          <p class="meta search-status" role="status" aria-live="polite">{status}</p>
          <ol class="results">
            {shown.map((r) => (
              <li key={r.url}>
                <span class="badge">{r.meta.type}</span>
                <h2><a href={r.url}>{r.meta.title}</a></h2>
                {/* Pagefind escapes page text and adds only <mark> around matches. */}
                <p dangerouslySetInnerHTML={{ __html: r.excerpt }} />
              </li>
            ))}
          </ol>
          {results && results.length > limit && (
            <button type="button" onClick={() => setLimit((l) => l + pageSize)}>{labels.more}</button>
          )}
          {/* Last in the results' reserved room, so that removing it when the island wakes moves nothing. */}
          {!ready && <p class="panel" id="search-fallback">{fallback.text} <a href={fallback.href}>{fallback.link}</a></p>}
        </div>
        <details class="search-filters" open={filtersOpen} onToggle={(e) => setFiltersOpen(e.currentTarget.open)}>
          <summary>{labels.filters}{chosen > 0 && ` (${labels.filtersChosen.replace('{n}', String(chosen))})`}</summary>
          <div aria-label={labels.filters} role="group">
            {/* Drawn once opened: on a phone the folded panel costs no rendering while results arrive. */}
            {filtersOpen && groups.map((group) => (
              <fieldset key={group}>
                <legend>{labels.groups[group] ?? group}</legend>
                {Object.entries(filters[group]).sort(([a], [b]) => a.localeCompare(b)).map(([value, total]) => (
                  <label key={value} class="check">
                    <input type="checkbox" name={group} value={value} checked={selected[group]?.includes(value) ?? false} onChange={(e) => toggle(group, value, e.currentTarget.checked)} />
                    {` ${value} `}<span class="meta">({counts?.[group]?.[value] ?? total})</span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
        </details>
      </div>
    </div>
  );
}
