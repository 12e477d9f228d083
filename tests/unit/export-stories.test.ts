/**
 * `npm start` writes the stories the database publishes to the stories file before it builds dist/
 * (db/export-stories.ts): from a real database file; no database or one without the stories table publishes none,
 * and then an older file cannot put stories back.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { exportPublishedStories } from '../../db/export-stories.ts';
import { closeDatabase, migrateDatabase, openDatabase } from '../../src/lib/server/db.ts';
import { createTestDbTarget, onPostgres, sqliteClient } from '../support/db.ts';
import { afterFile, freshDatabase } from '../support/postgres.ts';
import { demoStory, insertStory } from '../support/stories.ts';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'portal-export-stories-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));
const ids = (file: string) => JSON.parse(readFileSync(file, 'utf8')).stories.map((s: { id: string }) => s.id);

// The stories are read from the SQLite file (db/export-stories.ts takes a path).
it.skipIf(onPostgres)('writes the published stories of the database, and only those', async () => {
  const path = join(dir, 'portal.db');
  const db = openDatabase(path);
  migrateDatabase(db);
  await insertStory(db, demoStory('published-one'));
  await insertStory(db, demoStory('not-yet'), 'proposed');
  sqliteClient(db).close();
  const set = await exportPublishedStories(path, join(dir, 'stories.json'));
  expect(set.stories).toHaveLength(1);
  expect(ids(join(dir, 'stories.json'))).toEqual(['published-one']);
});

it.skipIf(onPostgres)('publishes no stories without a database, replacing an older file, and creates no database', async () => {
  const file = join(dir, 'stories.json');
  writeFileSync(file, JSON.stringify({ version: 1, generatedAt: new Date().toISOString(), stories: [demoStory('stale')] }));
  const set = await exportPublishedStories(join(dir, 'missing.db'), file);
  expect(set.why).toBe('no database yet');
  expect(ids(file)).toEqual([]);
  expect(() => readFileSync(join(dir, 'missing.db'))).toThrow();
});

it.skipIf(onPostgres)('publishes no stories from a database not yet migrated to the stories table', async () => {
  const path = join(dir, 'old.db');
  new Database(path).exec('create table user (id text)').close();
  const set = await exportPublishedStories(path, join(dir, 'stories.json'));
  expect(set.why).toBe('the database has no stories table yet');
  expect(ids(join(dir, 'stories.json'))).toEqual([]);
});

// On PostgreSQL the stories are read from DATABASE_URL's database, through drizzle.
it.runIf(onPostgres)('on PostgreSQL, writes the published stories of the database, and only those', async () => {
  const url = await createTestDbTarget('unused');
  const db = openDatabase(url);
  await migrateDatabase(db);
  await insertStory(db, demoStory('published-on-pg'));
  await insertStory(db, demoStory('not-yet-on-pg'), 'proposed');
  await closeDatabase(db);
  const set = await exportPublishedStories(url, join(dir, 'stories.json'));
  expect(set.stories.map((s) => s.id)).toEqual(['published-on-pg']);
  expect(ids(join(dir, 'stories.json'))).toEqual(['published-on-pg']);
});

it.runIf(onPostgres)('on PostgreSQL, publishes no stories from a database not yet migrated to the stories table', async () => {
  const empty = await freshDatabase({ empty: true });
  afterFile(empty.drop);
  const set = await exportPublishedStories(empty.url, join(dir, 'stories.json'));
  expect(set.why).toBe('the database has no stories table yet');
  expect(ids(join(dir, 'stories.json'))).toEqual([]);
});
