/** Applies the committed migrations of the engine (db/migrations, or db/migrations-pg with DATABASE_URL) to the database. */
import { closeDatabase, databaseTarget, describeTarget, migrateDatabase, openDatabase } from '../src/lib/server/db.ts';

const db = openDatabase();
await migrateDatabase(db);
await closeDatabase(db);
console.log(`Migrated ${describeTarget(databaseTarget())}`);
