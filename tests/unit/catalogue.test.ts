import { describe, expect, it } from 'vitest';
import { filterByFacet, listFacetValues, pageNumbers, pageOf, sortPractices } from '../../src/lib/public/catalogue';
import type { Practice } from '../../src/schemas/practice';

/** A practice with just the fields the catalogue reads; the rest is not its business. */
function practice(id: string, over: Partial<Practice>) {
  const data = { title: id, themes: ['chronic-care'], country: 'DK', programmes: [], ...over } as Practice;
  return { id, data };
}

/** An evidence level as a cited evaluation would give it. */
const graded = (level: 'best' | 'promising') => ({ level, evaluation: 'Assessed against the criteria', source: { collection: 'sources' as const, id: 'an-evaluation' } });
const a = practice('a', { title: 'Alpha', themes: ['ageing', 'chronic-care'], country: 'ES', evidence: graded('promising'), programmes: [{ collection: 'programmes', id: 'jadecare' }] });
const b = practice('b', { title: 'Bravo', themes: ['ageing'], country: 'DK', evidence: graded('best') });
const c = practice('c', { title: 'Charlie', themes: ['telemedicine'], country: 'DK', evidence: graded('best'), programmes: [{ collection: 'programmes', id: 'jadecare' }] });
/** A practice no cited evaluation grades, as every practice is today. */
const d = practice('d', { title: 'Delta', themes: ['ageing'], country: 'SE' });

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

  it('counts a value listed twice by one practice once, so counts match the filtered pages', () => {
    const twice = practice('d', { themes: ['ageing', 'ageing'] });
    expect(listFacetValues([twice]).theme).toEqual([{ facet: 'theme', value: 'ageing', count: 1 }]);
    expect(filterByFacet([twice], 'theme', 'ageing')).toHaveLength(1);
  });

  it('lists no value that no practice has', () => {
    expect(listFacetValues([b]).evidence.map((v) => v.value)).toEqual(['best']);
  });

  it('gives a practice without a cited evaluation no evidence value, so the facet claims no level for it', () => {
    expect(listFacetValues([d]).evidence).toEqual([]);
    expect(listFacetValues([a, d]).evidence.map((v) => [v.value, v.count])).toEqual([['promising', 1]]);
  });
});

describe('filterByFacet', () => {
  it('keeps only practices that carry the value, for single- and many-valued facets', () => {
    expect(filterByFacet([a, b, c], 'theme', 'ageing').map((p) => p.id)).toEqual(['a', 'b']);
    expect(filterByFacet([a, b, c], 'country', 'dk').map((p) => p.id)).toEqual(['b', 'c']);
    expect(filterByFacet([a, b, c], 'programme', 'jadecare').map((p) => p.id)).toEqual(['a', 'c']);
    expect(filterByFacet([a, b, c], 'evidence', 'emerging')).toEqual([]);
    expect(filterByFacet([a, b, c, d], 'evidence', 'best').map((p) => p.id)).toEqual(['b', 'c']);
  });
});

describe('sortPractices', () => {
  it('puts stronger cited evidence first, then orders by title', () => {
    expect(sortPractices([a, c, b]).map((p) => p.id)).toEqual(['b', 'c', 'a']);
  });
  it('puts practices without a cited evidence level after graded ones, alphabetically', () => {
    const e = practice('e', { title: 'Echo', themes: ['ageing'], country: 'SE' });
    expect(sortPractices([e, d, a]).map((p) => p.id)).toEqual(['a', 'd', 'e']);
  });
});

describe('pageOf', () => {
  const items = Array.from({ length: 50 }, (_, i) => i);
  it('cuts a list into pages of the given size, the last one short', () => {
    expect(pageOf(items, 1, 24)).toMatchObject({ page: 1, lastPage: 3, total: 50 });
    expect(pageOf(items, 3, 24).items).toEqual([48, 49]);
  });
  it('gives an empty first page for an empty list', () => {
    expect(pageOf([], 1)).toEqual({ items: [], page: 1, lastPage: 1, total: 0 });
  });
  it('rejects a page that does not exist', () => {
    expect(() => pageOf(items, 4, 24)).toThrow(RangeError);
    expect(() => pageOf(items, 0, 24)).toThrow(RangeError);
  });
});

describe('pageNumbers', () => {
  it('lists one page per started block, and at least one', () => {
    expect(pageNumbers(48, 24)).toEqual([1, 2]);
    expect(pageNumbers(49, 24)).toEqual([1, 2, 3]);
    expect(pageNumbers(0, 24)).toEqual([1]);
  });
});
