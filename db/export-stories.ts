/**
 * Writes the stories the database publishes to the stories file the site build reads (PORTAL_STORIES_FILE, default
 * data/published-stories.json), so that `npm start`, which rebuilds dist/ before serving it, builds the public site
 * with them. The database (the SQLite file, or DATABASE_URL's PostgreSQL database) is only read: a missing SQLite
 * file or a database not yet migrated to the stories table publishes no stories (the file then says so, so that an
 * old file cannot put stories back on the site).
 *
 *   node db/export-stories.ts          (npm start runs it before `astro build`)
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';
import { storiesFilePath } from '../src/lib/public/story-source.ts';
import { closeDatabase, databaseTarget, isPostgresUrl, openDatabase, rawRows, type Db } from '../src/lib/server/db.ts';
import { publishedStoriesOf, writeStoriesFile, type PublishedSet } from '../src/lib/server/publication/stories-file.ts';

type ExportedSet = PublishedSet & { why?: string };

const noTable: ExportedSet = { stories: [], skipped: [], why: 'the database has no stories table yet' };

/** `database`: the SQLite file's path, or the PostgreSQL URL (DATABASE_URL), as the server would open it. */
export async function exportPublishedStories(database = databaseTarget(), target = storiesFilePath()): Promise<ExportedSet> {
  const set = isPostgresUrl(database) ? await fromPostgres(database) : await fromSqlite(database);
  writeStoriesFile(target, set.stories);
  return set;
}

/** On PostgreSQL the database exists (its administrator made it); an unreachable one is an error, as for the server. */
async function fromPostgres(url: string): Promise<ExportedSet> {
  const db = openDatabase(url);
  try {
    const [found] = await rawRows<{ table: string | null }>(db, sql`select to_regclass('adoption_story')::text as "table"`);
    return found?.table ? await publishedStoriesOf(db) : noTable;
  } finally {
    await closeDatabase(db);
  }
}

/** Opened read-only, and not at all when the file is missing: exporting never creates a database. */
async function fromSqlite(database: string): Promise<ExportedSet> {
  let set: ExportedSet = { stories: [], skipped: [], why: 'no database yet' };
  if (existsSync(database)) {
    const client = new Database(database, { readonly: true, fileMustExist: true });
    try {
      const hasTable = client.prepare("select 1 from sqlite_master where type = 'table' and name = 'adoption_story'").get();
      set = hasTable ? await publishedStoriesOf(drizzle(client, { schema }) as Db) : noTable;
    } finally {
      client.close();
    }
  }
  return set;
}

if (import.meta.main) {
  const set = await exportPublishedStories();
  const target = storiesFilePath();
  console.log(`${set.stories.length} published ${set.stories.length === 1 ? 'story' : 'stories'} written to ${target}${set.why ? ` (${set.why})` : ''}`);
  for (const s of set.skipped) console.warn(`left out: story ${s.id}: ${s.why}`);
}
