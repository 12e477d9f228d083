/**
 * The two descriptions of the workspace database, db/schema.ts (SQLite) and db/schema-pg.ts (PostgreSQL), are kept
 * side by side: this proves they describe the same tables, and that the comparison would notice if they did not.
 */
import { is, sql } from 'drizzle-orm';
import { bigint, boolean, getTableConfig, index, integer, PgTable, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../../db/schema.ts';
import type * as S from '../../db/schema.ts';
import * as pgSchema from '../../db/schema-pg.ts';
import type * as P from '../../db/schema-pg.ts';
import { describeSchema, schemaDifferences, typeMapping } from '../support/schema-compare.ts';

/** The type mapping, as declared in db/schema-pg.ts: each SQLite column type and what stands for it on PostgreSQL. */
const declaredMapping = [
  ['SQLiteText', 'text'],
  ['SQLiteInteger', 'integer'],
  ['SQLiteInteger', 'bigint'],
  ['SQLiteBoolean', 'boolean'],
  ['SQLiteReal', 'double precision'],
  ['SQLiteBlobBuffer', 'bytea'],
] as const;

// The exported types are re-exported too (checked by `astro check`, not at run time).
const typesAgree: [S.Role, S.TransferStatus] extends [P.Role, P.TransferStatus] ? ([P.Role, P.TransferStatus] extends [S.Role, S.TransferStatus] ? true : false) : false = true;

describe('schemaDifferences', () => {
  it('finds none between db/schema.ts and db/schema-pg.ts', () => {
    expect(schemaDifferences(sqliteSchema, pgSchema)).toEqual([]);
    expect(typesAgree).toBe(true);
  });

  it('compares all 34 tables, with their columns, indexes and foreign keys', () => {
    const tables = describeSchema(pgSchema, 'pg').tables as Record<string, { columns: object; indexes: object; foreignKeys: object }>;
    expect(Object.keys(tables)).toHaveLength(34);
    expect(Object.keys(tables).sort()).toEqual(Object.keys(describeSchema(sqliteSchema, 'sqlite').tables).sort());
    const count = (key: 'columns' | 'indexes' | 'foreignKeys') => Object.values(tables).reduce((n, t) => n + Object.keys(t[key]).length, 0);
    expect(count('columns')).toBeGreaterThan(250);
    expect(count('indexes')).toBeGreaterThan(30);
    expect(count('foreignKeys')).toBeGreaterThan(50);
  });

  it('reads types through the declared mapping, and nothing else', () => {
    const pairs = declaredMapping.map(([s, p]) => [typeMapping.sqlite[s], typeMapping.pg[p]]);
    for (const [s, p] of pairs) expect(s).toBe(p);
    expect(Object.keys(typeMapping.sqlite).sort()).toEqual([...new Set(declaredMapping.map(([s]) => s))].sort());
    expect(Object.keys(typeMapping.pg).sort()).toEqual(declaredMapping.map(([, p]) => p).sort());
  });

  it('uses bigint only where values pass 2^31: epoch milliseconds and the WebAuthn signature counter', () => {
    const wide = Object.values(pgSchema).flatMap((t) => {
      if (!is(t, PgTable)) return [];
      const config = getTableConfig(t);
      return config.columns.filter((c) => c.getSQLType() === 'bigint').map((c) => `${config.name}.${c.name}`);
    });
    expect(wide.sort()).toEqual(['attempt_counter.resets_at', 'passkey_credential.counter']);
  });

  it('recognises the ISO-now default of each dialect as the same default', () => {
    const createdAt = (module: object, dialect: 'sqlite' | 'pg') => (describeSchema(module as Record<string, unknown>, dialect).tables.organisation as { columns: Record<string, { default: unknown }> }).columns.created_at;
    expect(createdAt(sqliteSchema, 'sqlite').default).toBe('iso-now');
    expect(createdAt(pgSchema, 'pg').default).toBe('iso-now');
  });

  describe('on a doctored PostgreSQL schema', () => {
    const isoNow = sql`to_char(statement_timestamp() at time zone 'utc', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    const organisation = (changes: Partial<Record<'name' | 'isDemo' | 'createdAt', unknown>> = {}) =>
      pgTable('organisation', {
        id: text('id').primaryKey(),
        name: (changes.name as ReturnType<typeof text>) ?? text('name').notNull().unique(),
        kind: text('kind', { enum: sqliteSchema.organisationKinds }).notNull(),
        regionId: text('region_id'),
        isDemo: (changes.isDemo as ReturnType<typeof boolean>) ?? boolean('is_demo').notNull().default(false),
        createdAt: (changes.createdAt as ReturnType<typeof text>) ?? text('created_at').notNull().default(isoNow),
      });
    const doctored = (replacements: Record<string, unknown>) => schemaDifferences(sqliteSchema, { ...pgSchema, ...replacements });

    it('finds nothing when a table is rebuilt exactly', () => {
      expect(doctored({ organisation: organisation() })).toEqual([]);
    });

    it('notices a column made nullable', () => {
      expect(doctored({ organisation: organisation({ name: text('name').unique() }) })).toEqual(['tables › organisation › columns › name › notNull: SQLite true, PostgreSQL false']);
    });

    it('notices a changed default, a default of another meaning, and a lost unique', () => {
      expect(doctored({ organisation: organisation({ isDemo: boolean('is_demo').notNull().default(true) }) })).toEqual([
        'tables › organisation › columns › is_demo › default: SQLite "value: false", PostgreSQL "value: true"',
      ]);
      expect(doctored({ organisation: organisation({ createdAt: text('created_at').notNull().default(sql`now()::text`) }) })).toEqual([
        'tables › organisation › columns › created_at › default: SQLite "iso-now", PostgreSQL "sql: now()::text"',
      ]);
      expect(doctored({ organisation: organisation({ name: text('name').notNull() }) })).toEqual([
        'tables › organisation › columns › name › unique: SQLite "organisation_name_unique", PostgreSQL false',
      ]);
    });

    it('notices a type of another meaning, one outside the mapping, and a column moved', () => {
      const counter = (resetsAt: unknown, swap = false) =>
        pgTable('attempt_counter', swap ? { count: integer('count').notNull(), key: text('key').primaryKey(), resetsAt: resetsAt as ReturnType<typeof integer> } : { key: text('key').primaryKey(), count: integer('count').notNull(), resetsAt: resetsAt as ReturnType<typeof integer> });
      expect(doctored({ attemptCounter: counter(text('resets_at').notNull()) })).toEqual(['tables › attemptCounter › columns › resets_at › type: SQLite "integer", PostgreSQL "text"']);
      expect(doctored({ attemptCounter: counter(timestamp('resets_at').notNull()) })).toEqual([
        'tables › attemptCounter › columns › resets_at › type: SQLite "integer", PostgreSQL "unmapped pg type timestamp"',
        'tables › attemptCounter › columns › resets_at › type: unmapped pg type timestamp',
      ]);
      expect(doctored({ attemptCounter: counter(bigint('resets_at', { mode: 'number' }).notNull(), true) })).toEqual([
        'tables › attemptCounter › columnOrder: SQLite ["key","count","resets_at"], PostgreSQL ["count","key","resets_at"]',
      ]);
    });

    it('notices a lost index, a changed foreign key, a missing table and a missing export', () => {
      const membership = (onDelete: 'cascade' | 'restrict', withIndex: boolean) =>
        pgTable(
          'membership',
          {
            id: text('id').primaryKey(),
            userId: text('user_id').notNull().references(() => pgSchema.user.id, { onDelete }),
            organisationId: text('organisation_id').notNull().references(() => pgSchema.organisation.id, { onDelete: 'cascade' }),
            role: text('role', { enum: sqliteSchema.roles }).notNull(),
            createdAt: text('created_at').notNull().default(isoNow),
          },
          (t) => [uniqueIndex('membership_user_organisation').on(t.userId, t.organisationId), ...(withIndex ? [index('membership_organisation').on(t.organisationId)] : [])],
        );
      expect(doctored({ membership: membership('cascade', true) })).toEqual([]);
      expect(doctored({ membership: membership('cascade', false) })).toEqual(['tables › membership › indexes › membership_organisation: only on SQLite']);
      expect(doctored({ membership: membership('restrict', true) })).toEqual(['tables › membership › foreignKeys › membership_user_id_user_id_fk › onDelete: SQLite "cascade", PostgreSQL "restrict"']);
      const { session: _, roles: __, ...withoutSession } = pgSchema;
      expect(schemaDifferences(sqliteSchema, withoutSession)).toEqual(['tables › session: only on SQLite', 'exports › roles: only on SQLite']);
    });

    it('notices a SQLite table left in the PostgreSQL module', () => {
      expect(doctored({ organisation: sqliteSchema.organisation })).toContain('organisation: not a PostgreSQL table in the PostgreSQL module');
    });
  });
});
