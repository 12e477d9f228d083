/**
 * Content translations (`content/<folder>/<id>.<locale>.mdx`, src/lib/public/translations.ts), built for real in a
 * scratch copy of the project: a page in a language with a translation shows it (frontmatter and body) and says
 * how it was translated; a language without one shows the original, says so and marks it English; Pagefind finds the
 * translation in its language's index; an invalid translation fails the build naming the file and the field.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formats, tIn } from '../../src/i18n';
import { pagefindIn, urlsFound } from '../support/pagefind';
import { createScratchProject } from '../support/scratch-project';
import { resolveSitePath, root, serveClient } from '../support/site';

const run = promisify(execFile);
const project = createScratchProject('portal-translations-');
afterAll(() => project.remove());

const original = readFileSync(join(project.contentDir, 'regions/catalonia.mdx'), 'utf8');
/** The Catalonia profile in `locale`: its name, summary and body replaced, everything else as in the original. */
const translation = (locale: string, by: 'machine' | 'human', name: string, summary: string, body: string, extra = '') =>
  original
    .replace(/^name: .*$/m, `name: "${name}"`)
    .replace(/^summary: .*$/m, `summary: "${summary}"${extra}\ntranslation:\n  of: catalonia\n  locale: ${locale}\n  by: ${by}\n  reviewed: false\n  date: 2026-12-07`)
    .replace(/\n---\n[\s\S]*$/, `\n---\n\n## Om profilen\n\n${body}\n`);

async function build(outDir: string) {
  try {
    const { stdout, stderr } = await run('npx', ['astro', 'build', '--outDir', outDir], {
      cwd: project.dir,
      env: { ...process.env, FORCE_COLOR: '0', PORTAL_LOCALES: 'da,sv', PORTAL_PSEUDO_LOCALE: '0', PORTAL_STORIES_FILE: join(root, 'tests/support/no-stories.json') },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { ok: true, output: stdout + stderr, client: join(project.dir, outDir, 'client') };
  } catch (error) {
    const e = error as { stdout: string; stderr: string };
    return { ok: false, output: e.stdout + e.stderr, client: '' };
  }
}

describe('a translated entry', () => {
  let client = '';
  const page = (path: string) => readFileSync(resolveSitePath(path, client)!, 'utf8');
  beforeAll(async () => {
    writeFileSync(join(project.contentDir, 'regions/catalonia.da.mdx'), translation('da', 'machine', 'Catalonien', 'En region i Spanien, hvis center for åben innovation i digitalt understøttet sammenhængende pleje var en af JADECAREs fire oprindelige gode praksisser.', 'Kildeoversigtsprofilen nævner Catalonien som hjemsted for en af de fire oprindelige praksisser.'));
    writeFileSync(join(project.contentDir, 'regions/catalonia.sv.mdx'), translation('sv', 'human', 'Katalonien', 'En region i Spanien vars centrum för öppen innovation inom digitalt stödd integrerad vård var en av JADECAREs fyra ursprungliga goda exempel.', 'Källan nämner Katalonien som hemvist för ett av de fyra ursprungliga exemplen.'));
    const result = await build('out-ok');
    expect(result.ok, result.output.slice(-3000)).toBe(true);
    client = result.client;
  }, 300_000);

  it('is shown in its language, frontmatter and body, with a notice saying it is a machine translation not yet reviewed', () => {
    const html = page('/da/regions/catalonia/');
    expect(html).toContain('<html lang="da"');
    expect(html).toMatch(/<h1>Catalonien<\/h1>/);
    expect(html).toContain('Kildeoversigtsprofilen');
    expect(html).not.toContain('About this profile');
    const notice = /data-content-status="machine"[^>]*>([^<]*)</.exec(html)?.[1];
    expect(notice).toBe(tIn('da')('site:language.machine', { original: formats('da').language('en') }));
  });

  it('by a person is said to be a human translation', () => {
    expect(page('/sv/regions/catalonia/')).toMatch(/data-content-status="human"/);
  });

  it('appears translated in lists and links of its language; untranslated entries beside it are marked English', () => {
    const list = page('/da/regions/');
    expect(list).toMatch(/<a href="\/da\/regions\/catalonia\/">Catalonien<\/a>/);
    expect(list).toMatch(/<a href="\/da\/regions\/kinzigtal\/" lang="en">/);
    expect(page('/da/practices/catalan-open-innovation-ict-integrated-care/')).toMatch(/<a href="\/da\/regions\/catalonia\/">Catalonien<\/a>/);
  });

  it('leaves English and languages without a translation showing the original, said and marked so', () => {
    expect(page('/regions/catalonia/')).toMatch(/<h1>Catalonia<\/h1>/);
    expect(page('/regions/catalonia/')).not.toContain('content-notice');
    const other = page('/da/regions/kinzigtal/');
    expect(other).toMatch(/data-content-status="untranslated"/);
    expect(other).toMatch(/<h1 lang="en">/);
  });

  it('is found by a word of its own in its language’s search index', async () => {
    const server = await serveClient(client);
    try {
      expect((await urlsFound(await pagefindIn('da', server.url, client), 'Kildeoversigtsprofilen'))[0]).toBe('/da/regions/catalonia/');
      expect(await urlsFound(await pagefindIn('en', server.url, client), 'Kildeoversigtsprofilen')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('an invalid translation', () => {
  it('fails the build, naming the file and the field', async () => {
    writeFileSync(join(project.contentDir, 'regions/catalonia.da.mdx'), translation('da', 'machine', 'Catalonien', 'For kort.', 'Tekst.').replace(/^country: ES$/m, 'country: XX'));
    const result = await build('out-bad');
    expect(result.ok).toBe(false);
    expect(result.output).toContain('content/regions/catalonia.da.mdx: country');
    expect(result.output).toContain('content/regions/catalonia.da.mdx: summary');
  }, 300_000);
});
