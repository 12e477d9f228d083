/**
 * A language is added as its catalogue and one line of configuration, nothing else: in a scratch copy of the project,
 * a Finnish catalogue (every English string marked ⟪…⟫, standing in for a translation) and one line in
 * src/i18n/locales.ts. The build then has the public site under /fi/ in it, every page links to it, and a person who
 * chooses it reads the workspace in it.
 */
import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchProject } from '../support/scratch-project.ts';
import { startServer } from '../support/server.ts';

const run = promisify(execFile);

/** Marks each string, keeping {{placeholders}}: a stand-in for a translator's work. */
const mark = (v: unknown): unknown => (typeof v === 'string' ? `⟪${v}⟫` : Array.isArray(v) ? v.map(mark) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x)])) : v);

let project: ReturnType<typeof createScratchProject>;
let server: Awaited<ReturnType<typeof startServer>>;
let client: string;

beforeAll(async () => {
  project = createScratchProject('portal-added-locale-');
  const messages = join(project.dir, 'src/i18n/messages');
  mkdirSync(join(messages, 'fi'));
  for (const file of readdirSync(join(messages, 'en'))) writeFileSync(join(messages, 'fi', file), JSON.stringify(mark(JSON.parse(readFileSync(join(messages, 'en', file), 'utf8'))), null, 2));
  const config = join(project.dir, 'src/i18n/locales.ts');
  const source = readFileSync(config, 'utf8');
  const line = "  { code: 'eu', name: 'Euskara', english: 'Basque', interface: 'machine' },\n";
  expect(source).toContain(line);
  writeFileSync(config, source.replace(line, `${line}  { code: 'fi', name: 'Suomi', english: 'Finnish', interface: 'machine' },\n`));
  await run('npx', ['astro', 'build'], { cwd: project.dir, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PORTAL_PSEUDO_LOCALE: '', PORTAL_STORIES_FILE: join(process.cwd(), 'tests/support/no-stories.json') } });
  client = join(project.dir, 'dist/client');
  server = await startServer({ PORTAL_PSEUDO_LOCALE: '' }, { cwd: project.dir });
}, 300_000);
afterAll(async () => {
  await server?.stop();
  project?.remove();
});

describe('a language added as a catalogue and one line', () => {
  it('has the public site under /fi/, in its words, with lang="fi"', () => {
    for (const page of ['index.html', 'practices/shared-care-platform/index.html', 'search/index.html', 'templates/swot/index.html', 'regions/catalonia/index.html']) {
      const file = join(client, 'fi', page);
      expect(existsSync(file), page).toBe(true);
      const html = readFileSync(file, 'utf8');
      expect(html).toMatch(/<html[^>]*lang="fi"/);
      expect(html).toContain('⟪');
    }
  });
  it('is linked from every language’s pages, with hreflang', () => {
    const home = readFileSync(join(client, 'index.html'), 'utf8');
    expect(home).toMatch(/<link[^>]+hreflang="fi"[^>]*>/);
    expect(home).toMatch(/href="\/fi\/"/);
  });
  it('can be chosen by a person, whose workspace is then in it', async () => {
    const db = new Database(server.databasePath);
    db.prepare("update user set locale = 'fi' where email = 'editor@demo.example'").run();
    db.close();
    const cookie = await server.signIn('editor@demo.example');
    const page = await (await fetch(`${server.url}/workspace/`, { headers: { Cookie: cookie } })).text();
    expect(page).toMatch(/<html[^>]*lang="fi"/);
    expect(page).toContain('⟪');
  });
});
