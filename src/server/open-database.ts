/**
 * The server's database at start: opened, migrated, and seeded with demo data only on a real first start, that is
 * when this process created the database itself and it was never restored (docs/decisions/0006-backup-restore.md).
 * "The database has no organisations" is not enough: an existing database without them (a bad backup restored, a
 * copy gone wrong, one made by `npm run db:migrate`) would otherwise receive the demo accounts and their passwords.
 * On SQLite, "created" is "the file did not exist"; on PostgreSQL (created by its administrator, empty) it is "no
 * migration had been applied": a database restored with pg_restore or filled by db:copy already has them.
 */
import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { printAccounts, seedDemoData } from '../../db/seed.ts';
import { wasRestored } from '../../db/database-file.ts';
import { databaseTarget, describeTarget, dialect, migrateDatabase, openDatabase, rawRows, schema, sqliteConnection, type Db } from '../lib/server/db.ts';
import type { ReviewStageInfo } from '../lib/server/templates/registry.ts';

export async function openServerDatabase(stages: readonly ReviewStageInfo[], target = databaseTarget(), log: (line: string) => void = console.log): Promise<Db> {
  // Decided before opening: opening creates the file.
  const fileExisted = dialect === 'sqlite' && existsSync(target);
  const db = openDatabase(target);
  const created = dialect === 'postgres' ? !(await hasMigrations(db)) : !fileExisted && !wasRestored(sqliteConnection(db)!);
  await migrateDatabase(db);
  if (created) {
    const accounts = await seedDemoData(db, stages);
    if (accounts) printAccounts(accounts);
  } else if (!(await db.select({ id: schema.user.id }).from(schema.user).limit(1)).length) {
    log(`${describeTarget(target)} already existed and has no user accounts; no demo accounts were added (they are seeded only into a database this server creates). Restore a backup (npm run db:restore -- <file>) or, for a demo, run npm run db:seed.`);
  }
  return db;
}

/** Whether drizzle's migration table exists in the PostgreSQL database (it keeps it in the `drizzle` schema). */
async function hasMigrations(db: Db): Promise<boolean> {
  const rows = await rawRows<{ found: boolean }>(db, sql`select to_regclass('drizzle.__drizzle_migrations') is not null as found`);
  return rows[0]?.found === true;
}
