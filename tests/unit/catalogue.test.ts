import { describe, expect, it } from 'vitest';
import { filterByFacet, listFacetValues, sortPractices } from '../../src/lib/public/catalogue';
import type { Practice } from '../../src/schemas/practice';

/** A practice with just the fields the catalogue reads; the rest is not its business. */
function practice(id: string, over: Partial<Practice>) {
  const data = { title: id, themes: ['chronic-care'], country: 'DK', evidenceLevel: 'best', programmes: [], ...over } as Practice;
  return { id, data };
}

const a = practice('a', { title: 'Alpha', themes: ['ageing', 'chronic-care'], country: 'ES', evidenceLevel: 'promising', programmes: [{ collection: 'programmes', id: 'jadecare' }] });
const b = practice('b', { title: 'Bravo', themes: ['ageing'], country: 'DK', evidenceLevel: 'best' });
const c = practice('c', { title: 'Charlie', themes: ['telemedicine'], country: 'DK', evidenceLevel: 'best', programmes: [{ collection: 'programmes', id: 'jadecare' }] });

describe('listFacetValues', () => {
  it('counts each value once per practice, most used first', () => {
    const facets = listFacetValues([a, b, c]);
    expect(facets.theme).toEqual([
      { facet: 'theme', value: 'ageing', count: 2 },
      { facet: 'theme', value: 'chronic-care', count: 1 },
      { facet: 'theme', value: 'telemedicine', count: 1 },
    ]);
    expect(facets.country.map((v) => [v.value, v.count])).toEqual([['dk', 2], ['es', 1]]);
    expect(facets.programme).toEqual([{ facet: 'programme', value: 'jadecare', count: 2 }]);
  });

  it('lists no value that no practice has', () => {
    expect(listFacetValues([b]).evidence.map((v) => v.value)).toEqual(['best']);
  });
});

describe('filterByFacet', () => {
  it('keeps only practices that carry the value, for single- and many-valued facets', () => {
    expect(filterByFacet([a, b, c], 'theme', 'ageing').map((p) => p.id)).toEqual(['a', 'b']);
    expect(filterByFacet([a, b, c], 'country', 'dk').map((p) => p.id)).toEqual(['b', 'c']);
    expect(filterByFacet([a, b, c], 'programme', 'jadecare').map((p) => p.id)).toEqual(['a', 'c']);
    expect(filterByFacet([a, b, c], 'evidence', 'emerging')).toEqual([]);
  });
});

describe('sortPractices', () => {
  it('puts stronger evidence first, then orders by title', () => {
    expect(sortPractices([a, c, b]).map((p) => p.id)).toEqual(['b', 'c', 'a']);
  });
});
