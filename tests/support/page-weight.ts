/**
 * A page's weight as a compressing server sends it: gzip bytes (level 6) of its HTML and of each stylesheet it
 * links, and of each script it loads. The practice page's budget (HTML + CSS ≤ 14 kB, no JavaScript) is checked
 * with it in tests/build/adoption-stories.test.ts and reported per page type by tests/bench/page-weight.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { countRunnableScripts } from './site.ts';

export const practicePageBudget = 14 * 1024;

const gz = (bytes: Buffer | string) => gzipSync(bytes, { level: 6 }).byteLength;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Weight of the built page at `file`, whose linked assets resolve under `clientDir`. */
export function pageWeight(clientDir: string, file: string): { html: number; css: number; js: number; scripts: number } {
  const html = readFileSync(file, 'utf8');
  const asset = (url: string) => gz(readFileSync(join(clientDir, url)));
  const css = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => asset(m[1]));
  const js = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => asset(m[1]));
  return { html: gz(html), css: sum(css), js: sum(js), scripts: countRunnableScripts(html) };
}
