/**
 * Writes the stories the database publishes to the stories file the site build reads (PORTAL_STORIES_FILE, default
 * data/published-stories.json), so that `npm start`, which rebuilds dist/ before serving it, builds the public site
 * with them. The database is only read: a missing database or one not yet migrated to the stories table publishes
 * no stories (the file then says so, so that an old file cannot put stories back on the site).
 *
 *   node db/export-stories.ts          (npm start runs it before `astro build`)
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';
import { storiesFilePath } from '../src/lib/public/story-source.ts';
import { databasePath, type Db } from '../src/lib/server/db.ts';
import { publishedStoriesOf, writeStoriesFile, type PublishedSet } from '../src/lib/server/publication/stories-file.ts';

export async function exportPublishedStories(database = databasePath(), target = storiesFilePath()): Promise<PublishedSet & { why?: string }> {
  let set: PublishedSet & { why?: string } = { stories: [], skipped: [], why: 'no database yet' };
  if (existsSync(database)) {
    const client = new Database(database, { readonly: true, fileMustExist: true });
    try {
      const hasTable = client.prepare("select 1 from sqlite_master where type = 'table' and name = 'adoption_story'").get();
      set = hasTable ? await publishedStoriesOf(drizzle(client, { schema }) as Db) : { stories: [], skipped: [], why: 'the database has no stories table yet' };
    } finally {
      client.close();
    }
  }
  writeStoriesFile(target, set.stories);
  return set;
}

if (import.meta.main) {
  const set = await exportPublishedStories();
  const target = storiesFilePath();
  console.log(`${set.stories.length} published ${set.stories.length === 1 ? 'story' : 'stories'} written to ${target}${set.why ? ` (${set.why})` : ''}`);
  for (const s of set.skipped) console.warn(`left out: story ${s.id}: ${s.why}`);
}
