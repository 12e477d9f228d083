/**
 * npm run db:restore refuses whatever would not be the portal's database (and then changes nothing), refuses while
 * the database is open elsewhere, and marks what it restores so that the server never seeds demo accounts into it;
 * the server seeds only a database file it created itself.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../db/backup.ts';
import { RESTORED_USER_VERSION } from '../../db/database-file.ts';
import { demoUsers } from '../../db/seed.ts';
import { RestoreRefused, restoreDatabase } from '../../db/restore.ts';
import { migrateDatabase, openDatabase, schema } from '../../src/lib/server/db.ts';
import { openServerDatabase } from '../../src/server/open-database.ts';
import { onPostgres, sqliteClient } from '../support/db.ts';
import { realTemplates } from '../support/templates.ts';

let dir: string;
beforeEach(() => void (dir = mkdtempSync(join(tmpdir(), 'portal-restore-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A migrated database file with `users` accounts and no organisations (the case the old seed check got wrong). */
function portalDatabase(path: string, users = 1): string {
  const db = openDatabase(path);
  migrateDatabase(db);
  for (let i = 0; i < users; i++) sqliteClient(db).prepare('INSERT INTO user (id, email, name) VALUES (?, ?, ?)').run(`u${i}`, `person${i}@example.org`, `Person ${i}`);
  sqliteClient(db).close();
  return path;
}

function emails(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT email FROM user ORDER BY email').all() as { email: string }[]).map((u) => u.email);
  } finally {
    db.close();
  }
}

// Restoring a SQLite file, and the server's "did I create this file" check; PostgreSQL restores with pg_restore.
describe.skipIf(onPostgres)('restoreDatabase refuses, and changes nothing,', () => {
  let target: string;
  let original: Buffer;
  beforeEach(() => {
    target = portalDatabase(join(dir, 'data', 'portal.db'), 2);
    original = readFileSync(target);
  });
  afterEach(() => {
    expect(readFileSync(target).equals(original)).toBe(true);
    expect(readdirSync(join(dir, 'data'))).toEqual(['portal.db']);
  });
  const refused = (backup: string, reason: RegExp) => expect(() => restoreDatabase(backup, target)).toThrow(reason);

  it('a file that does not exist', () => refused(join(dir, 'missing.db'), /there is no file/));
  it('an empty file', () => refused((writeFileSync(join(dir, 'empty.db'), ''), join(dir, 'empty.db')), /is empty \(0 bytes\)/));
  it('a file that is not SQLite', () => refused((writeFileSync(join(dir, 'garbage.db'), 'not a database '.repeat(500)), join(dir, 'garbage.db')), /is not an SQLite database/));
  it('a valid SQLite file without the portal tables (what an interrupted backup could leave)', () => {
    const empty = new Database(join(dir, 'blank.db'));
    empty.exec('CREATE TABLE something (x)');
    empty.close();
    refused(join(dir, 'blank.db'), /no __drizzle_migrations table/);
  });
  it('a migrated database without user accounts', () => refused(portalDatabase(join(dir, 'no-users.db'), 0), /has no user accounts/));
  it('a truncated backup', () => {
    const backup = portalDatabase(join(dir, 'truncated.db'));
    truncateSync(backup, Math.floor(statSync(backup).size / 2));
    refused(backup, /integrity_check|cannot be read/);
  });
  it('a damaged backup', () => {
    const backup = portalDatabase(join(dir, 'damaged.db'));
    const bytes = readFileSync(backup);
    bytes.fill(0xa5, 4096 * 3, 4096 * 6); // three pages of b-tree overwritten, the header intact
    writeFileSync(backup, bytes);
    refused(backup, /integrity_check|cannot be read/);
  });
  it('a backup from a newer version (migrations this code does not know)', () => {
    const backup = portalDatabase(join(dir, 'newer.db'));
    const db = new Database(backup);
    db.prepare("INSERT INTO __drizzle_migrations (hash, created_at) VALUES ('from-the-future', ?)").run(Date.now() + 365 * 86_400_000 * 10);
    db.close();
    refused(backup, /newer version/);
  });
  it('while another process has the database open, even idle (the server)', () => {
    const backup = portalDatabase(join(dir, 'good.db'));
    const server = new Database(target);
    server.pragma('journal_mode = WAL');
    server.prepare('SELECT count(*) FROM user').get();
    try {
      refused(backup, /open in another process/);
    } finally {
      server.close();
    }
  });
  it('from the command line too, with a non-zero exit and the reason', () => {
    writeFileSync(join(dir, 'garbage.db'), 'garbage');
    const run = spawnSync(process.execPath, ['db/restore.ts', join(dir, 'garbage.db')], { env: { ...process.env, DATABASE_PATH: target }, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/Not restored, nothing changed: .* is not an SQLite database/);
  });
});

describe.skipIf(onPostgres)('restoreDatabase and the next server start', () => {
  it('puts the backup in place, marked restored, without the old -wal/-shm, keeps the old file, and the server seeds no demo accounts into it', async () => {
    const live = portalDatabase(join(dir, 'live.db'));
    backupDatabase(live, join(dir, 'backup.db'));
    // The database being replaced: a server left its -wal and -shm behind (a crash).
    const target = join(dir, 'data', 'portal.db');
    portalDatabase(target, 3);
    writeFileSync(`${target}-wal`, 'stale');
    writeFileSync(`${target}-shm`, 'stale');

    const { kept } = restoreDatabase(join(dir, 'backup.db'), target);
    expect(existsSync(`${target}-wal`) || existsSync(`${target}-shm`)).toBe(false);
    expect(emails(kept!)).toEqual(['person0@example.org', 'person1@example.org', 'person2@example.org']);
    const restored = new Database(target, { readonly: true });
    expect(restored.pragma('user_version', { simple: true })).toBe(RESTORED_USER_VERSION);
    restored.close();

    // The restored database has a user but no organisations: the old first-start check ("no organisations") seeded it.
    const db = await openServerDatabase(realTemplates().stages, target, () => {});
    expect((await db.select().from(schema.user)).map((u) => u.email)).toEqual(['person0@example.org']);
    expect(await db.select().from(schema.organisation)).toEqual([]);
    sqliteClient(db).close();
  });
});

describe.skipIf(onPostgres)('openServerDatabase (the server start) seeds demo accounts', () => {
  const stages = () => realTemplates().stages;
  it('into a database file it created itself', async () => {
    process.env.PORTAL_DEMO_PASSWORD = 'a fixed demo password';
    try {
      const db = await openServerDatabase(stages(), join(dir, 'new', 'portal.db'), () => {});
      expect((await db.select().from(schema.user)).length).toBe(demoUsers.length);
      sqliteClient(db).close();
    } finally {
      delete process.env.PORTAL_DEMO_PASSWORD;
    }
  });
  it('never into an existing database, even one without users: it says so instead', async () => {
    const path = portalDatabase(join(dir, 'existing.db'), 0);
    const log: string[] = [];
    const db = await openServerDatabase(stages(), path, (line) => log.push(line));
    expect(await db.select().from(schema.user)).toEqual([]);
    expect(log.join('\n')).toMatch(/already existed and has no user accounts; no demo accounts were added/);
    sqliteClient(db).close();
  });
  it('never into an empty file that was there before it started', async () => {
    writeFileSync(join(dir, 'zero.db'), '');
    const db = await openServerDatabase(stages(), join(dir, 'zero.db'), () => {});
    expect(await db.select().from(schema.user)).toEqual([]);
    sqliteClient(db).close();
  });
});
