/**
 * `site` comes from PUBLIC_SITE_URL at build time, and every absolute address the built site hands out carries it:
 * canonical links, Open Graph, the sitemap, robots.txt, the feed, the calendar files and the Word worksheets.
 * Without PUBLIC_SITE_URL the build takes the address `npm start` will listen on (HOST, PORT), not a fixed port.
 * Built in a scratch copy of the project, each into its own --outDir.
 */
import { strFromU8, unzipSync } from 'fflate';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchProject } from '../support/scratch-project.ts';

const run = promisify(execFile);
let project: ReturnType<typeof createScratchProject>;

async function build(outDir: string, env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['PUBLIC_SITE_URL', 'HOST', 'PORT'].includes(k)));
  await run('npx', ['astro', 'build', '--outDir', outDir], { cwd: project.dir, env: { ...clean, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return join(project.dir, outDir, 'client');
}

let deployed: string;
let local: string;
beforeAll(async () => {
  project = createScratchProject('portal-site-url-');
  deployed = await build('dist-example', { PUBLIC_SITE_URL: 'https://example.org/' });
  local = await build('dist-port', { PORT: '8123' });
}, 240_000);
afterAll(() => project?.remove());

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('a build with PUBLIC_SITE_URL=https://example.org/', () => {
  it('gives canonical links and Open Graph addresses on example.org', () => {
    const html = read(deployed, 'practices/shared-care-platform/index.html');
    expect(html).toContain('<link rel="canonical" href="https://example.org/practices/shared-care-platform/">');
    expect(html).toContain('<meta property="og:url" content="https://example.org/practices/shared-care-platform/">');
    expect(html).toContain('<meta property="og:image" content="https://example.org/cards/practices/shared-care-platform.png">');
  });

  it('lists the sitemap on example.org, and robots.txt points to it', () => {
    const locs = [...read(deployed, 'sitemap-0.xml').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    expect(locs.length).toBeGreaterThan(20);
    expect(locs.filter((u) => !u.startsWith('https://example.org/'))).toEqual([]);
    expect(read(deployed, 'robots.txt')).toContain('Sitemap: https://example.org/sitemap-index.xml');
  });

  it('links the feed, the calendar files and the worksheets to example.org', () => {
    expect(read(deployed, 'feed.xml')).toContain('<link>https://example.org/visits/');
    const ics = readdirSync(join(deployed, 'visits')).filter((f) => f.endsWith('.ics'));
    expect(ics.length).toBeGreaterThan(0);
    for (const f of ics) expect(read(deployed, `visits/${f}`).replace(/\r\n[ \t]/g, ''), f).toContain('https://example.org/visits/');
    const docx = unzipSync(new Uint8Array(readFileSync(join(deployed, 'templates/swot.docx'))));
    expect(Object.entries(docx).filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels')).map(([, b]) => strFromU8(b)).join('')).toContain('https://example.org/templates/swot/');
    expect(read(deployed, 'templates/swot.md')).toContain('https://example.org/templates/swot/');
  });

  it('leaves no localhost address in any page or file it wrote', () => {
    const files = readdirSync(deployed, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(html|xml|txt|ics|md)$/.test(f));
    expect(files.filter((f) => read(deployed, f).includes('localhost:4321'))).toEqual([]);
  });
});

describe('a build without PUBLIC_SITE_URL, for PORT=8123 npm start', () => {
  it('gives the address the server will listen on, not port 4321', () => {
    expect(read(local, 'index.html')).toContain('<link rel="canonical" href="http://localhost:8123/">');
    expect(read(local, 'robots.txt')).toContain('Sitemap: http://localhost:8123/sitemap-index.xml');
  });
});
