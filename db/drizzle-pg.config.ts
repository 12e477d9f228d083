import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL migrations, generated from db/schema-pg.ts (kept equal to db/schema.ts; see its header). */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema-pg.ts',
  out: './db/migrations-pg',
});
