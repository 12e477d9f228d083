/**
 * Build-scale benchmark: builds the site with N and 2N synthetic practices (plus the real content) in a scratch
 * copy of the project, and prints pages per second and how build time grows. Goal: ≥ 100 pages/s on a 2-core
 * machine, and time(2N)/time(N) ≤ 2.1.
 *
 *   node tests/bench/build-scale.ts [N]      (default N = 1000)
 *
 * The practices are written as MDX, like the real content. A third run writes the 2N practices as plain
 * Markdown (`.md`, which the loaders also accept), to show what MDX compilation costs.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createScratchProject } from '../support/scratch-project.ts';
import { contentDir } from '../support/site.ts';

const n = Number(process.argv[2] ?? 1000);
const themes = ['chronic-care', 'ageing', 'population-health', 'cross-sector-collaboration', 'digital-infrastructure', 'telemedicine', 'health-data', 'evaluation'];
const countries = ['DK', 'ES', 'DE', 'SE', 'PT', 'BE'];
const words = readFileSync(join(contentDir, 'practices/shared-care-platform.mdx'), 'utf8').split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w));

/** A deterministic pseudo-random generator, so runs are comparable. */
function random(seed: number) {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function syntheticPractice(i: number): string {
  const r = random(i + 1);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const para = () => Array.from({ length: 60 }, () => pick(words)).join(' ');
  return `---
title: "Synthetic practice ${i}"
summary: "A generated practice used only to measure how the build scales; number ${i} of the benchmark set."
owner: "Benchmark organisation ${i % 50}"
region: southern-denmark
country: ${pick(countries)}
programmes: [jadecare]
themes: [${pick(themes)}, ${pick(themes)}]
recognition: { label: "Benchmark practice (synthetic)", source: jadecare-health-innovation-centre }
sources: [jadecare-health-innovation-centre]
targetPopulation: "People with chronic conditions"
careSettings: [hospital, general practice]
coreFeatures:
  - id: feature-a
    name: "Shared plan ${i}"
    description: "A shared plan that every sector can read and contribute to, generated for the benchmark."
    kind: essential
  - id: feature-b
    name: "Agreement ${i}"
    description: "A cross-sector agreement on who does what, generated for the benchmark."
    kind: adaptable
transferability: "Generated text about transferability for benchmark practice ${i}."
lastReviewed: 2026-11-25
---

## What it is

${para()}

## How it works

${para()}
`;
}

function timedBuild(count: number, ext: 'mdx' | 'md' = 'mdx'): { seconds: number; pages: number } {
  const project = createScratchProject('portal-bench-');
  try {
    for (let i = 0; i < count; i++) writeFileSync(join(project.contentDir, 'practices', `synthetic-${i}.${ext}`), syntheticPractice(i));
    const started = process.hrtime.bigint();
    try {
      execFileSync('npx', ['astro', 'build'], { cwd: project.dir, stdio: 'pipe', maxBuffer: 256 * 1024 * 1024 });
    } catch (error) {
      throw new Error(`astro build failed with ${count} synthetic practices:\n${String((error as { stderr?: Buffer }).stderr ?? '').slice(-3000)}`, { cause: error });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const client = join(project.dir, 'dist/client');
    const pages = readdirSync(client, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind')).length;
    return { seconds, pages };
  } finally {
    project.remove();
  }
}

const small = timedBuild(n);
const large = timedBuild(2 * n);
const markdown = timedBuild(2 * n, 'md');
const row = (label: string, r: { seconds: number; pages: number }) =>
  `${label.padEnd(22)} ${String(r.pages).padStart(6)} pages  ${r.seconds.toFixed(1).padStart(6)} s  ${(r.pages / r.seconds).toFixed(0).padStart(5)} pages/s`;
console.log('Build with Pagefind indexing, synthetic practices + real content');
console.log(row(`N = ${n}`, small));
console.log(row(`2N = ${2 * n}`, large));
console.log(row(`2N = ${2 * n} as .md`, markdown));
console.log(`time(2N) / time(N) = ${(large.seconds / small.seconds).toFixed(2)}  (goal ≤ 2.1)`);
console.log(`pages/s at 2N = ${(large.pages / large.seconds).toFixed(0)}  (goal ≥ 100)`);
