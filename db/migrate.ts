/** Applies the committed migrations in db/migrations to DATABASE_PATH (default data/portal.db). */
import { databasePath, migrateDatabase, openDatabase } from '../src/lib/server/db.ts';

const db = openDatabase();
migrateDatabase(db);
db.$client.close();
console.log(`Migrated ${databasePath()}`);
