/**
 * Published adoption stories in the open data, seen in real builds of a scratch copy: a story in the published
 * stories file (PORTAL_STORIES_FILE) is in adoptions.json and its CSV tables, valid against the published schema;
 * an empty file leaves the adoptions dataset empty, the other datasets unchanged.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLdBlocks, validateJsonLd } from '../support/json-ld.ts';
import { readCsv, readJson, validateAgainstOwnSchema } from '../support/open-data.ts';
import { listFiles } from '../support/site.ts';
import { createScratchProject } from '../support/scratch-project.ts';
import { storyFixture, writePublishedStories } from '../support/story-fixture.ts';

const run = promisify(execFile);
let project: ReturnType<typeof createScratchProject>;
let withStory: string;
let withNone: string;

async function buildWith(stories: ReturnType<typeof storyFixture>[], copyTo: string): Promise<string> {
  const file = join(project.dir, 'stories.json');
  writePublishedStories(file, stories);
  await run('npx', ['astro', 'build'], { cwd: project.dir, env: { ...process.env, PORTAL_STORIES_FILE: file }, maxBuffer: 64 * 1024 * 1024 });
  cpSync(join(project.dir, 'dist/client'), copyTo, { recursive: true });
  return copyTo;
}

beforeAll(async () => {
  project = createScratchProject('portal-open-data-');
  const out = mkdtempSync(join(tmpdir(), 'portal-open-data-out-'));
  withStory = await buildWith([storyFixture()], join(out, 'with-story'));
  withNone = await buildWith([], join(out, 'with-none'));
}, 240_000);
afterAll(() => {
  project?.remove();
  if (withStory) rmSync(join(withStory, '..'), { recursive: true, force: true });
});

type Adoption = { id: string; url: string; practice: string; organisation: { isDemo: boolean }; country: unknown; coreFeatures: unknown[]; results: unknown[]; factors: unknown[] };

describe('a published story', () => {
  it('is in the adoptions dataset, valid against its published schema, with its page address and nulls for what it does not say', () => {
    expect(validateAgainstOwnSchema(withStory, 'adoptions.json')).toEqual([]);
    const [adoption, ...others] = readJson<{ records: Adoption[] }>(withStory, 'adoptions.json').records;
    expect(others).toEqual([]);
    expect(adoption).toMatchObject({ id: storyFixture().id, practice: 'shared-care-platform', organisation: { isDemo: true }, country: null });
    expect(new URL(adoption.url).pathname).toBe(`/adoptions/${storyFixture().id}/`);
  });

  it('has a row in adoptions.csv and one per core feature, result and factor in theirs, formula-safe', () => {
    const story = storyFixture();
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

describe('the story page, where the site builds one (src/pages/adoptions/[id].astro)', () => {
  it('carries valid JSON-LD: an Article and its breadcrumb', () => {
    const dir = join(withStory, 'adoptions');
    for (const file of existsSync(dir) ? listFiles(dir, '.html') : []) {
      const [block, ...more] = jsonLdBlocks(readFileSync(file, 'utf8'));
      expect(more, file).toEqual([]);
      expect(validateJsonLd(block.value!), file).toEqual([]);
      expect((block.value!['@graph'] as { '@type': string }[]).map((n) => n['@type']), file).toEqual(['Article', 'BreadcrumbList']);
    }
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
