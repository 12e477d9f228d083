/**
 * What the languages cost the public site, in one run: `astro build` of English only (PORTAL_LOCALES=en) against
 * every configured language, alternated (en, all, en, all), each into its own folder with its own cache; pages
 * built, seconds, and the practice page's weight (HTML + CSS gzip, JavaScript) in each language of the full build.
 * Goals: the practice page within its 14 kB budget and 0 bytes of JavaScript in every language.
 *
 *   node tests/bench/languages.ts [rounds=2]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { configuredLocales } from '../../src/i18n/locales.ts';
import { pageWeight, practicePageBudget } from '../support/page-weight.ts';
import { root } from '../support/site.ts';

const rounds = Number(process.argv[2] ?? 2);
// Inside the project: the build runs its server bundle from the output folder, which must find node_modules.
mkdirSync(join(root, 'tests/bench/.work'), { recursive: true });
const work = mkdtempSync(join(root, 'tests/bench/.work', 'languages-'));
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

function htmlPages(dir: string): number {
  let n = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) n += htmlPages(p);
    else if (name.endsWith('.html')) n++;
  }
  return n;
}

function build(label: string, env: Record<string, string>, out: string) {
  const started = performance.now();
  execFileSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', out], {
    cwd: root,
    env: { ...process.env, PORTAL_STORIES_FILE: 'tests/support/no-stories.json', PORTAL_BUILD_CACHE_DIR: join(work, `cache-${label.replace(/\W/g, '')}`), PORTAL_PSEUDO_LOCALE: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return { seconds: (performance.now() - started) / 1000, pages: htmlPages(join(out, 'client')) };
}

const results: Record<string, { seconds: number[]; pages: number }> = { 'English only': { seconds: [], pages: 0 }, 'All languages': { seconds: [], pages: 0 } };
let fullOut = '';
try {
  for (let r = 0; r < rounds; r++) {
    for (const [label, env] of [['English only', { PORTAL_LOCALES: 'en' }], ['All languages', { PORTAL_LOCALES: '' }]] as const) {
      const out = join(work, `${label.replace(/\W/g, '')}-${r}`);
      const b = build(label, env, out);
      results[label].seconds.push(b.seconds);
      results[label].pages = b.pages;
      if (label === 'All languages') fullOut = out;
      else rmSync(out, { recursive: true, force: true });
    }
  }
  console.log(`astro build, ${rounds} alternated rounds (each with its own cache; the first of each is cold)`);
  for (const [label, r] of Object.entries(results)) console.log(`  ${label.padEnd(14)} ${String(r.pages).padStart(5)} pages   ${r.seconds.map((s) => `${s.toFixed(1)} s`).join(' / ')}`);
  const [en, all] = Object.values(results);
  console.log(`  ratio (all / English only, last round): time ×${(all.seconds.at(-1)! / en.seconds.at(-1)!).toFixed(2)}, pages ×${(all.pages / en.pages).toFixed(2)}`);

  console.log(`\nPractice page "shared-care-platform" per language (budget HTML + CSS ≤ ${kb(practicePageBudget)}, 0 JS)`);
  const client = join(fullOut, 'client');
  for (const l of configuredLocales) {
    const file = join(client, l.code === 'en' ? '' : l.code, 'practices/shared-care-platform/index.html');
    if (!existsSync(file)) {
      console.log(`  ${l.code}  (no page)`);
      continue;
    }
    const w = pageWeight(client, file);
    console.log(`  ${l.code}  HTML ${kb(w.html).padStart(8)}  CSS ${kb(w.css).padStart(8)}  HTML+CSS ${kb(w.html + w.css).padStart(8)}  JS ${kb(w.js)} (${w.scripts} scripts)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
