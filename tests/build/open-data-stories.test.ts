/**
 * Published adoption stories in the open data, seen in real builds of a scratch copy: a story in the published
 * stories file (PORTAL_STORIES_FILE) is in adoptions.json and its CSV tables, valid against the published schema;
 * an empty file leaves the adoptions dataset empty, the other datasets unchanged.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoptionStory } from '../../src/schemas/story.ts';
import { jsonLdBlocks, validateJsonLd } from '../support/json-ld.ts';
import { readCsv, readJson, validateAgainstOwnSchema } from '../support/open-data.ts';
import { storyBuilder, type StoryBuilder } from '../support/story-build.ts';
import { makeStory } from '../support/story-fixtures.ts';

/** One story with known contents, so the CSV rows can be checked cell by cell. */
const story: AdoptionStory = makeStory('shared-care-platform', {
  id: 'demo-northland-shared-care-platform',
  country: undefined,
  coreFeatures: [
    { feature: 'shared-care-plan', name: 'Shared care plan', decision: 'keep', effect: 'Plans were shared across sectors from the first month.' },
    { feature: 'patient-access', name: 'Patient access', decision: 'adapt', how: 'Through the national citizen portal instead of a separate app.' },
  ],
  results: [
    { title: 'Duplicate laboratory tests per 100 patients', kind: 'indicator', unit: 'tests', baseline: 14, target: 8, latest: { value: 9, period: '2026-05-01' }, result: 'Down from 14 to 9.', headline: true },
    // The leading "=" checks that the CSV neutralises text a spreadsheet would run as a formula.
    { title: '=Share of plans updated monthly', kind: 'objective', headline: false },
  ],
  factors: [
    { kind: 'facilitator', domain: 'inner-setting', text: 'A clinical lead in each municipality.' },
    { kind: 'barrier', domain: 'outer-setting', text: 'National consent rules changed mid-project.' },
  ],
});

let builder: StoryBuilder;
let withStory: string;
let withNone: string;

beforeAll(async () => {
  builder = storyBuilder('portal-open-data-');
  withStory = await builder.build('one', [story]);
  withNone = await builder.build('none', []);
}, 240_000);
afterAll(() => builder?.remove());

type Adoption = { id: string; url: string; practice: string; organisation: { isDemo: boolean }; country: unknown; coreFeatures: unknown[]; results: unknown[]; factors: unknown[] };

describe('a published story', () => {
  it('is in the adoptions dataset, valid against its published schema, with its page address and nulls for what it does not say', () => {
    expect(validateAgainstOwnSchema(withStory, 'adoptions.json')).toEqual([]);
    const [adoption, ...others] = readJson<{ records: Adoption[] }>(withStory, 'adoptions.json').records;
    expect(others).toEqual([]);
    expect(adoption).toMatchObject({ id: story.id, practice: 'shared-care-platform', organisation: { isDemo: true }, country: null });
    expect(new URL(adoption.url).pathname).toBe(`/adoptions/${story.id}/`);
  });

  it('has a row in adoptions.csv and one per core feature, result and factor in theirs, formula-safe', () => {
    expect(readCsv(withStory, 'adoptions.csv').rows.map((r) => r.id)).toEqual([story.id]);
    expect(readCsv(withStory, 'adoption-core-features.csv').rows.map((r) => `${r.feature}:${r.decision}`)).toEqual(['shared-care-plan:keep', 'patient-access:adapt']);
    const results = readCsv(withStory, 'adoption-results.csv').rows;
    expect(results).toHaveLength(story.results.length);
    expect(results[1].title).toBe("'=Share of plans updated monthly");
    expect(results[0]).toMatchObject({ baseline: '14', target: '8', latest_value: '9', latest_period: '2026-05-01', headline: 'true' });
    expect(readCsv(withStory, 'adoption-factors.csv').rows.map((r) => r.domain)).toEqual(['inner-setting', 'outer-setting']);
  });

  it('is counted in the catalogue and on the /data/ page', () => {
    const adoptions = readJson<{ datasets: { id: string; records: number }[] }>(withStory, 'index.json').datasets.find((d) => d.id === 'adoptions');
    expect(adoptions?.records).toBe(1);
    expect(readFileSync(join(withStory, 'data/index.html'), 'utf8')).toMatch(/id="adoptions"[\s\S]*?1 record</);
  });
});

describe('the story page', () => {
  it('carries valid JSON-LD: an Article about the practice, and a breadcrumb through it', () => {
    const [block, ...more] = jsonLdBlocks(readFileSync(join(withStory, 'adoptions', story.id, 'index.html'), 'utf8'));
    expect(more).toEqual([]);
    expect(validateJsonLd(block.value!)).toEqual([]);
    const [article, breadcrumb] = block.value!['@graph'] as Record<string, unknown>[];
    expect([article['@type'], breadcrumb['@type']]).toEqual(['Article', 'BreadcrumbList']);
    expect(new URL((article.about as { url: string }).url).pathname).toBe('/practices/shared-care-platform/');
    expect(new URL((breadcrumb.itemListElement as { item: string }[]).at(-1)!.item).pathname).toBe(`/adoptions/${story.id}/`);
  });
});

describe('an empty published-stories file', () => {
  it('leaves the adoptions dataset and its tables empty, and the other datasets as they were', () => {
    expect(readJson<{ records: unknown[] }>(withNone, 'adoptions.json').records).toEqual([]);
    for (const table of ['adoptions.csv', 'adoption-core-features.csv', 'adoption-results.csv', 'adoption-factors.csv']) expect(readCsv(withNone, table).rows, table).toEqual([]);
    for (const id of ['practices', 'visits', 'programmes', 'regions', 'sources'])
      expect(readJson<{ records: unknown[] }>(withNone, `${id}.json`).records, id).toEqual(readJson<{ records: unknown[] }>(withStory, `${id}.json`).records);
  });
});
