/**
 * Publication benchmark (docs/decisions/0017-publication-job.md). Two figures:
 *
 * 1. Time to publish: the real production server over the built dist/ and a fresh demo database; a published story
 *    is stored, a rebuild is asked for (the coordinator's button, which queues and wakes the runner as
 *    requestPublication does), and the clock runs until the server answers `/` from the new build (and, when the
 *    public story pages exist, the story's page). Twice: the first build of a fresh sites folder has a cold cache.
 *    Goal ≤ 60 s for the demo content.
 * 2. Build time with 50 published stories: `astro build` into a temporary folder with a generated stories file of 50
 *    valid (invented, demo-labelled) stories, against the same build with none.
 *
 *   npm run build && node tests/bench/publication.ts        (prints the figures)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rawRun } from '../../src/lib/server/db.ts';
import { adoptionStorySchema } from '../../src/schemas/story.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, withServerDb } from '../support/server-db.ts';
import { root } from '../support/site.ts';
import { demoStory } from '../support/stories.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function timeToPublish() {
  const server = await startServer({ PORTAL_PUBLICATION: 'on' });
  const figures: string[] = [];
  try {
    const coordinator = await server.signIn('coordinator@demo.example');
    const transferId = await demoTransferId(server);
    for (const round of [1, 2]) {
      const id = `bench-story-${round}`;
      const story = adoptionStorySchema.parse(demoStory(id, { practice: 'shared-care-platform', title: `Benchmark adoption number ${round}` }));
      await withServerDb(server, (db) => rawRun(db, sql`insert into adoption_story (id, transfer_id, status, parts, public_json, report_version, published_at) values (${id}, ${transferId}, 'published', '[]', ${JSON.stringify(story)}, 1, ${story.publishedAt})`));
      const before = (await fetch(`${server.url}/`)).headers.get('etag');
      const started = performance.now();
      const asked = await fetch(`${server.url}/admin/publication/`, { method: 'POST', redirect: 'manual', headers: { Cookie: coordinator, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
      if (asked.status !== 303) throw new Error(`rebuild request answered ${asked.status}`);
      let swapped = 0;
      let storyPage = 0;
      for (;;) {
        await sleep(100);
        const elapsed = performance.now() - started;
        if (elapsed > 300_000) throw new Error(`no swap after 300 s:\n${server.output().slice(-3000)}`);
        if (!swapped && (await fetch(`${server.url}/`)).headers.get('etag') !== before) swapped = elapsed;
        if (swapped && !storyPage && (await fetch(`${server.url}/adoptions/${id}/`)).status === 200) storyPage = elapsed;
        if (swapped && (storyPage || elapsed > swapped + 500)) break;
        if (/publication: run \d+ failed/.test(server.output())) throw new Error(`the build failed:\n${server.output().slice(-3000)}`);
      }
      figures.push(`round ${round} (${round === 1 ? 'cold cache' : 'warm cache'}): request → new site answering ${(swapped / 1000).toFixed(1)} s${storyPage ? `; story page answering ${(storyPage / 1000).toFixed(1)} s` : '; no /adoptions/<id>/ page in this build'}`);
    }
    const log = server.output().split('\n').filter((l) => l.startsWith('publication:'));
    return [...figures, ...log.map((l) => `  server: ${l}`)];
  } finally {
    await server.stop();
  }
}

function buildWith(stories: number): number {
  // Inside the project: the build imports its own server bundle, whose packages resolve from node_modules above it.
  mkdirSync(join(root, 'tests/bench/.work'), { recursive: true });
  const dir = mkdtempSync(join(root, 'tests/bench/.work/publication-'));
  try {
    const file = join(dir, 'stories.json');
    const list = Array.from({ length: stories }, (_, i) =>
      demoStory(`bench-adoption-${i}`, {
        title: `Benchmark adoption number ${i}`,
        parts: ['context', 'lessons'],
        context: 'An invented adoption written for the benchmark; it describes no real organisation. '.repeat(4),
        lessons: ['Start with one ward.', 'Agree the data flows before the software.'],
        publishedAt: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      }),
    );
    writeFileSync(file, JSON.stringify({ version: 1, generatedAt: new Date().toISOString(), stories: list }));
    const started = performance.now();
    execFileSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', join(dir, 'out')], {
      cwd: root,
      env: { ...process.env, PORTAL_STORIES_FILE: file, PORTAL_BUILD_CACHE_DIR: join(dir, 'cache'), ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: 'ignore',
    });
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log('Time to publish (real server, real build, demo content):');
for (const line of await timeToPublish()) console.log(`  ${line}`);
console.log('Build time (astro build, cold cache each):');
console.log(`  0 stories:  ${buildWith(0).toFixed(1)} s`);
console.log(`  50 stories: ${buildWith(50).toFixed(1)} s`);
