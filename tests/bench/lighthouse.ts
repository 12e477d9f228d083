/**
 * Lighthouse on one page of every public page type, mobile and desktop presets, against the production server
 * (src/server/serve.ts over a scratch database) serving a fresh build. Prints the four category scores and the
 * cumulative layout shift per page. Goal: 100 in all four categories, CLS ≤ 0.05 (the search page with a query too).
 *
 *   npm run bench:lighthouse                 (builds first; LIGHTHOUSE_SKIP_BUILD=1 to reuse dist/)
 *   LIGHTHOUSE_ONLY=search npm run bench:lighthouse     (page types whose name contains the text)
 *
 * Chromium is Debian's (/usr/bin/chromium, or CHROMIUM_PATH), started by chrome-launcher; everything stays on
 * loopback, so it runs without a network. The full reports are written to tests/bench/.work/lighthouse/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { desktopConfig, type Flags } from 'lighthouse';
import { clientDir, root } from '../support/site.ts';

const work = join(root, 'tests/bench/.work/lighthouse');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

if (process.env.LIGHTHOUSE_SKIP_BUILD !== '1') execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/** The first built page under a section, skipping the listing pages and facet folders. */
function firstPage(section: string, skip: string[] = []): string | undefined {
  const dir = join(clientDir, section);
  if (!existsSync(dir)) return undefined;
  const id = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !skip.includes(d.name) && existsSync(join(dir, d.name, 'index.html')))
    .map((d) => d.name)
    .sort()[0];
  return id ? `/${section}/${id}/` : undefined;
}

const candidates: Record<string, string | undefined> = {
  home: '/',
  'practice list': '/practices/',
  practice: existsSync(join(clientDir, 'practices/shared-care-platform/index.html')) ? '/practices/shared-care-platform/' : firstPage('practices', ['country', 'theme', 'evidence', 'programme', 'page']),
  visit: firstPage('visits'),
  programme: firstPage('programmes'),
  region: firstPage('regions'),
  template: firstPage('templates'),
  'search with a query': '/search/?q=integrated+care',
  'open data': existsSync(join(clientDir, 'data/index.html')) ? '/data/' : undefined,
  'adoption story': firstPage('stories') ?? firstPage('adoptions'),
};
const only = process.env.LIGHTHOUSE_ONLY;
const pages = Object.entries(candidates).filter((e): e is [string, string] => !!e[1] && (!only || e[0].includes(only)));

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => ok(port));
    });
  });
}

// The real server, as `npm start` runs it, on a scratch database (migrated and seeded at its first start).
const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const server = spawn(process.execPath, ['src/server/serve.ts'], {
  cwd: root,
  env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), DATABASE_PATH: join(work, 'bench.db'), PORTAL_DEMO_PASSWORD: 'lighthouse bench password', PORTAL_MFA_REQUIRED_ROLES: '',
    // Serves the build as it is: with the job on, a build with fixture stories would be rebuilt from the scratch database's (none).
    PORTAL_PUBLICATION: 'off' },
  stdio: 'ignore',
});
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

type Row = { page: string; preset: string; scores: Record<string, number | null>; cls: number | undefined; failing: string[] };
const rows: Row[] = [];
try {
  for (let i = 0; i < 100 && !(await fetch(`${origin}/`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
  const flags: Flags = { port: chrome.port, output: 'json', logLevel: 'error' };
  for (const [name, path] of pages) {
    for (const preset of ['mobile', 'desktop'] as const) {
      // A trace is now and then lost (NO_NAVSTART, a Chromium hiccup): such a run has no scores and is run again.
      let lhr;
      for (let attempt = 0; attempt < 3 && (!lhr || lhr.runtimeError); attempt++)
        lhr = (await lighthouse(`${origin}${path}`, flags, preset === 'desktop' ? desktopConfig : undefined))?.lhr;
      if (!lhr) throw new Error(`Lighthouse gave no result for ${path}`);
      writeFileSync(join(work, `${name.replace(/\W+/g, '-')}-${preset}.json`), JSON.stringify(lhr));
      const scores = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, c.score === null ? null : Math.round(c.score * 100)]));
      // The audits that cost points, so a score below 100 says why.
      const failing = Object.values(lhr.categories)
        .flatMap((c) => c.auditRefs.filter((r) => r.weight > 0).map((r) => lhr.audits[r.id]))
        .filter((a) => a && a.score !== null && a.score < 1)
        .map((a) => a.id);
      rows.push({ page: `${name} (${path})`, preset, scores, cls: lhr.audits['cumulative-layout-shift']?.numericValue, failing: [...new Set(failing)] });
      const r = rows.at(-1)!;
      console.log(
        `${r.page.padEnd(70)} ${preset.padEnd(7)} perf ${String(scores.performance).padStart(3)}  a11y ${String(scores.accessibility).padStart(3)}  bp ${String(scores['best-practices']).padStart(3)}  seo ${String(scores.seo).padStart(3)}  CLS ${(r.cls ?? NaN).toFixed(3)}${r.failing.length ? `   below 1: ${r.failing.join(', ')}` : ''}`,
      );
    }
  }
} finally {
  chrome.kill();
  server.kill();
}
writeFileSync(join(work, 'summary.json'), JSON.stringify(rows, null, 2));
const perfect = rows.filter((r) => Object.values(r.scores).every((s) => s === 100)).length;
console.log(`\n${perfect} of ${rows.length} runs score 100 in all four categories; the largest CLS is ${Math.max(...rows.map((r) => r.cls ?? 0)).toFixed(3)} (goal ≤ 0.05).`);
