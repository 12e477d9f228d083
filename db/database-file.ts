/**
 * What a file must hold to be used as the portal's database, checked the same way on a fresh backup (db/backup.ts)
 * and on a file about to be restored (db/restore.ts): so every backup written is one that restore accepts. Also the
 * mark a restore leaves, which the first-start seeding reads (docs/decisions/0006-backup-restore.md).
 */
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { fileURLToPath } from 'node:url';

/**
 * `PRAGMA user_version` of a database written by db/restore.ts. The schema never uses user_version (drizzle keeps
 * its own table), so no migration is needed; 0 means never restored, and the server seeds only a database that is
 * 0 *and* that it created itself. Any other value is "not a fresh database".
 */
export const RESTORED_USER_VERSION = 1;

export function wasRestored(client: Database.Database): boolean {
  return client.pragma('user_version', { simple: true }) !== 0;
}

/** The newest migration this code has, in drizzle's terms (the journal's `when`, stored as `created_at`). */
function newestKnownMigration(): number {
  const folder = fileURLToPath(new URL('migrations', import.meta.url));
  return Math.max(...readMigrationFiles({ migrationsFolder: folder }).map((m) => m.folderMillis));
}

/** Why `client`'s file cannot serve as the portal's database, or undefined if it can. Only reads. */
export function databaseProblem(client: Database.Database): string | undefined {
  try {
    const integrity = client.pragma('integrity_check(5)', { simple: false }) as { integrity_check: string }[];
    if (integrity[0]?.integrity_check !== 'ok') return `fails integrity_check: ${integrity.map((r) => r.integrity_check).join('; ')}`;
    const tables = new Set((client.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    // An interrupted or failed copy can be a valid but empty SQLite file: that is what restored as an empty database.
    if (!tables.has('__drizzle_migrations')) return 'has no __drizzle_migrations table: it is an empty database or not the portal’s';
    if (!tables.has('user')) return 'has no user table: it is not the portal’s database';
    const newest = (client.prepare('SELECT max(created_at) AS newest FROM __drizzle_migrations').get() as { newest: number | null }).newest;
    if (newest === null) return 'has no migrations applied: it is an empty database';
    if (Number(newest) > newestKnownMigration()) return 'was written by a newer version of the portal (it has migrations this code does not know): update the code first';
    const users = (client.prepare('SELECT count(*) AS n FROM user').get() as { n: number }).n;
    if (users === 0) return 'has no user accounts: it is an empty database';
    return undefined;
  } catch (error) {
    // SQLITE_NOTADB, SQLITE_CORRUPT and the like: the file is not a readable database at all.
    return `cannot be read as an SQLite database (${(error as Error).message})`;
  }
}
