/**
 * Every content translation (`content/<folder>/<id>.<locale>.mdx`) is a faithful copy of its original with the
 * prose translated: the original exists, the `translation` block names it and a configured language, the
 * frontmatter has the original's shape with every id, number, date, address and code unchanged, the numbers in
 * the prose and the headings of the body are the original's, and the whole still passes its folder's schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'astro/zod';
import { configuredLocales, defaultLocale } from '../../src/i18n/locales.ts';
import { translationSchema } from '../../src/schemas/translation.ts';
import { splitMdx, translationProblems, type Mdx } from '../support/translation-check.ts';

// The schemas reference other collections through astro:content, which exists only inside Astro; here a reference
// is checked as an id (the test below already requires it to be the original's, which Astro checks).
vi.mock('astro:content', () => ({ reference: () => z.string().min(1) }));

const { practiceSchema } = await import('../../src/schemas/practice.ts');
const { regionSchema } = await import('../../src/schemas/region.ts');
const { visitSchema } = await import('../../src/schemas/visit.ts');
const { programmeSchema } = await import('../../src/schemas/programme.ts');
const { sourceSchema } = await import('../../src/schemas/source.ts');
const { templateSchema } = await import('../../src/schemas/template.ts');
const schemas: Record<string, z.ZodType> = { practices: practiceSchema, regions: regionSchema, visits: visitSchema, programmes: programmeSchema, sources: sourceSchema, templates: templateSchema };

const content = fileURLToPath(new URL('../../content/', import.meta.url));
const read = (folder: string, file: string): Mdx => splitMdx(readFileSync(join(content, folder, file), 'utf8'));

const translations = readdirSync(content, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(content, d.name)).map((file) => ({ folder: d.name, file, m: file.match(/^(.+)\.([a-z]{2,3})\.mdx?$/) })))
  .filter((t) => t.m)
  .map(({ folder, file, m }) => ({ folder, file, id: m![1], locale: m![2] }));

const locales = configuredLocales.map((l) => l.code).filter((c) => c !== defaultLocale);

describe('content translations', () => {
  it('exist for the Southern Denmark pages in Danish and the Basque and Catalan pages in Spanish', () => {
    const names = translations.map((t) => `${t.folder}/${t.file}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'practices/shared-care-platform.da.mdx',
        'practices/southern-denmark-digital-roadmap.da.mdx',
        'regions/southern-denmark.da.mdx',
        'visits/2022-05-11-southern-denmark-online-study-visit.da.mdx',
        'practices/basque-ageing-chronicity-strategy.es.mdx',
        'practices/catalan-open-innovation-ict-integrated-care.es.mdx',
        'regions/basque-country.es.mdx',
        'regions/catalonia.es.mdx',
      ]),
    );
  });

  for (const t of translations) {
    describe(`${t.folder}/${t.file}`, () => {
      const translated = read(t.folder, t.file);
      const originalFile = readdirSync(join(content, t.folder)).find((f) => f === `${t.id}.mdx` || f === `${t.id}.md`);

      it('translates an original that exists, into a configured language, and says so', () => {
        expect(originalFile, `no ${t.id}.mdx beside it`).toBeDefined();
        expect(locales).toContain(t.locale);
        const block = translationSchema.unwrap().parse(translated.data.translation);
        expect(block.of).toBe(t.id);
        expect(block.locale).toBe(t.locale);
      });

      it('keeps the original’s shape, ids, numbers, dates, addresses, codes and headings', () => {
        expect(translationProblems(read(t.folder, originalFile!), translated)).toEqual([]);
      });

      // A template's translation names its options in its language while `meanings` keep the stored English ones:
      // it is checked against its original's structure (tests/unit/template-translations.test.ts), not the schema.
      it.skipIf(t.folder === 'templates')(`passes the ${t.folder} schema`, () => {
        const { translation: _, ...data } = translated.data;
        const result = schemas[t.folder]?.safeParse(data);
        expect(schemas[t.folder], `no schema for ${t.folder}`).toBeDefined();
        expect(result?.success ? [] : result?.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
      });
    });
  }
});

describe('translationProblems', () => {
  const original = read('practices', 'shared-care-platform.mdx');
  const faithful = read('practices', 'shared-care-platform.da.mdx');
  const doctor = (change: (data: any, mdx: Mdx) => void): Mdx => {
    const copy = structuredClone(faithful);
    change(copy.data, copy);
    return copy;
  };

  it('finds nothing in a faithful translation', () => {
    expect(translationProblems(original, faithful)).toEqual([]);
  });

  it('finds a changed number', () => {
    const doctored = doctor((d) => (d.coreFeatures[0].requiredMaturity[0].level = 4));
    expect(translationProblems(original, doctored)).toEqual([expect.stringContaining('coreFeatures[0].requiredMaturity[0].level')]);
  });

  it('finds a number changed inside the prose, in the frontmatter and in the body', () => {
    const doctored = doctor((d, mdx) => {
      d.period = d.period.replace('2013', '2012');
      mdx.body = mdx.body.replace('april 2013', 'april 2012');
    });
    expect(translationProblems(original, doctored)).toEqual([expect.stringContaining('period'), expect.stringContaining('body: numbers')]);
  });

  it('finds a key the original does not have', () => {
    expect(translationProblems(original, doctor((d) => (d.extra = 'x')))).toEqual([expect.stringContaining('(frontmatter): keys')]);
  });

  it('finds a changed id, address or date, a dropped list item and a lost heading', () => {
    const doctored = doctor((d, mdx) => {
      d.coreFeatures[1].id = 'faelles-behandlingsplan';
      d.resources[0].url = 'https://example.org/';
      d.lastReviewed = '2026-12-07';
      d.lessons.pop();
      mdx.body = mdx.body.replace('## Sådan virker det', 'Sådan virker det');
    });
    expect(translationProblems(original, doctored)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('coreFeatures[1].id'),
        expect.stringContaining('resources[0].url'),
        expect.stringContaining('lastReviewed'),
        expect.stringContaining('lessons: 1 items'),
        expect.stringContaining('body: headings'),
      ]),
    );
  });
});
