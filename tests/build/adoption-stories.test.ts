/**
 * Adoption stories on the built public site: each published story has its page with the parts chosen for
 * publication, the practice page lists its adoptions within its weight budget, and stories are in the feed, the
 * sitemap and search. Built again with an empty stories file (every story withdrawn), none of it is left anywhere.
 */
import { pretendPageLanguage } from '../support/pagefind.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdoptionStory } from '../../src/schemas/story.ts';
import { pageWeight, practicePageBudget } from '../support/page-weight.ts';
import { countRunnableScripts, resolveSitePath, serveClient } from '../support/site.ts';
import { storyBuilder, type StoryBuilder } from '../support/story-build.ts';
import { makeStory } from '../support/story-fixtures.ts';

type Pagefind = {
  options: (o: Record<string, unknown>) => Promise<void>;
  search: (q: string | null, o?: { filters?: Record<string, unknown> }) => Promise<{ results: { data: () => Promise<{ url: string }> }[] }>;
  filters: () => Promise<Record<string, Record<string, number>>>;
};

const practice = 'shared-care-platform';
// Ten adoptions of one practice (the budget case), one more elsewhere that publishes only two parts and no country.
const ten = [...Array(10)].map((_, index) => makeStory(practice, { index }));
const partial = makeStory('optimedis-population-based-integrated-care', { index: 3, parts: ['context', 'lessons'], context: 'Invented context: the Zephyrwick district council wanted shared budgets.\n\nIt had tried once before.' });
const full = ten[0];
const stories: AdoptionStory[] = [...ten, partial];

let builder: StoryBuilder;
let site: string;
let empty: string;
const read = (dir: string, path: string) => readFileSync(resolveSitePath(path, dir)!, 'utf8');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function openIndex(dir: string): Promise<{ pagefind: Pagefind; close: () => Promise<void> }> {
  const server = await serveClient(dir);
  // Pagefind reads `location` at import when it sees a document: the stand-in one comes after.
  delete (globalThis as { document?: unknown }).document;
  const pagefind = (await import(/* @vite-ignore */ join(dir, 'pagefind/pagefind.js'))) as Pagefind;
  // One index per language: these are the English pages' searches (tests/support/pagefind.ts).
  pretendPageLanguage('en');
  await pagefind.options({ basePath: `${server.url}/pagefind/`, baseUrl: '/' });
  return { pagefind, close: server.close };
}

beforeAll(async () => {
  builder = storyBuilder();
  site = await builder.build('stories', stories);
  empty = await builder.build('withdrawn', []);
}, 240_000);
afterAll(() => builder?.remove());

describe('a story page', () => {
  it('shows the organisation as demo, the country, the period, the practice and every published part in the report’s order', () => {
    const html = read(site, `/adoptions/${full.id}/`);
    const words = text(html);
    expect(words).toContain('Organisation Demo: Northland Health Region Demo organisation, invented data');
    expect(words).toContain('Country Denmark');
    expect(words).toContain('1 January 2025 – 28 January 2026');
    expect(html).toContain(`href="/practices/${practice}/"`);
    const headings = [...html.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]);
    expect(headings).toEqual(['details', 'context', 'core-features', 'results', 'factors', 'sustainability', 'lessons']);
    expect(words).toContain(`Drawn from the approved post-implementation report, version ${full.source.reportVersion}, approved 15 January 2026; published 16 January 2026.`);
  });

  it('names each core feature as the story does and links it to the practice’s feature', () => {
    const html = read(site, `/adoptions/${full.id}/`);
    for (const f of full.coreFeatures) expect(html).toContain(`<a href="/practices/${practice}/#feature-${f.feature}">${f.name}</a>`);
    expect(text(html)).toMatch(/Kept \(3\).*Adapted \(1\).*Dropped \(1\)/);
    const practicePage = read(site, `/practices/${practice}/`);
    for (const f of full.coreFeatures) expect(practicePage).toContain(`id="feature-${f.feature}"`);
  });

  it('tabulates results with formatted numbers and says "not published" where the report gives none', () => {
    const row = (title: string) => text(read(site, `/adoptions/${full.id}/`)).split(title)[1]!.slice(0, 120);
    expect(row('Patients with a shared care plan')).toMatch(/^ 10 % 40 % 20 % January 2026/);
    expect(row('Average time to first home visit')).toMatch(/not published not published/);
    expect(row('Clinicians using the overview daily')).toMatch(/^ not published/);
  });

  it('groups barriers and facilitators by CFIR domain', () => {
    const words = text(read(site, `/adoptions/${full.id}/`));
    expect(words).toMatch(/Outer setting Barriers National reimbursement.*Inner setting|Inner setting .*Outer setting Barriers National reimbursement/);
    expect(words).toMatch(/Inner setting Barriers Staff turnover.* Facilitators A named coordinator/);
  });

  it('leaves out the parts not chosen for publication, and says when the country is not published', () => {
    const html = read(site, `/adoptions/${partial.id}/`);
    expect([...html.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1])).toEqual(['details', 'context', 'lessons']);
    expect(html).not.toContain('Results');
    expect(html).not.toContain('Barriers');
    expect(html).not.toContain(partial.coreFeatures[0]!.name);
    expect(text(html)).toContain('Country not published');
    expect(html).toContain('shared budgets.</p><p>It had tried once before.</p>');
  });

  it('ships no JavaScript', () => {
    for (const path of [`/adoptions/${full.id}/`, '/adoptions/']) expect(countRunnableScripts(read(site, path)), path).toBe(0);
  });
});

