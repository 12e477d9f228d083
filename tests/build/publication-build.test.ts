/**
 * SLOW (one real `astro build`, 20–60 s): the publication job with the real build command. A database publishing one
 * story is built into the run's own folder, swapped in, and served; the build's stamp says it was built from exactly
 * that story, and its Pagefind index is part of the new static root. When the public story pages exist, the story
 * has its page in the new build.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storiesDigest } from '../../src/lib/public/stories-digest.ts';
import { closeDatabase, schema, type Db } from '../../src/lib/server/db.ts';
import { requestPublication } from '../../src/lib/server/publication/queue.ts';
import { startPublicationRunner } from '../../src/lib/server/publication/runner.ts';
import { StaticRoot } from '../../src/lib/server/publication/static-root.ts';
import { adoptionStorySchema } from '../../src/schemas/story.ts';
import { staticFiles } from '../../src/server/static-files.ts';
import { createTestDb } from '../support/db.ts';
import { root as projectRoot } from '../support/site.ts';
import { demoStory, insertStory } from '../support/stories.ts';

let dir: string;
let db: Db;
let staticRoot: StaticRoot;
const story = adoptionStorySchema.parse(demoStory('northland-shared-care', { title: 'Demo: Northland adopts the Shared Care Platform' }));

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'portal-publication-build-'));
  const old = join(dir, 'old');
  mkdirSync(old);
  writeFileSync(join(old, 'index.html'), 'the old site');
  staticRoot = new StaticRoot(old);
  db = await createTestDb();
  await insertStory(db, story);
  const runner = startPublicationRunner({ db, cwd: projectRoot, sites: join(dir, 'site'), staticRoot, log: () => {} });
  await requestPublication(db, { reason: 'Story published: Northland', requestedBy: null });
  await runner.idle();
  runner.stop();
}, 300_000);
afterAll(async () => {
  if (db) await closeDatabase(db);
  rmSync(dir, { recursive: true, force: true });
});

describe('a real publication build', () => {
  it('succeeds with the one published story and is swapped in', () => {
    const [run] = db.select().from(schema.publicationRun).all();
    expect(run, run.error).toMatchObject({ status: 'succeeded', stories: 1, error: '' });
    expect(staticRoot.root).toBe(join(dir, 'site', 'run-1', 'out', 'client'));
    const stamp = JSON.parse(readFileSync(join(dir, 'site', 'run-1', 'out', 'build-stamp.json'), 'utf8'));
    expect(stamp).toMatchObject({ stories: 1, storiesDigest: storiesDigest([story]) });
    expect(existsSync(join(staticRoot.root, 'pagefind', 'pagefind.js'))).toBe(true);
    expect(existsSync(join(dir, 'site', 'run-1', 'out', 'server'))).toBe(false);
  });

  it('is what the static handler serves, with the story page when the site has story pages', async () => {
    const server = createServer(staticFiles(staticRoot, (_q, res) => void res.writeHead(404).end()));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as { port: number };
    try {
      const home = await fetch(`http://127.0.0.1:${port}/`);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('<html lang="en"');
      if (existsSync(join(staticRoot.root, 'adoptions'))) {
        const page = await fetch(`http://127.0.0.1:${port}/adoptions/${story.id}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain(story.title);
      }
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });
});
