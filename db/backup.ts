/**
 * Consistent online backup while the server runs: one `VACUUM INTO` on a read-only connection of its own, into a
 * temporary file beside the target, which is checked, synced and only then renamed to the final name. So a file at
 * the final name is always a complete, checked database; an interrupted backup leaves at most a `.partial-<pid>`
 * file, which the next backup removes. Why not SQLite's backup API: see docs/decisions/0006-backup-restore.md.
 *
 *   node db/backup.ts [target]      default: data/backups/portal-<UTC timestamp>.db
 *
 * backupDatabase is synchronous and holds its thread for the whole copy (better-sqlite3 is synchronous): run it in
 * its own process, as this script does, never inside the server, whose event loop it would stop.
 */
import Database from 'better-sqlite3';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { databaseProblem } from './database-file.ts';
import { databasePath, dialect } from '../src/lib/server/db.ts';

// The copy and the rollback journal SQLite keeps beside it while writing it.
const partial = /\.partial-(\d+)(-journal)?$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * There are no signal handlers to clean up after a kill: the VACUUM runs synchronously, so a handler would run only
 * once the copy had finished. Instead the default action ends the process at once and the next backup into the same
 * folder removes what a dead process left (a live one's file is another backup still running).
 */
function removeLeftovers(folder: string): void {
  for (const name of readdirSync(folder)) {
    const pid = partial.exec(name)?.[1];
    if (pid && !isRunning(Number(pid))) rmSync(join(folder, name), { force: true });
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

export class BackupFailed extends Error {}

export function backupDatabase(source: string, target: string): { bytes: number; milliseconds: number } {
  const started = performance.now();
  if (!existsSync(source)) throw new BackupFailed(`there is no database at ${source}`);
  if (existsSync(target)) throw new BackupFailed(`${target} already exists; choose another name`);
  mkdirSync(dirname(target), { recursive: true });
  removeLeftovers(dirname(target));
  const temporary = `${target}.partial-${process.pid}`;
  try {
    // Read-only: the backup never writes the live database. VACUUM INTO reads one snapshot (a single read
    // transaction) while the server keeps writing to the WAL, and is not restarted by those writes.
    const live = new Database(source, { readonly: true, fileMustExist: true });
    try {
      live.pragma('busy_timeout = 5000');
      live.prepare('VACUUM INTO ?').run(temporary);
    } finally {
      live.close();
    }
    const copy = new Database(temporary, { readonly: true, fileMustExist: true });
    let problem: string | undefined;
    try {
      problem = databaseProblem(copy);
    } finally {
      copy.close();
    }
    if (problem) throw new BackupFailed(`the copy ${problem}`);
    fsyncPath(temporary);
    renameSync(temporary, target);
    fsyncPath(dirname(target)); // the rename itself survives a power cut only once the folder is synced
    return { bytes: statSync(target).size, milliseconds: performance.now() - started };
  } catch (error) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(temporary + suffix, { force: true });
    throw error;
  }
}

if (import.meta.main && dialect === 'postgres') {
  // PostgreSQL has its own tools, which also give point-in-time recovery (README → Backups).
  console.error('DATABASE_URL names a PostgreSQL database: back it up with pg_dump (pg_dump -Fc -f portal.dump "$DATABASE_URL") or continuous archiving; see README → Backups. npm run db:backup copies the SQLite file only.');
  process.exitCode = 2;
} else if (import.meta.main) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = resolve(process.argv[2] ?? `data/backups/portal-${stamp}.db`);
  const source = databasePath();
  // Printed before the copy starts, so a caller (and the test that interrupts a backup) sees it has begun.
  console.log(`Backing up ${source} to ${target} …`);
  try {
    const { bytes, milliseconds } = backupDatabase(source, target);
    console.log(`Backed up ${source} to ${target}: ${(bytes / 1e6).toFixed(1)} MB in ${(milliseconds / 1000).toFixed(1)} s, integrity_check ok.`);
  } catch (error) {
    console.error(`Backup failed: ${(error as Error).message}. Nothing was written at ${target}.`);
    process.exitCode = 1;
  }
}
