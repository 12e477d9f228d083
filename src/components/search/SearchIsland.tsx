/**
 * Search with Pagefind: a labelled search box, filters as checkboxes grouped by type, theme and country,
 * and results announced in a live region. The query is kept in the URL (?q=) so a search can be shared.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { loadPagefind, toFilterQuery, type PagefindFilters, type PagefindResultData } from '../../lib/search/pagefind-client';

type Props = {
  labels: { input: string; placeholder: string; filters: string; result: string; results: string; forQuery: string; none: string; more: string; loading: string; groups: Record<string, string> };
};

function countLabel(labels: Props['labels'], n: number, q: string): string {
  return (n === 1 ? labels.result : labels.results).replace('{n}', String(n)) + (q ? labels.forQuery.replace('{q}', q) : '');
}

const groupOrder = ['type', 'theme', 'country'];
const pageSize = 10;

export default function SearchIsland({ labels }: Props) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Record<string, string[]>>({});
  const [filters, setFilters] = useState<PagefindFilters>({});
  // Counts within the current results, so a reader sees what a filter would leave.
  const [counts, setCounts] = useState<PagefindFilters | null>(null);
  const [results, setResults] = useState<{ id: string; data: () => Promise<PagefindResultData> }[] | null>(null);
  const [shown, setShown] = useState<PagefindResultData[]>([]);
  const [limit, setLimit] = useState(pageSize);
  const [busy, setBusy] = useState(false);
  const started = useRef(false);

  // Start from ?q= and drop the no-JavaScript notice, which only makes sense without this island.
  useEffect(() => {
    document.getElementById('search-fallback')?.remove();
    // Whatever was typed before the island woke up counts, then ?q= from the URL.
    const typed = (document.getElementById('search-input') as HTMLInputElement | null)?.value ?? '';
    const q = typed || new URL(location.href).searchParams.get('q') || '';
    if (q) setQuery(q);
    // Filters are offered before anything is typed: browsing by type, theme or country is a search too.
    loadPagefind().then((pagefind) => pagefind.filters()).then(setFilters);
  }, []);

  const active = query.trim() !== '' || Object.values(selected).some((v) => v.length > 0);

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

  const groups = groupOrder.filter((g) => filters[g]);
  return (
    <div class="search">
      <form role="search" action="/search/" method="get" onSubmit={(e) => e.preventDefault()}>
        <label for="search-input">{labels.input}</label>
        <input id="search-input" name="q" type="search" value={query} placeholder={labels.placeholder} autocomplete="off" onInput={(e) => setQuery(e.currentTarget.value)} onFocus={() => loadPagefind()} />
      </form>
      <div class="layout">
        <div class="search-filters" aria-label={labels.filters} role="group">
          {groups.map((group) => (
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
        <div>
          <p class="meta" role="status" aria-live="polite">
            {busy && active ? labels.loading : results ? (results.length ? countLabel(labels, results.length, query.trim()) : labels.none) : ''}
          </p>
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
        </div>
      </div>
    </div>
  );
}
