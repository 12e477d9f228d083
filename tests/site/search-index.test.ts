import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pretendPageLanguage } from '../support/pagefind';
import { contentDir, listFiles, requireBuild, serveClient } from '../support/site';

type Pagefind = {
  options: (o: Record<string, unknown>) => Promise<void>;
  search: (q: string | null, o?: { filters?: Record<string, unknown> }) => Promise<{ results: { data: () => Promise<{ url: string; meta: Record<string, string>; filters: Record<string, string[]> }> }[] }>;
  filters: () => Promise<Record<string, Record<string, number>>>;
};

let pagefind: Pagefind;
let server: Awaited<ReturnType<typeof serveClient>>;

beforeAll(async () => {
  requireBuild();
  server = await serveClient();
  pagefind = (await import(/* @vite-ignore */ `${server.url}/pagefind/pagefind.js`).catch(async () => import(/* @vite-ignore */ join(process.cwd(), 'dist/client/pagefind/pagefind.js')))) as Pagefind;
  // Pagefind keeps one index per language and picks the one of the page it runs on (<html lang>, read at the first
  // search): these are the English pages' searches.
  pretendPageLanguage('en');
  await pagefind.options({ basePath: `${server.url}/pagefind/`, baseUrl: '/' });
});
afterAll(async () => server?.close());

const urlsOf = async (q: string | null, filters?: Record<string, unknown>) =>
  Promise.all((await pagefind.search(q, { filters })).results.map(async (r) => (await r.data()).url));

describe('the Pagefind index of the built site', () => {
  it('finds a practice by a word that appears only in its body, not in its frontmatter or any other page', async () => {
    const [, frontmatter, body] = readFileSync(join(contentDir, 'practices/shared-care-platform.mdx'), 'utf8').split(/^---$/m);
    const others = listFiles(contentDir, '.mdx').filter((f) => !f.endsWith('shared-care-platform.mdx') && !/\.[a-z]{2,3}\.mdx$/.test(f)).map((f) => readFileSync(f, 'utf8').toLowerCase());
    const word = [...new Set(body.match(/\b[A-Za-z]{7,}\b/g) ?? [])].find(
      (w) => !frontmatter.toLowerCase().includes(w.toLowerCase()) && // Compare on a prefix, so that no kin word elsewhere (stemming) can match.
      !others.some((o) => o.includes(w.slice(0, 6).toLowerCase())),
    );
    expect(word, 'the body should hold a word of its own').toBeDefined();
    const urls = await urlsOf(word!);
    // Stemming may match kin words elsewhere; the page that holds the word itself must rank first.
    expect(urls[0]).toBe('/practices/shared-care-platform/');
  });

  it('offers type, theme and country filters', async () => {
    const filters = await pagefind.filters();
    expect(Object.keys(filters)).toEqual(expect.arrayContaining(['type', 'theme', 'country']));
    expect(filters.type['Good practice']).toBe(5);
  });

  it('narrows results when a filter is applied', async () => {
    const all = await urlsOf('care');
    const danish = await urlsOf('care', { country: 'Denmark' });
    const practicesOnly = await urlsOf('care', { type: 'Good practice' });
    expect(danish.length).toBeGreaterThan(0);
    expect(danish.length).toBeLessThan(all.length);
    expect(practicesOnly.every((u) => u.startsWith('/practices/'))).toBe(true);
    expect(practicesOnly.length).toBeLessThan(all.length);
  });

  it('does not index catalogue, listing or filter pages, only content pages', async () => {
    const urls = await urlsOf('practices');
    expect(urls).not.toContain('/practices/');
    expect(urls.some((u) => u.startsWith('/practices/theme/'))).toBe(false);
  });
});
