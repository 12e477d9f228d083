/**
 * The server's database at start: opened, migrated, and seeded with demo data only on a real first start, that is
 * when this process created the file itself and it was never restored (docs/decisions/0006-backup-restore.md).
 * "The file has no organisations" is not enough: an existing database without them (a bad backup restored, a copy
 * gone wrong, a file made by `npm run db:migrate`) would otherwise receive the demo accounts and their passwords.
 */
import { existsSync } from 'node:fs';
import { printAccounts, seedDemoData } from '../../db/seed.ts';
import { wasRestored } from '../../db/database-file.ts';
import { databasePath, migrateDatabase, openDatabase, schema, type Db } from '../lib/server/db.ts';
import type { ReviewStageInfo } from '../lib/server/templates/registry.ts';

export async function openServerDatabase(stages: readonly ReviewStageInfo[], path = databasePath(), log: (line: string) => void = console.log): Promise<Db> {
  // Decided before opening: opening creates the file.
  const created = !existsSync(path);
  const db = openDatabase(path);
  migrateDatabase(db);
  if (created && !wasRestored(db.$client)) {
    const accounts = await seedDemoData(db, stages);
    if (accounts) printAccounts(accounts);
  } else if (!(await db.select({ id: schema.user.id }).from(schema.user).limit(1)).length) {
    log(`${path} already existed and has no user accounts; no demo accounts were added (they are seeded only into a database this server creates). Restore a backup (npm run db:restore -- <file>) or, for a demo, run npm run db:seed.`);
  }
  return db;
}
