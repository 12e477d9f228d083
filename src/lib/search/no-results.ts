/**
 * What the search page says when nothing matches, fitted to what was asked: a filter is only mentioned when one
 * is chosen; several words get "fewer words", a single word gets "check the spelling or try another word".
 */
export type NoResultsLabels = { noneOneWord: string; noneWords: string; noneFiltered: string; noneFiltersOnly: string };

export function noResultsAdvice(query: string, filtersChosen: number, labels: NoResultsLabels): string {
  const words = query.trim().split(/\s+/).filter(Boolean);
  const q = words.join(' ');
  if (words.length === 0) return labels.noneFiltersOnly;
  const advice = (words.length === 1 ? labels.noneOneWord : labels.noneWords).replace('{q}', q);
  return filtersChosen > 0 ? `${advice} ${labels.noneFiltered}` : advice;
}
