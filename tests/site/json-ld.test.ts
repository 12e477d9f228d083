/**
 * The JSON-LD of every built page: each block parses, every node validates against the requirements of its
 * schema.org type (tests/support/json-ld.ts), each detail page says what it is, and visits are dated no more
 * precisely than the sources.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonLdBlocks, validateJsonLd } from '../support/json-ld';
import { clientDir, contentIds, listFiles, readFrontmatter, requireBuild, resolveSitePath } from '../support/site';

beforeAll(requireBuild);

const pages = () => listFiles(clientDir, '.html').filter((f) => !f.includes('/pagefind/'));
const pagePath = (file: string) => `/${relative(clientDir, file)}`.replace(/index\.html$/, '');
type Node = Record<string, unknown> & { '@type': string };
const graphOf = (path: string): Node[] => {
  const blocks = jsonLdBlocks(readFileSync(resolveSitePath(path)!, 'utf8'));
  expect(blocks, path).toHaveLength(1);
  return (blocks[0].value!['@graph'] as Node[]) ?? [];
};

describe('JSON-LD in the built site', () => {
  it('parses and validates on every page that has it', () => {
    const problems: string[] = [];
    let seen = 0;
    for (const file of pages()) {
      for (const block of jsonLdBlocks(readFileSync(file, 'utf8'))) {
        seen++;
        if (block.error) problems.push(`${pagePath(file)}: ${block.error}`);
        else problems.push(...validateJsonLd(block.value!, pagePath(file)));
        // No raw "<" inside the block, so no text in it can close the script element.
        if (block.raw.includes('<')) problems.push(`${pagePath(file)}: unescaped "<" in JSON-LD`);
      }
    }
    expect(problems).toEqual([]);
    expect(seen).toBeGreaterThan(20);
  });

  it.each([
    ['practices', 'Article'],
    ['visits', 'Event'],
    ['regions', 'Place'],
    ['programmes', 'Project'],
  ])('on every page of %s is a %s with a breadcrumb ending at the page itself', (collection, type) => {
    for (const id of contentIds(collection)) {
      const graph = graphOf(`/${collection}/${id}/`);
      expect(graph.map((n) => n['@type']), id).toEqual([type, 'BreadcrumbList']);
      const items = graph[1].itemListElement as { item: string }[];
      expect(new URL(items.at(-1)!.item).pathname).toBe(`/${collection}/${id}/`);
      expect(new URL(items[1].item).pathname).toBe(`/${collection}/`);
    }
  });

  it('dates an event only as precisely as its source, and gives its attendance mode only from its format', () => {
    for (const id of contentIds('visits')) {
      const event = graphOf(`/visits/${id}/`)[0];
      const precision = (readFrontmatter('visits', id).when as { precision?: string }).precision ?? 'day';
      if (precision === 'not-published') expect(event.startDate, id).toBeUndefined();
      else expect(event.startDate, id).toMatch({ day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, 'half-year': /^\d{4}$/ }[precision]!);
      const format = readFrontmatter('visits', id).format;
      if (!['on-site', 'online', 'hybrid'].includes(String(format))) expect(event.eventAttendanceMode, id).toBeUndefined();
    }
  });

  it('describes the open data as a catalogue whose every download is published', () => {
    const [catalogue] = graphOf('/data/');
    expect(catalogue['@type']).toBe('DataCatalog');
    const datasets = catalogue.dataset as { distribution: { contentUrl: string }[] }[];
    expect(datasets).toHaveLength(6);
    for (const d of datasets) for (const x of d.distribution) expect(resolveSitePath(new URL(x.contentUrl).pathname), x.contentUrl).toBeDefined();
  });
});
