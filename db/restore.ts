/**
 * Puts a backup in place of the database, with the server stopped.
 *
 *   node db/restore.ts <backup file>      (into DATABASE_PATH, default data/portal.db)
 *
 * Refuses, changing nothing, a file that is missing, empty, not SQLite, damaged, not the portal's, without users or
 * from a newer version (db/database-file.ts), and refuses while any process has the database open. Otherwise the
 * backup is copied beside the database, checked, marked as restored (PRAGMA user_version, so the server never seeds
 * demo data into it), and renamed over it; the database it replaces is kept under a `.before-restore-` name.
 */
import Database from 'better-sqlite3';
import { closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databaseProblem, RESTORED_USER_VERSION } from './database-file.ts';
import { databasePath, dialect } from '../src/lib/server/db.ts';

export class RestoreRefused extends Error {}

const sqliteHeader = Buffer.from('SQLite format 3\0');

function startsLikeSqlite(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(sqliteHeader.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(sqliteHeader);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether another process has `path` open. In WAL mode every open connection keeps a shared lock on the database
 * file, even when idle; `BEGIN EXCLUSIVE` alone would not see an idle server (in WAL mode it only excludes other
 * writers), but `locking_mode = EXCLUSIVE` must take an exclusive lock on the file at its first read and fails at
 * once with busy_timeout 0. No lock file is needed, so the server is unchanged and a crashed server leaves nothing
 * stale behind. Closing the probe checkpoints any WAL left by a crash into the old file, which is then complete.
 */
function inUse(path: string): boolean {
  if (!existsSync(path)) return false;
  const probe = new Database(path, { fileMustExist: true });
  try {
    probe.pragma('busy_timeout = 0');
    probe.pragma('locking_mode = EXCLUSIVE');
    probe.prepare('SELECT count(*) FROM sqlite_schema').get();
    return false;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A database that is itself unreadable (say, damaged) is what one restores over; only a lock means "in use".
    return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
  } finally {
    probe.close();
  }
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const running = 'the database is open in another process (is the server running?): stop it first';

/** Returns where the replaced database was kept, if there was one. Throws RestoreRefused with the reason. */
export function restoreDatabase(backup: string, target = databasePath()): { kept?: string } {
  if (!existsSync(backup) || !statSync(backup).isFile()) throw new RestoreRefused(`there is no file ${backup}`);
  if (statSync(backup).size === 0) throw new RestoreRefused(`${backup} is empty (0 bytes): it is not a backup`);
  if (!startsLikeSqlite(backup)) throw new RestoreRefused(`${backup} is not an SQLite database`);
  if (resolve(backup) === resolve(target)) throw new RestoreRefused(`${backup} is the database itself`);
  if (inUse(target)) throw new RestoreRefused(running); // early, before copying a large file for nothing
  mkdirSync(dirname(target), { recursive: true });
  // The copy is what gets checked and renamed, so the backup itself is never opened for writing.
  const temporary = `${target}.restoring-${process.pid}`;
  let kept: string | undefined;
  let renamed = false;
  try {
    copyFileSync(backup, temporary);
    const copy = new Database(temporary, { fileMustExist: true });
    try {
      const problem = databaseProblem(copy);
      if (problem) throw new RestoreRefused(`${backup} ${problem}`);
      copy.pragma(`user_version = ${RESTORED_USER_VERSION}`);
      copy.pragma('journal_mode = DELETE'); // leaves no -wal beside the copy to be separated from it by the rename
    } finally {
      copy.close();
    }
    fsyncPath(temporary);
    if (inUse(target)) throw new RestoreRefused(running);
    if (existsSync(target)) {
      // A hard link, not a copy or a rename: instant, and there is never a moment without a file at `target`.
      kept = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      linkSync(target, kept);
    }
    // A -wal or -shm of the old file would be applied to the new one when it is next opened.
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
    renameSync(temporary, target);
    renamed = true;
    fsyncPath(dirname(target));
    return { kept };
  } finally {
    if (kept && !renamed) rmSync(kept, { force: true });
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
  }
}

if (import.meta.main && dialect === 'postgres') {
  console.error('DATABASE_URL names a PostgreSQL database: restore it with pg_restore (pg_restore --clean --if-exists -d "$DATABASE_URL" portal.dump) or point-in-time recovery; see README → Backups. npm run db:restore replaces the SQLite file only.');
  process.exitCode = 2;
} else if (import.meta.main) {
  const backup = process.argv[2];
  if (!backup) {
    console.error('Usage: npm run db:restore -- <backup file>   (stop the server first)');
    process.exit(2);
  }
  try {
    const { kept } = restoreDatabase(resolve(backup));
    console.log(`Restored ${resolve(backup)} into ${databasePath()}.`);
    if (kept) console.log(`The database it replaced is kept at ${kept}; delete it once the restored one is right.`);
  } catch (error) {
    const reason = error instanceof RestoreRefused ? error.message : `it failed: ${(error as Error).message}`;
    console.error(`Not restored, nothing changed: ${reason}.`);
    process.exitCode = 1;
  }
}
