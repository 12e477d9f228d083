// Placeholder until the PostgreSQL tables land (issue 16): the SQLite tables, so that SQLite keeps working.
export * from './schema.ts';
