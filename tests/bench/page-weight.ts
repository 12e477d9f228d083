/**
 * Page weight per public page type, from the built site: gzip-compressed bytes of the HTML, the CSS it links
 * and the JavaScript it loads (what a compressing server or CDN sends). Then the bytes a first search
 * transfers, measured in Chromium: every response from opening /search/ to the first results, gzip-sized.
 * Goals: a practice page's HTML + CSS ≤ 14 kB and 0 bytes of JS; the first search ≤ 150 kB in all.
 *
 *   npm run build && node tests/bench/page-weight.ts [locale] [query]
 *
 * With a locale (e.g. `da hjertepatienter`) the first search is made on /<locale>/search/, in that language's index.
 */
import { chromium } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { publicPages } from '../browser/public-pages.ts';
import { pageWeight } from '../support/page-weight.ts';
import { startServer } from '../support/server.ts';
import { clientDir, requireBuild, resolveSitePath } from '../support/site.ts';

requireBuild();
const gz = (bytes: Buffer | string) => gzipSync(bytes, { level: 6 }).byteLength;
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

console.log('Page type              HTML gz     CSS gz      JS gz   HTML+CSS');
for (const [name, path] of Object.entries(publicPages)) {
  const file = resolveSitePath(path) ?? resolveSitePath('/404.html')!;
  const inlineCss = [...readFileSync(file, 'utf8').matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].length;
  const w = pageWeight(clientDir, file);
  console.log(
    `${name.padEnd(20)} ${kb(w.html).padStart(9)} ${kb(w.css).padStart(10)} ${kb(w.js).padStart(10)} ${kb(w.html + w.css).padStart(10)}${inlineCss ? '  (+ inline CSS in HTML)' : ''}`,
  );
}

// First search: serve the built site (the production server, which compresses as a CDN would not need to: sizes
// are gzip-sized here either way), open the search page, type a query, count every byte until results show.
const [locale, query = 'integrated care'] = process.argv.slice(2);
const searchPath = locale && locale !== 'en' ? `/${locale}/search/` : '/search/';
const server = await startServer();
try {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage();
  const bodies: Promise<{ url: string; raw: number; compressed: number }>[] = [];
  page.on('response', (r) => bodies.push(r.body().then((b) => ({ url: new URL(r.url()).pathname, raw: b.byteLength, compressed: gz(b) }), () => ({ url: r.url(), raw: 0, compressed: 0 }))));
  await page.goto(server.url + searchPath);
  await page.getByRole('searchbox').fill(query);
  await page.locator('.results a').first().waitFor();
  await page.waitForLoadState('networkidle');
  const all = await Promise.all(bodies);
  await browser.close();
  const total = all.reduce((a, b) => a + b.compressed, 0);
  console.log(`\nFirst search ("${query}" on ${searchPath}): ${all.length} requests, ${kb(total)} gzip-sized (${kb(all.reduce((a, b) => a + b.raw, 0))} uncompressed)  (goal ≤ 150 kB)`);
  for (const r of all.sort((a, b) => b.compressed - a.compressed).slice(0, 8)) console.log(`  ${kb(r.compressed).padStart(9)}  ${r.url}`);
} finally {
  await server.stop();
}