describe('the adoption index', () => {
  it('lists stories by practice, newest first', () => {
    const html = read(site, '/adoptions/');
    expect(html).toContain(`<h2 id="practice-${practice}"><a href="/practices/${practice}/">`);
    const order = [...html.matchAll(/href="\/adoptions\/([^"]+)\/"/g)].map((m) => m[1]);
    expect(order.filter((id) => id !== partial.id)).toEqual([...ten].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt)).map((s) => s.id));
    expect(order).toContain(partial.id);
  });
});

describe('the practice page', () => {
  it('lists each adoption with organisation, country, period, core feature counts, headline results and a link', () => {
    const html = read(site, `/practices/${practice}/`);
    for (const s of ten) expect(html).toContain(`href="/adoptions/${s.id}/"`);
    const words = text(html);
    expect(words).toContain('Demo: Northland Health Region Demo organisation, invented data · Denmark · January 2025 – January 2026');
    expect(words).toContain('Core features kept 3, adapted 1, dropped 1');
    expect(words).toContain('Patients with a shared care plan: 20 % (baseline 10 %, target 40 %)');
    expect(words).not.toContain('Clinicians using the overview daily'); // not a headline result
    expect(read(site, '/practices/southern-denmark-digital-roadmap/')).not.toContain('Adoptions of this practice');
  });

  it('stays static and within 14 kB of HTML and CSS (gzip) with ten adoptions listed', () => {
    const weight = pageWeight(site, resolveSitePath(`/practices/${practice}/`, site)!);
    const before = pageWeight(empty, resolveSitePath(`/practices/${practice}/`, empty)!);
    console.log(`practice page HTML+CSS gzip: ${before.html + before.css} bytes without adoptions, ${weight.html + weight.css} with ten`);
    expect(weight.scripts).toBe(0);
    expect(weight.html + weight.css).toBeLessThanOrEqual(practicePageBudget);
  });
});

describe('feed, sitemap and search', () => {
  it('the feed holds each story with its link and publication date', () => {
    const feed = read(site, '/feed.xml');
    const item = feed.split('<item>').find((i) => i.includes(`/adoptions/${full.id}/`));
    expect(item).toContain(`<title>${full.title}</title>`);
    expect(item).toContain('<pubDate>Fri, 16 Jan 2026 12:00:00 GMT</pubDate>');
    expect(item).toContain('<category>Adoption story</category>');
    expect(item).toContain(`<description>Demo organisation, invented data. ${full.summary}</description>`);
  });

  it('the sitemap lists every story page and the index', () => {
    const sitemap = read(site, '/sitemap-0.xml');
    for (const s of stories) expect(sitemap).toContain(`/adoptions/${s.id}/</loc>`);
    expect(sitemap).toContain('/adoptions/</loc>');
  });

  it('search finds a story by a word of its own, and filters by the adoption story type', async () => {
    const { pagefind, close } = await openIndex(site);
    try {
      const urls = await Promise.all((await pagefind.search('Zephyrwick')).results.map(async (r) => (await r.data()).url));
      expect(urls[0]).toBe(`/adoptions/${partial.id}/`);
      expect((await pagefind.filters()).type['Adoption story']).toBe(stories.length);
    } finally {
      await close();
    }
  });
});

describe('after every story is withdrawn', () => {
  it('no story page, practice list, feed item, sitemap entry or search record is left', async () => {
    for (const s of stories) expect(existsSync(join(empty, 'adoptions', s.id))).toBe(false);
    expect(text(read(empty, '/adoptions/'))).toContain('No adoption stories are published yet.');
    expect(read(empty, `/practices/${practice}/`)).not.toContain('/adoptions/');
    expect(read(empty, '/feed.xml')).not.toContain('/adoptions/');
    expect(read(empty, '/sitemap-0.xml')).not.toMatch(/\/adoptions\/[^<"]/);
    const { pagefind, close } = await openIndex(empty);
    try {
      expect((await pagefind.search('Zephyrwick')).results).toEqual([]);
      expect((await pagefind.filters()).type['Adoption story']).toBeUndefined();
    } finally {
      await close();
    }
  });
});
