/**
 * Consistent online backup while the server runs (SQLite's backup API through better-sqlite3): readers and the
 * writer carry on; the copy is a complete database at one moment.
 *
 *   node db/backup.ts [target]      default: data/backups/portal-<UTC timestamp>.db
 * Restore: stop the server, copy the backup over DATABASE_PATH (and delete any -wal/-shm files beside it), start.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { databasePath, openDatabase } from '../src/lib/server/db.ts';

export async function backupDatabase(source: string, target: string): Promise<{ pages: number }> {
  mkdirSync(dirname(target), { recursive: true });
  const db = openDatabase(source);
  try {
    const progress = await db.$client.backup(target);
    return { pages: progress.totalPages };
  } finally {
    db.$client.close();
  }
}

if (import.meta.main) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = resolve(process.argv[2] ?? `data/backups/portal-${stamp}.db`);
  const { pages } = await backupDatabase(databasePath(), target);
  console.log(`Backed up ${databasePath()} to ${target} (${pages} pages)`);
}
