/**
 * Generates the migrations of both dialects after a schema change: db/migrations from db/schema.ts (SQLite) and
 * db/migrations-pg from db/schema-pg.ts (PostgreSQL). Arguments go to both, so `npm run db:generate -- --name x`
 * gives the two migrations one name. A custom (hand-written) migration is for one dialect: `npm run
 * db:generate:sqlite -- --custom --name x` or `db:generate:pg`.
 */
import { execFileSync } from 'node:child_process';

for (const config of ['db/drizzle.config.ts', 'db/drizzle-pg.config.ts']) {
  execFileSync('npx', ['drizzle-kit', 'generate', '--config', config, ...process.argv.slice(2)], { stdio: 'inherit' });
}
