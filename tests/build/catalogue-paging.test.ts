/** The catalogue's paging, seen in a real build: with more practices than fit a page, page 2 exists and is linked. */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageSize } from '../../src/lib/public/catalogue.ts';
import { createScratchProject } from '../support/scratch-project.ts';

const run = promisify(execFile);
let project: ReturnType<typeof createScratchProject>;
let client: string;
let real = 0;
const extra = pageSize + 1;

beforeAll(async () => {
  project = createScratchProject('portal-paging-');
  // Copies of a Danish practice under new ids: enough for a second page of the catalogue and of the Denmark facet.
  const source = readFileSync(join(project.contentDir, 'practices/shared-care-platform.mdx'), 'utf8');
  // Translations (<id>.<locale>.mdx) are not practices of their own.
  real = readdirSync(join(project.contentDir, 'practices')).filter((f) => !/\.[a-z]{2,3}\.mdx$/.test(f)).length;
  for (let i = 0; i < extra; i++) writeFileSync(join(project.contentDir, 'practices', `copy-${i}.mdx`), source.replace(/^title: .*$/m, `title: "Copied practice number ${i}"`));
  await run('npx', ['astro', 'build'], { cwd: project.dir, maxBuffer: 64 * 1024 * 1024 });
  client = join(project.dir, 'dist/client');
}, 120_000);
afterAll(() => project?.remove());

describe('the built catalogue', () => {
  it('puts the first 24 practices on /practices/ and links to page 2, which holds the rest', () => {
    const total = real + extra;
    const first = readFileSync(join(client, 'practices/index.html'), 'utf8');
    const second = readFileSync(join(client, 'practices/page/2/index.html'), 'utf8');
    expect(first.match(/data-practice=/g)).toHaveLength(pageSize);
    expect(first).toContain('href="/practices/page/2/"');
    expect(first).toContain(`Showing ${total} of ${total} practices · page 1 of 2`);
    expect(second.match(/data-practice=/g)).toHaveLength(total - pageSize);
    expect(second).toContain('rel="prev"');
  });

  it('pages a facet the same way', () => {
    const dk = readFileSync(join(client, 'practices/country/dk/index.html'), 'utf8');
    expect(dk).toContain('href="/practices/country/dk/2/"');
    expect(readFileSync(join(client, 'practices/country/dk/2/index.html'), 'utf8')).toMatch(/data-practice=/);
  });
});
