/**
 * Every language's catalogue has exactly the English keys (plural forms by that language's CLDR categories), the
 * same placeholders, and no empty string; the pseudo-locale is made from English. A key added in English fails here
 * until every language has it: the completeness check the languages issue asks for.
 */
import { describe, expect, it } from 'vitest';
import { configuredLocales } from '../../src/i18n/locales.ts';
import { readCatalogue } from '../../src/i18n/catalogues.ts';
import { catalogueProblems } from '../support/catalogue-check.ts';

const english = readCatalogue('en');

describe('catalogues', () => {
  it('English has no empty strings', () => {
    expect(catalogueProblems(english, english, 'en')).toEqual([]);
  });
  for (const locale of configuredLocales.filter((l) => l.code !== 'en')) {
    it(`${locale.english} (${locale.code}) has every key, placeholder and plural form of English, and nothing else`, () => {
      expect(catalogueProblems(english, readCatalogue(locale.code), locale.code)).toEqual([]);
    });
  }
  it('the check itself finds a missing key, an extra key, a lost placeholder and a missing plural form', () => {
    const en = { site: { a: 'One {{n}}', b: 'Two', c_one: '{{count}} item', c_other: '{{count}} items' } };
    const problems = catalogueProblems(en, { site: { a: 'Et', x: 'Y', c_one: '{{count}} ting' } }, 'da');
    expect(problems).toEqual(expect.arrayContaining([expect.stringContaining('site:b'), expect.stringContaining('site:x'), expect.stringContaining('site:a'), expect.stringContaining('site:c_other')]));
  });
});

describe('the public site’s labels', () => {
  it('name every value of the taxonomy', async () => {
    const taxonomy = await import('../../src/schemas/taxonomy.ts');
    const labels = (english.site as { labels: Record<string, Record<string, string>> }).labels;
    expect(Object.keys(labels.theme).sort()).toEqual([...taxonomy.themeIds].sort());
    expect(Object.keys(labels.country).sort()).toEqual([...taxonomy.countryIds].sort());
    expect(Object.keys(labels.maturity).sort()).toEqual([...taxonomy.maturityDimensionIds].sort());
    expect(Object.keys(labels.cfir).sort()).toEqual([...taxonomy.cfirDomainIds].sort());
  });
});
